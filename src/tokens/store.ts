import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, TokensTable } from '../db/types.ts';
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

/**
 * The old token of a rotation: rotated away (its name is free for the successor), ending when the
 * overlap does. False when it was rotated already (a concurrent rotation got there first).
 */
export async function markRotated(db: Executor, id: number, endsAt: string, at: string): Promise<boolean> {
  const res = await db.updateTable('tokens').set({ expires_at: endsAt, rotated_at: at }).where('id', '=', id).where('rotated_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function linkSuccessor(db: Executor, id: number, successorId: number): Promise<void> {
  await db.updateTable('tokens').set({ rotated_to: successorId }).where('id', '=', id).execute();
}

export async function setExposed(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('tokens').set({ exposed_at: at }).where('id', '=', id).execute();
}

export interface ExposureReport {
  hash: string;
  reported_at: string;
  request_id: string | null;
  ip: string | null;
}

/** Queues reported hashes, one statement (the same work whatever they are). */
export async function queueExposureReports(db: Executor, reports: ExposureReport[]): Promise<void> {
  if (reports.length > 0) await db.insertInto('exposure_reports').values(reports).execute();
}

/** The oldest queued reports. */
export async function nextExposureReports(db: Executor, limit: number): Promise<(ExposureReport & { id: number })[]> {
  return db.selectFrom('exposure_reports').selectAll().orderBy('id').limit(limit).execute();
}

export async function deleteExposureReports(db: Executor, ids: number[]): Promise<void> {
  await inBatches(ids, async (batch) => (await db.deleteFrom('exposure_reports').where('id', 'in', batch).execute(), []));
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

export interface LastUse {
  tokenId: number;
  userId: number;
  at: string;
  ip: string | null;
}

/**
 * Writes last-use figures as one JSON parameter: on PostgreSQL tokens and their owners in one
 * statement; on SQLite the tokens' figures (writeUserActivity writes the owners'). Only ever moving
 * forward: the latest use wins, whichever node saw it. The marker says these writes change nothing
 * the caches hold (db/change-tracking.ts).
 */
export async function writeLastUses(db: Executor, dialect: 'sqlite' | 'postgres', uses: LastUse[]): Promise<void> {
  if (uses.length === 0) return;
  const json = JSON.stringify(uses.map((u) => ({ t: u.tokenId, u: u.userId, at: u.at, ip: u.ip })));
  if (dialect === 'postgres') {
    await sql`/* warden:last-use */ with v as (
        select * from jsonb_to_recordset(${json}::jsonb) as v(t int, u int, at timestamptz, ip text)
      ), written as (
        update tokens set last_used_at = v.at, last_used_ip = v.ip from v
        where tokens.id = v.t and (tokens.last_used_at is null or tokens.last_used_at < v.at)
        returning 1
      )
      update users set last_active_at = x.at
      from (select u, max(at) as at from v group by u) x
      where users.id = x.u and (users.last_active_at is null or users.last_active_at < x.at)`.execute(db);
    return;
  }
  await sql`/* warden:last-use */ update tokens set last_used_at = v.at, last_used_ip = v.ip
    from (select value ->> 't' as t, value ->> 'at' as at, value ->> 'ip' as ip from json_each(${json})) as v
    where tokens.id = v.t and (tokens.last_used_at is null or tokens.last_used_at < v.at)`.execute(db);
}

/** SQLite: users' last activity, one statement (only ever moving forward). */
export async function writeUserActivity(db: Executor, latest: { userId: number; at: string }[]): Promise<void> {
  if (latest.length === 0) return;
  const json = JSON.stringify(latest.map((u) => ({ u: u.userId, at: u.at })));
  await sql`/* warden:last-use */ update users set last_active_at = v.at
    from (select value ->> 'u' as u, value ->> 'at' as at from json_each(${json})) as v
    where users.id = v.u and (users.last_active_at is null or users.last_active_at < v.at)`.execute(db);
}
