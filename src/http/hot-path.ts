// The hot path: a cached `GET /api/forward-auth?action=…&datastore_id=…` answered in front of
// Fastify (issue 24). A reverse proxy asks this for every request it passes, so the routing, the
// hook chain and the reply machinery of Fastify (about half of what such an answer cost) are
// skipped when, and only when, everything the answer needs is in memory.
//
// It decides nothing of its own: the token is verified by authenticateBearer and the decision
// made by forwardDecision, the functions the route itself calls, and the answer's headers and
// 403 come from the route's own forwardAllowHeaders and forwardDenial. What Fastify's hooks add
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

/** The one query shape answered here (what proxies send); any other goes to Fastify, which validates it. */
const FORWARD_AUTH = /^\/api\/forward-auth\?action=([a-z][a-z_.]{0,99})&datastore_id=([1-9]\d{0,9})$/;
const ROUTE = '/api/forward-auth';

export interface HotPathDeps {
  auth: AuthDeps;
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
  const { auth, clock, metrics } = deps;
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url;
    if (url === undefined || url.length > 200 || !url.startsWith('/api/forward-auth?')) return false;
    const m = FORWARD_AUTH.exec(url);
    if (m === null || !isActionName(m[1])) return false;
    const datastoreId = Number(m[2]);
    if (datastoreId > 2_147_483_647) return false;
    const headers = req.headers;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
    const authorization = headers.authorization;
    // The common shape only (auth.ts bearerTokenOf's first case).
    if (authorization === undefined || authorization.length <= 7 || !authorization.startsWith('Bearer ') || authorization.indexOf(' ', 7) !== -1 || authorization.charCodeAt(7) <= 32) return false;
    if (deps.closing() || auth.apiTokens === false) return false;
    const token = authorization.slice(7);
    if (!auth.cache.holds(hashToken(token), datastoreId)) return false;
    const started = performance.now();
    const ip = deps.clientAddress(req);
    // From here the answer is the route's: every lookup below is a cache hit, so all is synchronous.
    const principal = authenticateBearer(auth, token, ip);
    if (principal instanceof Promise || typeof principal === 'string' || 'wrongScheme' in principal) return false; // a refusal: Fastify answers it (and counts it)
    if (principal.credential.kind === 'token' && principal.credential.scope === 'scim') return false; // 403 SCIM-only
    const decision = forwardDecision(auth.cache, principal, { action: m[1], datastore_id: datastoreId }, clock.now());
    if (decision instanceof Promise || decision === null) return false; // not reached: everything was cached
    const id = deps.requestId(req);
    metrics?.authentication('ok');
    metrics?.decision('forward_auth', decision.allowed, decision.reason);
    let status: number;
    if (decision.allowed) {
      status = 200;
      res.writeHead(200, { 'x-request-id': id, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...forwardAllowHeaders(principal, decision), 'content-length': '0' });
      res.end();
    } else {
      const p = forwardDenial(decision);
      status = p.status;
      let body = JSON.stringify({ type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, request_id: id });
      if (TOKEN_SHAPED.test(body)) body = redactTokens(body); // app.ts's onSend rule for refusals
      res.writeHead(status, { 'x-request-id': id, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...p.headers, 'content-type': 'application/problem+json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    }
    deps.answered();
    const ms = performance.now() - started;
    deps.accessLog?.write(accessLine({ id, method: 'GET', url, clientAddress: ip, statusCode: status, responseTime: ms, user: principal.id }));
    metrics?.observeRequest(ROUTE, 'GET', status, ms / 1000);
    return true;
  };
}
