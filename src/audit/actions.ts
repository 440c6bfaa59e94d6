// Every action the audit log records, with what it is about. recordAudit accepts only these, so a
// new kind of change must be named here (and so appears in GET /api/audit-events/actions).
export const AUDIT_ACTIONS = {
  'user.created': { target_type: 'user', description: 'A service user was created (or a personal account by its first SSO login, SCIM, or bootstrap)' },
  'user.updated': { target_type: 'user', description: 'Role, teams, owner or purpose changed' },
  'user.deactivated': { target_type: 'user', description: 'Deactivated: its tokens and sessions stop working' },
  'user.reactivated': { target_type: 'user', description: 'Reactivated, role and teams intact' },
  'user.reviewed': { target_type: 'user', description: 'A periodic review was recorded' },
  'access.elevation_expired': { target_type: 'user', description: 'A time-bound role or team membership ended by itself at its instant (actor system)' },
  'user.sso_linked': { target_type: 'user', description: 'An SSO identity was linked to the account' },
  'user.scim_attached': { target_type: 'user', description: 'The directory (SCIM) took the account over' },
  'user.scim_detached': { target_type: 'user', description: 'The directory (SCIM) let the account go' },
  'token.created': { target_type: 'token', description: 'A token was issued' },
  'token.revoked': { target_type: 'token', description: 'A token was revoked (reason manual; exposed when reported leaked; unused when the unused-token policy revoked it)' },
  'token.restored': { target_type: 'token', description: 'A revoked token was restored' },
  'token.deleted': { target_type: 'token', description: 'A revoked token was deleted' },
  'token.rotated': { target_type: 'token', description: 'A token was rotated: a successor issued, the old one ending after the overlap' },
  'token.exchange_refused': { target_type: 'workload_identity', description: 'POST /api/oauth/token refused an exchange: the reason, the issuer and subject or client (never the token)' },
  'workload_identity.created': { target_type: 'workload_identity', description: 'A service user was made to trust an external OpenID issuer\'s tokens (workload identity federation)' },
  'workload_identity.deleted': { target_type: 'workload_identity', description: 'A workload identity was deleted: its issuer\'s tokens are no longer exchanged' },
  'token.ip_refused': { target_type: 'token', description: 'A narrowed token was used from outside its networks (at most hourly per token)' },
  'team.created': { target_type: 'team', description: 'A team was created' },
  'team.updated': { target_type: 'team', description: 'A team\'s name, level, members or datastores changed' },
  'team.deleted': { target_type: 'team', description: 'A team was deleted' },
  'team.scim_updated': { target_type: 'team', description: 'The directory (SCIM) changed a team\'s group link' },
  'datastore.created': { target_type: 'datastore', description: 'A datastore was registered' },
  'datastore.updated': { target_type: 'datastore', description: 'A datastore changed' },
  'datastore.deleted': { target_type: 'datastore', description: 'A datastore was deleted' },
  'session.created': { target_type: 'session', description: 'Someone signed in to the console' },
  'session.ended': { target_type: 'session', description: 'Someone signed out' },
  'webhook.created': { target_type: 'webhook', description: 'A webhook was created (its secret is never recorded)' },
  'webhook.updated': { target_type: 'webhook', description: 'A webhook\'s url, events, description or enabled flag changed' },
  'webhook.deleted': { target_type: 'webhook', description: 'A webhook was deleted with its delivery log' },
  'webhook.secret_rotated': { target_type: 'webhook', description: 'A webhook\'s signing secret was replaced (the old one signs too for 24 hours)' },
} as const satisfies Record<string, { target_type: string; description: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];
