// The OpenAPI document's tags: one per capability, in the order the reference shows them. Every
// operation carries exactly one of these (test/openapi.test.ts); a new capability is one line here.
export const OPENAPI_TAGS = [
  { name: 'users', description: 'Personal accounts and service users: list, create, change role and teams, deactivate, reactivate, review.' },
  { name: 'tokens', description: 'Personal access tokens and service tokens: issue, list, rename, rotate, revoke, delete; report a leaked credential.' },
  { name: 'teams', description: 'Teams: their members, the datastores they reach and the level they grant, and their history.' },
  { name: 'datastores', description: 'Datastores (sources and enrichments) that teams are granted access to.' },
  { name: 'decisions', description: 'Authorization decisions: may a user take an action (on a datastore), effective permissions, forward auth for reverse proxies.' },
  { name: 'audit', description: 'The audit log: events, their actions, the NDJSON export and the hash-chain check.' },
  { name: 'reviews', description: 'Access reviews: service users due for review, and what each holds.' },
  { name: 'webhooks', description: 'Webhooks: subscriptions to audit events, their signing secrets and deliveries.' },
  { name: 'directory', description: 'Directory mappings: the identity provider\'s groups that give a team or a role, at sign-in (WARDEN_OIDC_GROUP_SYNC) and through SCIM.' },
  { name: 'sso', description: 'Signing in: OpenID Connect login for the console, the session, and the CLI\'s browser login.' },
  { name: 'scim', description: 'SCIM 2.0 provisioning (RFC 7643/7644) for identity providers: Users and Groups.' },
  { name: 'workload-identities', description: 'Trust relationships that let a workload (GitHub Actions, GitLab CI, Kubernetes, Azure) exchange its own identity token for a short-lived service token.' },
  { name: 'oauth', description: 'OAuth 2.0: the token endpoint (RFC 8693 token exchange, client credentials) and its metadata (RFC 8414).' },
  { name: 'operations', description: 'Health, readiness and information about this instance.' },
] as const satisfies readonly { name: string; description: string }[];

export type OpenApiTag = (typeof OPENAPI_TAGS)[number]['name'];
