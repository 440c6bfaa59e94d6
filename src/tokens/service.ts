// Personal access tokens and service tokens: issue (secret shown once), list, revoke/restore,
// two-step delete. Who may see a token: its owner; Admins for service tokens only.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { systemContext, type ActionContext } from '../access/principal.ts';
import { can, requireAction } from '../access/guard.ts';
import { conflict, forbidden, invalidField, notFound } from '../http/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, recordAudit } from '../audit/service.ts';
import { findUserById, findUserByUserId, findUsersByIds } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { generateToken, hashToken, hintOf, isWellFormed } from './format.ts';
import {
  deleteExposureReports, deleteToken, findTokenById, findTokensByHashes, insertToken, linkSuccessor, listTokens, markRotated, nextExposureReports, queueExposureReports, setExposed, setRevoked, tokenNameTaken,
  type TokenStatus, type TokenWithOwner,
} from './store.ts';
import {
  expiryWithinBound, inheritBound, mintingBoundOf, normaliseRestriction, requireExpiryWithin, requireWithinBound, restrictionColumns, restrictionOfColumns, restrictionView,
  type MintingBound, type RestrictionColumns, type RestrictionInput, type RestrictionView,
} from './restrictions.ts';
import { grantsOnDatastore } from '../teams/store.ts';
import type { UserRow } from '../users/store.ts';
import { effectiveRole } from '../access/elevation.ts';

type Kdb = Db['kysely'];

export type RevokedReason = 'manual' | 'exposed' | 'unused';

export interface TokenView {
  id: number;
  name: string;
  hint: string;
  kind: 'personal' | 'service';
  scim_only: boolean;
  user: { id: number; user_id: string; name: string };
  created_at: string;
  created_by: UserSummary | null;
  expires_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
  revoked_by: UserSummary | null;
  revoked_reason: RevokedReason | null;
  exposed_at: string | null;
  status: TokenStatus;
  /** 'rotated' when a rotation brought the expiry forward (the end of the overlap). */
  expiry_reason: 'rotated' | null;
  rotated_from: number | null;
  rotated_to: number | null;
  rotated_at: string | null;
  restrictions: RestrictionView | null;
  /** Where a token issued by POST /api/oauth/token came from; null for every other token. */
  origin: TokenOrigin | null;
}

export interface TokenOrigin {
  kind: 'federated' | 'exchanged';
  workload_identity_id: number | null;
  issuer: string | null;
  subject: string | null;
  jti: string | null;
  issued_from: number | null;
}

function originOf(t: TokenWithOwner): TokenOrigin | null {
  if (t.origin === null) return null;
  return { kind: t.origin, workload_identity_id: t.workload_identity_id, issuer: t.external_issuer, subject: t.external_subject, jti: t.external_jti, issued_from: t.issued_from };
}

export function statusOf(t: { revoked_at: string | null; expires_at: string | null }, now = new Date().toISOString()): TokenStatus {
  if (t.revoked_at !== null) return 'revoked';
  if (t.expires_at !== null && t.expires_at <= now) return 'expired';
  return 'active';
}

/** Shapes rows for the API, loading the people who created and revoked them in one query. */
export async function toTokenViews(db: Kdb, rows: TokenWithOwner[]): Promise<TokenView[]> {
  const ids = [...new Set(rows.flatMap((t) => [t.created_by, t.revoked_by]).filter((v): v is number => v !== null))];
  const people = new Map((await findUsersByIds(db, ids)).map((u) => [u.id, summaryOf(u)]));
  const who = (id: number | null) => (id === null ? null : (people.get(id) ?? null));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    hint: t.hint,
    kind: t.kind,
    scim_only: t.scope === 'scim',
    user: { id: t.user_id, user_id: t.owner_user_id, name: t.owner_name },
    created_at: t.created_at,
    created_by: who(t.created_by),
    expires_at: t.expires_at,
    last_used_at: t.last_used_at,
    last_used_ip: t.last_used_ip,
    revoked_at: t.revoked_at,
    revoked_by: who(t.revoked_by),
    revoked_reason: t.revoked_at === null ? null : ((t.revoked_reason as RevokedReason | null) ?? 'manual'),
    exposed_at: t.exposed_at,
    status: statusOf(t),
    expiry_reason: t.rotated_at !== null ? 'rotated' : null,
    rotated_from: t.rotated_from,
    rotated_to: t.rotated_to,
    rotated_at: t.rotated_at,
    restrictions: restrictionView(t),
    origin: originOf(t),
  }));
}

async function toTokenView(db: Kdb, row: TokenWithOwner): Promise<TokenView> {
  return (await toTokenViews(db, [row]))[0];
}

export interface CreateTokenInput extends RestrictionInput {
  name: string;
  expires_in_days: number | null;
  /** The service user to issue for: its numeric id or its user_id string. Absent: a PAT for the caller. */
  user_id?: number | string;
  scim_only?: boolean;
}

export interface TokenSettings {
  maxTokenDays: number | null;
}

const DAY_MS = 86_400_000;

async function resolveServiceUser(db: Kdb, ref: number | string) {
  const user = typeof ref === 'number' ? await findUserById(db, ref) : await findUserByUserId(db, ref);
  if (!user) throw invalidField('user_id', `No user ${ref}`);
  if (user.type !== 'service') throw invalidField('user_id', 'Tokens for personal accounts are made by their owners; user_id must name a service user');
  return user;
}

function expiryFor(days: number | null, settings: TokenSettings, now = Date.now()): string | null {
  if (days === null) {
    if (settings.maxTokenDays !== null) throw invalidField('expires_in_days', `This instance caps token lifetime at ${settings.maxTokenDays} days; a token that never expires is not allowed`);
    return null;
  }
  if (settings.maxTokenDays !== null && days > settings.maxTokenDays) {
    throw invalidField('expires_in_days', `This instance caps token lifetime at ${settings.maxTokenDays} days`);
  }
  return new Date(now + days * DAY_MS).toISOString();
}

/** A narrowed token may name only datastores its owner reaches through a team (any, for an Admin). */
export async function checkDatastoresReachable(db: Kdb, owner: UserRow, ids: number[] | null): Promise<void> {
  if (ids === null) return;
  for (const id of ids) {
    const grants = await grantsOnDatastore(db, owner.id, id);
    if (grants === undefined) throw invalidField('datastore_ids', `No datastore with id ${id}`);
    if (effectiveRole(owner, Date.now()) !== 'admin' && grants.length === 0) throw invalidField('datastore_ids', `${owner.user_id} reaches datastore ${id} through no team: a token cannot be wider than its owner`);
  }
}

/**
 * The bound of the credential the request is made with (tokens/restrictions.ts): a narrowed
 * token's restriction and expiry, read in the transaction; null for a console session, the system
 * and an unnarrowed token.
 */
async function callerBound(trx: Kdb, ctx: ActionContext): Promise<MintingBound | null> {
  const credential = ctx.actor?.credential;
  if (credential?.kind !== 'token') return null;
  const token = await findTokenById(trx, credential.tokenId);
  if (token) return mintingBoundOf(token);
  // Gone since authentication (revoked, then deleted): what authentication saw still binds.
  const r = credential.restriction;
  return r ? { actions: r.actions ? [...r.actions] : null, datastoreIds: r.datastoreIds ? [...r.datastoreIds] : null, cidrs: null, expiresAt: null } : null;
}

export interface NewToken {
  owner: UserRow;
  name: string;
  scope: 'all' | 'scim';
  expiresAt: string | null;
  restriction: RestrictionColumns;
  rotatedFrom?: number;
  /** A token of the token endpoint (src/federation): where it came from. */
  origin?: { kind: 'federated' | 'exchanged'; workloadIdentityId?: number; issuer?: string; subject?: string; jti?: string | null; issuedFrom?: number };
}

/** Inserts a token and returns it with its secret (shown once, never stored); the caller audits it. */
export async function issue(trx: Kdb, ctx: ActionContext, t: NewToken): Promise<{ id: number; secret: string }> {
  const kind = t.owner.type === 'service' ? 'service' : 'personal';
  const secret = generateToken(kind);
  const id = await insertToken(trx, {
    user_id: t.owner.id,
    name: t.name,
    kind,
    scope: t.scope,
    hash: hashToken(secret),
    hint: hintOf(secret),
    created_at: new Date().toISOString(),
    created_by: ctx.actor?.id ?? null,
    expires_at: t.expiresAt,
    rotated_from: t.rotatedFrom ?? null,
    ...t.restriction,
    ...(t.origin
      ? {
          origin: t.origin.kind,
          workload_identity_id: t.origin.workloadIdentityId ?? null,
          external_issuer: t.origin.issuer ?? null,
          external_subject: t.origin.subject ?? null,
          external_jti: t.origin.jti ?? null,
          issued_from: t.origin.issuedFrom ?? null,
        }
      : {}),
  });
  return { id, secret };
}

/** Issues a token; the returned secret is shown once and never stored. */
export async function createToken(db: Db, ctx: ActionContext, settings: TokenSettings, input: CreateTokenInput): Promise<TokenView & { token: string }> {
  const name = input.name.trim();
  if (name === '') throw invalidField('name', 'The name must not be blank');
  if (input.user_id === undefined) {
    if (!ctx.actor) throw invalidField('user_id', 'The system issues only service tokens');
    requireAction(ctx, 'personal_tokens.manage');
  } else {
    requireAction(ctx, 'service_tokens.manage');
  }
  if (input.scim_only) requireAction(ctx, 'service_tokens.manage');
  const expiresAt = expiryFor(input.expires_in_days, settings);
  const asked = normaliseRestriction(input);

  try {
    return await transact(db, async (trx) => {
      const bound = await callerBound(trx, ctx);
      const restriction = inheritBound(asked, bound);
      requireWithinBound(restriction, bound, 'the new token');
      requireExpiryWithin(expiresAt, bound, 'the new token');
      const owner = input.user_id === undefined ? await findUserById(trx, ctx.actor!.id) : await resolveServiceUser(trx, input.user_id);
      if (!owner) throw notFound('User');
      if (input.user_id !== undefined && owner.id === ctx.actor?.id) throw forbidden('A service user never issues tokens for itself; another Admin does');
      if (owner.deactivated_at !== null) throw conflict(`${owner.user_id} is deactivated; reactivate it before issuing tokens`);
      if (await tokenNameTaken(trx, owner.id, name)) throw conflict(`${owner.user_id} already has a token named "${name}"`);
      await checkDatastoresReachable(trx, owner, restriction.datastoreIds);
      const columns = restrictionColumns(restriction);
      const { id, secret } = await issue(trx, ctx, { owner, name, scope: input.scim_only ? 'scim' : 'all', expiresAt, restriction: columns });
      await recordAudit(trx, ctx, {
        action: 'token.created',
        targetType: 'token',
        targetId: id,
        changes: created({ name, kind: owner.type === 'service' ? 'service' : 'personal', owner: owner.user_id, hint: hintOf(secret), scim_only: Boolean(input.scim_only), expires_at: expiresAt, ...restrictionAudit(columns) }),
      });
      const row = await findTokenById(trx, id);
      return { ...(await toTokenView(trx, row!)), token: secret };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A token named "${name}" already exists for this user`);
    throw err;
  }
}

/** The restriction fields worth recording in the audit log (only those that are set). */
export function restrictionAudit(c: RestrictionColumns): Record<string, unknown> {
  const view = restrictionView(c);
  if (!view) return {};
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== null));
}

export interface RotateInput {
  /** How long the old token keeps working, in hours (0–720; default 24). */
  overlap_hours?: number;
  /** The new token's lifetime; default the old token's lifetime, within the cap. */
  expires_in_days?: number | null;
}

export const DEFAULT_OVERLAP_HOURS = 24;

/** The lifetime, in whole days, a rotation gives the successor when none is asked for. */
function inheritedDays(token: TokenWithOwner, settings: TokenSettings): number | null {
  if (token.expires_at === null) return settings.maxTokenDays;
  const days = Math.max(1, Math.round((Date.parse(token.expires_at) - Date.parse(token.created_at)) / DAY_MS));
  return settings.maxTokenDays === null ? Math.min(days, 365) : Math.min(days, settings.maxTokenDays);
}

/**
 * POST /api/user-tokens/{id}/rotate: a successor with the same owner, name, scope and
 * restrictions, in one transaction; the old token keeps working until the overlap ends, then
 * stops as expired (expiry_reason rotated). A token rotated once answers 409 naming its successor:
 * nothing is revoked behind the caller's back.
 */
export async function rotateToken(db: Db, ctx: ActionContext, settings: TokenSettings, id: number, input: RotateInput): Promise<{ token: TokenView & { token: string }; previous: TokenView }> {
  const overlapHours = input.overlap_hours ?? DEFAULT_OVERLAP_HOURS;
  return transact(db, async (trx) => {
    const old = await loadVisibleToken(trx, ctx, id);
    requireManage(ctx, old);
    if (old.rotated_at !== null) throw alreadyRotated(id, old.rotated_to);
    const status = statusOf(old);
    if (status !== 'active') throw conflict(`Token ${id} is ${status}; only an active token can be rotated (issue a new one instead)`);
    const owner = (await findUserById(trx, old.user_id))!;
    if (owner.deactivated_at !== null) throw conflict(`${owner.user_id} is deactivated; reactivate it before rotating its tokens`);
    // A narrowed caller rotates only tokens within its narrowing, and the successor never outlives it.
    const bound = await callerBound(trx, ctx);
    requireWithinBound(restrictionOfColumns(old), bound, `token ${id}`);
    const now = Date.now();
    const days = input.expires_in_days !== undefined ? input.expires_in_days : inheritedDays(old, settings);
    const asked = expiryFor(days, settings, now);
    // Naming no lifetime inherits one, brought forward to a narrowed caller's own end.
    const expiresAt = input.expires_in_days === undefined ? expiryWithinBound(asked, bound) : asked;
    requireExpiryWithin(expiresAt, bound, 'its successor');
    const overlapEnd = new Date(now + overlapHours * 3_600_000).toISOString();
    const oldEnd = old.expires_at !== null && old.expires_at < overlapEnd ? old.expires_at : overlapEnd;
    const rotatedAt = new Date(now).toISOString();
    if (!(await markRotated(trx, id, oldEnd, rotatedAt))) throw alreadyRotated(id, (await findTokenById(trx, id))?.rotated_to ?? null);
    const { id: newId, secret } = await issueAfter(trx, ctx, old, owner, expiresAt);
    await linkSuccessor(trx, id, newId);
    await recordAudit(trx, ctx, {
      action: 'token.rotated',
      targetType: 'token',
      targetId: id,
      changes: {
        rotated_to: { before: null, after: newId },
        expires_at: { before: old.expires_at, after: oldEnd },
        successor_expires_at: { before: null, after: expiresAt },
      },
    });
    const [fresh, previous] = await Promise.all([findTokenById(trx, newId), findTokenById(trx, id)]);
    const [freshView, previousView] = await toTokenViews(trx, [fresh!, previous!]);
    return { token: { ...freshView, token: secret }, previous: previousView };
  });
}

function alreadyRotated(id: number, successor: number | null) {
  return conflict(`Token ${id} was already rotated: its successor is token ${successor ?? '(deleted)'}. Rotate that one instead`);
}

/** The successor of a rotation: what the old token was, with a new secret and expiry. */
function issueAfter(trx: Kdb, ctx: ActionContext, old: TokenWithOwner, owner: UserRow, expiresAt: string | null) {
  return issue(trx, ctx, {
    owner, name: old.name, scope: old.scope, expiresAt, rotatedFrom: old.id,
    restriction: { allowed_actions: old.allowed_actions, allowed_datastores: old.allowed_datastores, allowed_cidrs: old.allowed_cidrs },
  });
}

/** A token the caller may see: their own, or a service token for an Admin. Otherwise 404. */
async function loadVisibleToken(db: Kdb, ctx: ActionContext, id: number): Promise<TokenWithOwner> {
  const token = await findTokenById(db, id);
  const visible = token && (ctx.actor === null || token.user_id === ctx.actor.id || (token.kind === 'service' && can(ctx, 'service_tokens.manage')));
  if (!visible) throw notFound(`Token ${id}`);
  return token;
}

/** Changing a token needs the same right as issuing it (a narrowed token must name that action too). */
function requireManage(ctx: ActionContext, token: TokenWithOwner) {
  if (token.kind === 'service') requireAction(ctx, 'service_tokens.manage');
  else if (ctx.actor && ctx.actor.id !== token.user_id) throw notFound(`Token ${token.id}`);
  else requireAction(ctx, 'personal_tokens.manage');
}

export async function getToken(db: Db, ctx: ActionContext, id: number): Promise<TokenView> {
  return toTokenView(db.kysely, await loadVisibleToken(db.kysely, ctx, id));
}

export interface TokenPage {
  items: TokenView[];
  total: number;
}

export interface TokenListQuery {
  status?: TokenStatus;
  offset: number;
  limit: number;
}

export async function listOwnTokens(db: Db, ctx: ActionContext, q: TokenListQuery): Promise<TokenPage> {
  if (!ctx.actor) return { items: [], total: 0 };
  if (ctx.actor.type === 'service') {
    throw forbidden('Service users have no personal tokens; an Admin lists service tokens at GET /api/user-tokens/service');
  }
  const { rows, total } = await listTokens(db.kysely, { ownerId: ctx.actor.id, now: new Date().toISOString(), ...q });
  return { items: await toTokenViews(db.kysely, rows), total };
}

export async function listServiceTokens(db: Db, ctx: ActionContext, q: TokenListQuery & { user_id?: number | string }): Promise<TokenPage> {
  requireAction(ctx, 'service_tokens.manage');
  let ownerId: number | undefined;
  if (q.user_id !== undefined) {
    const owner = typeof q.user_id === 'number' ? await findUserById(db.kysely, q.user_id) : await findUserByUserId(db.kysely, q.user_id);
    if (!owner) return { items: [], total: 0 };
    ownerId = owner.id;
  }
  const { rows, total } = await listTokens(db.kysely, { ownerId, kind: 'service', status: q.status, now: new Date().toISOString(), offset: q.offset, limit: q.limit });
  return { items: await toTokenViews(db.kysely, rows), total };
}

export async function setTokenRevoked(db: Db, ctx: ActionContext, id: number, revoked: boolean): Promise<TokenView> {
  return transact(db, async (trx) => {
    const token = await loadVisibleToken(trx, ctx, id);
    requireManage(ctx, token);
    const isRevoked = token.revoked_at !== null;
    if (revoked && !isRevoked) {
      const now = new Date().toISOString();
      await setRevoked(trx, id, { at: now, by: ctx.actor?.id ?? null, reason: 'manual' });
      await recordAudit(trx, ctx, { action: 'token.revoked', targetType: 'token', targetId: id, reason: 'manual', changes: { status: { before: statusOf(token), after: 'revoked' } } });
    } else if (!revoked && isRevoked) {
      if (statusOf({ ...token, revoked_at: null }) === 'expired') throw conflict('An expired token cannot be restored; issue a new one');
      await setRevoked(trx, id, null);
      await recordAudit(trx, ctx, { action: 'token.restored', targetType: 'token', targetId: id, changes: { status: { before: 'revoked', after: 'active' } } });
    }
    return toTokenView(trx, (await findTokenById(trx, id))!);
  });
}

export async function removeToken(db: Db, ctx: ActionContext, id: number): Promise<void> {
  await transact(db, async (trx) => {
    const token = await loadVisibleToken(trx, ctx, id);
    requireManage(ctx, token);
    if (token.revoked_at === null) throw conflict('Revoke the token before deleting it (two-step deletion)');
    await deleteToken(trx, id);
    await recordAudit(trx, ctx, {
      action: 'token.deleted',
      targetType: 'token',
      targetId: id,
      changes: { name: { before: token.name, after: null }, owner: { before: token.owner_user_id, after: null }, hint: { before: token.hint, after: null } },
    });
  });
}

export const MAX_EXPOSURE_REPORT = 1000;

/**
 * POST /api/credentials/revoke: someone found these strings (a log, a public repository). Each
 * well-formed one is queued by its hash, whatever it is, in one statement, and nothing else is
 * done while the reporter waits: a report costs the same whether it held an active token or not
 * (the answer's time is no oracle). The report is durable once this returns; revokeReported acts
 * on it.
 */
export async function reportExposed(db: Db, reporter: { requestId: string | null; ip: string | null }, credentials: string[]): Promise<void> {
  const hashes = [...new Set(credentials.filter((c) => typeof c === 'string' && isWellFormed(c)))].map(hashToken);
  const reportedAt = new Date().toISOString();
  await queueExposureReports(db.kysely, hashes.map((hash) => ({ hash, reported_at: reportedAt, request_id: reporter.requestId, ip: reporter.ip })));
}

/** The exposure worker's revocations are Warden's own work: the reporter holds no credential of Warden's. */
const EXPOSURE_WORKER = systemContext('exposure-worker');

/**
 * Works off up to `limit` queued reports in one transaction: each that names a known, active token
 * revokes it (reason exposed, exposed_at the report's time), audited with actor system and the
 * reporter's request id and address (the owner is told through the audit event's announcement);
 * the rest change nothing. Returns how many reports it took off the queue.
 */
export async function revokeReported(db: Db, limit = 200): Promise<number> {
  return transact(db, async (trx) => {
    const reports = await nextExposureReports(trx, limit);
    if (reports.length === 0) return 0;
    const tokens = new Map((await findTokensByHashes(trx, [...new Set(reports.map((r) => r.hash))])).map((t) => [t.hash, t]));
    const now = new Date().toISOString();
    for (const report of reports) {
      const token = tokens.get(report.hash);
      if (!token || statusOf(token, now) !== 'active') continue;
      await setRevoked(trx, token.id, { at: now, by: null, reason: 'exposed' });
      await setExposed(trx, token.id, report.reported_at);
      token.revoked_at = now; // a second report of it in this batch finds it revoked
      await recordAudit(trx, { ...EXPOSURE_WORKER, requestId: report.request_id, ip: report.ip }, {
        action: 'token.revoked', targetType: 'token', targetId: token.id, reason: 'exposed',
        changes: { status: { before: 'active', after: 'revoked' }, exposed_at: { before: null, after: report.reported_at } },
      });
    }
    await deleteExposureReports(trx, reports.map((r) => r.id));
    return reports.length;
  });
}
