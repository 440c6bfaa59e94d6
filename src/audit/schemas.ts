import { Type } from 'typebox';
import { Timestamp, UserSummary } from '../http/schemas.ts';

/** One audit event as the API shows it (the audit log, a team's history). */
export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.Union([UserSummary, Type.Literal('system')]),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
  request_id: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});
