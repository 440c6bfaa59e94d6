// Rules of single sign-on: who an IdP identity is in Warden (create, adopt, refresh), who may
// sign in, console sessions (hashed, absolute and idle limits) and the CLI's token.
import { transact } from '../db/transaction.ts';
import crypto from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { directoryContext, type ActionContext, type Principal } from '../access/principal.ts';
import { AppError, unauthorized } from '../http/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, diff, recordAudit } from '../audit/service.ts';
import { findUserById, findUserByUserId, insertUser, updateUserRow, type UserRow } from '../users/store.ts';
import { createToken, type TokenSettings, type TokenView } from '../tokens/service.ts';
import { tokenNameTaken } from '../tokens/store.ts';
import type { IdentityClaims } from './oidc.ts';
import { effectiveRole } from '../access/elevation.ts';
import { applyGroups } from '../directory/service.ts';
import type { GroupSyncMode } from '../directory/rules.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findAdoptableScimAccounts,
  findIdentity,
  findSessionByHash,
  hasIdentity,
  insertIdentity,
  insertSession,
  touchIdentity,
  touchSession,
} from './store.ts';

type Kdb = Db['kysely'];

export interface SessionPolicy {
  sessionHours: number;
  sessionIdleMinutes: number;
}

export interface SignInPolicy extends SessionPolicy {
  /** Lower-case emails made Admin when their account is created. */
  initialAdmins: string[];
  /** What the groups claim does (WARDEN_OIDC_GROUP_SYNC); absent: off. */
  groupSync?: GroupSyncMode;
}

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface NewSession {
  /** The session id: goes into the cookie, never into the database. */
  secret: string;
  csrf: string;
  expiresAt: string;
}

/** last_seen_at (and the user's last_active_at) is written at most this often per session. */
export const TOUCH_INTERVAL_MS = 60_000;

export const signInRefused = (detail: string) => new AppError(403, 'sign-in-refused', 'Sign-in refused', detail);

/**
 * A personal account's user_id: the issuer without its scheme and trailing slash, a `|`, and the
 * IdP's subject (`sub`) — e.g. `accounts.google.com|10769150350006150715113082367`. Stable when the
 * person's email or name changes; unique across issuers.
 */
export function userIdFor(issuer: string, subject: string): string {
  return `${issuer.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')}|${subject}`;
}

export function hashSessionId(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/**
 * What the audit log names a session by: 16 hex characters of SHA-256 over the stored hash. Not
 * the session id (the cookie's secret) nor the stored hash (the table's lookup key): a hash that
 * cannot be replayed, and the same for every event of one session.
 */
export function sessionFingerprint(storedHash: string): string {
  return crypto.createHash('sha256').update('warden-audit-session\n').update(storedHash).digest('hex').slice(0, 16);
}

/** The CSRF token belongs to its session: derived from the session id, from which it cannot be reversed. */
export function csrfTokenFor(secret: string): string {
  return crypto.createHmac('sha256', secret).update('warden-csrf').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** The principal of a person's row; the role is the one in force at `nowMs` (time-bound access). */
function principalOf(u: Pick<UserRow, 'id' | 'user_id' | 'type' | 'name' | 'email' | 'role' | 'role_before_elevation' | 'elevation_ends_at'>, sessionId: number, hint: string, nowMs = Date.now()): Principal {
  return { id: u.id, userId: u.user_id, type: u.type, name: u.name, email: u.email, role: effectiveRole(u, nowMs), active: true, credential: { kind: 'session', sessionId, hint } };
}

function refuseIfUnable(user: UserRow): void {
  if (user.type !== 'personal') throw signInRefused('Service users never sign in; they use service tokens');
  if (user.deactivated_at !== null) {
    throw signInRefused('Your Warden account is deactivated, so you cannot sign in. Ask a Warden Admin to reactivate it');
  }
}

/** Refreshes email and name from the IdP (audited when they change) and marks the sign-in. */
async function refreshAccount(trx: Kdb, ctx: ActionContext, user: UserRow, claims: IdentityClaims, now: string): Promise<void> {
  const changes = diff({ email: user.email, name: user.name }, { email: claims.email ?? user.email, name: claims.name ?? user.name });
  await updateUserRow(trx, user.id, {
    email: claims.email ?? user.email,
    name: claims.name ?? user.name,
    last_active_at: now,
    ...(Object.keys(changes).length > 0 ? { updated_at: now } : {}),
  });
  if (Object.keys(changes).length > 0) {
    await recordAudit(trx, ctx, { action: 'user.updated', targetType: 'user', targetId: user.id, reason: 'refreshed from the identity provider at sign-in', changes });
  }
}

/** The sign-in's changes before its session exists: audited with the coming session's fingerprint and no id. */
const actorContext = (user: UserRow, meta: SignInMeta): ActionContext => ({
  actor: principalOf(user, 0, meta.sessionHint), requestId: meta.requestId, ip: meta.ip, credential: { kind: 'session', id: null, hint: meta.sessionHint },
});

type SignInMeta = RequestMeta & { sessionHint: string };

/** Finds, adopts or creates the personal account of an IdP identity. Audit actor: the person themself. */
async function resolveAccount(trx: Kdb, policy: SignInPolicy, claims: IdentityClaims, meta: SignInMeta, now: string): Promise<UserRow> {
  // Recorded on the identity at every sign-in; SCIM attaches a directory user only to a verified one.
  const emailVerified = claims.email !== null && claims.emailVerified === true;
  const identity = await findIdentity(trx, claims.issuer, claims.subject);
  if (identity) {
    const user = (await findUserById(trx, identity.user_id))!;
    refuseIfUnable(user);
    await refreshAccount(trx, actorContext(user, meta), user, claims, now);
    await touchIdentity(trx, identity.id, now, emailVerified);
    return (await findUserById(trx, user.id))!;
  }

  // Pre-provisioned by SCIM with the same, IdP-verified email: adopt it rather than make a twin.
  if (claims.email && claims.emailVerified === true) {
    const candidates = await findAdoptableScimAccounts(trx, claims.email);
    if (candidates.length === 1) {
      const user = candidates[0];
      refuseIfUnable(user);
      await insertIdentity(trx, { issuer: claims.issuer, subject: claims.subject, user_id: user.id, at: now, emailVerified });
      const ctx = actorContext(user, meta);
      await recordAudit(trx, ctx, {
        action: 'user.sso_linked', targetType: 'user', targetId: user.id, reason: 'first sign-in of an account provisioned by SCIM (same verified email)',
        changes: { sso_identity: { before: null, after: userIdFor(claims.issuer, claims.subject) } },
      });
      await refreshAccount(trx, ctx, user, claims, now);
      return (await findUserById(trx, user.id))!;
    }
  }

  const userId = userIdFor(claims.issuer, claims.subject);
  const existing = await findUserByUserId(trx, userId);
  if (existing) {
    // The account of this very identity whose link was lost (e.g. restored from an old backup).
    if (existing.type !== 'personal' || (await hasIdentity(trx, existing.id))) throw signInRefused(`The user_id ${userId} is taken by another account; ask a Warden Admin`);
    refuseIfUnable(existing);
    await insertIdentity(trx, { issuer: claims.issuer, subject: claims.subject, user_id: existing.id, at: now, emailVerified });
    await refreshAccount(trx, actorContext(existing, meta), existing, claims, now);
    return (await findUserById(trx, existing.id))!;
  }

  const email = claims.email;
  // An unverified email never makes an Admin; an IdP that does not say (Entra ID) is trusted.
  const admin = email !== null && claims.emailVerified !== false && policy.initialAdmins.includes(email.toLowerCase());
  const name = claims.name ?? email ?? claims.subject;
  const role = admin ? 'admin' : 'member';
  const id = await insertUser(trx, {
    user_id: userId, type: 'personal', name, email, role, owner_id: null, purpose: null,
    provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now, last_active_at: now,
  });
  await insertIdentity(trx, { issuer: claims.issuer, subject: claims.subject, user_id: id, at: now, emailVerified });
  const user = (await findUserById(trx, id))!;
  await recordAudit(trx, actorContext(user, meta), {
    action: 'user.created', targetType: 'user', targetId: id,
    reason: admin ? 'first sign-in through SSO; listed in WARDEN_INITIAL_ADMINS' : 'first sign-in through SSO',
    changes: created({ user_id: userId, type: 'personal', name, email, role, provisioned_by: 'sso' }),
  });
  return user;
}

/**
 * Records the groups the IdP sent and, with group sync on, applies the directory mappings to the
 * person's teams and role (actor `directory`). Entra ID's overage (too many groups to send) keeps
 * the last known groups, with a warning for the log. Returns the account as it is after.
 */
async function applyDirectoryGroups(db: Db, trx: Kdb, policy: SignInPolicy, user: UserRow, claims: IdentityClaims, meta: RequestMeta, nowMs: number, warnings: string[]): Promise<UserRow> {
  if (claims.groups === undefined) return user;
  const mode = policy.groupSync ?? 'off';
  let groups: string[];
  if (claims.groupsOverage) {
    const last = user.idp_groups === null ? null : (JSON.parse(user.idp_groups) as string[]);
    warnings.push(`the identity provider sent an overage indication (too many groups to put in the token: Entra ID) instead of the groups of ${user.user_id}; ${last ? 'the groups of the last sign-in that carried them are kept' : 'no groups are known for this person yet, so the directory changes nothing'}. Send only the groups assigned to the application (docs/directory-sync.md)`);
    if (last === null) return user;
    groups = last;
  } else {
    if (claims.groups === null && mode !== 'off') warnings.push(`the sign-in of ${user.user_id} carried no groups claim: taken as no groups`);
    groups = claims.groups ?? [];
    await updateUserRow(trx, user.id, { idp_groups: JSON.stringify(groups), idp_groups_at: new Date(nowMs).toISOString() });
  }
  if (mode !== 'off') {
    const result = await applyGroups(db, trx, directoryContext(meta.requestId, meta.ip), user.id, groups, { rule: mode, teams: true, source: `sign-in with WARDEN_OIDC_GROUP_SYNC=${mode}` });
    warnings.push(...result.warnings);
  }
  return (await findUserById(trx, user.id))!;
}

/**
 * Signs a person in: their account (created, adopted or refreshed), then a new session, in one
 * transaction. The session the browser had before, if any, ends (no session fixation).
 */
export async function signIn(db: Db, policy: SignInPolicy, claims: IdentityClaims, meta: RequestMeta, previousSecret: string | null): Promise<{ user: UserRow; session: NewSession; warnings: string[] }> {
  const attempt = () =>
    transact(db, async (trx) => {
      const now = new Date();
      const nowIso = now.toISOString();
      const secret = crypto.randomBytes(32).toString('base64url');
      const hash = hashSessionId(secret);
      const sessionHint = sessionFingerprint(hash);
      const warnings: string[] = [];
      const user = await applyDirectoryGroups(db, trx, policy, await resolveAccount(trx, policy, claims, { ...meta, sessionHint }, nowIso), claims, meta, now.getTime(), warnings);
      await deleteExpiredSessions(trx, nowIso);
      if (previousSecret) {
        const previous = await findSessionByHash(trx, hashSessionId(previousSecret));
        if (previous) await deleteSession(trx, previous.id);
      }
      const expiresAt = new Date(now.getTime() + policy.sessionHours * 3_600_000).toISOString();
      const sessionId = await insertSession(trx, {
        hash, user_id: user.id, created_at: nowIso, expires_at: expiresAt, last_seen_at: nowIso,
        ip: meta.ip, user_agent: meta.userAgent?.slice(0, 500) ?? null,
      });
      await recordAudit(trx, { actor: principalOf(user, sessionId, sessionHint), requestId: meta.requestId, ip: meta.ip }, {
        action: 'session.created', targetType: 'session', targetId: sessionId, changes: created({ user_id: user.user_id, expires_at: expiresAt }),
      });
      return { user, session: { secret, csrf: csrfTokenFor(secret), expiresAt }, warnings };
    });
  try {
    return await attempt();
  } catch (err) {
    // Two first sign-ins of one person at once: the other made the account; use it.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

export interface ResolvedSession {
  sessionId: number;
  principal: Principal;
  expiresAt: string;
  idleExpiresAt: string;
}

/**
 * The session behind a session id, or 401 when it has ended: past its absolute end, idle too long,
 * its user deactivated (or not a person). An ended session is deleted at once.
 */
export async function resolveSession(db: Db, policy: SessionPolicy, secret: string): Promise<ResolvedSession> {
  const hash = hashSessionId(secret);
  const row = await findSessionByHash(db.kysely, hash);
  if (!row) throw unauthorized('session_expired');
  const now = Date.now();
  const idleMs = policy.sessionIdleMinutes * 60_000;
  const lastSeen = Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now || lastSeen + idleMs <= now || row.deactivated_at !== null || row.type !== 'personal') {
    await deleteSession(db.kysely, row.id);
    throw unauthorized('session_expired');
  }
  let seen = lastSeen;
  if (now - lastSeen >= TOUCH_INTERVAL_MS) {
    seen = now;
    await touchSession(db.kysely, row.id, row.user_id, new Date(now).toISOString());
  }
  return {
    sessionId: row.id,
    principal: principalOf({ id: row.user_id, user_id: row.user_user_id, type: row.type, name: row.name, email: row.email, role: row.role, role_before_elevation: row.role_before_elevation, elevation_ends_at: row.elevation_ends_at }, row.id, sessionFingerprint(hash), now),
    expiresAt: row.expires_at,
    idleExpiresAt: new Date(Math.min(seen + idleMs, Date.parse(row.expires_at))).toISOString(),
  };
}

/** Signs out: the session ends on every node at once. */
export async function endSession(db: Db, ctx: ActionContext, sessionId: number): Promise<void> {
  await transact(db, async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, ctx, { action: 'session.ended', targetType: 'session', targetId: sessionId, reason: 'signed out' });
  });
}

export const CLI_TOKEN_DAYS = 90;

/** `cli-<hostname>` with characters a token name should not carry replaced. */
export function cliTokenBaseName(hostname: string): string {
  const clean = hostname.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return `cli-${clean || 'unknown'}`;
}

/** The CLI's PAT for the signed-in person: `cli-<hostname>`, `cli-<hostname>-2`, … for 90 days (or the cap). */
export async function issueCliToken(db: Db, ctx: ActionContext, settings: TokenSettings, hostname: string): Promise<TokenView & { token: string }> {
  const base = cliTokenBaseName(hostname);
  const days = settings.maxTokenDays === null ? CLI_TOKEN_DAYS : Math.min(CLI_TOKEN_DAYS, settings.maxTokenDays);
  for (let n = 1; n <= 1000; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (await tokenNameTaken(db.kysely, ctx.actor!.id, name)) continue;
    try {
      return await createToken(db, ctx, settings, { name, expires_in_days: days });
    } catch (err) {
      // Taken meanwhile by a concurrent request: try the next suffix.
      if (err instanceof AppError && err.status === 409 && (await tokenNameTaken(db.kysely, ctx.actor!.id, name))) continue;
      throw err;
    }
  }
  throw new AppError(409, 'conflict', 'Conflict', `Too many tokens named ${base}-…; revoke and delete old ones`);
}
