// Table types for Kysely. Times are ISO 8601 UTC strings in both databases
// (PostgreSQL's timestamptz is parsed back to ISO in connection.ts).
import type { Generated } from 'kysely';
import type { Level, Role } from '../access/model.ts';

export type UserType = 'personal' | 'service';
export type ProvisionedBy = 'admin' | 'sso' | 'scim';

export interface UsersTable {
  id: Generated<number>;
  user_id: string;
  type: UserType;
  name: string;
  email: string | null;
  role: Role;
  owner_id: number | null;
  purpose: string | null;
  provisioned_by: ProvisionedBy;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  deactivated_at: string | null;
  last_active_at: string | null;
  last_reviewed_at: string | null;
  /** A service user's next review date when one was set; null: the review period after the last review. */
  review_due_at: string | null;
  /** Time-bound access (migration 0009): the role `role` returns to at elevation_ends_at; both null when the role is not time-bound. */
  role_before_elevation: Role | null;
  elevation_ends_at: string | null;
  /** Directory sync (migration 0016): JSON array of the groups the IdP sent at the last sign-in, and when; null: never sent. */
  idp_groups: string | null;
  idp_groups_at: string | null;
  /** 'directory' when the role was given by a directory mapping; null: by an Admin (or the default). */
  role_source: 'directory' | null;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  /** nameKey(name): what uniqueness is decided on (set by the store). */
  name_key: string;
  description: string | null;
  permission: Level;
  /** 'public' for the one Public team every user is in; 'custom' otherwise. */
  kind: 'public' | 'custom';
  created_at: string;
  created_by: number | null;
  updated_at: string;
  /**
   * The version of the team's SCIM representation (migration 0020): bumped by the database's
   * triggers whenever its name, members, SCIM attributes or a member's SCIM name change; the
   * Group's ETag is made of it.
   */
  scim_version: Generated<number>;
}

/** Stored memberships of custom teams. Public team membership is implicit: every user. */
export interface TeamMembersTable {
  team_id: number;
  user_id: number;
  /** When the membership ends by itself (migration 0009); null: it does not. */
  until: string | null;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  kind: 'personal' | 'service';
  /** 'all', or 'scim' for a token that reaches only /api/scim/v2. */
  scope: 'all' | 'scim';
  /** Hex SHA-256 of the whole token; the token itself is never stored. */
  hash: string;
  hint: string;
  created_at: string;
  created_by: number | null;
  expires_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
  /** 'manual' (an owner or Admin), 'exposed' (reported leaked); null while not revoked. */
  revoked_reason: string | null;
  /** When someone reported the token exposed (POST /api/credentials/revoke). */
  exposed_at: string | null;
  /** The token this one replaced in a rotation, and the one that replaced it. */
  rotated_from: number | null;
  rotated_to: number | null;
  rotated_at: string | null;
  /** JSON arrays fixed at creation; null: no restriction of that kind. */
  allowed_actions: string | null;
  allowed_datastores: string | null;
  allowed_cidrs: string | null;
  /** 'federated' or 'exchanged' for a token issued by POST /api/oauth/token; null otherwise. */
  origin: 'federated' | 'exchanged' | null;
  /** The trust relationship a federated token was issued through (kept after it is deleted). */
  workload_identity_id: number | null;
  /** The external identity token's iss, sub and jti (federated tokens). */
  external_issuer: string | null;
  external_subject: string | null;
  external_jti: string | null;
  /** The service token a client_credentials token was issued with. */
  issued_from: number | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  /** null when the actor is the system (bootstrap, migrations). */
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number | null;
  reason: string | null;
  /** JSON: {field: {before, after}} */
  changes: string;
  request_id: string | null;
  ip: string | null;
  /** The chain (migration 0011, src/audit/chain.ts): the previous event's hash and this one's. */
  prev_hash: string | null;
  hash: string | null;
  /**
   * The credential that acted (migration 0017): 'token' | 'scim' | 'session' | 'system' | 'directory',
   * its id (a token's or session's) and hint (a token's display hint, a session's fingerprint, the
   * part of the system). All null on events written before; part of the hash when set.
   */
  credential_kind: string | null;
  credential_id: number | null;
  credential_hint: string | null;
  /** 'directory' when the directory acted (migration 0016: group sync, SCIM role mappings); null: actor_id says. */
  actor_kind: 'directory' | null;
}

export interface DatastoresTable {
  id: Generated<number>;
  name: string;
  /** nameKey(name): what uniqueness is decided on (set by the store). */
  name_key: string;
  kind: 'source' | 'enrichment';
  description: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface TeamDatastoresTable {
  team_id: number;
  datastore_id: number;
}

/** A personal account provisioned by SCIM (directory sync); see migrations/0004_scim.ts. */
export interface ScimUsersTable {
  user_id: number;
  user_name: string;
  /** nameKey(user_name): what uniqueness is decided on (set by the store). */
  user_name_key: string;
  external_id: string | null;
  display_name: string | null;
  formatted_name: string | null;
  family_name: string | null;
  given_name: string | null;
  middle_name: string | null;
  honorific_prefix: string | null;
  honorific_suffix: string | null;
  /** JSON text: the SCIM resource as sent (canonical attribute names). */
  attributes: string;
  created_at: string;
  updated_at: string;
  detached_at: string | null;
}

export interface ScimUserEmailsTable {
  user_id: number;
  position: number;
  value: string | null;
  type: string | null;
  display: string | null;
  /** 1 for the primary email, else 0. */
  is_primary: number;
}

/** A directory group (name, any case, or IdP group id) → a team or a role (migration 0016). */
export interface DirectoryMappingsTable {
  id: Generated<number>;
  group_name: string;
  /** The group trimmed and in lower case: what groups are matched on. */
  group_key: string;
  team_id: number | null;
  role: Role | null;
  reason: string | null;
  created_at: string;
  created_by: number | null;
}

/** Members an Admin made maintainers of their team (migration 0016, WARDEN_TEAM_MAINTAINERS). */
export interface TeamMaintainersTable {
  team_id: number;
  user_id: number;
  created_at: string;
}

export interface ScimGroupsTable {
  team_id: number;
  external_id: string | null;
  /** JSON text {"<user id>": "<display as sent>"}. */
  member_displays: string;
  created_at: string;
  updated_at: string;
}

/** An IdP identity (issuer + subject) linked to a personal account. */
export interface SsoIdentitiesTable {
  id: Generated<number>;
  issuer: string;
  subject: string;
  user_id: number;
  created_at: string;
  last_login_at: string | null;
  /** 1 when the IdP said email_verified: true at the last sign-in, else 0. */
  email_verified: Generated<number>;
}

/** A console session; the session id itself is never stored, only its SHA-256. */
export interface SessionsTable {
  id: Generated<number>;
  hash: string;
  user_id: number;
  created_at: string;
  /** Absolute end (WARDEN_SESSION_HOURS after sign-in). */
  expires_at: string;
  /** Updated at most once a minute; the idle timeout counts from it. */
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A one-time code of the CLI's browser login (migration 0007); only SHA-256 of the code is stored. */
export interface CliLoginCodesTable {
  id: Generated<number>;
  code_hash: string;
  user_id: number;
  session_id: number;
  /** SHA-256 of the state the CLI sent: the exchange must present the same state. */
  state_hash: string;
  /** base64url(SHA-256(code_verifier)), as the CLI sent it (PKCE S256). */
  code_challenge: string;
  hostname: string;
  created_at: string;
  expires_at: string;
  /** Set by the first exchange attempt, whatever its outcome: a code is good for one try. */
  used_at: string | null;
}

/** The transactional outbox (migration 0010): one row per event, written with the change that caused it. */
export interface NotificationEventsTable {
  id: Generated<number>;
  /** msg_…: the webhook-id receivers see (the same on every retry). */
  public_id: string;
  type: string;
  /** JSON: the event's data (never a secret). */
  data: string;
  created_at: string;
  /** Set for scheduled events so that each happens once (unique). */
  dedupe_key: string | null;
  /** 'pending' | 'done' | 'off' for types that may mail; null for the others. */
  mail_state: string | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  description: string | null;
  /** JSON array of event types (and `audit.*` or `audit.<action>` for the audit firehose). */
  events: string;
  enabled: number;
  secret: string;
  /** After a rotation the old secret signs too until previous_secret_until. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  /** Set while a node sends to this receiver (one attempt in flight per receiver). */
  sending_until: string | null;
  /** The first failed attempt since the last success, or null. */
  failing_since: string | null;
  /** When and why it was switched off (null while enabled). */
  disabled_at: string | null;
  disabled_reason: string | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: number;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  at: string;
  status: number | null;
  error: string | null;
  latency_ms: number;
}

export interface MailDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A string reported leaked (POST /api/credentials/revoke), by hash, until the worker has dealt with it. */
export interface ExposureReportsTable {
  id: Generated<number>;
  hash: string;
  reported_at: string;
  request_id: string | null;
  ip: string | null;
}

export interface Database {
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  tokens: TokensTable;
  audit_events: AuditEventsTable;
  datastores: DatastoresTable;
  team_datastores: TeamDatastoresTable;
  scim_users: ScimUsersTable;
  scim_user_emails: ScimUserEmailsTable;
  scim_groups: ScimGroupsTable;
  sso_identities: SsoIdentitiesTable;
  sessions: SessionsTable;
  cli_login_codes: CliLoginCodesTable;
  notification_events: NotificationEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  mail_deliveries: MailDeliveriesTable;
  exposure_reports: ExposureReportsTable;
  workload_identities: WorkloadIdentitiesTable;
  federation_replays: FederationReplaysTable;
  directory_mappings: DirectoryMappingsTable;
  team_maintainers: TeamMaintainersTable;
}

export interface WorkloadIdentitiesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  issuer: string;
  audience: string;
  subject: string;
  /** JSON object: claim name → string, number or boolean. */
  claims: string;
  token_ttl_minutes: number;
  allowed_actions: string | null;
  allowed_datastores: string | null;
  allowed_cidrs: string | null;
  created_at: string;
  created_by: number | null;
  last_used_at: string | null;
}

export interface FederationReplaysTable {
  issuer: string;
  jti: string;
  expires_at: string;
}
