import { Type } from '../http/type.ts';
import { Id, NullableTimestamp, Paging, Timestamp, UserSummary, StringEnum } from '../http/schemas.ts';

const Status = StringEnum(['active', 'revoked', 'expired']);

const tokenFields = {
  id: Type.Integer(),
  name: Type.String(),
  hint: Type.String({ description: 'The prefix and first 4 random characters, e.g. wdn_svc_7Fq2…' }),
  kind: StringEnum(['personal', 'service']),
  scim_only: Type.Boolean(),
  user: UserSummary,
  created_at: Timestamp,
  created_by: Type.Union([UserSummary, Type.Null()], { description: 'Who issued it (null: the system)' }),
  expires_at: NullableTimestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()], { description: 'At most a minute stale' }),
  last_used_ip: Type.Union([Type.String(), Type.Null()]),
  revoked_at: NullableTimestamp,
  revoked_by: Type.Union([UserSummary, Type.Null()]),
  revoked_reason: Type.Union([StringEnum(['manual', 'exposed', 'unused']), Type.Null()], { description: 'manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS)' }),
  exposed_at: Type.Union([Timestamp, Type.Null()], { description: 'When it was reported exposed' }),
  status: Status,
  expiry_reason: Type.Union([StringEnum(['rotated']), Type.Null()], { description: 'rotated: a rotation brought its expiry forward to the end of the overlap' }),
  rotated_from: Type.Union([Type.Integer(), Type.Null()], { description: 'The token this one replaced' }),
  rotated_to: Type.Union([Type.Integer(), Type.Null()], { description: 'The token that replaced this one; it keeps working until expires_at' }),
  rotated_at: NullableTimestamp,
  restrictions: Type.Union([
    Type.Object({
      actions: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'The only actions allowed (null: all the owner may take)' }),
      datastore_ids: Type.Union([Type.Array(Type.Integer()), Type.Null()], { description: 'The only datastores reached (null: all the owner reaches)' }),
      allowed_cidrs: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'The only networks it may be used from (null: any)' }),
    }),
    Type.Null(),
  ], { description: 'What the token is narrowed to, fixed at creation; null: it acts with everything its owner may do' }),
  origin: Type.Union([
    Type.Object({
      kind: StringEnum(['federated', 'exchanged'], { description: 'federated: issued for an external identity token (token exchange through a workload identity); exchanged: issued for one of the service user\'s tokens (client_credentials)' }),
      workload_identity_id: Type.Union([Type.Integer(), Type.Null()], { description: 'The trust relationship it was issued through' }),
      issuer: Type.Union([Type.String(), Type.Null()], { description: 'The external token\'s iss' }),
      subject: Type.Union([Type.String(), Type.Null()], { description: 'The external token\'s sub' }),
      jti: Type.Union([Type.String(), Type.Null()], { description: 'The external token\'s jti' }),
      issued_from: Type.Union([Type.Integer(), Type.Null()], { description: 'The service token it was exchanged for (client_credentials)' }),
    }),
    Type.Null(),
  ], { description: 'Where a token issued by POST /api/oauth/token came from; null for every other token' }),
};

export const Token = Type.Object(tokenFields, { $id: 'Token' });
export const CreatedToken = Type.Object({ ...tokenFields, token: Type.String({ description: 'The secret. Shown once, here, and never again.' }) }, { title: 'CreatedToken' });
export const TokenList = Type.Object({ items: Type.Array(Type.Ref('Token')), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'TokenPage' });

const UserRef = Type.Union([Id(), Type.String({ minLength: 1, maxLength: 300 })], {
  description: 'The service user: its numeric id or its user_id (pipeline_automation@service)',
});

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    expires_in_days: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], { description: '1–365 days, or null for a token that never expires (refused when the instance caps lifetimes)' }),
    user_id: Type.Optional(UserRef),
    scim_only: Type.Optional(Type.Boolean({ description: 'The token reaches only /api/scim/v2 (Admin only)' })),
    scim_endpoints_only: Type.Optional(Type.Boolean({ description: 'Qualytics\' name for scim_only, accepted as an alias (the answer says scim_only); both with different values: 422' })),
    actions: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 100, description: 'Narrow the token to these actions of the catalog; "read" stands for every action that changes nothing (with datastore_ids: the reads of those datastores). Never wider than the owner. With datastore_ids, platform actions are allowed only when named here.' })),
    datastore_ids: Type.Optional(Type.Array(Id(), { minItems: 1, maxItems: 100, description: 'Narrow the token to these datastores (each one the owner reaches through a team)' })),
    allowed_cidrs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50, description: 'Networks the token may be used from: IPv4 or IPv6 addresses or CIDRs' })),
  },
  { title: 'CreateTokenRequest', additionalProperties: false },
);

export const RotateBody = Type.Object(
  {
    overlap_hours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720, description: 'How long the old token keeps working (default 24; 0: it stops at once; at most 30 days)' })),
    expires_in_days: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()], { description: 'The new token\'s lifetime (default: the old token\'s, within the cap)' })),
  },
  { title: 'RotateTokenRequest', additionalProperties: false },
);

export const RotateReply = Type.Object({
  successor: CreatedToken,
  previous: Type.Ref('Token'),
}, { title: 'TokenRotation' });

export const ExposureReport = Type.Object(
  { credentials: Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 1000, description: 'Strings that may be Warden tokens (up to 1000)' }) },
  { title: 'ReportCredentialsRequest', additionalProperties: false },
);
export const ExposureAccepted = Type.Object({ status: Type.Literal('accepted'), detail: Type.String() }, { title: 'ExposureReportAccepted' });

export const RevokeBody = Type.Object(
  {
    revoked: Type.Optional(Type.Boolean({ description: 'true revokes, false restores. Required unless `revoke` is given' })),
    revoke: Type.Optional(Type.Boolean({ description: 'Qualytics\' name for revoked, accepted as an alias (`PUT /user-tokens/{id} {"revoke": true}`); both with different values: 422' })),
  },
  { title: 'UpdateTokenRequest', additionalProperties: false },
);
export const StatusQuery = Type.Object({ status: Type.Optional(Status), ...Paging });
export const ServiceTokensQuery = Type.Object({
  status: Type.Optional(Status),
  ...Paging,
  user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'A service user\'s numeric id or user_id' })),
});
