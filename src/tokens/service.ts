// Personal access tokens and service tokens: issue (secret shown once), list, revoke/restore,
// two-step delete. Who may see a token: its owner; Admins for service tokens only.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import type { ActionContext } from '../access/principal.ts';
import { can, requireAction } from '../access/guard.ts';
import { conflict, forbidden, invalidField, notFound } from '../http/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, recordAudit } from '../audit/service.ts';
import { findUserById, findUserByUserId, findUsersByIds } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { generateToken, hashToken, hintOf } from './format.ts';
import { deleteToken, findTokenById, insertToken, listTokens, setRevoked, tokenNameTaken, type TokenStatus, type TokenWithOwner } from './store.ts';

type Kdb = Db['kysely'];

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
  status: TokenStatus;
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
    status: statusOf(t),
  }));
}

async function toTokenView(db: Kdb, row: TokenWithOwner): Promise<TokenView> {
  return (await toTokenViews(db, [row]))[0];
}

export interface CreateTokenInput {
  name: string;
  expires_in_days: number | null;
  /** The service user to issue for: its numeric id or its user_id string. Absent: a PAT for the caller. */
  user_id?: number | string;
  scim_only?: boolean;
}

export interface TokenSettings {
  maxTokenDays: number | null;
}

async function resolveServiceUser(db: Kdb, ref: number | string) {
  const user = typeof ref === 'number' ? await findUserById(db, ref) : await findUserByUserId(db, ref);
  if (!user) throw invalidField('user_id', `No user ${ref}`);
  if (user.type !== 'service') throw invalidField('user_id', 'Tokens for personal accounts are made by their owners; user_id must name a service user');
  return user;
}

function expiryFor(days: number | null, settings: TokenSettings): string | null {
  if (days === null) {
    if (settings.maxTokenDays !== null) throw invalidField('expires_in_days', `This instance caps token lifetime at ${settings.maxTokenDays} days; a token that never expires is not allowed`);
    return null;
  }
  if (settings.maxTokenDays !== null && days > settings.maxTokenDays) {
    throw invalidField('expires_in_days', `This instance caps token lifetime at ${settings.maxTokenDays} days`);
  }
  return new Date(Date.now() + days * 86_400_000).toISOString();
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

  try {
    return await transact(db, async (trx) => {
      const owner = input.user_id === undefined ? await findUserById(trx, ctx.actor!.id) : await resolveServiceUser(trx, input.user_id);
      if (!owner) throw notFound('User');
      if (input.user_id !== undefined && owner.id === ctx.actor?.id) throw forbidden('A service user never issues tokens for itself; another Admin does');
      if (owner.deactivated_at !== null) throw conflict(`${owner.user_id} is deactivated; reactivate it before issuing tokens`);
      if (await tokenNameTaken(trx, owner.id, name)) throw conflict(`${owner.user_id} already has a token named "${name}"`);
      const kind = owner.type === 'service' ? 'service' : 'personal';
      const secret = generateToken(kind);
      const id = await insertToken(trx, {
        user_id: owner.id,
        name,
        kind,
        scope: input.scim_only ? 'scim' : 'all',
        hash: hashToken(secret),
        hint: hintOf(secret),
        created_at: new Date().toISOString(),
        created_by: ctx.actor?.id ?? null,
        expires_at: expiresAt,
      });
      await recordAudit(trx, ctx, {
        action: 'token.created',
        targetType: 'token',
        targetId: id,
        changes: created({ name, kind, owner: owner.user_id, hint: hintOf(secret), scim_only: Boolean(input.scim_only), expires_at: expiresAt }),
      });
      const row = await findTokenById(trx, id);
      return { ...(await toTokenView(trx, row!)), token: secret };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A token named "${name}" already exists for this user`);
    throw err;
  }
}

/** A token the caller may see: their own, or a service token for an Admin. Otherwise 404. */
async function loadVisibleToken(db: Kdb, ctx: ActionContext, id: number): Promise<TokenWithOwner> {
  const token = await findTokenById(db, id);
  const visible = token && (ctx.actor === null || token.user_id === ctx.actor.id || (token.kind === 'service' && can(ctx, 'service_tokens.manage')));
  if (!visible) throw notFound(`Token ${id}`);
  return token;
}

/** Changing a token needs the same right as issuing it. */
function requireManage(ctx: ActionContext, token: TokenWithOwner) {
  if (token.kind === 'service') requireAction(ctx, 'service_tokens.manage');
  else if (ctx.actor && ctx.actor.id !== token.user_id) throw notFound(`Token ${token.id}`);
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
      await setRevoked(trx, id, now, ctx.actor?.id ?? null);
      await recordAudit(trx, ctx, { action: 'token.revoked', targetType: 'token', targetId: id, changes: { status: { before: statusOf(token), after: 'revoked' } } });
    } else if (!revoked && isRevoked) {
      if (statusOf({ ...token, revoked_at: null }) === 'expired') throw conflict('An expired token cannot be restored; issue a new one');
      await setRevoked(trx, id, null, null);
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
