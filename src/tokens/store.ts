import { type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, TokensTable } from '../db/types.ts';
import { hotQuery } from '../db/hot-query.ts';
import { inBatches } from '../db/batch.ts';

type Executor = Kysely<Database>;
export type TokenRow = Selectable<TokensTable>;
export type TokenStatus = 'active' | 'revoked' | 'expired';

const tokenWithOwner = (db: Executor) =>
  db
    .selectFrom('tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .select(['u.user_id as owner_user_id', 'u.name as owner_name', 'u.type as owner_type']);

export type TokenWithOwner = TokenRow & { owner_user_id: string; owner_name: string; owner_type: 'personal' | 'service' };

export async function insertToken(db: Executor, values: Insertable<TokensTable>): Promise<number> {
  return (await db.insertInto('tokens').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findTokenById(db: Executor, id: number): Promise<TokenWithOwner | undefined> {
  return tokenWithOwner(db).where('t.id', '=', id).executeTakeFirst();
}

/** Whether the owner has a current token of that name (a token rotated away leaves its name to its successor). */
export async function tokenNameTaken(db: Executor, userId: number, name: string): Promise<boolean> {
  return (await db.selectFrom('tokens').select('id').where('user_id', '=', userId).where('name', '=', name).where('rotated_at', 'is', null).executeTakeFirst()) !== undefined;
}

export async function findTokensByHashes(db: Executor, hashes: string[]): Promise<TokenRow[]> {
  return inBatches(hashes, (batch) => db.selectFrom('tokens').selectAll().where('hash', 'in', batch).execute());
}

/** The old token of a rotation: rotated away (its name is free for the successor), ending when the overlap does. */
export async function markRotated(db: Executor, id: number, endsAt: string, at: string): Promise<void> {
  await db.updateTable('tokens').set({ expires_at: endsAt, rotated_at: at }).where('id', '=', id).execute();
}

export async function linkSuccessor(db: Executor, id: number, successorId: number): Promise<void> {
  await db.updateTable('tokens').set({ rotated_to: successorId }).where('id', '=', id).execute();
}

export async function setExposed(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('tokens').set({ exposed_at: at }).where('id', '=', id).execute();
}

export interface TokenFilter {
  ownerId?: number;
  kind?: 'personal' | 'service';
  status?: TokenStatus;
  now: string;
  offset: number;
  limit: number;
}

/** One page of tokens, newest first, and how many match in all. */
export async function listTokens(db: Executor, f: TokenFilter): Promise<{ rows: TokenWithOwner[]; total: number }> {
  let q = db.selectFrom('tokens as t');
  if (f.ownerId !== undefined) q = q.where('t.user_id', '=', f.ownerId);
  if (f.kind) q = q.where('t.kind', '=', f.kind);
  if (f.status === 'revoked') q = q.where('t.revoked_at', 'is not', null);
  if (f.status === 'expired') q = q.where('t.revoked_at', 'is', null).where('t.expires_at', '<=', f.now);
  if (f.status === 'active') q = q.where('t.revoked_at', 'is', null).where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', f.now)]));
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .select(['u.user_id as owner_user_id', 'u.name as owner_name', 'u.type as owner_type'])
    .orderBy('t.id', 'desc')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return { rows, total: Number(total) };
}

/** Revokes (with when, by whom and why) or, with null, restores a token. */
export async function setRevoked(db: Executor, id: number, revoked: { at: string; by: number | null; reason: 'manual' | 'exposed' } | null): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: revoked?.at ?? null, revoked_by: revoked?.by ?? null, revoked_reason: revoked?.reason ?? null }).where('id', '=', id).execute();
}

export async function deleteToken(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('tokens').where('id', '=', id).execute();
}

const credentialByHash = hotQuery(
  (db, hash: string) =>
    db
      .selectFrom('tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 't.scope', 't.expires_at', 't.revoked_at', 't.allowed_actions', 't.allowed_datastores', 't.allowed_cidrs', 'u.id', 'u.user_id', 'u.type', 'u.name', 'u.email', 'u.role', 'u.role_before_elevation', 'u.elevation_ends_at', 'u.deactivated_at'])
      .where('t.hash', '=', hash),
  ['\u0000hash'] as const,
);

/** What authentication needs, in one indexed lookup by hash. */
export async function findCredentialByHash(db: Executor, hash: string) {
  return (await credentialByHash(db, hash))[0];
}

export interface LastUse {
  tokenId: number;
  userId: number;
  at: string;
  ip: string | null;
}

/** Writes a batch of last-use records: one statement per token and per user, only ever moving forward. */
export async function writeLastUses(db: Executor, uses: LastUse[]): Promise<void> {
  const latestPerUser = new Map<number, string>();
  for (const u of uses) {
    await db.updateTable('tokens').set({ last_used_at: u.at, last_used_ip: u.ip }).where('id', '=', u.tokenId).execute();
    if ((latestPerUser.get(u.userId) ?? '') < u.at) latestPerUser.set(u.userId, u.at);
  }
  for (const [userId, at] of latestPerUser) {
    await db
      .updateTable('users')
      .set({ last_active_at: at })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', at)]))
      .execute();
  }
}

