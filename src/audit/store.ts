import { PostgresAdapter, sql, type Insertable, type Kysely } from 'kysely';
import { chunks } from '../db/batch.ts';
import { writeAndAnnounce, type Change } from '../db/changes.ts';
import type { AuditEventsTable, Database } from '../db/types.ts';

export type Executor = Kysely<Database>;
export type NewAuditEvent = Insertable<AuditEventsTable>;

/** An audit row joined with its actor's user_id and name. */
export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: number | null;
  reason: string | null;
  changes: string;
  request_id: string | null;
  ip: string | null;
  credential_kind: string | null;
  credential_id: number | null;
  credential_hint: string | null;
  /** 'directory' when the directory acted (actor_id null). */
  actor_kind: 'directory' | null;
}

/**
 * `n` new event ids, ascending, for rows written with explicit ids (recordAudits), and with
 * `withHead` the chain's head (the last event's hash, null when there is none) read by the same
 * statement, and the enabled webhooks (`hooks`: [id, events] pairs as JSON) read by it too. Only
 * under the audit chain's lock, which every append holds (taken by an earlier statement: a
 * statement's snapshot is taken before its locks are granted): on PostgreSQL from the identity's
 * sequence, on SQLite after the table's AUTOINCREMENT counter (one writer; an id taken meanwhile
 * by another process fails the insert, and the transaction with it).
 */
export async function allocateAuditIds(db: Executor, n: number, withHead: boolean): Promise<{ ids: number[]; head: string | null; hooks: string }> {
  const head = withHead ? sql<string | null>`(select hash from audit_events order by id desc limit 1)` : sql<null>`null`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const hooks = sql<string>`(select coalesce(json_agg(json_build_array(id, events)), '[]')::text from webhooks where enabled = 1)`;
    const { rows } = await sql<{ ids: number[]; head: string | null; hooks: string }>`select array(select nextval(pg_get_serial_sequence('audit_events', 'id'))::integer from generate_series(1, ${n})) as ids, ${head} as head, ${hooks} as hooks`.execute(db);
    return { ids: rows[0].ids.map(Number).sort((a, b) => a - b), head: rows[0].head, hooks: rows[0].hooks };
  }
  const hooks = sql<string>`(select json_group_array(json_array(id, events)) from webhooks where enabled = 1)`;
  const { rows } = await sql<{ last: number; head: string | null; hooks: string }>`select max(coalesce((select seq from sqlite_sequence where name = 'audit_events'), 0), coalesce((select max(id) from audit_events), 0)) as last, ${head} as head, ${hooks} as hooks`.execute(db);
  const last = Number(rows[0].last);
  return { ids: Array.from({ length: n }, (_, k) => last + 1 + k), head: rows[0].head, hooks: rows[0].hooks };
}

/** Rows with their ids and hashes (recordAudits). */
export async function insertAuditEvents(db: Executor, events: (NewAuditEvent & { id: number })[], changes: readonly Change[] = []): Promise<void> {
  const batches = chunks(events, 200);
  // the announcement goes with the last insert (one statement on PostgreSQL)
  for (const [k, batch] of batches.entries()) {
    const insert = db.insertInto('audit_events').values(batch);
    if (k < batches.length - 1) await insert.execute();
    else await writeAndAnnounce(db, insert, changes);
  }
}

export interface AuditFilter {
  actorId?: number;
  targetType?: string;
  targetId?: number;
  action?: string;
  since?: string;
  until?: string;
  /** Events a token acted through (kind token or scim). */
  credentialTokenId?: number;
  credentialKind?: string;
  offset: number;
  limit: number;
}

export async function listAuditEvents(db: Executor, f: AuditFilter) {
  let q = db.selectFrom('audit_events as e').leftJoin('users as u', 'u.id', 'e.actor_id');
  if (f.actorId !== undefined) q = q.where('e.actor_id', '=', f.actorId);
  if (f.targetType !== undefined) q = q.where('e.target_type', '=', f.targetType);
  if (f.targetId !== undefined) q = q.where('e.target_id', '=', f.targetId);
  if (f.action !== undefined) q = q.where('e.action', '=', f.action);
  if (f.since !== undefined) q = q.where('e.at', '>=', f.since);
  if (f.until !== undefined) q = q.where('e.at', '<', f.until);
  if (f.credentialTokenId !== undefined) q = q.where('e.credential_kind', 'in', ['token', 'scim']).where('e.credential_id', '=', f.credentialTokenId);
  if (f.credentialKind !== undefined) q = q.where('e.credential_kind', '=', f.credentialKind);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q
    .select(['e.id', 'e.at', 'e.actor_id', 'e.action', 'e.target_type', 'e.target_id', 'e.reason', 'e.changes', 'e.request_id', 'e.ip', 'e.credential_kind', 'e.credential_id', 'e.credential_hint', 'e.actor_kind', 'u.user_id as actor_user_id', 'u.name as actor_name'])
    .orderBy('e.id', 'desc')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return { rows, total: Number(total) };
}
