import { Type } from 'typebox';
import { Timestamp, UserSummary } from '../http/schemas.ts';

/** One audit event as the API shows it (the audit log, a team's history). */
export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.Union([UserSummary, Type.Literal('system'), Type.Literal('directory')], { description: 'Who acted: a user; `system` (bootstrap, scheduled work); or `directory` (group sync at sign-in and SCIM role mappings, issue 21)' }),
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
});
