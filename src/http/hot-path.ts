// The hot path: a cached `GET /api/forward-auth?action=…&datastore_id=…` and `GET /api/users/me`
// answered in front of Fastify (issue 24). A reverse proxy asks forward-auth for every request it
// passes, so the routing, the hook chain and the reply machinery of Fastify (about half of what
// such an answer cost) are skipped when, and only when, everything the answer needs is in memory.
//
// It decides nothing of its own: the token is verified by authenticateBearer and the decision
// made by forwardDecision, the functions the routes themselves call; forward-auth's headers and
// 403 come from the route's own forwardAllowHeaders and forwardDenial, /users/me's body is the
// route's cached, serialised view (UserViewCache get and bodyOf, as the route calls them). What Fastify's hooks add
// (request id, security headers, the access line, the request metrics) is added here the same
// way; test/hot-path.test.ts compares the raw answers of both paths, headers included.
//
// Anything else falls through to Fastify untouched: another path, method or query shape, a body,
// a refused or uncached credential, an uncached owner or datastore, a SCIM-only token, a cache
// that is not trusted, a closing server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthDeps } from './auth.ts';
import { authenticateBearer } from './auth.ts';
import { hashToken } from '../tokens/format.ts';
import { isActionName } from '../access/model.ts';
import { forwardDecision } from '../authorize/service.ts';
import { forwardAllowHeaders, forwardDenial } from '../authorize/routes.ts';
import { PROBLEM_BASE } from './problem.ts';
import { TOKEN_SHAPED, accessLine, redactTokens } from './logging.ts';
import type { WardenMetrics } from '../metrics/metrics.ts';
import type { Clock } from '../scheduler/clock.ts';
import type { UserViewCache } from '../cache/user-views.ts';
import type { Principal } from '../access/principal.ts';

/** The one query shape answered here (what proxies send); any other goes to Fastify, which validates it. */
const FORWARD_AUTH = /^\/api\/forward-auth\?action=([a-z][a-z_.]{0,99})&datastore_id=([1-9]\d{0,9})$/;
const FORWARD_AUTH_ROUTE = '/api/forward-auth';
const USERS_ME_ROUTE = '/api/users/me';

export interface HotPathDeps {
  auth: AuthDeps;
  userViews: UserViewCache;
  clock: Clock;
  metrics: WardenMetrics | null;
  /** The request id Fastify would give this request (app.ts genReqId). */
  requestId(req: IncomingMessage): string;
  /** The client address by Warden's rule (client-address.ts). */
  clientAddress(req: IncomingMessage): string;
  /** Where the access line goes, or null when it is not written (log level above info). */
  accessLog: { write(line: string): unknown } | null;
  /** True once the server is closing: Fastify then answers (503, or Connection: close). */
  closing(): boolean;
  /** Counts the answers given here (tests prove the path was taken). */
  answered(): void;
}

/** A request listener step: true when it answered the request, false when Fastify must. */
export function hotPath(deps: HotPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { auth, clock, metrics, userViews } = deps;

  /** The token of `Authorization: Bearer <token>` in its common shape only (auth.ts bearerTokenOf's first case). */
  const tokenOf = (req: IncomingMessage): string | undefined => {
    const headers = req.headers;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined; // a body: Fastify reads it
    const authorization = headers.authorization;
    if (authorization === undefined || authorization.length <= 7 || !authorization.startsWith('Bearer ') || authorization.indexOf(' ', 7) !== -1 || authorization.charCodeAt(7) <= 32) return undefined;
    if (deps.closing() || auth.apiTokens === false) return undefined;
    return authorization.slice(7);
  };

  /** The principal of a token whose owner is cached, as the auth hook settles it; undefined for anything the hook would refuse. */
  const principalOf = (token: string, ip: string): Principal | undefined => {
    const principal = authenticateBearer(auth, token, ip);
    if (principal instanceof Promise || typeof principal === 'string' || 'wrongScheme' in principal) return undefined; // a refusal: Fastify answers it (and counts it)
    if (principal.credential.kind === 'token' && principal.credential.scope === 'scim') return undefined; // 403 SCIM-only
    return principal;
  };

  const finish = (req: IncomingMessage, id: string, ip: string, route: string, status: number, started: number, user: number) => {
    deps.answered();
    const ms = performance.now() - started;
    deps.accessLog?.write(accessLine({ id, method: 'GET', url: req.url!, clientAddress: ip, statusCode: status, responseTime: ms, user }));
    metrics?.observeRequest(route, 'GET', status, ms / 1000);
  };

  /** GET /api/forward-auth?action=…&datastore_id=… (authorize/routes.ts). */
  const forwardAuth = (req: IncomingMessage, res: ServerResponse, url: string): boolean => {
    const m = FORWARD_AUTH.exec(url);
    if (m === null || !isActionName(m[1])) return false;
    const datastoreId = Number(m[2]);
    if (datastoreId > 2_147_483_647) return false;
    const token = tokenOf(req);
    if (token === undefined || auth.cache.holds(hashToken(token), datastoreId) === undefined) return false;
    const started = performance.now();
    const ip = deps.clientAddress(req);
    // From here the answer is the route's: every lookup below is a cache hit, so all is synchronous.
    const principal = principalOf(token, ip);
    if (principal === undefined) return false;
    const decision = forwardDecision(auth.cache, principal, { action: m[1], datastore_id: datastoreId }, clock.now());
    if (decision instanceof Promise || decision === null) return false; // not reached: everything was cached
    const id = deps.requestId(req);
    metrics?.authentication('ok');
    metrics?.decision('forward_auth', decision.allowed, decision.reason);
    let status: number;
    if (decision.allowed) {
      status = 200;
      res.writeHead(200, { 'x-request-id': id, ...SECURITY, ...forwardAllowHeaders(principal, decision), 'content-length': '0' });
      res.end();
    } else {
      const p = forwardDenial(decision);
      status = p.status;
      let body = JSON.stringify({ type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, request_id: id });
      if (TOKEN_SHAPED.test(body)) body = redactTokens(body); // app.ts's onSend rule for refusals
      res.writeHead(status, { 'x-request-id': id, ...SECURITY, ...p.headers, 'content-type': 'application/problem+json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    }
    finish(req, id, ip, FORWARD_AUTH_ROUTE, status, started, principal.id);
    return true;
  };

  /** GET /api/users/me (users/routes.ts): the cached view's serialised body. */
  const usersMe = (req: IncomingMessage, res: ServerResponse): boolean => {
    const token = tokenOf(req);
    if (token === undefined) return false;
    const owner = auth.cache.holds(hashToken(token), undefined);
    if (owner === undefined || !userViews.ready(owner, clock.now())) return false;
    const started = performance.now();
    const ip = deps.clientAddress(req);
    const principal = principalOf(token, ip);
    if (principal === undefined) return false;
    const view = userViews.get(principal.id, clock.now(), NEVER);
    if (view instanceof Promise) return false; // not reached: the view was ready
    const body = userViews.bodyOf(principal.id, view, UNREACHED);
    const id = deps.requestId(req);
    metrics?.authentication('ok');
    res.writeHead(200, { 'x-request-id': id, ...SECURITY, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
    finish(req, id, ip, USERS_ME_ROUTE, 200, started, principal.id);
    return true;
  };

  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url;
    if (url === undefined) return false;
    if (url === USERS_ME_ROUTE) return usersMe(req, res);
    if (url.length > 200 || !url.startsWith('/api/forward-auth?')) return false;
    return forwardAuth(req, res, url);
  };
}

/** What app.ts's onRequest hook sets on every /api answer, after the request id. */
const SECURITY = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;
/** The view's loader and serialiser, never called: the hot path answers only views that are cached and serialised. */
const NEVER = () => new Promise<never>(() => {});
const UNREACHED = (): string => {
  throw new Error('the hot path answers only serialised views');
};
