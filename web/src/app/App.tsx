// Providers and routes. Every page is its own chunk, loaded when first opened, so the initial
// JavaScript stays small.
import { lazy } from 'react';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { Button, MantineProvider, Stack, Text, Title } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { SessionProvider } from '../session/SessionProvider.tsx';
import { RequireAction } from '../session/NotAllowed.tsx';
import { Shell } from './Shell.tsx';
import { cssVariablesResolver, theme } from './theme.ts';
import { exposeDiagnostics } from './diagnostics.ts';

const OverviewPage = lazy(() => import('../overview/OverviewPage.tsx'));
const UsersPage = lazy(() => import('../users/UsersPage.tsx'));
const UserPage = lazy(() => import('../users/UserPage.tsx'));
const NewServiceUserPage = lazy(() => import('../users/NewServiceUserPage.tsx'));
const TokensPage = lazy(() => import('../tokens/TokensPage.tsx'));
const TeamsPage = lazy(() => import('../teams/TeamsPage.tsx'));
const TeamPage = lazy(() => import('../teams/TeamPage.tsx'));
const DatastoresPage = lazy(() => import('../datastores/DatastoresPage.tsx'));
const AuditPage = lazy(() => import('../audit/AuditPage.tsx'));
const CheckAccessPage = lazy(() => import('../authorize/CheckAccessPage.tsx'));

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Client errors (403, 404, 422) will not change by asking again; a flaky network might.
      retry: (count, err) => count < 2 && (!isApiError(err) || err.status === 0 || err.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});
exposeDiagnostics(queryClient);

function NotFoundPage() {
  return (
    <Stack align="flex-start" gap="md" maw={560} mx="auto" mt="xl">
      <Title order={1} size="h2">Page not found</Title>
      <Text>There is no console page at this address.</Text>
      <Button component={Link} to="/" variant="light">Back to the overview</Button>
    </Stack>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="top-right" />
          <BrowserRouter>
            <SessionProvider>
              <Routes>
                <Route element={<Shell />}>
                  <Route index element={<OverviewPage />} />
                  <Route path="users" element={<RequireAction action="users.read"><UsersPage /></RequireAction>} />
                  <Route path="users/new-service-user" element={<RequireAction action="service_users.manage"><NewServiceUserPage /></RequireAction>} />
                  <Route path="users/:id" element={<UserPage />} />
                  <Route path="tokens" element={<TokensPage />} />
                  <Route path="teams" element={<RequireAction action="teams.read"><TeamsPage /></RequireAction>} />
                  <Route path="teams/new" element={<RequireAction action="teams.manage"><TeamPage /></RequireAction>} />
                  <Route path="teams/:id" element={<RequireAction action="teams.read"><TeamPage /></RequireAction>} />
                  <Route path="datastores" element={<DatastoresPage />} />
                  <Route path="audit" element={<RequireAction action="audit.read"><AuditPage /></RequireAction>} />
                  <Route path="check-access" element={<CheckAccessPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
