// Providers and routes.
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
import {
  AuditPage, CheckAccessPage, DatastoresPage, NewServiceUserPage, OverviewPage, TeamPage, TeamsPage, TokensPage, UserPage, UsersPage,
  ReviewsPage, WebhooksPage,
  DirectoryMappingsPage,
} from './pages.ts';

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
                  <Route path="teams/:id" element={<TeamPage />} />
                  <Route path="datastores" element={<DatastoresPage />} />
                  <Route path="audit" element={<RequireAction action="audit.read"><AuditPage /></RequireAction>} />
                  <Route path="check-access" element={<CheckAccessPage />} />
                  <Route path="reviews" element={<RequireAction action="users.read"><ReviewsPage /></RequireAction>} />
                  <Route path="webhooks" element={<RequireAction action="settings.manage"><WebhooksPage /></RequireAction>} />
                  <Route path="directory-mappings" element={<RequireAction action="users.manage"><DirectoryMappingsPage /></RequireAction>} />
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
