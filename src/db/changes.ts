// What changed, for the caches of the request path (src/cache). Every audited change announces
// its target inside its own transaction (audit/service.ts calls announceChange): on PostgreSQL the
// statement is a real `pg_notify`, delivered to every node's LISTEN connection only when the
// transaction commits (a rolled-back change announces nothing); on SQLite `pg_notify` is a no-op
// function. Either way the statement is recognised by the connection wrapper
// (db/change-tracking.ts), which hands the changes to this process's ChangeFeed right after the
// commit, before the service that made the change answers.
import { CompiledQuery, PostgresAdapter, sql, type Compilable, type Kysely } from 'kysely';

/** The LISTEN/NOTIFY channel (notifications are scoped to one database). */
export const CHANGE_CHANNEL = 'warden_changes';

/**
 * What a change is about: a token, a user (role, activity, elevation, own team memberships), a
 * team (its level, name, members, datastores), a datastore (its teams), or `all` when it cannot be
 * narrowed. `other` kinds (sessions, webhooks) touch nothing a cache holds.
 */
export interface Change {
  kind: string;
  id: number | null;
}

/** Audit targets no cache holds anything about: their changes need not be announced. */
export const UNCACHED_TARGETS: ReadonlySet<string> = new Set(['session', 'webhook', 'workload_identity', 'oauth_client', 'directory_mapping']);

export const ALL_CHANGED: Change = Object.freeze({ kind: 'all', id: null });

export function encodeChange(c: Change): string {
  return c.id === null ? c.kind : `${c.kind}:${c.id}`;
}

/** The inverse of encodeChange; anything unreadable means "all" (never trust what cannot be read). */
export function decodeChange(payload: string | undefined): Change {
  if (!payload) return ALL_CHANGED;
  const colon = payload.indexOf(':');
  if (colon === -1) return /^[a-z_]{1,40}$/.test(payload) ? { kind: payload, id: null } : ALL_CHANGED;
  const kind = payload.slice(0, colon);
  const id = Number(payload.slice(colon + 1));
  if (!/^[a-z_]{1,40}$/.test(kind) || !Number.isSafeInteger(id)) return ALL_CHANGED;
  return { kind, id };
}

/** The compiled text of the announcement on each database, which the connection wrapper recognises. */
export const ANNOUNCE_SQL = { postgres: 'select pg_notify($1, $2)', sqlite: 'select pg_notify(?, ?)' } as const;

/**
 * Several announcements in one statement (a batch of SCIM creates, one per new user): the payloads
 * as a JSON array of strings, one notification each, as if each had been announced alone.
 */
export const ANNOUNCE_MANY_SQL = {
  postgres: 'select pg_notify($1, c) from json_array_elements_text($2::json) as c',
  sqlite: 'select pg_notify(?, value) from json_each(?)',
} as const;

/**
 * How a statement that writes and announces in one (PostgreSQL, writeAndAnnounce) ends: its write is
 * a data-modifying CTE, its last two parameters the channel and the payload of ANNOUNCE_MANY_SQL.
 */
export const ANNOUNCE_AFTER_WRITE = /\) select pg_notify\(\$\d+, c\) from json_array_elements_text\(\$\d+::json\) as c$/;

/** The changes of an ANNOUNCE_MANY_SQL statement's payload parameter; anything unreadable means "all". */
export function decodeChanges(payload: unknown): Change[] {
  let values: unknown;
  try {
    values = JSON.parse(String(payload));
  } catch {
    return [ALL_CHANGED];
  }
  if (!Array.isArray(values) || values.length === 0) return [ALL_CHANGED];
  return values.map((v) => (typeof v === 'string' ? decodeChange(v) : ALL_CHANGED));
}

/**
 * Announces, inside the caller's transaction, that `kind`/`id` changed. Caches drop what they hold
 * about it once the transaction commits, on this node at once and on the others when the
 * notification arrives.
 */
export async function announceChange(trx: Kysely<any>, kind: string, id: number | null): Promise<void> {
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${encodeChange({ kind, id })})`.execute(trx);
}

/** Announces several changes at once, in one statement (see ANNOUNCE_MANY_SQL). */
export async function announceChanges(trx: Kysely<any>, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length === 1) return announceChange(trx, changes[0].kind, changes[0].id);
  const payload = JSON.stringify(changes.map(encodeChange));
  const text = trx.getExecutor().adapter instanceof PostgresAdapter ? ANNOUNCE_MANY_SQL.postgres : ANNOUNCE_MANY_SQL.sqlite;
  await trx.executeQuery(CompiledQuery.raw(text, [CHANGE_CHANNEL, payload]));
}

/**
 * `write` and the announcement of `changes` in one statement on PostgreSQL (one round trip less:
 * the write as a data-modifying CTE, then ANNOUNCE_MANY_SQL's select); on SQLite the two as before.
 */
export async function writeAndAnnounce(trx: Kysely<any>, write: Compilable, changes: readonly Change[]): Promise<void> {
  const c = write.compile();
  if (changes.length === 0 || !(trx.getExecutor().adapter instanceof PostgresAdapter)) {
    await trx.executeQuery(c);
    return announceChanges(trx, changes);
  }
  const n = c.parameters.length;
  const text = `with w as (${c.sql}) select pg_notify($${n + 1}, c) from json_array_elements_text($${n + 2}::json) as c`;
  await trx.executeQuery(CompiledQuery.raw(text, [...c.parameters, CHANGE_CHANNEL, JSON.stringify(changes.map(encodeChange))]));
}

export type ChangeSource = 'local' | 'notify' | 'poll' | 'reset';
export type ChangeListener = (changes: readonly Change[], source: ChangeSource) => void;

/** This process's committed changes, as they happen; the caches subscribe. */
export class ChangeFeed {
  #listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(changes: readonly Change[], source: ChangeSource): void {
    if (changes.length === 0) return;
    for (const listener of this.#listeners) listener(changes, source);
  }
}
