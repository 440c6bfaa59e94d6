// Authentication: a bearer token, or a console session (registered by the SSO feature).
// Routes say what they need with `config: { auth: 'public' | 'optional' }` (default: required).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/connection.ts';
import type { ActionContext, Principal } from '../access/principal.ts';
import { forbidden, tooManyRequests, unauthorized, wrongScheme, type AppError } from './errors.ts';
import { hashToken, isWellFormed } from '../tokens/format.ts';
import { findCredentialByHash } from '../tokens/store.ts';
import type { LastUsedRecorder } from '../tokens/last-used.ts';
import type { IpRefusalAudit } from '../tokens/ip-refusals.ts';
import { ipAllowed } from '../tokens/cidr.ts';
import { restrictionOf } from '../tokens/restrictions.ts';
import type { AuthFailureLimiter } from './rate-limit.ts';
import { effectiveRole } from '../access/elevation.ts';
import { systemClock, type Clock } from '../scheduler/clock.ts';

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
  }
}

export interface AuthDeps {
  db: Db;
  lastUsed: LastUsedRecorder;
  /** Audits refusals of narrowed tokens used from outside their networks (at most hourly per token). */
  ipRefusals?: IpRefusalAudit;
  limiter: AuthFailureLimiter;
  sessions: { current: SessionAuthenticator | null };
  /** The time decisions are made at (time-bound roles end at their instant). */
  clock?: Clock;
}

/**
 * The bearer token of the request: undefined without an Authorization header, otherwise the token
 * or, when the header uses another scheme (or none), what it used instead, so the 401 can say so.
 */
export function bearerTokenOf(request: FastifyRequest): string | { wrongScheme: string } | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (match) return match[1];
  const scheme = /^([A-Za-z][\w.+-]*)[ ]+\S/.exec(header)?.[1];
  return { wrongScheme: scheme ?? (/wdn_(pat|svc)_/.test(header) ? 'none' : 'unreadable') };
}

/** Verifies a bearer token: shape and checksum first (no lookup), then one indexed query. */
export async function verifyBearer(deps: AuthDeps, token: string | { wrongScheme: string }, ip: string): Promise<Principal> {
  if (typeof token !== 'string') throw wrongScheme(token.wrongScheme);
  if (!isWellFormed(token)) throw unauthorized('malformed');
  const row = await findCredentialByHash(deps.db.kysely, hashToken(token));
  if (!row) throw unauthorized('unknown');
  const now = (deps.clock ?? systemClock).now();
  if (row.revoked_at !== null) throw unauthorized('revoked');
  if (row.expires_at !== null && row.expires_at <= new Date(now).toISOString()) throw unauthorized('expired');
  if (row.deactivated_at !== null) throw unauthorized('owner_deactivated');
  if (row.allowed_cidrs !== null && !ipAllowed(JSON.parse(row.allowed_cidrs) as string[], ip)) {
    deps.ipRefusals?.record(row.token_id, ip);
    throw unauthorized('ip_not_allowed');
  }
  deps.lastUsed.record(row.token_id, row.id, ip);
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type,
    name: row.name,
    email: row.email,
    role: effectiveRole(row, now),
    active: true,
    credential: { kind: 'token', tokenId: row.token_id, scope: row.scope, restriction: restrictionOf(row) },
  };
}

/**
 * The principal behind the request's credential, or null when it carries none. Failed
 * authentications are counted per client IP; over the limit a failing credential gets 429 instead
 * of 401, while a valid one still works: one broken script on a host (or every client behind a proxy
 * without WARDEN_TRUST_PROXY) must not lock out the working ones. Guessing stays bounded: tokens carry
 * ~190 random bits, and each refused guess costs the guesser a round trip and, once limited, tells
 * nothing but "too many".
 */
export async function resolvePrincipal(deps: AuthDeps, request: FastifyRequest): Promise<Principal | null> {
  const bearer = bearerTokenOf(request);
  const session = deps.sessions.current;
  if (bearer === undefined && !session?.present(request)) return null;
  try {
    if (bearer !== undefined) return await verifyBearer(deps, bearer, request.ip);
    return session ? await session.authenticate(request) : null;
  } catch (err) {
    if ((err as AppError).status !== 401) throw err;
    const retryAfter = deps.limiter.retryAfter(request.ip);
    deps.limiter.recordFailure(request.ip);
    throw retryAfter > 0 ? tooManyRequests(retryAfter) : err;
  }
}

/**
 * Authenticates every route of the scope it is registered in (the /api scope), on request, before
 * the body is read or validated: an anonymous client never makes Warden parse or validate a body.
 */
export function registerAuth(app: FastifyInstance<any, any, any, any, any>, deps: AuthDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config ?? {};
    const mode: AuthMode = config.auth ?? 'required';
    if (mode === 'public') return;
    request.principal = await resolvePrincipal(deps, request);
    if (!request.principal) {
      if (mode === 'required') throw unauthorized('missing');
      return;
    }
    const cred = request.principal.credential;
    if (cred.kind === 'token' && cred.scope === 'scim' && !config.scim) {
      throw forbidden('This token is SCIM-only: it reaches only /api/scim/v2');
    }
  });
}

/** The audit context of a request. */
export function contextOf(request: FastifyRequest): ActionContext {
  const clock = (request.server as { warden?: { clock?: Clock } }).warden?.clock;
  return { actor: request.principal, requestId: request.id, ip: request.ip, ...(clock ? { now: clock.now() } : {}) };
}
