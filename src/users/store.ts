import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { chunks, inBatches } from '../db/batch.ts';
import { containsIgnoringCase } from '../db/text-match.ts';
import type { Database, UsersTable } from '../db/types.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DialectName } from '../db/connection.ts';
import type { Role } from '../access/model.ts';
import { hotQuery, named } from '../db/hot-query.ts';
import { membershipHolds } from '../teams/store.ts';

type Executor = Kysely<Database>;
export type UserRow = Selectable<UsersTable>;

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUserId(db: Executor, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function findUsersByIds(db: Executor, ids: number[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return inBatches(ids, (batch) => db.selectFrom('users').selectAll().where('id', 'in', batch).execute());
}

export async function insertUser(db: Executor, values: Insertable<UsersTable>): Promise<number> {
  const row = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Several accounts in one statement: their ids by user_id (RETURNING's order is not the rows'). */
export async function insertUsers(db: Executor, rows: Insertable<UsersTable>[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const batch of chunks(rows, 100)) {
    for (const r of await db.insertInto('users').values(batch).returning(['id', 'user_id']).execute()) out.set(r.user_id, r.id);
  }
  return out;
}

export async function updateUserRow(db: Executor, id: number, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/**
 * The role that decides at `now`, in SQL: the same rule as access/elevation.ts effectiveRole (the
 * elevated role until elevation_ends_at, exclusive; then the role before it).
 */
export function effectiveRoleSql(now: string) {
  return sql<Role>`(case when elevation_ends_at is not null and elevation_ends_at <= ${now} then role_before_elevation else role end)`;
}

/**
 * Active Admins that stay Admins (no elevation that ends), locking their rows on PostgreSQL so that
 * two concurrent demotions cannot both see "another admin remains" (SQLite serialises writers
 * already). An Admin until some instant does not count: the instance must not lock itself out
 * when that instant comes.
 */
export async function activeAdminIds(db: Executor, dialect: DialectName): Promise<number[]> {
  let q = db.selectFrom('users').select('id').where('role', '=', 'admin').where('elevation_ends_at', 'is', null).where('deactivated_at', 'is', null).orderBy('id');
  // Writers are serialised already (db/transaction.ts); the lock, in id order, keeps the rule for a
  // transaction opened some other way.
  if (dialect === 'postgres') q = q.forUpdate();
  return (await q.execute()).map((r) => r.id);
}

/** Users whose time-bound role has ended but is still stored (the job writes the reversion), oldest end first. */
export async function usersWithEndedElevation(db: Executor, now: string, limit: number): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('elevation_ends_at', '<=', now).orderBy('elevation_ends_at').limit(limit).execute();
}

/** Whether any Admin is active (the hint printed by `serve` on a new instance). */
export async function hasActiveAdmin(db: Executor): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('role', '=', 'admin').where('deactivated_at', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}

export const USER_SORTS = ['name', 'created_at', 'role', 'last_active_at'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserFilter {
  type?: 'personal' | 'service';
  role?: Role;
  /** Custom team ids (users in any of them); the Public team matches everyone and is handled by the caller. */
  teamIds?: number[];
  /** Part of the name (case-insensitive). */
  name?: string;
  active?: boolean;
  q?: string;
  sort: UserSort;
  sortDir: 'asc' | 'desc';
  offset: number;
  limit: number;
  /** The instant roles and memberships are taken at (time-bound access); default now. */
  now?: string;
}

export async function listUserRows(db: Executor, f: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  let q = db.selectFrom('users');
  if (f.type) q = q.where('type', '=', f.type);
  const now = f.now ?? new Date().toISOString();
  if (f.role) q = q.where(effectiveRoleSql(now), '=', f.role);
  if (f.active === true) q = q.where('deactivated_at', 'is', null);
  if (f.active === false) q = q.where('deactivated_at', 'is not', null);
  if (f.teamIds !== undefined) {
    const teamIds = f.teamIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('team_members as tm').select('tm.user_id').where('tm.team_id', 'in', teamIds).where((inner) => inner.or([inner('tm.until', 'is', null), inner('tm.until', '>', now)])));
  }
  if (f.name) q = q.where(containsIgnoringCase(db, sql`name`, f.name));
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsIgnoringCase(db, sql`name`, text), containsIgnoringCase(db, sql`coalesce(email, '')`, text), containsIgnoringCase(db, sql`user_id`, text)]));
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  // Nulls (never active) sort last either way, then id keeps pages stable.
  let ordered = q.selectAll();
  if (f.sort === 'last_active_at') ordered = ordered.orderBy(sql`case when last_active_at is null then 1 else 0 end`);
  const sortColumn = f.sort === 'name' ? sql`lower(name)` : f.sort === 'role' ? effectiveRoleSql(now) : sql.ref(f.sort);
  const rows = await ordered
    .orderBy(sortColumn, f.sortDir)
    .orderBy('id', f.sortDir)
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return { rows, total: Number(total) };
}

export interface RestoredTokenView {
  id: number;
  name: string;
  hint: string;
  kind: 'personal' | 'service';
  expires_at: string | null;
}

/** A user's tokens that work whenever the user is active: neither revoked nor expired at `now`. */
export async function liveTokensOfUser(db: Executor, userId: number, now: string): Promise<RestoredTokenView[]> {
  return db.selectFrom('tokens').select(['id', 'name', 'hint', 'kind', 'expires_at'])
    .where('user_id', '=', userId).where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id').execute();
}

/** The owner's and the creator's user_id and name, by scalar subquery on `u` (null when none, or gone). */
const relatedOfUser = (eb: ExpressionBuilder<Database & { u: UsersTable }, 'u'>) => [
  eb.selectFrom('users as o').select('o.user_id').whereRef('o.id', '=', 'u.owner_id').as('owner_user_id'),
  eb.selectFrom('users as o').select('o.name').whereRef('o.id', '=', 'u.owner_id').as('owner_name'),
  eb.selectFrom('users as c').select('c.user_id').whereRef('c.id', '=', 'u.created_by').as('creator_user_id'),
  eb.selectFrom('users as c').select('c.name').whereRef('c.id', '=', 'u.created_by').as('creator_name'),
];

/**
 * One user's row with its owner's and creator's summaries (what a user view names), in one
 * statement compiled once per database: the read of a view that is not cached (`GET
 * /api/users/me` at first sight), where the general reads (findUserById, findUsersByIds) cost a
 * query build each. Scalar subqueries, not joins: on SQLite a LEFT JOIN of users cost ~25 µs
 * here against ~1 µs per subquery (measured at 30,000 users).
 */
export const userWithRelatedById = named('warden_user_view_user', hotQuery(
  (db, id: number) =>
    db
      .selectFrom('users as u')
      .selectAll('u')
      .select(relatedOfUser)
      // Whether the user maintains any team (1/0; true/false on PostgreSQL): on SQLite the read of
      // the maintained teams (maintainedTeamsOfUserView) costs ~20 µs even when it finds none (as
      // most users), this probe ~0.
      .select(sql<number | boolean>`exists (select 1 from team_maintainers x where x.user_id = u.id)`.as('maintains_any'))
      .where('u.id', '=', id),
  [-7_100_011] as const,
));

/**
 * PostgreSQL: the whole of one user's view in one statement (one round trip and one execution in
 * the backend, where userWithRelatedById, customTeamsOfUserView and maintainedTeamsOfUserView cost
 * three of each): userWithRelatedById's row, the custom teams of customTeamsOfUserView as JSON
 * `[[id, name, until], …]` (unordered: the caller sorts by name, code unit by code unit; `until`
 * as a timestamptz is written in JSON, in the session's time zone: the caller makes it ISO 8601
 * UTC) and the maintained teams of maintainedTeamsOfUserView as JSON `[[id, name], …]` in their
 * order (lower(name) in this database's collation, as teamsMaintainedBy). The same shapes as those
 * three (team names by scalar subquery, the membership by EXISTS), so that each part starts from
 * the user (src/users/view-indexes.test.ts). SQLite keeps the three statements: no round trip
 * there, and one compound statement of two of them cost it more (see maintainedTeamsOfUserView).
 */
export const userViewByIdPostgres = named('warden_user_view', hotQuery(
  (db, id: number, now: string) =>
    db
      .selectFrom('users as u')
      .selectAll('u')
      .select(relatedOfUser)
      .select([
        sql<[number, string, string | null][]>`(select coalesce(json_agg(json_build_array(m.team_id, (select t.name from teams t where t.id = m.team_id), m.until)), '[]'::json) from team_members m where m.user_id = u.id and (m.until is null or m.until > ${now}))`.as('teams'),
        sql<[number, string][]>`(select coalesce(json_agg(json_build_array(v.id, v.name) order by lower(v.name)), '[]'::json) from (select x.team_id as id, (select t.name from teams t where t.id = x.team_id) as name from team_maintainers x where x.user_id = u.id and exists (select 1 from team_members m where m.team_id = x.team_id and m.user_id = x.user_id and (m.until is null or m.until > ${now}))) v)`.as('maintains'),
      ])
      .where('u.id', '=', id),
  [-7_100_014, '\u0000now'] as const,
));

/**
 * One user's custom teams (memberships that hold at `now`): customTeamsOfUsers for one user (the
 * caller sorts by name), compiled once. Team names by scalar subquery rather than a join (see
 * above); a membership's team always exists (foreign key, deleted with it).
 */
export const customTeamsOfUserView = named('warden_user_view_teams', hotQuery(
  (db, id: number, now: string) =>
    db
      .selectFrom('team_members as m')
      .select((eb) => ['m.team_id as id', eb.selectFrom('teams as t').select('t.name').whereRef('t.id', '=', 'm.team_id').as('name'), 'm.until'])
      .where('m.user_id', '=', id)
      .where((eb) => membershipHolds(eb, now)),
  [-7_100_012, '\u0000now'] as const,
));

/**
 * The teams one user maintains while a member at `now`, by lower(name): teamsMaintainedBy for
 * one user, compiled once. Apart from customTeamsOfUserView: one compound statement cost SQLite
 * more than the two.
 */
export const maintainedTeamsOfUserView = named('warden_user_view_maintains', hotQuery(
  (db, id: number, now: string) =>
    db
      .selectFrom('team_maintainers as x')
      .select((eb) => ['x.team_id as id', eb.selectFrom('teams as t').select('t.name').whereRef('t.id', '=', 'x.team_id').as('name')])
      .where('x.user_id', '=', id)
      .where((eb) => eb.exists(eb.selectFrom('team_members as m').select('m.team_id').whereRef('m.team_id', '=', 'x.team_id').whereRef('m.user_id', '=', 'x.user_id').where((eb2) => membershipHolds(eb2, now))))
      .orderBy((eb) => eb.selectFrom('teams as t').select(sql<string>`lower(t.name)`.as('k')).whereRef('t.id', '=', 'x.team_id')),
  [-7_100_013, '\u0000now'] as const,
));
