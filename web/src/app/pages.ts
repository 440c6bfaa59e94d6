import { lazy } from 'react';

// Each page is its own chunk. Once the console is idle the chunks are fetched ahead, so that
// moving between pages never waits for the network.
const loaders = {
  overview: () => import('../overview/OverviewPage.tsx'),
  users: () => import('../users/UsersPage.tsx'),
  user: () => import('../users/UserPage.tsx'),
  newServiceUser: () => import('../users/NewServiceUserPage.tsx'),
  tokens: () => import('../tokens/TokensPage.tsx'),
  teams: () => import('../teams/TeamsPage.tsx'),
  team: () => import('../teams/TeamPage.tsx'),
  datastores: () => import('../datastores/DatastoresPage.tsx'),
  audit: () => import('../audit/AuditPage.tsx'),
  checkAccess: () => import('../authorize/CheckAccessPage.tsx'),
  reviews: () => import('../reviews/ReviewsPage.tsx'),
  webhooks: () => import('../webhooks/WebhooksPage.tsx'),
  directoryMappings: () => import('../directory/DirectoryMappingsPage.tsx'),
};
export const OverviewPage = lazy(loaders.overview);
export const UsersPage = lazy(loaders.users);
export const UserPage = lazy(loaders.user);
export const NewServiceUserPage = lazy(loaders.newServiceUser);
export const TokensPage = lazy(loaders.tokens);
export const TeamsPage = lazy(loaders.teams);
export const TeamPage = lazy(loaders.team);
export const DatastoresPage = lazy(loaders.datastores);
export const AuditPage = lazy(loaders.audit);
export const CheckAccessPage = lazy(loaders.checkAccess);
export const ReviewsPage = lazy(loaders.reviews);
export const WebhooksPage = lazy(loaders.webhooks);
export const DirectoryMappingsPage = lazy(loaders.directoryMappings);

export function prefetchPages(): void {
  for (const load of Object.values(loaders)) void load().catch(() => undefined);
}
