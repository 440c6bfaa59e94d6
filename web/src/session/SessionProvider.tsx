// Who is signed in, what they may do, and what this instance offers. The server decides every
// request; these answers only shape what the console shows (a hidden button is not a permission).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, onSessionEnded } from '../api/client.ts';
import type { Info, Permissions, PlatformAction, User } from '../api/types.ts';
import { Loading, ProblemAlert } from '../common/ui.tsx';
import { saveDrafts } from './drafts.ts';
import { SignInPage, type SignInReason } from './SignInPage.tsx';
import { Center, Container } from '@mantine/core';

export interface SignedIn {
  user: User;
  permissions: Permissions;
  info: Info;
  /** Whether the person's role includes a platform action (the server still checks). */
  can(action: PlatformAction): boolean;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SignedIn | null>(null);

export function useSession(): SignedIn {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

export const sessionQuery = { queryKey: ['session'], queryFn: () => call(api.GET('/api/auth/session')), staleTime: Infinity };
export const infoQuery = { queryKey: ['info'], queryFn: () => call(api.GET('/api/info')), staleTime: 5 * 60_000 };

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<SignInReason>(null);
  const session = useQuery(sessionQuery);
  const info = useQuery(infoQuery);
  const user = session.data?.authenticated ? session.data.user : undefined;
  const permissions = useQuery({
    queryKey: ['permissions', 'me', user?.id],
    queryFn: () => call(api.GET('/api/users/{id}/permissions', { params: { path: { id: 'me' } } })),
    enabled: user !== undefined,
  });

  // A 401 on any call: the session ended (expired, signed out elsewhere, deactivated). Keep what
  // was being typed, forget every answer that belonged to it, and ask to sign in again.
  useEffect(() => onSessionEnded(() => {
    saveDrafts();
    setReason('ended');
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'info' && q.queryKey[0] !== 'session' });
    void queryClient.invalidateQueries({ queryKey: ['session'] });
  }), [queryClient]);

  const signOut = useCallback(async () => {
    await call(api.POST('/api/auth/logout'));
    setReason('signed-out');
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'info' });
    await queryClient.invalidateQueries({ queryKey: ['session'] });
  }, [queryClient]);

  const value = useMemo<SignedIn | null>(() => {
    if (!user || !permissions.data || !info.data) return null;
    const allowed = new Set<string>(permissions.data.platform_actions);
    return { user, permissions: permissions.data, info: info.data, can: (action) => allowed.has(action), signOut };
  }, [user, permissions.data, info.data, signOut]);

  const failure = session.error ?? info.error ?? permissions.error;
  if (failure && !value) {
    return (
      <Container size="sm" py="xl">
        <ProblemAlert error={failure} title="Warden could not be reached" onRetry={() => void queryClient.refetchQueries()} />
      </Container>
    );
  }
  if (session.isPending || info.isPending || (user && permissions.isPending)) {
    return <Center mih="60vh"><Loading label="Opening the console…" /></Center>;
  }
  if (!value) return <SignInPage info={info.data!} reason={session.data?.authenticated ? null : reason} />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
