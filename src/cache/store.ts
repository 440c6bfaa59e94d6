// The reads that fill the caches of the request path: one indexed query per entry, and (PostgreSQL)
// one for a token unknown to the node together with its owner (tokenWithOwnerByHash). Kysely builds
// and compiles each once per database (db/hot-query.ts); on SQLite they run synchronously on a
// read-only connection of their own, on PostgreSQL through the pool.
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Db } from '../db/connection.ts';
import { hotQuery, named, type HotQuery } from '../db/hot-query.ts';

const TOKEN_COLUMNS = ['t.id as token_id', 't.user_id as owner_id', 't.scope', 't.hint', 't.expires_at', 't.revoked_at', 't.allowed_actions', 't.allowed_datastores', 't.allowed_cidrs', 't.created_at'] as const;
const USER_COLUMNS = ['u.id', 'u.user_id', 'u.type', 'u.name', 'u.email', 'u.role', 'u.role_before_elevation', 'u.elevation_ends_at', 'u.deactivated_at'] as const;

/**
 * The user's stored team memberships as JSON `[[team_id, until], …]` (SQLite: its text;
 * PostgreSQL: parsed), by scalar subquery: on SQLite a LEFT JOIN of the memberships cost ~18 µs
 * against ~5 for this (at 30,000 users), and it keeps the user one row.
 */
const teamsOfUser = (db: Kysely<Database>) =>
  (db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<string | [number, string | null][]>`(select json_group_array(json_array(m.team_id, m.until)) from team_members m where m.user_id = u.id)`
    : sql<string | [number, string | null][]>`(select coalesce(json_agg(json_build_array(m.team_id, m.until)), '[]'::json) from team_members m where m.user_id = u.id)`
  ).as('teams');

/**
 * A token's state by its hash (revocation, expiry, scope, restriction) and its owner's id; the
 * owner is read apart (principalUserById), when it is not cached. SQLite's read (no round trip).
 */
export const tokenByHash = named('warden_token_by_hash', hotQuery(
  (db, hash: string) => db.selectFrom('tokens as t').select(TOKEN_COLUMNS).where('t.hash', '=', hash),
  ['\u0000hash'] as const,
));

/**
 * A user as authentication and decisions see it: identity, stored role fields (the effective role
 * is computed at each use), activity, and every stored team membership with its end (a membership
 * that has ended is filtered at each use, not here). One row.
 */
export const principalUserById = named('warden_principal_user', hotQuery(
  (db, id: number) => db.selectFrom('users as u').select(USER_COLUMNS).select(teamsOfUser(db)).where('u.id', '=', id),
  [-7_100_001] as const,
));

/**
 * A token unknown to the node and its owner in one statement (PostgreSQL: one round trip, not two;
 * on SQLite the join cost more than the two statements it replaces, so SQLite does not use it): the
 * columns of tokenByHash and of principalUserById side by side in one row (their names do not
 * overlap), so that each entry is built from it as from its own read. The owner is one row (its
 * memberships aggregated), so the join repeats nothing. No row: no token has this hash (every token
 * has an owner: tokens.user_id is NOT NULL and references users).
 */
export const tokenWithOwnerByHash = named('warden_token_with_owner', hotQuery(
  (db, hash: string) =>
    db
      .selectFrom('tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(TOKEN_COLUMNS)
      .select(USER_COLUMNS)
      .select(teamsOfUser(db))
      .where('t.hash', '=', hash),
  ['\u0000hash'] as const,
));

/** A datastore's teams with their levels (the Public team among them when the datastore is in it). No row: no such datastore. */
export const teamsOfDatastoreById = named('warden_datastore_teams', hotQuery(
  (db, id: number) =>
    db
      .selectFrom('datastores as d')
      .leftJoin('team_datastores as td', 'td.datastore_id', 'd.id')
      .leftJoin('teams as t', 't.id', 'td.team_id')
      .select(['d.id', 'd.kind as datastore_kind', 't.id as team_id', 't.name as team_name', 't.permission', 't.kind'])
      .where('d.id', '=', id),
  [-7_100_002] as const,
));

export type RowOf<Q> = Q extends HotQuery<any, infer R> ? R : never;


/** Users' last_active_at, for the refresh of cached user views. */
export function lastActiveOfUsers(db: Db, ids: number[]) {
  return db.kysely.selectFrom('users').select(['id', 'last_active_at']).where('id', 'in', ids).execute();
}
