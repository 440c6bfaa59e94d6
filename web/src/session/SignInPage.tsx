// Signed out, every URL shows this page; signing in is a full-page trip through the identity
// provider that comes back to the very URL the person asked for.
import { Alert, Anchor, Button, Center, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconLogin } from '@tabler/icons-react';
import type { Info } from '../api/types.ts';
import { Logo } from '../app/Logo.tsx';

export type SignInReason = 'ended' | 'signed-out' | null;

export function loginUrl(returnTo: string): string {
  return `/api/auth/login?return_to=${encodeURIComponent(returnTo)}`;
}

export function SignInPage({ info, reason }: { info: Info; reason: SignInReason }) {
  const returnTo = location.pathname + location.search + location.hash;
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={440}>
        <Stack gap="lg">
          <Stack gap={6} align="center">
            <Logo size={44} />
            <Title order={1} size="h2">Sign in to Warden</Title>
            <Text c="dimmed" size="sm" ta="center">Access management for the data platform: users, tokens, teams and audit.</Text>
          </Stack>
          {reason === 'ended' && (
            <Alert color="yellow" variant="light" title="Your session has ended" role="alert">
              Sign in again to continue where you were; what you were typing is kept.
            </Alert>
          )}
          {reason === 'signed-out' && <Alert color="blue" variant="light" title="You have signed out" role="status">The session has ended on this browser.</Alert>}
          {info.sso.enabled ? (
            <Button component="a" href={loginUrl(returnTo)} size="md" leftSection={<IconLogin size={18} aria-hidden />} fullWidth>
              Sign in with SSO
            </Button>
          ) : (
            <Alert color="gray" variant="light" title="Single sign-on is not configured" icon={<IconInfoCircle aria-hidden />}>
              <Text size="sm">
                Nobody can sign in to the console on this instance; only API tokens can be used (<Code>Authorization: Bearer wdn_…</Code>).
                An operator enables sign-in by setting <Code>WARDEN_OIDC_ISSUER</Code>, <Code>WARDEN_OIDC_CLIENT_ID</Code> and <Code>WARDEN_OIDC_CLIENT_SECRET</Code>.
              </Text>
            </Alert>
          )}
          {info.sso.development && (
            <Alert color="orange" variant="light" title="Development sign-in" icon={<IconInfoCircle aria-hidden />}>
              <Text size="sm">
                Any login and password work here. Type <Code>admin</Code> to sign in as an Admin; any other name signs in as a Member.
                Never use this in production.
              </Text>
            </Alert>
          )}
          <Text size="xs" c="dimmed" ta="center">
            Warden {info.version} · <Anchor href="/api/docs" size="xs">API reference</Anchor>
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
