// The hot path: a cached `GET /api/forward-auth?action=…&datastore_id=…`, `GET /api/users/me`,
// `POST /api/authorize` and token introspection (`POST /api/oauth/introspect`, an active token)
// answered in front of Fastify (issue 24). A reverse proxy asks forward-auth for every request it
// passes, so the routing, the hook chain and the reply machinery of Fastify (about half of what
// such an answer cost) are skipped when, and only when, everything the answer needs is in memory.
//
// It decides nothing of its own: the token is verified by authenticateBearer and the decision
// made by forwardDecision and authorize, the functions the routes themselves call; forward-auth's
// headers and 403 come from the route's own forwardAllowHeaders and forwardDenial, /users/me's body
// is the route's cached, serialised view (UserViewCache get and bodyOf, as the route calls them),
// authorize's body is serialised by the compiler and schema Fastify uses for the route. What Fastify's hooks add
// (request id, security headers, the access line, the request metrics) is added here the same
// way; test/hot-path.test.ts compares the raw answers of both paths, headers included.
//
// Anything else falls through to Fastify untouched: another path, method or query shape, a body
// (but authorize's), a refused or uncached credential, an uncached owner or datastore, a SCIM-only
// token, a cache that is not trusted, a closing server.
//
// On SQLite every cache fill is a synchronous read, so forward-auth and authorize also answer a
// first sight here (a token, owner or datastore not cached is read by the very calls the route
// makes). The token is then verified here in every case; when Fastify answers after all (a refusal,
// a SCIM-only token, a body it must parse), the outcome is kept on the request (auth.ts
// keepOutcome) and the auth hook settles it instead of verifying again: one lookup per request,
// counted once, as without the hot path.
//
// POST /api/authorize has a body, and a request stream cannot be read twice. Only the one shape
// clients send is read here (`Content-Type: application/json` exactly, a Content-Length of at most
// 4 KB, no Transfer-Encoding, a cached bearer token); any other goes to Fastify unread. A body that
// was read and cannot be answered here (not JSON, any doubt about its validity, a decision for
// another user, anything uncached) goes to Fastify with its bytes kept on the request (kept-body.ts):
// the route's preParsing hook hands them to Fastify's parser, which reads, limits, parses, validates
// and answers them as if from the socket, so every 4xx stays Fastify's.
//
// POST /api/oauth/introspect the same way: only `Content-Type: application/x-www-form-urlencoded`
// exactly, at most 4 KB, a cached Bearer client that may introspect, an address under its failure
// limit are read; only `token=<token>` (and `&token_type_hint=…`) in plain characters, naming a token
// whose owner and user view are cached and that is active, is answered here, by the route's own
// introspect() and its 200 schema's serializer. Every other answer (inactive, 400, 401, 403, 429)
// and every other form is Fastify's, from the kept bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthDeps } from './auth.ts';
import { authenticateBearer, keepOutcome, type BearerOutcome } from './auth.ts';
import { hashToken } from '../tokens/format.ts';
import { authorize, forwardDecision, type AuthorizeInput } from '../authorize/service.ts';
import { forwardAllowHeaders, forwardDenial } from '../authorize/routes.ts';
import { AuthorizeReply } from '../authorize/schemas.ts';
import { ACTIONS, isActionName, type ActionName } from '../access/model.ts';
import { MAX_ID } from './schemas.ts';
import { PROBLEM_BASE, type ProblemSpec } from './problem.ts';
import { parseJsonBody } from './json-body.ts';
import { keepBody } from './kept-body.ts';
import { responseSerializer } from './validator.ts';
import { TOKEN_SHAPED, accessLine, redactTokens } from './logging.ts';
import type { WardenMetrics } from '../metrics/metrics.ts';
import type { Clock } from '../scheduler/clock.ts';
import type { UserViewCache } from '../cache/user-views.ts';
import type { Principal } from '../access/principal.ts';
import { clientRefusal, heldClientMayIntrospect, introspect } from '../introspection/service.ts';
import { ActiveReply } from '../introspection/routes.ts';
import { User } from '../users/schemas.ts';
import { getUserView } from '../users/service.ts';

/** The one query shape answered here (what proxies send); any other goes to Fastify, which validates it. */
const FORWARD_AUTH = /^\/api\/forward-auth\?action=([a-z][a-z_.]{0,99})&datastore_id=([1-9]\d{0,9})$/;
const FORWARD_AUTH_ROUTE = '/api/forward-auth';
const USERS_ME_ROUTE = '/api/users/me';
const AUTHORIZE_ROUTE = '/api/authorize';
const INTROSPECT_ROUTE = '/api/oauth/introspect';
/** The one form answered here: the token (and its ignored hint) in characters no form encoding changes. */
const INTROSPECT_FORM = /^token=([A-Za-z0-9_]{1,200})(?:&token_type_hint=[A-Za-z0-9_]{1,100})?$/;
/** The bodies read here: a Content-Length of 1 to 4096 bytes (larger ones are Fastify's, 413 included). */
const SMALL_BODY = /^[1-9]\d{0,3}$/;
const MAX_BODY = 4096;

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
  /** Counts the bodies read here and handed to Fastify unanswered (tests prove the replay was taken). */
  handedOn(): void;
  /** An unexpected error after a body was read (the request then goes to Fastify, or is ended if its answer had begun). */
  failed(err: unknown): void;
}

/** Fastify's request handler: where a request the hot path does not answer goes. */
export type Fallback = (req: IncomingMessage, res: ServerResponse) => void;

/** A verified principal this path may answer for: not a refusal, not one still being read, not a SCIM-only token (its 403 is Fastify's). */
function answersHere(outcome: BearerOutcome | Promise<BearerOutcome>): outcome is Principal {
  return !(outcome instanceof Promise) && typeof outcome !== 'string' && !('wrongScheme' in outcome) && !(outcome.credential.kind === 'token' && outcome.credential.scope === 'scim');
}

/**
 * A request listener step: false when Fastify must answer (the request untouched); true when the
 * hot path took the request: it answered, or (authorize) reads the body and then answers or hands
 * the request to `fastify` itself.
 */
export function hotPath(deps: HotPathDeps): (req: IncomingMessage, res: ServerResponse, fastify: Fallback) => boolean {
  const { auth, clock, metrics, userViews } = deps;
  /** SQLite: every cache fill is a synchronous read (on a connection of its own), so a first sight is answered here too. */
  const readsSync = auth.db.sqlite !== undefined;

  /** The token of a request without a body (a body: Fastify reads it). */
  const tokenOf = (req: IncomingMessage): string | undefined => {
    const headers = req.headers;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
    return bearerOf(req);
  };

  /** The token of `Authorization: Bearer <token>` in its common shape only (auth.ts bearerTokenOf's first case). */
  const bearerOf = (req: IncomingMessage): string | undefined => {
    const authorization = req.headers.authorization;
    if (authorization === undefined || authorization.length <= 7 || !authorization.startsWith('Bearer ') || authorization.indexOf(' ', 7) !== -1 || authorization.charCodeAt(7) <= 32) return undefined;
    if (deps.closing() || auth.apiTokens === false) return undefined;
    return authorization.slice(7);
  };

  /** The principal of a token whose owner is cached, as the auth hook settles it; undefined for anything the hook would refuse. */
  const principalOf = (token: string, hash: string, ip: string): Principal | undefined => {
    const principal = authenticateBearer(auth, token, ip, hash);
    if (principal instanceof Promise || typeof principal === 'string' || 'wrongScheme' in principal) return undefined; // a refusal: Fastify answers it (and counts it)
    if (principal.credential.kind === 'token' && principal.credential.scope === 'scim') return undefined; // 403 SCIM-only
    return principal;
  };

  const finish = (req: IncomingMessage, id: string, ip: string, route: string, status: number, started: number, user: number | undefined) => {
    deps.answered();
    const ms = performance.now() - started;
    const method = req.method!;
    deps.accessLog?.write(accessLine({ id, method, url: req.url!, clientAddress: ip, statusCode: status, responseTime: ms, user }));
    metrics?.observeRequest(route, method, status, ms / 1000);
  };

  /** A problem+json refusal as sendProblem and the route's Problem serializer write it, with app.ts's onSend redaction. */
  const sendProblemHere = (res: ServerResponse, id: string, p: ProblemSpec) => {
    let body = JSON.stringify({ type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, request_id: id });
    if (TOKEN_SHAPED.test(body)) body = redactTokens(body); // app.ts's onSend rule for refusals
    res.writeHead(p.status, { 'x-request-id': id, ...SECURITY, ...p.headers, 'content-type': 'application/problem+json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  /** GET /api/forward-auth?action=…&datastore_id=… (authorize/routes.ts). */
  const forwardAuth = (req: IncomingMessage, res: ServerResponse, url: string): boolean => {
    const m = FORWARD_AUTH.exec(url);
    if (m === null || !isActionName(m[1])) return false;
    const datastoreId = Number(m[2]);
    if (datastoreId > 2_147_483_647) return false;
    const token = tokenOf(req);
    if (token === undefined) return false;
    const hash = hashToken(token);
    // On SQLite every read is synchronous: a token, owner or datastore not cached is read here, as the
    // route would read it. On PostgreSQL only what is all cached is answered here.
    if (!readsSync && auth.cache.holds(hash, datastoreId, clock.now()) === undefined) return false;
    const started = performance.now();
    const ip = deps.clientAddress(req);
    // From here the answer is the route's, synchronously: every lookup below is a cache hit or (SQLite) a read.
    const outcome = authenticateBearer(auth, token, ip, hash);
    if (!answersHere(outcome)) {
      keepOutcome(req, token, outcome); // a refusal (or a SCIM-only token's 403): Fastify answers it from this outcome, looked up once
      return false;
    }
    const principal = outcome;
    const decision = forwardDecision(auth.cache, principal, { action: m[1], datastore_id: datastoreId }, clock.now());
    if (decision instanceof Promise || decision === null) {
      // not reached: everything was cached, or read synchronously
      if (decision instanceof Promise) decision.catch(() => undefined);
      return false;
    }
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
      sendProblemHere(res, id, p);
    }
    finish(req, id, ip, FORWARD_AUTH_ROUTE, status, started, principal.id);
    return true;
  };

  /** GET /api/users/me (users/routes.ts): the cached view's serialised body. */
  const usersMe = (req: IncomingMessage, res: ServerResponse, fastify: Fallback): boolean => {
    const token = tokenOf(req);
    if (token === undefined) return false;
    const hash = hashToken(token);
    if (readsSync) return usersMeRead(req, res, fastify, token, hash);
    const owner = auth.cache.holds(hash, undefined, clock.now());
    if (owner === undefined || !userViews.ready(owner.id, clock.now())) return false;
    const started = performance.now();
    const ip = deps.clientAddress(req);
    const principal = principalOf(token, hash, ip);
    if (principal === undefined) return false;
    const view = userViews.get(principal.id, clock.now(), NEVER);
    if (view instanceof Promise) return false; // not reached: the view was ready
    sendView(req, res, deps.requestId(req), ip, started, principal, userViews.bodyOf(principal.id, view, UNREACHED));
    return true;
  };

  const sendView = (req: IncomingMessage, res: ServerResponse, id: string, ip: string, started: number, principal: Principal, body: string) => {
    metrics?.authentication('ok');
    sendJson(res, id, body);
    finish(req, id, ip, USERS_ME_ROUTE, 200, started, principal.id);
  };

  /** The route's serializer of its 200 (users/routes.ts: response 200 User). */
  const userBody = responseSerializer(User);

  /**
   * SQLite: /users/me as the route answers it, the token verified and its owner read here when not
   * cached, the view read when not cached (the route's own call: userViews.get with getUserView)
   * and serialised by the route's serializer. A refusal, or a view whose read failed (or that came
   * while the server began closing), is Fastify's, from the kept outcome.
   */
  const usersMeRead = (req: IncomingMessage, res: ServerResponse, fastify: Fallback, token: string, hash: string): boolean => {
    const started = performance.now();
    const ip = deps.clientAddress(req);
    const outcome = authenticateBearer(auth, token, ip, hash);
    keepOutcome(req, token, outcome);
    if (!answersHere(outcome)) return false;
    const principal = outcome;
    const now = clock.now();
    const id = deps.requestId(req);
    const view = userViews.get(principal.id, now, () => getUserView(auth.db, { actor: principal, requestId: id, ip, now }, principal.id));
    if (!(view instanceof Promise)) {
      sendView(req, res, id, ip, started, principal, userViews.bodyOf(principal.id, view, userBody));
      return true;
    }
    view.then(
      (v) => {
        if (deps.closing()) return fastify(req, res);
        sendView(req, res, id, ip, started, principal, userBody(v)); // the route sends a view it just read as Fastify serialises it
      },
      () => fastify(req, res), // the route reads it again and answers its error
    ).catch((err: unknown) => {
      deps.failed(err);
      if (!res.headersSent) fastify(req, res);
      else res.destroy();
    });
    return true;
  };

  /** The route's serializer of its 200 (authorize/routes.ts: response 200 AuthorizeReply). */
  const authorizeReplyBody = responseSerializer(AuthorizeReply);

  /**
   * POST /api/authorize (authorize/routes.ts) in the shape clients send: true when the request was
   * taken (read, then answered or handed to `fastify`), false when it goes to Fastify unread.
   */
  const authorizeRoute = (req: IncomingMessage, res: ServerResponse, fastify: Fallback): boolean =>
    // an unknown, uncached (PostgreSQL) or refused token: Fastify, unread
    takeBody(req, res, fastify, 'application/json', (hash, token, ip) => (readsSync ? verifiedHere(req, token, hash, ip) : auth.cache.holds(hash, undefined, clock.now()) !== undefined), authorizeBody);

  /**
   * SQLite: verifies the token as the auth hook would, before the body is read (reading what is not
   * cached), and keeps the outcome for the hook in case Fastify answers after all: the principal when
   * it verified and is not SCIM-only, false otherwise.
   */
  const verifiedHere = (req: IncomingMessage, token: string, hash: string, ip: string): Principal | false => {
    const outcome = authenticateBearer(auth, token, ip, hash);
    keepOutcome(req, token, outcome);
    return answersHere(outcome) ? outcome : false;
  };

  /**
   * What a route answered here does with the body it read: true when it answered, false: Fastify
   * answers it. `ip` is the client address (taken once per request), `verified` the principal that
   * `mayTake` verified before the body was read (SQLite's authorize), if any.
   */
  type BodyAnswer = (req: IncomingMessage, res: ServerResponse, token: string, hash: string, ip: string, verified: Principal | undefined, bytes: Buffer, started: number) => boolean;

  /**
   * A POST in the shape clients send (`contentType` exactly, a Content-Length of 1 to 4096, no
   * Transfer-Encoding, a Bearer token that `mayTake` accepts, true or the principal it verified): true
   * when it was taken (read, then answered by `answer` or handed to `fastify` with its bytes kept),
   * false when it goes to Fastify unread.
   */
  const takeBody = (req: IncomingMessage, res: ServerResponse, fastify: Fallback, contentType: string, mayTake: (hash: string, token: string, ip: string) => boolean | Principal, answer: BodyAnswer): boolean => {
    const headers = req.headers;
    const length = headers['content-length'];
    if (headers['content-type'] !== contentType || headers['transfer-encoding'] !== undefined || length === undefined || !SMALL_BODY.test(length)) return false;
    if (Number(length) > MAX_BODY) return false;
    const token = bearerOf(req);
    if (token === undefined) return false;
    const hash = hashToken(token);
    const ip = deps.clientAddress(req);
    const taken = mayTake(hash, token, ip);
    if (taken === false) return false;
    const verified = taken === true ? undefined : taken;
    const started = performance.now();
    readBody(req, (bytes, error) => {
      try {
        if (error === null && answer(req, res, token, hash, ip, verified, bytes, started)) return;
      } catch (err) {
        deps.failed(err); // not expected: everything it touches is in memory
        if (res.headersSent) return void res.destroy();
      }
      keepBody(req, bytes, error);
      deps.handedOn();
      fastify(req, res);
    });
    return true;
  };

  /** Answers a read authorize body when its answer is certain and all it needs is cached; false: Fastify answers it. */
  const authorizeBody = (req: IncomingMessage, res: ServerResponse, token: string, hash: string, ip: string, verified: Principal | undefined, bytes: Buffer, started: number): boolean => {
    if (deps.closing()) return false;
    let body: unknown;
    try {
      body = parseJsonBody(bytes.toString('utf8'));
    } catch {
      return false; // 400 (or 422 for a NUL), Fastify's
    }
    if (!certainlyValidAuthorizeBody(body)) return false;
    const datastoreAction = ACTIONS[body.action].kind === 'datastore';
    if (datastoreAction && body.datastore_id === undefined) return false; // 422, Fastify's
    // SQLite: verified before the body was read (verifiedHere), and what the decision needs is read
    // here if not cached. PostgreSQL: the token, its owner and (for a datastore action) the
    // datastore, all cached. The caller's own decision only.
    let principal = verified;
    if (principal === undefined) {
      const owner = auth.cache.holds(hash, datastoreAction ? body.datastore_id : undefined, clock.now());
      if (owner === undefined) return false;
      if (body.user_id !== undefined && body.user_id !== owner.id && body.user_id !== owner.userId) return false; // another user: read from the database
      principal = principalOf(token, hash, ip);
      if (principal === undefined) return false;
    } else if (body.user_id !== undefined && body.user_id !== principal.id && body.user_id !== principal.userId) return false;
    const id = deps.requestId(req);
    // The route's call (contextOf: the actor, the request id, the address, the clock's time).
    const answer = authorize(auth.db, { actor: principal, requestId: id, ip, now: clock.now() }, body, auth.cache);
    if (answer instanceof Promise) {
      answer.catch(() => undefined); // not reached (the grants were cached); Fastify decides again
      return false;
    }
    metrics?.authentication('ok');
    let status: number;
    if ('refusal' in answer) {
      metrics?.decision('authorize', false, 'not_found');
      status = answer.refusal.status;
      sendProblemHere(res, id, answer.refusal);
    } else {
      metrics?.decision('authorize', answer.allowed, answer.reason);
      status = 200;
      sendJson(res, id, authorizeReplyBody(answer));
    }
    finish(req, id, ip, AUTHORIZE_ROUTE, status, started, principal.id);
    return true;
  };

  /** The route's serializer of its 200 (introspection/routes.ts: response 200 ActiveReply). */
  const introspectReplyBody = responseSerializer(ActiveReply);
  const introspectDeps = { ...auth, userViews };

  /** Whether the client token is cached and may introspect (clientRefusal's verdict, nothing counted). */
  const mayIntrospect = (hash: string): boolean => {
    const now = clock.now();
    const held = auth.cache.heldToken(hash, now);
    return held !== undefined && heldClientMayIntrospect(held.token, held.owner, now);
  };

  /**
   * POST /api/oauth/introspect (introspection/routes.ts) in the shape gateways send: true when the
   * request was taken (read, then answered or handed to `fastify`), false when it goes to Fastify unread.
   */
  const introspectRoute = (req: IncomingMessage, res: ServerResponse, fastify: Fallback): boolean =>
    // 401, 403, 429: Fastify, unread
    takeBody(req, res, fastify, 'application/x-www-form-urlencoded', (hash, _token, ip) => mayIntrospect(hash) && auth.limiter.retryAfter(ip) <= 0, introspectBody);

  /** Answers a read introspection form when the token is active and all it needs is cached; false: Fastify answers it. */
  const introspectBody = (req: IncomingMessage, res: ServerResponse, token: string, hash: string, ip: string, _verified: Principal | undefined, bytes: Buffer, started: number): boolean => {
    if (deps.closing()) return false;
    const m = INTROSPECT_FORM.exec(bytes.toString('latin1'));
    if (m === null) return false; // another form: Fastify parses it (400, or its answer)
    if (auth.limiter.retryAfter(ip) > 0 || !mayIntrospect(hash)) return false; // changed while the body came
    // The introspected token active and its owner's view cached; otherwise (inactive: a failure counted) Fastify answers.
    const now = clock.now();
    const introspectedHash = hashToken(m[1]);
    const owner = auth.cache.holds(introspectedHash, undefined, now);
    if (owner === undefined || !userViews.holds(owner.id, now)) return false;
    // The route's steps: the client, its refusal, then introspect().
    const client = principalOf(token, hash, ip);
    if (client === undefined || clientRefusal(client) !== null) return false; // not reached (mayIntrospect)
    const answer = introspect(introspectDeps, m[1], ip, introspectedHash);
    if (answer === null) return false; // not reached (held: active)
    if (answer instanceof Promise) {
      answer.catch(() => undefined); // not reached (everything was cached); Fastify introspects again
      return false;
    }
    const id = deps.requestId(req);
    sendJson(res, id, introspectReplyBody(answer));
    finish(req, id, ip, INTROSPECT_ROUTE, 200, started, undefined); // a public route: no user on its access line
    return true;
  };

  return (req, res, fastify) => {
    const url = req.url;
    if (url === undefined) return false;
    if (req.method === 'POST') return url === AUTHORIZE_ROUTE ? authorizeRoute(req, res, fastify) : url === INTROSPECT_ROUTE && introspectRoute(req, res, fastify);
    if (req.method !== 'GET') return false;
    if (url === USERS_ME_ROUTE) return usersMe(req, res, fastify);
    if (url.length > 200 || !url.startsWith('/api/forward-auth?')) return false;
    return forwardAuth(req, res, url);
  };
}

/**
 * Whether a parsed body is certainly valid by the route's schema (authorize/schemas.ts
 * AuthorizeBody: additionalProperties false; action one of the catalog; datastore_id an Id;
 * user_id an Id or a string of 1 to 300 characters). It may refuse a valid body (Fastify then
 * answers it), never accept an invalid one: a string's length is counted in UTF-16 units, never
 * fewer than the code points Ajv counts. test/hot-path.test.ts checks it against the route's
 * compiled schema.
 */
export function certainlyValidAuthorizeBody(body: unknown): body is AuthorizeInput & { action: ActionName } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  if (keys.length > 3 || Object.getPrototypeOf(body) !== Object.prototype) return false;
  let action = false;
  for (const key of keys) {
    const value = (body as Record<string, unknown>)[key];
    if (key === 'action') {
      if (typeof value !== 'string' || !isActionName(value)) return false;
      action = true;
    } else if (key === 'datastore_id') {
      if (!isId(value)) return false;
    } else if (key === 'user_id') {
      if (!isId(value) && !(typeof value === 'string' && value.length >= 1 && value.length <= 300)) return false;
    } else {
      return false;
    }
  }
  return action;
}

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ID;

/**
 * Reads a request's body (its Content-Length: the HTTP parser delivers no more), then calls `then`
 * once: with the bytes, and the error if the stream failed (a client gone mid-body).
 */
function readBody(req: IncomingMessage, then: (bytes: Buffer, error: Error | null) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let ended = false;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  };
  const settle = (error: Error | null) => {
    if (ended) return;
    ended = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
    then(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received), error);
  };
  const onEnd = () => settle(null);
  const onError = (err: Error) => settle(err);
  const onClose = () => settle(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })); // closed before its end
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('close', onClose);
}

/** What app.ts's onRequest hook sets on every /api answer, after the request id. */
const SECURITY = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;

/**
 * A 200 with a JSON body, its headers as Fastify writes them (the request id, SECURITY, the type, the
 * length), given to writeHead as a flat list: the same header lines in the same order, without an
 * object built (and spread) per answer.
 */
function sendJson(res: ServerResponse, id: string, json: string): void {
  res.writeHead(200, ['x-request-id', id, 'x-content-type-options', SECURITY['x-content-type-options'], 'cache-control', SECURITY['cache-control'], 'content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(json))]);
  res.end(json);
}
/** The view's loader and serialiser, never called: the hot path answers only views that are cached and serialised. */
const NEVER = () => new Promise<never>(() => {});
const UNREACHED = (): string => {
  throw new Error('the hot path answers only serialised views');
};
