// Authentication: a bearer token, or a console session (registered by the SSO feature).
// Routes say what they need with `config: { auth: 'public' | 'optional' }` (default: required).
//
// The bearer path is the hot path of every request: it hashes the token and, when the token and
// its owner are cached (src/cache), decides synchronously, with no database work, no promise and
// no Error (a refusal is a reason string until it becomes the 401 reply). A cache miss reads the
// database (synchronously on SQLite, through the pool on PostgreSQL) and continues the same way.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Db } from '../db/connection.ts';
import type { ActionContext, Principal } from '../access/principal.ts';
import { forbidden, tooManyRequests, unauthorized, wrongScheme, type AppError, type AuthFailure } from './errors.ts';
import { hashToken, isWellFormed } from '../tokens/format.ts';
import type { LastUsedRecorder } from '../tokens/last-used.ts';
import type { IpRefusalAudit } from '../tokens/ip-refusals.ts';
import { ipInNetworks } from '../tokens/cidr.ts';
import type { AuthFailureLimiter } from './rate-limit.ts';
import { effectiveRole } from '../access/elevation.ts';
import { systemClock, type Clock } from '../scheduler/clock.ts';
import type { AccessCache, TokenEntry, UserEntry } from '../cache/access-cache.ts';
import type { WardenMetrics } from '../metrics/metrics.ts';
import { sendProblem, type ProblemSpec } from './problem.ts';

export type AuthMode = 'required' | 'optional' | 'public';

/** Resolves a console session from the request, or returns null when there is none. Throws 401 for an ended session. */
export interface SessionAuthenticator {
  /** Whether the request carries a session credential (a cookie) at all. */
  present(request: FastifyRequest): boolean;
  authenticate(request: FastifyRequest): Promise<Principal | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Reachable by SCIM-only tokens. */
    scim?: boolean;
    /** GET /api/forward-auth: every refusal also names its reason in X-Warden-Reason (a proxy shows no body). */
    forwardAuth?: boolean;
  }
}

export interface AuthDeps {
  db: Db;
  /** Tokens and owners from memory (src/cache). */
  cache: AccessCache;
  lastUsed: LastUsedRecorder;
  /** Audits refusals of narrowed tokens used from outside their networks (at most hourly per token). */
  ipRefusals?: IpRefusalAudit;
  limiter: AuthFailureLimiter;
  sessions: { current: SessionAuthenticator | null };
  /** The time decisions are made at (time-bound roles end at their instant). */
  clock?: Clock;
  metrics?: WardenMetrics | null;
  /** WARDEN_API_TOKENS (default true): false refuses every bearer token but SCIM-only ones on SCIM routes. */
  apiTokens?: boolean;
}

/** A refused bearer credential: the 401's reason (or the scheme that was used instead of Bearer). */
export type BearerRefusal = Exclude<AuthFailure, 'missing' | 'session_expired'> | { wrongScheme: string };
export type BearerOutcome = Principal | BearerRefusal;

/**
 * The bearer token of the request: undefined without an Authorization header, otherwise the token
 * or, when the header uses another scheme (or none), what it used instead, so the 401 can say so.
 */
export function bearerTokenOf(request: FastifyRequest): string | { wrongScheme: string } | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  // The common shape first: `Bearer <token>` with one space and nothing after it.
  if (header.length > 7 && header.startsWith('Bearer ') && header.indexOf(' ', 7) === -1 && header.charCodeAt(7) > 32) return header.slice(7);
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (match) return match[1];
  const scheme = /^([A-Za-z][\w.+-]*)[ ]+\S/.exec(header)?.[1];
  return { wrongScheme: scheme ?? (/wdn_(pat|svc)_/.test(header) ? 'none' : 'unreadable') };
}

const KEPT_OUTCOME = Symbol('warden.keptOutcome');
type WithKeptOutcome = IncomingMessage & { [KEPT_OUTCOME]?: { token: string; outcome: BearerOutcome | Promise<BearerOutcome> } };

/**
 * Keeps what authenticateBearer answered for the request's token when the hot path (hot-path.ts)
 * verified it and then left the request to Fastify (a refusal, a SCIM-only token, anything it does
 * not answer itself): the request hook settles that outcome instead of verifying the token again,
 * so a token is looked up (and counted, and its refused address audited) once per request, as
 * without the hot path.
 */
export function keepOutcome(req: IncomingMessage, token: string, outcome: BearerOutcome | Promise<BearerOutcome>): void {
  if (outcome instanceof Promise) outcome.catch(() => undefined); // settled by the hook (a request that never reaches it: nothing to report)
  (req as WithKeptOutcome)[KEPT_OUTCOME] = { token, outcome };
}

/** The outcome the hot path kept for this request's token, taken once; undefined when there is none (or for another token). */
function takeKeptOutcome(req: IncomingMessage, token: string): BearerOutcome | Promise<BearerOutcome> | undefined {
  const kept = (req as WithKeptOutcome)[KEPT_OUTCOME];
  if (kept === undefined) return undefined;
  (req as WithKeptOutcome)[KEPT_OUTCOME] = undefined;
  return kept.token === token ? kept.outcome : undefined;
}

/**
 * Verifies a bearer token. Shape and checksum are checked before any database read (a cached
 * token's hash can only be a well-formed token's); then the token's state, then its owner's.
 * `hash`: the token's hash when the caller has it already (the hot path).
 */
export function authenticateBearer(deps: AuthDeps, token: string, ip: string, hash = hashToken(token)): BearerOutcome | Promise<BearerOutcome> {
  const cached = deps.cache.peekToken(hash);
  if (cached !== undefined) return withToken(deps, cached, ip);
  if (!isWellFormed(token)) return 'malformed';
  // A token unknown to the node: read (on PostgreSQL with its owner, in one statement).
  const loaded = deps.cache.loadToken(hash);
  if (loaded instanceof Promise) return loaded.then((l) => (l === null ? 'unknown' : withToken(deps, l.token, ip, l.owner)));
  return loaded === null ? 'unknown' : withToken(deps, loaded.token, ip, loaded.owner);
}

/** `owner`: the owner's entry when it was read with the token; otherwise (undefined) it is looked up in the cache. */
function withToken(deps: AuthDeps, entry: TokenEntry, ip: string, owner?: UserEntry): BearerOutcome | Promise<BearerOutcome> {
  // WARDEN_API_TOKENS=off: no token but a SCIM-only one acts, whoever asks (the request hook, the
  // OAuth client authentication, introspection).
  if (deps.apiTokens === false && entry.scope !== 'scim') return 'api_tokens_disabled';
  const now = (deps.clock ?? systemClock).now();
  if (entry.revoked) return 'revoked';
  if (entry.expiresAtMs <= now) return 'expired';
  if (owner !== undefined) return withOwner(deps, entry, owner, ip, now);
  const cached = deps.cache.user(entry.ownerId);
  if (cached instanceof Promise) return cached.then((o) => withOwner(deps, entry, o, ip, now));
  return withOwner(deps, entry, cached, ip, now);
}

function withOwner(deps: AuthDeps, entry: TokenEntry, owner: UserEntry | null, ip: string, now: number): BearerOutcome {
  if (owner === null) return 'unknown';
  if (owner.deactivated) return 'owner_deactivated';
  if (entry.networks !== null && !ipInNetworks(entry.networks, ip)) {
    deps.ipRefusals?.record(entry.tokenId, ip);
    return 'ip_not_allowed';
  }
  deps.lastUsed.record(entry.tokenId, owner.id, ip);
  return principalOf(entry, owner, now);
}

/**
 * The principal of a token at `now`. It is rebuilt when the owner entry changed (an invalidation
 * replaced it) or when `now` is on the other side of a time-bound role's end than when it was built.
 */
function principalOf(entry: TokenEntry, owner: UserEntry, now: number): Principal {
  const ends = owner.elevationEndsMs; // NaN: the role is not time-bound
  if (entry.principal !== null && entry.principalOwner === owner && (Number.isNaN(ends) || (now < ends) === entry.principalBeforeEnd)) return entry.principal;
  const principal: Principal = {
    id: owner.id,
    userId: owner.userId,
    type: owner.type,
    name: owner.name,
    email: owner.email,
    role: effectiveRole(owner.stored, now),
    active: true,
    credential: { kind: 'token', tokenId: entry.tokenId, scope: entry.scope, restriction: entry.restriction, hint: entry.hint },
  };
  entry.principal = principal;
  entry.principalOwner = owner;
  // effectiveRole: the elevated role before the end (exclusive), the earlier role from it on.
  entry.principalBeforeEnd = now < ends;
  return principal;
}

const BEARER_FAILURES = { malformed: true, unknown: true, expired: true, revoked: true, owner_deactivated: true, ip_not_allowed: true, api_tokens_disabled: true } as const satisfies Record<Exclude<AuthFailure, 'missing' | 'session_expired'>, true>;

/** The 401 of each refusal, taken once from errors.ts (one wording), so a refusal builds no Error. */
const REFUSAL_PROBLEMS = new Map<string, ProblemSpec>(
  [...Object.keys(BEARER_FAILURES), 'missing'].map((f) => [f, problemOf(unauthorized(f as AuthFailure))]),
);

function problemOf(err: AppError): ProblemSpec {
  return { status: err.status, slug: err.slug, title: err.title, detail: err.message, headers: err.headers };
}

function refusalProblem(refusal: BearerRefusal): ProblemSpec {
  return typeof refusal === 'string' ? REFUSAL_PROBLEMS.get(refusal)! : problemOf(wrongScheme(refusal.wrongScheme));
}

const refusalName = (refusal: BearerRefusal) => (typeof refusal === 'string' ? refusal : 'wrong_scheme');

/** Verifies a bearer token; a refusal throws its 401 (for callers outside the request hook). */
export async function verifyBearer(deps: AuthDeps, token: string | { wrongScheme: string }, ip: string): Promise<Principal> {
  if (typeof token !== 'string') throw wrongScheme(token.wrongScheme);
  if (deps.apiTokens === false) throw unauthorized('api_tokens_disabled');
  const outcome = await authenticateBearer(deps, token, ip);
  if (typeof outcome === 'string') throw unauthorized(outcome);
  if ('wrongScheme' in outcome) throw wrongScheme(outcome.wrongScheme);
  return outcome;
}

/**
 * Counts a refused credential against the client; over the limit the refusal becomes 429. A valid
 * credential is never refused for the client's failures: one broken script on a host (or every
 * client behind a proxy without WARDEN_TRUST_PROXY) must not lock out the working ones. Guessing
 * stays bounded: tokens carry ~190 random bits, and each refused guess costs the guesser a round
 * trip and, once limited, tells nothing but "too many".
 */
function limitedProblem(deps: AuthDeps, ip: string, problem: ProblemSpec): ProblemSpec {
  const retryAfter = countFailure(deps, ip);
  return retryAfter > 0 ? problemOf(tooManyRequests(retryAfter)) : problem;
}

/** Records a refused credential: the seconds the client must wait when it was already over the limit, else 0. */
function countFailure(deps: AuthDeps, ip: string): number {
  const retryAfter = deps.limiter.retryAfter(ip);
  deps.limiter.recordFailure(ip);
  return retryAfter;
}

/**
 * The principal behind the request's credential, or null when it carries none. A refused
 * credential throws its 401, or 429 once the client is over the limit of failures.
 */
export async function resolvePrincipal(deps: AuthDeps, request: FastifyRequest): Promise<Principal | null> {
  const bearer = bearerTokenOf(request);
  const session = deps.sessions.current;
  if (bearer === undefined && !session?.present(request)) return null;
  try {
    if (bearer !== undefined) return await verifyBearer(deps, bearer, request.clientAddress);
    return session ? await session.authenticate(request) : null;
  } catch (err) {
    if ((err as AppError).status !== 401) throw err;
    const retryAfter = countFailure(deps, request.clientAddress);
    throw retryAfter > 0 ? tooManyRequests(retryAfter) : err;
  }
}

const SCIM_ONLY = problemOf(forbidden('This token is SCIM-only: it reaches only /api/scim/v2'));

/**
 * Authenticates every route of the scope it is registered in (the /api scope), on request, before
 * the body is read or validated: an anonymous client never makes Warden parse or validate a body.
 * A callback hook: a cached credential is decided without a promise.
 */
export function registerAuth(app: FastifyInstance<any, any, any, any, any>, deps: AuthDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const config = request.routeOptions.config ?? {};
    const mode: AuthMode = config.auth ?? 'required';
    if (mode === 'public') return done();
    const bearer = bearerTokenOf(request);
    if (bearer === undefined) {
      if (deps.sessions.current?.present(request)) return authenticateSession(deps, request, reply, done, config.scim === true);
      if (mode === 'required') {
        deps.metrics?.authentication('missing');
        sendProblem(reply, request.id, REFUSAL_PROBLEMS.get('missing')!);
        return;
      }
      return done();
    }
    if (typeof bearer !== 'string') return refuse(deps, request, reply, bearer);
    // WARDEN_API_TOKENS=off: no token is even looked up, except on SCIM routes (SCIM-only tokens, checked in settle).
    if (deps.apiTokens === false && config.scim !== true) return refuse(deps, request, reply, 'api_tokens_disabled');
    // The caches' lease lapsed (a busy event loop, PostgreSQL): one heartbeat's round trip, shared
    // by every request waiting, rather than a database read per lookup (db/listener.ts confirm).
    if (!deps.cache.trusted()) {
      deps.cache.confirm().then(() => bearerStep(deps, request, reply, done, bearer, config.scim === true), (err: Error) => done(err));
      return;
    }
    bearerStep(deps, request, reply, done, bearer, config.scim === true);
  });
}

function bearerStep(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, bearer: string, scimRoute: boolean): void {
  let outcome: BearerOutcome | Promise<BearerOutcome>;
  try {
    outcome = takeKeptOutcome(request.raw, bearer) ?? authenticateBearer(deps, bearer, request.clientAddress);
  } catch (err) {
    return done(err as Error);
  }
  if (outcome instanceof Promise) {
    outcome.then((o) => settle(deps, request, reply, done, o, scimRoute), (err: Error) => done(err));
    return;
  }
  settle(deps, request, reply, done, outcome, scimRoute);
}

function settle(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, outcome: BearerOutcome, scimRoute: boolean): void {
  if (typeof outcome === 'string' || 'wrongScheme' in outcome) return refuse(deps, request, reply, outcome);
  deps.metrics?.authentication('ok');
  request.principal = outcome;
  const cred = outcome.credential;
  if (cred.kind === 'token' && cred.scope === 'scim' && !scimRoute) {
    sendProblem(reply, request.id, SCIM_ONLY);
    return;
  }
  done();
}

function refuse(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, refusal: BearerRefusal): void {
  deps.metrics?.authentication(refusalName(refusal));
  sendProblem(reply, request.id, limitedProblem(deps, request.clientAddress, refusalProblem(refusal)));
}

function authenticateSession(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction, scimRoute: boolean): void {
  const session = deps.sessions.current!;
  session.authenticate(request).then(
    (principal) => {
      deps.metrics?.authentication(principal ? 'ok' : 'missing');
      request.principal = principal;
      if (!principal) {
        const mode: AuthMode = request.routeOptions.config?.auth ?? 'required';
        if (mode === 'required') {
          sendProblem(reply, request.id, REFUSAL_PROBLEMS.get('missing')!);
          return;
        }
      } else if (principal.credential.kind === 'token' && principal.credential.scope === 'scim' && !scimRoute) {
        sendProblem(reply, request.id, SCIM_ONLY);
        return;
      }
      done();
    },
    (err: AppError) => {
      if (err.status !== 401) return done(err);
      deps.metrics?.authentication(err.slug.replace('unauthorized/', '').replaceAll('-', '_'));
      sendProblem(reply, request.id, limitedProblem(deps, request.clientAddress, problemOf(err)));
    },
  );
}

/** The audit context of a request. */
export function contextOf(request: FastifyRequest): ActionContext {
  const clock = (request.server as { warden?: { clock?: Clock } }).warden?.clock;
  return { actor: request.principal, requestId: request.id, ip: request.clientAddress, ...(clock ? { now: clock.now() } : {}) };
}
