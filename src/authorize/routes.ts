import { Type } from '../http/type.ts';
import { ACTION_CATALOG_TABLE } from '../http/openapi-description.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { invalidField } from '../http/errors.ts';
import { sendProblem, type ProblemSpec } from '../http/problem.ts';
import { replayKeptBody } from '../http/kept-body.ts';
import type { Decision } from '../access/model.ts';
import type { Principal } from '../access/principal.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UserRefParams, errors } from '../http/schemas.ts';
import { userIdFromRef } from '../users/service.ts';
import { ActionsReply, AuthorizeBody, AuthorizeReply, ForwardAuthQuery, PermissionsReply } from './schemas.ts';
import { actionCatalog, authorize, forwardDecision, permissionsOf, type AuthorizeResult, type Refusal } from './service.ts';

const FORWARD_AUTH_DESCRIPTION = `For reverse proxies: nginx \`auth_request\`, Traefik ForwardAuth, Envoy ext_authz (HTTP).
The proxy passes the original request's \`Authorization\` header (or the console session cookie).
Without \`action\` it only authenticates. With \`action\` (and \`datastore_id\` for datastore actions) it
also decides. The action and datastore may instead come as headers \`X-Warden-Action\` and
\`X-Warden-Datastore-Id\`, but only when the query does not name them at all: a query parameter that is
present decides, even when empty (empty means none; a datastore action then answers 422), so a client's
own header can never choose what is checked. A proxy that passes the action or datastore as headers
must overwrite them (never forward the client's). Any method is accepted and any body ignored, and
\`/api/forward-auth/<anything>\` answers like \`/api/forward-auth\` (for Envoy's \`path_prefix\`).

- **200**, no body, with \`X-Warden-User-Id\` (the \`user_id\`), \`X-Warden-User-Type\` (\`personal\`|\`service\`),
  \`X-Warden-Role\`, and for datastore decisions \`X-Warden-Level\` and \`X-Warden-Team-Id\` when a team grants a level.
  **\`X-Warden-User-Id\` is percent-encoded UTF-8** (RFC 3986): the bytes 0x21–0x7E (\`!\` to \`~\`) except
  \`%\` pass unchanged; every other byte (space, control characters, \`%\`, all of UTF-8 beyond ASCII) is
  written \`%XX\`, so any id (spaces, accents, CJK, emoji, line breaks) arrives intact and ASCII-safe. Upstreams decode it with
  \`decodeURIComponent\` (JavaScript), \`urllib.parse.unquote\` (Python) or \`url.PathUnescape\` (Go). The
  proxy must set these headers on the upstream request itself (overwriting whatever the client sent).
- **401** with \`WWW-Authenticate\` and \`X-Warden-Reason\` (\`missing\`, \`malformed\`, \`unknown\`, \`expired\`, \`revoked\`,
  \`owner_deactivated\`, \`session_expired\`, \`ip_not_allowed\`, \`wrong_scheme\`, \`api_tokens_disabled\`): no, malformed, unknown, expired or revoked
  credential, or deactivated owner.
- **403** with \`X-Warden-Reason\`: the action is denied. A datastore that does not exist or that the
  caller cannot see is a denial here too (proxies understand only 2xx, 401 and 403).
- 422: an unknown action, or a datastore action without a datastore (a proxy misconfiguration; nginx
  reports it as 500, so it is never silently allowed).`;

const ANY_METHOD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export function registerAuthorizeRoutes(api: ApiInstance, { db, cache, clock, metrics }: AppContext): void {
  api.post('/authorize', {
    schema: {
      operationId: 'authorize', tags: ['decisions'], summary: 'May this user take this action (on this datastore)?',
      description: 'Decides for the caller, or with `user_id` for another user (the caller needs users.read). Unknown action or a datastore action without `datastore_id`: 422. A datastore that does not exist, or that a member deciding for themselves reaches through no team: 404. The reply names the reason and, for datastore actions, the effective level and the team granting it. The action catalog:\n\n' + ACTION_CATALOG_TABLE,
      body: AuthorizeBody, response: { 200: AuthorizeReply, ...errors(401, 403, 404, 422) },
    },
    // A body the hot path (http/hot-path.ts) read but did not answer: parsed here from its bytes.
    preParsing: replayKeptBody,
  }, (request, reply) => {
    // From memory and synchronous when the caller's grants are cached; a datastore the caller
    // cannot see is a refusal value sent as its 404.
    const answer = authorize(db, contextOf(request), request.body, cache);
    if (answer instanceof Promise) return answer.then((a) => sendAuthorized(request, reply, a));
    sendAuthorized(request, reply, answer);
  });

  api.get('/actions', {
    schema: {
      operationId: 'listActions', tags: ['decisions'], summary: 'The action catalog',
      description: 'Every action `POST /api/authorize`, forward-auth and a narrowed token\'s `actions` accept, with what it needs: a role (platform actions) or a team level (datastore actions). Read from src/access/model.ts, the one table. Any signed-in caller.',
      response: { 200: ActionsReply, ...errors(401) },
    },
  }, () => ({ items: actionCatalog() }));

  api.get('/users/:id/permissions', {
    schema: {
      operationId: 'getUserPermissions', tags: ['decisions'], summary: 'Effective access of a user (users.read, or oneself)',
      description: 'The platform actions of the role, and for each datastore the user reaches through a team: the effective level, the team granting it, and the datastore actions allowed. An active Admin has `all_datastores: true` (admin bypass). Changes to roles and teams show on the next request.',
      params: UserRefParams, response: { 200: PermissionsReply, ...errors(401, 403, 404) },
    },
  }, async (request) => permissionsOf(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id)));

  // Its own scope so that any body, of any content type, is ignored rather than parsed.
  api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => {
      payload.resume();
      done(null, undefined);
    });
    // Documented once (GET); the other methods and the path suffix answer the same, undocumented.
    const variants = [
      { url: '/forward-auth', methods: ['GET'], hide: false },
      { url: '/forward-auth', methods: ANY_METHOD.filter((m) => m !== 'GET'), hide: true },
      { url: '/forward-auth/*', methods: [...ANY_METHOD], hide: true },
    ];
    for (const { url, methods, hide } of variants) {
      scope.route({
        method: methods,
        url,
        config: { forwardAuth: true },
        schema: {
          tags: ['decisions'], summary: 'Forward auth for reverse proxies', description: FORWARD_AUTH_DESCRIPTION,
          querystring: ForwardAuthQuery,
          response: { 200: Type.Null(), ...errors(401, 403, 422, 429) },
          ...(hide ? { hide: true } : { operationId: 'forwardAuth' }),
        },
        // Synchronous when the principal's grants are cached: no promise, and a denial is a 403
        // sent as it is, without an Error.
        handler: (request, reply) => {
          const principal = request.principal!;
          const query = request.query as { action?: string; datastore_id?: string };
          // A query parameter that is present decides, even when empty: never the client's header.
          const decision = forwardDecision(cache, principal, {
            action: query.action !== undefined ? present(query.action) : present(headerOf(request.headers['x-warden-action'])),
            datastore_id: query.datastore_id !== undefined
              ? datastoreIdOf('datastore_id', query.datastore_id)
              : datastoreIdOf('x-warden-datastore-id', headerOf(request.headers['x-warden-datastore-id'])),
          }, clock.now());
          if (decision instanceof Promise) return decision.then((d) => forwardAnswer(request, reply, principal, d));
          forwardAnswer(request, reply, principal, decision);
        },
      });
    }
  });

  function sendAuthorized(request: FastifyRequest, reply: FastifyReply, answer: AuthorizeResult | Refusal): void {
    if ('refusal' in answer) {
      metrics?.decision('authorize', false, 'not_found');
      sendProblem(reply, request.id, answer.refusal);
      return;
    }
    metrics?.decision('authorize', answer.allowed, answer.reason);
    reply.send(answer);
  }

  function forwardAnswer(request: FastifyRequest, reply: FastifyReply, principal: Principal, decision: Decision | null): void {
    if (decision) metrics?.decision('forward_auth', decision.allowed, decision.reason);
    if (decision && !decision.allowed) {
      sendProblem(reply, request.id, forwardDenial(decision));
      return;
    }
    reply.headers(forwardAllowHeaders(principal, decision));
    reply.status(200).send();
  }
}

/** A forward-auth denial's 403 (this route's and the hot path's, http/hot-path.ts). */
export function forwardDenial(decision: Decision): ProblemSpec {
  return { status: 403, slug: 'forbidden', title: 'Forbidden', detail: `Denied: ${decision.reason}`, headers: { 'x-warden-reason': decision.reason } };
}

/** The headers of a forward-auth 200, in their order (this route's and the hot path's). */
export function forwardAllowHeaders(principal: Principal, decision: Decision | null): Record<string, string> {
  const headers: Record<string, string> = { 'x-warden-user-id': headerSafe(principal.userId), 'x-warden-user-type': principal.type, 'x-warden-role': principal.role };
  if (decision?.level) headers['x-warden-level'] = decision.level;
  if (decision?.team) headers['x-warden-team-id'] = String(decision.team.id);
  return headers;
}

/**
 * A header value that carries any text losslessly in ASCII: the bytes 0x21–0x7E except `%` stay as
 * they are; every other byte of the UTF-8 (space and `%` included) is written `%XX`.
 */
export function headerSafe(text: string): string {
  return /^[\x21-\x24\x26-\x7e]*$/.test(text) ? text : Array.from(Buffer.from(text, 'utf8'), (b) => (b >= 0x21 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Empty means absent: proxies fill these from variables that may be empty. */
function present(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

function datastoreIdOf(field: string, value: string | undefined): number | undefined {
  const text = present(value);
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw invalidField(field, 'must be a datastore id (a positive integer)');
  return Number(text);
}
