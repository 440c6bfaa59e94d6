// Workload identity federation (issue 20): trust relationships under /api/users/{id}/workload-identities
// (Admin), the token endpoint POST /api/oauth/token (public: the credential is in the form), and the
// RFC 8414 metadata at /.well-known/oauth-authorization-server.
import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf, type AuthDeps } from '../http/auth.ts';
import { errors } from '../http/schemas.ts';
import { tooManyRequests } from '../http/errors.ts';
import { sendProblem } from '../http/problem-handler.ts';
import { transact } from '../db/transaction.ts';
import { recordAudit } from '../audit/service.ts';
import { ACTION_NAMES } from '../access/model.ts';
import { createOutbound, type Outbound } from '../net/outbound.ts';
import { CreateWorkloadIdentityBody, OAuthError as OAuthErrorSchema, TokenRequest, TokenResponse, WorkloadIdentity, WorkloadIdentityList, WorkloadIdentityParams } from './schemas.ts';
import { createWorkloadIdentity, getWorkloadIdentity, listWorkloadIdentities, removeWorkloadIdentity } from './service.ts';
import { IssuerKeys } from './issuers.ts';
import { GRANT_CLIENT_CREDENTIALS, GRANT_TOKEN_EXCHANGE, OAuthError, handleTokenRequest, type TokenRequestBody } from './token-endpoint.ts';

const tags = ['workload-identities'];
/** The token endpoint reads forms of at most 64 KB (an identity token is a few KB). */
const TOKEN_BODY_LIMIT = 64 * 1024;
const oauthTags = ['oauth'];

export interface FederationOptions {
  /** Tests give their own guard (a resolver); default: createOutbound with WARDEN_OUTBOUND_ALLOW_NETWORKS. */
  outbound?: Outbound;
}

/** The issuer keys of an app (one cache per node), created on first use. */
const keysOfApp = new WeakMap<AppContext, IssuerKeys>();
export function issuerKeysOf(ctx: AppContext, outbound?: Outbound): IssuerKeys {
  let keys = keysOfApp.get(ctx);
  if (!keys) {
    keys = new IssuerKeys({ outbound: outbound ?? createOutbound({ allow: ctx.config.outboundAllow }), allow: ctx.config.outboundAllow, now: () => ctx.clock.now() });
    keysOfApp.set(ctx, keys);
  }
  return keys;
}

export function registerFederationRoutes(api: ApiInstance, ctx: AppContext, authDeps: AuthDeps, options: FederationOptions = {}): void {
  const { db, config } = ctx;
  const outbound = options.outbound ?? createOutbound({ allow: config.outboundAllow });
  const keys = issuerKeysOf(ctx, outbound);
  const deps = { outbound, allow: config.outboundAllow };
  api.addSchema(WorkloadIdentity);
  const ref = Type.Ref('WorkloadIdentity');

  api.post('/users/:id/workload-identities', {
    schema: {
      operationId: 'createWorkloadIdentity', tags, summary: 'Trust an external OpenID issuer\'s tokens for a service user (Admin)',
      description: 'The service user\'s jobs then exchange identity tokens of that issuer (GitHub Actions, GitLab CI, a Kubernetes service account, an Azure managed identity) at POST /api/oauth/token for a short-lived Warden token. `subject` is exact, or a pattern where `*` stands for one or more characters within one segment (segments are separated by `:` and `/`). `claims` are further exact matches; pin an immutable one (GitHub `repository_id`, Kubernetes `kubernetes.io.serviceaccount.uid`). 422 for a personal account.',
      params: Type.Object({ id: WorkloadIdentityParams.properties.id }), body: CreateWorkloadIdentityBody,
      response: { 201: ref, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createWorkloadIdentity(db, contextOf(request), deps, request.params.id, request.body);
  });

  api.get('/users/:id/workload-identities', {
    schema: {
      operationId: 'listWorkloadIdentities', tags, summary: 'The workload identities a service user trusts (Admin)',
      description: 'Each with its last use (the last token exchanged through it).',
      params: Type.Object({ id: WorkloadIdentityParams.properties.id }), response: { 200: WorkloadIdentityList, ...errors(401, 403, 404, 422) },
    },
  }, async (request) => ({ items: await listWorkloadIdentities(db, contextOf(request), request.params.id) }));

  api.get('/users/:id/workload-identities/:wid', {
    schema: {
      operationId: 'getWorkloadIdentity', tags, summary: 'One workload identity of a service user (Admin)', description: 'As listed.',
      params: WorkloadIdentityParams, response: { 200: ref, ...errors(401, 403, 404, 422) },
    },
  }, async (request) => getWorkloadIdentity(db, contextOf(request), request.params.id, request.params.wid));

  api.delete('/users/:id/workload-identities/:wid', {
    schema: {
      operationId: 'deleteWorkloadIdentity', tags, summary: 'Stop trusting a workload identity (Admin)',
      description: 'The next exchange through it is refused. Tokens already issued follow the ordinary rules: they expire within their TTL, and can be revoked.',
      params: WorkloadIdentityParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await removeWorkloadIdentity(db, contextOf(request), request.params.id, request.params.wid);
    reply.status(204);
  });

  // The token endpoint: form posts, refusals as RFC 6749 JSON (not problem+json), so the body is
  // checked by the service rather than by the schema (which documents it).
  api.register(async (child) => {
    await child.register(formbody, { bodyLimit: TOKEN_BODY_LIMIT });
    child.setValidatorCompiler(() => () => true);
    // What Fastify refuses before the handler (malformed JSON, another media type, too large) is
    // refused as the handler refuses: RFC 6749 JSON, not stored.
    child.setErrorHandler((err, request, reply) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      sendProblem(err, request, reply, (p) => (p.status < 500
        ? { contentType: 'application/json; charset=utf-8', body: { error: 'invalid_request', error_description: p.body.detail } }
        : { contentType: 'application/problem+json', body: p.body }));
    });
    const scope = child.withTypeProvider<TypeBoxTypeProvider>();
    scope.post('/oauth/token', {
      config: { auth: 'public' },
      bodyLimit: TOKEN_BODY_LIMIT,
      logLevel: 'warn',
      schema: {
        operationId: 'requestToken', tags: oauthTags, security: [],
        summary: 'Exchange an identity token, or a service token, for a short-lived Warden token (OAuth 2.0)',
        description: `\`application/x-www-form-urlencoded\`.\n\n- \`grant_type=${GRANT_TOKEN_EXCHANGE}\` (RFC 8693): \`subject_token\` an identity token (JWT) of an issuer a workload identity trusts, \`subject_token_type\` \`urn:ietf:params:oauth:token-type:jwt\` or \`…:id_token\`; \`client_id\` (the service user) only when the token could match several service users.\n- \`grant_type=${GRANT_CLIENT_CREDENTIALS}\`: \`client_id\` the service user, \`client_secret\` one of its service tokens (HTTP Basic or in the body).\n\nOptional \`scope\` (space-separated actions, or \`read\`), \`datastore_ids\` and \`allowed_cidrs\` narrow further and never widen (\`invalid_scope\`). The answer is an ordinary service token of the service user with \`origin\` federated or exchanged, \`Cache-Control: no-store\`. Refusals are RFC 6749 §5.2 JSON: \`invalid_request\`, \`invalid_grant\` (the subject token failed a check: which one is said), \`invalid_client\` (401), \`invalid_scope\`, \`unsupported_grant_type\`; each counts towards the client's failure limit (429 with Retry-After beyond it) and is audited (token.exchange_refused).`,
        consumes: ['application/x-www-form-urlencoded'],
        body: TokenRequest,
        response: { 200: TokenResponse, 400: OAuthErrorSchema, 401: OAuthErrorSchema, 429: OAuthErrorSchema },
      },
    }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
      const ip = request.clientAddress;
      try {
        return await handleTokenRequest({ db, keys, auth: authDeps, now: () => ctx.clock.now() }, { requestId: request.id, ip, authorization: request.headers.authorization }, (request.body ?? {}) as TokenRequestBody);
      } catch (err) {
        if (!(err instanceof OAuthError)) throw err;
        return refuse(ctx, request.id, ip, reply, err, (request.body as TokenRequestBody | undefined)?.grant_type);
      }
    });
  });
}

async function refuse(ctx: AppContext, requestId: string, ip: string, reply: FastifyReply, err: OAuthError, grant: unknown) {
  const retryAfter = ctx.limiter.retryAfter(ip);
  ctx.limiter.recordFailure(ip);
  if (retryAfter > 0) {
    // Over the limit: neither audited nor explained (a flood must not fill the audit log).
    const limited = tooManyRequests(retryAfter);
    reply.headers(limited.headers ?? {});
    reply.status(429);
    return { error: 'invalid_request', error_description: `Too many failed requests from this address; retry in ${retryAfter} s` };
  }
  try {
    await transact(ctx.db, (trx) => recordAudit(trx, { actor: null, requestId, ip }, {
      action: 'token.exchange_refused', targetType: err.target.type, targetId: err.target.id, reason: err.message.slice(0, 500),
      changes: { grant_type: { before: null, after: typeof grant === 'string' ? grant.slice(0, 100) : null }, error: { before: null, after: err.code }, ...Object.fromEntries(Object.entries(err.details).map(([k, v]) => [k, { before: null, after: v }])) },
    }));
  } catch (auditErr) {
    reply.log.error({ err: auditErr }, 'could not audit a refused token request');
  }
  if (err.status === 401 && err.basic) reply.header('www-authenticate', 'Basic realm="warden", charset="UTF-8"');
  reply.status(err.status);
  return { error: err.code, error_description: err.message };
}

/** RFC 8414 metadata, outside /api: GET /.well-known/oauth-authorization-server. */
export function registerOAuthMetadata(app: FastifyInstance, ctx: AppContext): void {
  const base = ctx.config.publicUrl;
  app.get('/.well-known/oauth-authorization-server', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getOAuthMetadata', tags: oauthTags, security: [], summary: 'OAuth 2.0 authorization server metadata (RFC 8414)',
      description: 'Describes POST /api/oauth/token: its grants, client authentication and the scopes (actions) a token can be narrowed to.',
      response: { 200: Type.Object({}, { additionalProperties: true }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return {
      issuer: base,
      token_endpoint: `${base}/api/oauth/token`,
      grant_types_supported: [GRANT_TOKEN_EXCHANGE, GRANT_CLIENT_CREDENTIALS],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      response_types_supported: [],
      scopes_supported: ['read', ...ACTION_NAMES],
      service_documentation: `${base}/api/docs`,
      subject_token_types_supported: ['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'],
    };
  });
}
