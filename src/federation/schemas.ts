import { Type } from '../http/type.ts';
import { Id, Timestamp, UserSummary } from '../http/schemas.ts';

const ClaimValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);

export const Restrictions = Type.Object(
  {
    actions: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 100, description: 'Only these actions of the catalog ("read": every action that changes nothing)' })),
    datastore_ids: Type.Optional(Type.Array(Id(), { minItems: 1, maxItems: 100, description: 'Only these datastores (each one the service user reaches through a team)' })),
    allowed_cidrs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 50, description: 'Only from these networks' })),
  },
  { additionalProperties: false, description: 'The narrowing of every token issued through this trust, the same shape as a narrowed token\'s' },
);

export const CreateWorkloadIdentityBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique among the service user\'s workload identities, e.g. github-main' }),
    issuer: Type.String({ minLength: 1, maxLength: 500, description: 'The OpenID issuer, exactly as its tokens\' iss (https; plain http only for hosts WARDEN_OUTBOUND_ALLOW_NETWORKS names)' }),
    audience: Type.String({ minLength: 1, maxLength: 500, description: 'The token\'s aud must contain it (e.g. warden)' }),
    subject: Type.String({ minLength: 1, maxLength: 1000, description: 'The token\'s sub: exact, or a pattern where * stands for one or more characters within one segment (segments are separated by : and /)' }),
    claims: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), ClaimValue, { maxProperties: 20, description: 'Further claims that must be exactly these values; a dotted name reaches into objects (kubernetes.io.serviceaccount.uid)' })),
    token_ttl_minutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 60, default: 15, description: 'Lifetime of each issued Warden token, 5–60 minutes (default 15)' })),
    restrictions: Type.Optional(Restrictions),
  },
  { additionalProperties: false },
);

export const WorkloadIdentity = Type.Object(
  {
    id: Type.Integer(),
    user: UserSummary,
    name: Type.String(),
    issuer: Type.String(),
    audience: Type.String(),
    subject: Type.String(),
    claims: Type.Record(Type.String(), ClaimValue),
    token_ttl_minutes: Type.Integer(),
    restrictions: Type.Union([
      Type.Object({
        actions: Type.Union([Type.Array(Type.String()), Type.Null()]),
        datastore_ids: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
        allowed_cidrs: Type.Union([Type.Array(Type.String()), Type.Null()]),
      }),
      Type.Null(),
    ]),
    created_at: Timestamp,
    created_by: Type.Union([UserSummary, Type.Null()]),
    last_used_at: Type.Union([Timestamp, Type.Null()], { description: 'When a token was last exchanged through it' }),
  },
  { $id: 'WorkloadIdentity' },
);

export const WorkloadIdentityList = Type.Object({ items: Type.Array(Type.Ref('WorkloadIdentity')) });

export const WorkloadIdentityParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 300, description: 'The service user: numeric id or user_id' }),
  wid: Id('The workload identity'),
});

/** The token endpoint's form (validated by the service: refusals are RFC 6749 errors, not problems). */
export const TokenRequest = Type.Object({
  grant_type: Type.String({ description: 'urn:ietf:params:oauth:grant-type:token-exchange or client_credentials' }),
  subject_token: Type.Optional(Type.String({ description: 'token-exchange: the external identity token (a JWT)' })),
  subject_token_type: Type.Optional(Type.String({ description: 'urn:ietf:params:oauth:token-type:jwt or urn:ietf:params:oauth:token-type:id_token' })),
  requested_token_type: Type.Optional(Type.String({ description: 'urn:ietf:params:oauth:token-type:access_token (the only kind issued)' })),
  client_id: Type.Optional(Type.String({ description: 'The service user (numeric id or user_id): picks it when a subject token could match several; for client_credentials, the client' })),
  client_secret: Type.Optional(Type.String({ description: 'client_credentials: one of the service user\'s service tokens (or HTTP Basic)' })),
  scope: Type.Optional(Type.String({ description: 'Narrow further: space-separated actions of the catalog, or read' })),
  datastore_ids: Type.Optional(Type.String({ description: 'Narrow further: comma- or space-separated datastore ids' })),
  allowed_cidrs: Type.Optional(Type.String({ description: 'Narrow further: comma- or space-separated networks' })),
});

export const TokenResponse = Type.Object({
  access_token: Type.String({ description: 'A Warden service token (wdn_svc_…) of the service user' }),
  issued_token_type: Type.Literal('urn:ietf:params:oauth:token-type:access_token'),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until it expires' }),
});

export const OAuthError = Type.Object({
  error: Type.String({ description: 'invalid_request, invalid_grant, invalid_client, invalid_scope, unsupported_grant_type' }),
  error_description: Type.String({ description: 'Which check failed (never the token)' }),
}, { title: 'OAuthError', description: 'An OAuth 2.0 error response (RFC 6749 §5.2)' });
