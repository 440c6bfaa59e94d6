// RFC 7662 token introspection, answered from the same caches and by the same checks as every
// authenticated request (http/auth.ts authenticateBearer): a token is active exactly when Warden
// would accept it as a Bearer credential from the caller's address at this instant.
//
// Every inactive token (unknown, malformed, expired, revoked, rotated away, owner deactivated,
// outside its networks, empty) gets the same bytes, INACTIVE: the answer tells nothing about why.
import type { FastifyRequest } from 'fastify';
import { decide } from '../access/model.ts';
import { subjectOf } from '../access/guard.ts';
import type { Principal } from '../access/principal.ts';
import { SYSTEM_CONTEXT } from '../access/principal.ts';
import type { Db } from '../db/connection.ts';
import { authenticateBearer, type AuthDeps, type BearerOutcome } from '../http/auth.ts';
import { hashToken, isWellFormed } from '../tokens/format.ts';
import type { TokenEntry, UserEntry } from '../cache/access-cache.ts';
import { effectiveRole } from '../access/elevation.ts';
import type { UserViewCache } from '../cache/user-views.ts';
import { getUserView, type UserView } from '../users/service.ts';
import { systemClock } from '../scheduler/clock.ts';

/** The one answer for every token that is not active (RFC 7662 §2.2), byte for byte. */
export const INACTIVE = '{"active":false}';

export interface ActiveAnswer {
  active: true;
  sub: string;
  username: string;
  scope?: string;
  exp?: number;
  iat: number;
  token_type: 'Bearer';
  warden: {
    user_id: number;
    user_type: 'personal' | 'service';
    name: string;
    email: string | null;
    role: string;
    teams: { id: number; name: string }[];
    token_id: number;
    datastore_ids: number[] | null;
  };
}

/** How the introspecting client presented its service token: Bearer, or HTTP Basic with the token as the password. */
export function clientCredentialOf(request: FastifyRequest): { token: string; scheme: 'bearer' | 'basic' } | { missing: true } | { wrongScheme: string } {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') return { missing: true };
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (bearer) return { token: bearer[1], scheme: 'bearer' };
  const basic = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // RFC 6749 §2.3.1: client_id and client_secret are form-encoded before Basic; the secret is the token.
    const secret = colon === -1 ? '' : formDecode(decoded.slice(colon + 1));
    return { token: secret, scheme: 'basic' };
  }
  return { wrongScheme: /^([A-Za-z][\w.+-]*)/.exec(header)?.[1] ?? 'unreadable' };
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** Why the client may not introspect (403), or null when it may: a service token holding tokens.introspect. */
export function clientRefusal(client: Principal): string | null {
  if (client.credential.kind === 'token' && client.credential.scope === 'scim') return 'This token is SCIM-only: it reaches only /api/scim/v2';
  if (client.type !== 'service') return 'Introspection is for gateways: authenticate with a service token that holds tokens.introspect';
  if (!decide(subjectOf(client), 'tokens.introspect').allowed) return 'This service token does not hold tokens.introspect';
  return null;
}

/**
 * Whether clientRefusal would let this client introspect (no refusal), from its token's cached
 * entries (as AccessCache.heldToken gives them), touching nothing: the hot path asks it before any
 * lookup is counted, so that a refused client is Fastify's to answer and counted once.
 */
export function heldClientMayIntrospect(token: TokenEntry, owner: UserEntry, nowMs: number): boolean {
  if (token.scope === 'scim' || owner.type !== 'service') return false;
  return decide({ type: owner.type, role: effectiveRole(owner.stored, nowMs), active: true, restriction: token.restriction }, 'tokens.introspect').allowed;
}

/**
 * The answer for `token`: the active answer, or null (inactive). The token's entry is taken from
 * the cache (or read once into it); the verdict is authenticateBearer's, the hot path of every request.
 * Answered at once (no promise) when everything is cached: the hot path (http/hot-path.ts) answers
 * a cached token's introspection in front of Fastify with this same function. `knownHash`: the
 * token's hash when the caller has already taken it (hashToken(token)), so that it is not taken twice.
 */
export function introspect(deps: AuthDeps & { db: Db; userViews: UserViewCache }, token: string, ip: string, knownHash?: string): ActiveAnswer | null | Promise<ActiveAnswer | null> {
  if (token === '' || token.length > 200) return null;
  const hash = knownHash ?? hashToken(token);
  const entry: TokenEntry | undefined = deps.cache.peekToken(hash);
  if (entry !== undefined) return answerOf(deps, token, hash, entry, ip);
  if (!isWellFormed(token)) return null;
  const loaded = deps.cache.loadToken(hash);
  if (loaded instanceof Promise) return loaded.then((l) => (l === null ? null : answerOf(deps, token, hash, l.token, ip)));
  return loaded === null ? null : answerOf(deps, token, hash, loaded.token, ip);
}

function answerOf(deps: AuthDeps & { db: Db; userViews: UserViewCache }, token: string, hash: string, entry: TokenEntry, ip: string): ActiveAnswer | null | Promise<ActiveAnswer | null> {
  const outcome = authenticateBearer(deps, token, ip, hash);
  if (outcome instanceof Promise) return outcome.then((o) => withOutcome(deps, entry, o));
  return withOutcome(deps, entry, outcome);
}

function withOutcome(deps: AuthDeps & { db: Db; userViews: UserViewCache }, entry: TokenEntry, outcome: BearerOutcome): ActiveAnswer | null | Promise<ActiveAnswer | null> {
  if (typeof outcome === 'string' || 'wrongScheme' in outcome) return null;
  const now = (deps.clock ?? systemClock).now();
  const view = deps.userViews.get(outcome.id, now, () => getUserView(deps.db, { ...SYSTEM_CONTEXT, now }, outcome.id));
  if (view instanceof Promise) return view.then((v) => activeAnswer(entry, outcome, v));
  return activeAnswer(entry, outcome, view);
}

function activeAnswer(entry: TokenEntry, outcome: Principal, view: UserView): ActiveAnswer {
  const restriction = entry.restriction;
  const scope = entry.scope === 'scim' ? 'scim' : restriction?.actions ? restriction.actions.join(' ') : undefined;
  return {
    active: true,
    sub: outcome.userId,
    username: outcome.email ?? outcome.name,
    ...(scope !== undefined ? { scope } : {}),
    ...(Number.isFinite(entry.expiresAtMs) ? { exp: Math.floor(entry.expiresAtMs / 1000) } : {}),
    iat: Math.floor(entry.createdAtMs / 1000),
    token_type: 'Bearer',
    warden: {
      user_id: outcome.id,
      user_type: outcome.type,
      name: outcome.name,
      email: outcome.email,
      role: outcome.role,
      teams: view.teams.map((t) => ({ id: t.id, name: t.name })),
      token_id: entry.tokenId,
      datastore_ids: restriction?.datastoreIds ? [...restriction.datastoreIds] : null,
    },
  };
}
