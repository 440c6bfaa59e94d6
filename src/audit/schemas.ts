import { Type } from '../http/type.ts';
import { Timestamp, UserSummary, StringEnum } from '../http/schemas.ts';

/** The credential an audit event names (issue 21 §3). */
export const AuditCredential = Type.Object({
  kind: StringEnum(['token', 'scim', 'session', 'system', 'directory'], {
    description: 'token: a personal or service token; scim: a SCIM-only token; session: a console session; system: Warden itself (the scheduler, a worker, `warden bootstrap`); directory: the identity provider\'s data at sign-in',
  }),
  id: Type.Union([Type.Integer(), Type.Null()], { description: 'The token\'s id (kind token or scim) or the session\'s id (kind session; null for changes made at sign-in before the session existed); null for system and directory' }),
  hint: Type.Union([Type.String(), Type.Null()], { description: 'The token\'s display hint (`wdn_pat_AbCd…`, never the token), the session\'s fingerprint (a hash of a hash: it cannot be replayed), or the part of the system that acted (`scheduler`, `exposure-worker`, …)' }),
}, { title: 'AuditCredential', description: 'The credential that acted. Part of the event\'s hash' });

/** One audit event as the API shows it (the audit log, a team's history). */
export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.Union([UserSummary, StringEnum(['system', 'directory'])], { description: 'Who acted: a user; `system` (bootstrap, scheduled work); or `directory` (group sync at sign-in and SCIM role mappings, issue 21)' }),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.Union([Type.Integer(), Type.Null()]),
  target_name: Type.Optional(Type.Union([Type.String(), Type.Null()], {
    description: 'The target\'s name, for a user (its name), team, datastore or token (its current name; for one since deleted, the name its events recorded); null when unknown. Not part of the audit chain',
  })),
  reason: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
  request_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  credential: Type.Union([AuditCredential, Type.Null()], { description: 'The credential that acted; null on events written before Warden recorded it' }),
}, { title: 'AuditEvent' });

/** One line of the NDJSON export: the event as the audit log shows it, and its place in the hash chain. */
export const AuditExportLine = Type.Object({
  ...AuditEvent.properties,
  prev_hash: Type.Union([Type.String(), Type.Null()], { description: 'The previous event\'s hash (hex SHA-256)' }),
  hash: Type.Union([Type.String(), Type.Null()], { description: 'SHA-256 over this event\'s canonical content and prev_hash (hex)' }),
}, { title: 'AuditExportLine', description: 'One line of GET /api/audit-events/export (application/x-ndjson)' });
