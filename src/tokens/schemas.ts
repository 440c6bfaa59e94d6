import { Type } from 'typebox';
import { Id, NullableTimestamp, Paging, Timestamp, UserSummary } from '../http/schemas.ts';

const Status = Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]);

const tokenFields = {
  id: Type.Integer(),
  name: Type.String(),
  hint: Type.String({ description: 'The prefix and first 4 random characters, e.g. wdn_svc_7Fq2…' }),
  kind: Type.Union([Type.Literal('personal'), Type.Literal('service')]),
  scim_only: Type.Boolean(),
  user: UserSummary,
  created_at: Timestamp,
  created_by: Type.Union([UserSummary, Type.Null()], { description: 'Who issued it (null: the system)' }),
  expires_at: NullableTimestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()], { description: 'At most a minute stale' }),
  last_used_ip: Type.Union([Type.String(), Type.Null()]),
  revoked_at: NullableTimestamp,
  revoked_by: Type.Union([UserSummary, Type.Null()]),
  status: Status,
};

export const Token = Type.Object(tokenFields, { $id: 'Token' });
export const CreatedToken = Type.Object({ ...tokenFields, token: Type.String({ description: 'The secret. Shown once, here, and never again.' }) });
export const TokenList = Type.Object({ items: Type.Array(Type.Ref('Token')), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() });

const UserRef = Type.Union([Id(), Type.String({ minLength: 1, maxLength: 300 })], {
  description: 'The service user: its numeric id or its user_id (pipeline_automation@service)',
});

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    expires_in_days: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], { description: '1–365 days, or null for a token that never expires (refused when the instance caps lifetimes)' }),
    user_id: Type.Optional(UserRef),
    scim_only: Type.Optional(Type.Boolean({ description: 'The token reaches only /api/scim/v2 (Admin only)' })),
  },
  { additionalProperties: false },
);

export const RevokeBody = Type.Object({ revoked: Type.Boolean() }, { additionalProperties: false });
export const StatusQuery = Type.Object({ status: Type.Optional(Status), ...Paging });
export const ServiceTokensQuery = Type.Object({
  status: Type.Optional(Status),
  ...Paging,
  user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'A service user\'s numeric id or user_id' })),
});
