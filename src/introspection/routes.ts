// POST /api/oauth/introspect (RFC 7662), in its own scope: the only form-encoded route of /api
// besides the token endpoint, so @fastify/formbody is registered here and nowhere else.
import formbody from '@fastify/formbody';
import { Type } from '../http/type.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiInstance, AppContext } from '../http/context.ts';
import type { AuthDeps } from '../http/auth.ts';
import { authenticateBearer } from '../http/auth.ts';
import { unauthorized, wrongScheme, type AuthFailure } from '../http/errors.ts';
import { PROBLEM_BASE } from '../http/problem.ts';
import { replayKeptBody } from '../http/kept-body.ts';
import { sendProblem } from '../http/problem-handler.ts';
import { clientCredentialOf, clientRefusal, introspect, INACTIVE } from './service.ts';

const DESCRIPTION = `RFC 7662 token introspection for gateways (mod_auth_openidc, Kong, Envoy, APISIX…): is this Warden token active, and whose is it?

**The client** authenticates with a service token whose owner holds \`tokens.introspect\` (an Admin service user;
narrow its token to that action alone), either as \`Authorization: Bearer <service token>\` or as HTTP Basic
(RFC 6749 \`client_secret_basic\`) with the service token as the password and any client id (the service
user's \`user_id\` reads best). No, a bad or an unfit credential: 401 (\`error: invalid_client\`); a personal token,
a SCIM-only token or one without \`tokens.introspect\`: 403.

**The request** is form-encoded: \`token=<the token>\`; \`token_type_hint\` is accepted and ignored (Warden has one kind).
Without \`token\`: 400 (\`error: invalid_request\`).

**The answer** for an active token: \`{active: true, sub, username, scope?, exp?, iat, token_type: "Bearer", warden: {user_id, user_type, name, email, role, teams, token_id, datastore_ids}}\`,
where \`sub\` is the owner's \`user_id\`, \`username\` the owner's email (service users: name), \`scope\` the actions a narrowed
token is limited to (space-separated; \`scim\` for a SCIM-only token; absent when unrestricted), \`exp\`/\`iat\` seconds since the epoch
(\`exp\` absent for a token that never expires). Active means exactly what it means for any request: not expired, not revoked, its
owner active, and for a token narrowed to networks, the introspecting request's client address inside them.
For **anything else** (unknown, malformed, expired, revoked, owner deactivated, outside its networks) the answer is
exactly \`{"active":false}\`, the same bytes whatever the reason. Answered from the caches, like forward auth.

**Rate limit**: each inactive answer counts as a failed authentication of the client's address (WARDEN_AUTH_FAILURE_LIMIT
per minute); over the limit every introspection from that address answers 429 with \`Retry-After\` until the minute ends.`;

const IntrospectBody = Type.Object({
  token: Type.String({ maxLength: 4096, description: 'The token to introspect' }),
  token_type_hint: Type.Optional(Type.String({ maxLength: 100, description: 'Accepted and ignored' })),
});

/** The active answer's schema; also the hot path's serializer of it (http/hot-path.ts). */
export const ActiveReply = Type.Object({
  active: Type.Boolean(),
  sub: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer()),
  token_type: Type.Optional(Type.String()),
  warden: Type.Optional(Type.Object({
    user_id: Type.Integer(),
    user_type: Type.Enum(['personal', 'service']),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    role: Type.String(),
    teams: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    token_id: Type.Integer(),
    datastore_ids: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
  })),
}, { description: 'RFC 7662 §2.2; an inactive token is exactly {"active":false}' });

/** Warden's problem document with the OAuth error members (RFC 6749 §5.2) beside it. */
const OAuthProblem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), request_id: Type.Optional(Type.String()),
  error: Type.String({ description: 'invalid_request, invalid_client, unauthorized_client or slow_down' }),
  error_description: Type.String(),
}, { title: 'OAuthProblem', description: 'An RFC 9457 problem that is also an OAuth error response' });

/** An OAuth error (RFC 6749 §5.2) that is also a Warden problem document. */
function oauthProblem(reply: FastifyReply, request: FastifyRequest, p: { status: number; slug: string; title: string; detail: string; error: string; headers?: Record<string, string> }): void {
  if (p.headers) reply.headers(p.headers);
  reply.code(p.status).type('application/problem+json').send({ type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, request_id: request.id, error: p.error, error_description: p.detail });
}

export function registerIntrospectionRoutes(api: ApiInstance, ctx: AppContext, authDeps: AuthDeps): void {
  const { limiter, db, userViews } = ctx;
  const deps = { ...authDeps, db, userViews };
  api.register(async (scope) => {
    await scope.register(formbody);
    // What Fastify refuses before the handler (malformed JSON, another media type, too large) is an
    // OAuth error too: the response schema needs its members.
    scope.setErrorHandler((err, request, reply) => sendProblem(err, request, reply, (p) => ({
      contentType: 'application/problem+json',
      body: p.status < 500 ? { ...p.body, error: 'invalid_request', error_description: p.body.detail } : p.body,
    })));
    scope.post('/oauth/introspect', {
      // The client authenticates here (Bearer or Basic), not in the /api hook (Bearer only).
      config: { auth: 'public' },
      // A form the hot path read and did not answer (an inactive token, an uncached one, any other shape): its kept bytes.
      preParsing: replayKeptBody,
      attachValidation: true,
      schema: {
        operationId: 'introspectToken', tags: ['tokens'], summary: 'Token introspection (RFC 7662)', description: DESCRIPTION,
        security: [{ bearer: [] }, { basic: [] }],
        consumes: ['application/x-www-form-urlencoded'],
        body: IntrospectBody,
        response: { 200: ActiveReply, 400: OAuthProblem, 401: OAuthProblem, 403: OAuthProblem, 429: OAuthProblem },
      },
    }, async (request, reply) => {
      const ip = request.clientAddress;
      const wait = limiter.retryAfter(ip);
      if (wait > 0) {
        return oauthProblem(reply, request, { status: 429, slug: 'too-many-requests', title: 'Too many requests', detail: `Too many failed authentications or inactive tokens from this address; retry in ${wait} s`, error: 'slow_down', headers: { 'retry-after': String(wait) } });
      }
      // The client first.
      const credential = clientCredentialOf(request);
      const basic = 'scheme' in credential && credential.scheme === 'basic';
      const challenge = { 'www-authenticate': basic ? 'Basic realm="warden"' : 'Bearer realm="warden"' };
      if ('missing' in credential) {
        const e = unauthorized('missing');
        return oauthProblem(reply, request, { status: 401, slug: e.slug, title: e.title, detail: 'Authenticate with a service token holding tokens.introspect: Authorization: Bearer <token>, or Basic with the token as the password', error: 'invalid_client', headers: challenge });
      }
      if ('wrongScheme' in credential) {
        const e = wrongScheme(credential.wrongScheme);
        limiter.recordFailure(ip);
        return oauthProblem(reply, request, { status: 401, slug: e.slug, title: e.title, detail: `Send the service token as Bearer or as the Basic password (got the ${credential.wrongScheme} scheme)`, error: 'invalid_client', headers: challenge });
      }
      const client = await authenticateBearer(authDeps, credential.token, ip);
      if (typeof client === 'string' || 'wrongScheme' in client) {
        limiter.recordFailure(ip);
        const e = unauthorized((typeof client === 'string' ? client : 'malformed') as AuthFailure);
        return oauthProblem(reply, request, { status: 401, slug: e.slug, title: e.title, detail: `The client credential is refused: ${e.message}`, error: 'invalid_client', headers: challenge });
      }
      const refusal = clientRefusal(client);
      if (refusal) return oauthProblem(reply, request, { status: 403, slug: 'forbidden', title: 'Forbidden', detail: refusal, error: 'unauthorized_client' });
      if (request.validationError || typeof (request.body as { token?: unknown } | undefined)?.token !== 'string') {
        return oauthProblem(reply, request, { status: 400, slug: 'bad-request', title: 'Bad request', detail: 'Send the token form-encoded: token=<the token> (Content-Type: application/x-www-form-urlencoded)', error: 'invalid_request' });
      }
      const answer = await introspect(deps, (request.body as { token: string }).token, ip);
      if (answer === null) {
        limiter.recordFailure(ip);
        return reply.code(200).type('application/json; charset=utf-8').serializer((s: unknown) => s as string).send(INACTIVE);
      }
      return answer;
    });
  });
}
