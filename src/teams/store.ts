// Team queries. Public team membership is implicit (every user), never stored.
import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { chunks, inBatches } from '../db/batch.ts';
import { containsIgnoringCase } from '../db/text-match.ts';
import { nameKey } from '../http/text.ts';
import type { Database, TeamsTable } from '../db/types.ts';
import type { Level } from '../access/model.ts';
import { hotQuery } from '../db/hot-query.ts';
import type { AuditRow } from '../audit/store.ts';

type Executor = Kysely<Database>;

export interface TeamSummary {
  id: number;
  name: string;
}

/** A team a user is in, with when that membership ends by itself (absent: it does not). */
export interface TeamMembership extends TeamSummary {
  until?: string;
}

const nowIso = () => new Date().toISOString();

/**
 * Condition on `m` (team_members): the membership holds at `now`. A membership with an `until`
 * ends at that instant, whether or not the job that removes it has run yet.
 */
export function membershipHolds(eb: ExpressionBuilder<any, any>, now: string) {
  return eb.or([eb('m.until', 'is', null), eb('m.until', '>', now)]);
}

// The Public team can be neither renamed nor deleted; its other fields change, so only id and name are cached.
const publicTeamIdentity = new WeakMap<Executor, TeamSummary>();

export async function findPublicTeam(db: Executor): Promise<TeamRow> {
  return db.selectFrom('teams').selectAll().where('kind', '=', 'public').executeTakeFirstOrThrow();
}

/** The Public team's id and name, read once per database. */
export async function publicTeamSummary(db: Executor): Promise<TeamSummary> {
  let summary = publicTeamIdentity.get(db);
  if (!summary) {
    const team = await findPublicTeam(db);
    summary = { id: team.id, name: team.name };
    publicTeamIdentity.set(db, summary);
  }
  return summary;
}

export async function findTeamsByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return inBatches(ids, (batch) => db.selectFrom('teams').selectAll().where('id', 'in', batch).execute());
}

/** Each user's custom teams (stored memberships that hold now), by name, with when each ends. */
export async function customTeamsOfUsers(db: Executor, userIds: number[], now = nowIso()): Promise<Map<number, TeamMembership[]>> {
  const out = new Map<number, TeamMembership[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = (await inBatches(userIds, (batch) => db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.user_id', 't.id', 't.name', 'm.until'])
    .where('m.user_id', 'in', batch)
    .where((eb) => membershipHolds(eb, now))
    .execute())).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of rows) out.get(r.user_id)?.push(r.until === null ? { id: r.id, name: r.name } : { id: r.id, name: r.name, until: r.until });
  return out;
}

/** Each user's teams, the Public team first, then by name. */
export async function teamSummariesForUsers(db: Executor, userIds: number[], now = nowIso()): Promise<Map<number, TeamMembership[]>> {
  const pub = await publicTeamSummary(db);
  const custom = await customTeamsOfUsers(db, userIds, now);
  return new Map(userIds.map((id) => [id, [{ ...pub }, ...(custom.get(id) ?? [])]]));
}

/** Custom team ids a user is a stored member of (memberships that hold now). */
export async function teamIdsOfUser(db: Executor, userId: number, now = nowIso()): Promise<number[]> {
  const rows = await db.selectFrom('team_members as m').select('m.team_id').where('m.user_id', '=', userId).where((eb) => membershipHolds(eb, now)).orderBy('m.team_id').execute();
  return rows.map((r) => r.team_id);
}

/**
 * Replaces a user's memberships. A membership that stays keeps its end (when that is still ahead);
 * `until` sets the end of the listed ones (null: permanent).
 */
export async function replaceUserTeams(db: Executor, userId: number, teamIds: number[], until: Map<number, string | null> = new Map(), now = nowIso()): Promise<void> {
  const kept = new Map((await db.selectFrom('team_members').select(['team_id', 'until']).where('user_id', '=', userId).execute()).map((r) => [r.team_id, r.until]));
  await db.deleteFrom('team_members').where('user_id', '=', userId).execute();
  const endOf = (teamId: number) => (until.has(teamId) ? until.get(teamId)! : futureOrNull(kept.get(teamId), now));
  for (const batch of chunks(teamIds)) await db.insertInto('team_members').values(batch.map((team_id) => ({ team_id, user_id: userId, until: endOf(team_id) }))).execute();
  // A maintainer who leaves a team stops maintaining it.
  await db.deleteFrom('team_maintainers').where('user_id', '=', userId).where('team_id', 'not in', (eb) => eb.selectFrom('team_members').select('team_id').where('user_id', '=', userId)).execute();
}

const futureOrNull = (until: string | null | undefined, now: string) => (until != null && until > now ? until : null);

// ---- Teams: rows, members, datastores -------------------------------------------------

export type TeamRow = Selectable<TeamsTable>;

export async function findTeamById(db: Executor, id: number): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The team whose name is the same as this one (same nameKey: case, lookalikes). */
export async function findTeamByName(db: Executor, name: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
}

export async function insertTeam(db: Executor, values: Omit<Insertable<TeamsTable>, 'name_key'>): Promise<number> {
  return (await db.insertInto('teams').values({ ...values, name_key: nameKey(values.name) }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTeamRow(db: Executor, id: number, patch: Omit<Updateable<TeamsTable>, 'name_key'>): Promise<void> {
  await db.updateTable('teams').set(patch.name === undefined ? patch : { ...patch, name_key: nameKey(patch.name) }).where('id', '=', id).execute();
}

/** Deletes a team; its memberships and datastore assignments go with it (ON DELETE CASCADE). */
export async function deleteTeamRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('team_maintainers').where('team_id', '=', id).execute();
  await db.deleteFrom('team_members').where('team_id', '=', id).execute();
  await db.deleteFrom('team_datastores').where('team_id', '=', id).execute();
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

/** Stored members of a team whose membership holds now. */
export async function memberIdsOfTeam(db: Executor, teamId: number, now = nowIso()): Promise<number[]> {
  const rows = await db.selectFrom('team_members as m').select('m.user_id').where('m.team_id', '=', teamId).where((eb) => membershipHolds(eb, now)).orderBy('m.user_id').execute();
  return rows.map((r) => r.user_id);
}

/** When each current member's membership ends (only those that end), for the audit of a change. */
export async function memberEndsOfTeam(db: Executor, teamId: number, now = nowIso()): Promise<Record<string, string>> {
  const rows = await db.selectFrom('team_members').select(['user_id', 'until']).where('team_id', '=', teamId).where('until', '>', now).orderBy('user_id').execute();
  return Object.fromEntries(rows.map((r) => [String(r.user_id), r.until!]));
}

export async function datastoreIdsOfTeam(db: Executor, teamId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_datastores').select('datastore_id').where('team_id', '=', teamId).orderBy('datastore_id').execute();
  return rows.map((r) => r.datastore_id);
}

/**
 * Replaces a team's members. A member who stays keeps the end of their membership (when that is
 * still ahead); `until` sets the end for the listed users (null: permanent).
 */
export async function replaceTeamMembers(db: Executor, teamId: number, userIds: number[], until: Map<number, string | null> = new Map(), now = nowIso()): Promise<void> {
  const kept = new Map((await db.selectFrom('team_members').select(['user_id', 'until']).where('team_id', '=', teamId).execute()).map((r) => [r.user_id, r.until]));
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  const endOf = (userId: number) => (until.has(userId) ? until.get(userId)! : futureOrNull(kept.get(userId), now));
  for (const batch of chunks(userIds)) await db.insertInto('team_members').values(batch.map((user_id) => ({ team_id: teamId, user_id, until: endOf(user_id) }))).execute();
  // A maintainer who leaves the team stops maintaining it.
  await db.deleteFrom('team_maintainers').where('team_id', '=', teamId).where('user_id', 'not in', (eb) => eb.selectFrom('team_members').select('user_id').where('team_id', '=', teamId)).execute();
}

// ---- Maintainers (issue 21 §2) -------------------------------------------------------------

/** Maintainers of each team who are members now, as summaries ordered by name. */
export async function maintainersOfTeams(db: Executor, teamIds: number[], now = nowIso()): Promise<Map<number, TeamMember[]>> {
  const out = new Map<number, TeamMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_maintainers as x')
    .innerJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'x.team_id').onRef('m.user_id', '=', 'x.user_id'))
    .innerJoin('users as u', 'u.id', 'x.user_id')
    .select(['x.team_id', 'u.id', 'u.user_id', 'u.name'])
    .where('x.team_id', 'in', teamIds)
    .where((eb) => membershipHolds(eb, now))
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .execute();
  for (const r of rows) out.get(r.team_id)?.push({ id: r.id, user_id: r.user_id, name: r.name });
  return out;
}

/** The teams a user maintains (and is a member of now), by name. */
export async function teamsMaintainedBy(db: Executor, userIds: number[], now = nowIso()): Promise<Map<number, TeamSummary[]>> {
  const out = new Map<number, TeamSummary[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await inBatches(userIds, (batch) => db
    .selectFrom('team_maintainers as x')
    .innerJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'x.team_id').onRef('m.user_id', '=', 'x.user_id'))
    .innerJoin('teams as t', 't.id', 'x.team_id')
    .select(['x.user_id', 't.id', 't.name'])
    .where('x.user_id', 'in', batch)
    .where((eb) => membershipHolds(eb, now))
    .orderBy(sql`lower(t.name)`)
    .execute());
  for (const r of rows) out.get(r.user_id)?.push({ id: r.id, name: r.name });
  return out;
}

export async function isMaintainerOf(db: Executor, teamId: number, userId: number, now = nowIso()): Promise<boolean> {
  return (await maintainersOfTeams(db, [teamId], now)).get(teamId)!.some((m) => m.id === userId);
}

export async function insertMaintainer(db: Executor, teamId: number, userId: number, at: string): Promise<void> {
  await db.insertInto('team_maintainers').values({ team_id: teamId, user_id: userId, created_at: at }).execute();
}

export async function deleteMaintainer(db: Executor, teamId: number, userId: number): Promise<void> {
  await db.deleteFrom('team_maintainers').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}

export interface MemberCandidateRow {
  id: number;
  user_id: string;
  name: string;
  email: string | null;
  type: 'personal' | 'service';
}

/**
 * Active users who are not members of the team now (nor `except`, the one asking), whose name or
 * email, or service user_id, holds `q` (case-insensitive), by name: at most `limit` + 1 rows, so
 * that the caller knows whether there are more. A person's user_id (issuer|subject) is not
 * searched: its issuer part would match everyone.
 */
export async function memberCandidateRows(db: Executor, teamId: number, f: { q: string; except: number | null; limit: number; now: string }): Promise<MemberCandidateRow[]> {
  const like = (column: string) => containsIgnoringCase(db, sql.raw(column), f.q);
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.user_id', 'u.name', 'u.email', 'u.type'])
    .where('u.deactivated_at', 'is', null)
    .where((eb) => eb.or([like('u.name'), like(`coalesce(u.email, '')`), eb.and([eb('u.type', '=', 'service'), like('u.user_id')])]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('team_members as m').select('m.user_id').where('m.team_id', '=', teamId).whereRef('m.user_id', '=', 'u.id').where((inner) => membershipHolds(inner, f.now)))));
  if (f.except !== null) q = q.where('u.id', '!=', f.except);
  return q.orderBy(sql`lower(u.name)`).orderBy('u.id').limit(f.limit + 1).execute();
}

/** Memberships whose end has come (`until` at or before `now`), oldest end first. */
export async function endedMemberships(db: Executor, now: string, limit: number) {
  return db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.team_id', 'm.user_id', 'm.until', 't.name as team_name'])
    .where('m.until', '<=', now)
    .orderBy('m.until')
    .limit(limit)
    .execute();
}


export async function replaceTeamDatastores(db: Executor, teamId: number, datastoreIds: number[]): Promise<void> {
  await db.deleteFrom('team_datastores').where('team_id', '=', teamId).execute();
  for (const batch of chunks(datastoreIds)) await db.insertInto('team_datastores').values(batch.map((datastore_id) => ({ team_id: teamId, datastore_id }))).execute();
}

/** Team ids holding a datastore, ordered. */
export async function teamIdsOfDatastore(db: Executor, datastoreId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_datastores').select('team_id').where('datastore_id', '=', datastoreId).orderBy('team_id').execute();
  return rows.map((r) => r.team_id);
}

export async function replaceDatastoreTeams(db: Executor, datastoreId: number, teamIds: number[]): Promise<void> {
  await db.deleteFrom('team_datastores').where('datastore_id', '=', datastoreId).execute();
  for (const batch of chunks(teamIds)) await db.insertInto('team_datastores').values(batch.map((team_id) => ({ team_id, datastore_id: datastoreId }))).execute();
}

/** A stored member, with when the membership ends by itself (absent: it does not). */
export interface TeamMember {
  id: number;
  user_id: string;
  name: string;
  until?: string;
}

/** Stored members of each team (memberships that hold now), as user summaries ordered by name, with when each membership ends. */
export async function membersOfTeams(db: Executor, teamIds: number[], now = nowIso()): Promise<Map<number, TeamMember[]>> {
  const out = new Map<number, TeamMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.team_id', 'u.id', 'u.user_id', 'u.name', 'm.until'])
    .where('m.team_id', 'in', teamIds)
    .where((eb) => membershipHolds(eb, now))
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .execute();
  for (const r of rows) out.get(r.team_id)?.push(r.until === null ? { id: r.id, user_id: r.user_id, name: r.name } : { id: r.id, user_id: r.user_id, name: r.name, until: r.until });
  return out;
}

/** Datastores of each team, ordered by name. */
export async function datastoresOfTeams(db: Executor, teamIds: number[]): Promise<Map<number, TeamSummary[]>> {
  const out = new Map<number, TeamSummary[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_datastores as td')
    .innerJoin('datastores as d', 'd.id', 'td.datastore_id')
    .select(['td.team_id', 'd.id', 'd.name'])
    .where('td.team_id', 'in', teamIds)
    .orderBy(sql`lower(d.name)`)
    .orderBy('d.id')
    .execute();
  for (const r of rows) out.get(r.team_id)?.push({ id: r.id, name: r.name });
  return out;
}

/**
 * Teams of each datastore, ordered by name. With `visibleTo`, only the teams through which that
 * user reaches the datastore (the Public team, or a team the user is a stored member of).
 */
export async function teamsOfDatastores(db: Executor, datastoreIds: number[], visibleTo?: number, now = nowIso()): Promise<Map<number, TeamSummary[]>> {
  const out = new Map<number, TeamSummary[]>(datastoreIds.map((id) => [id, []]));
  if (datastoreIds.length === 0) return out;
  let q = db
    .selectFrom('team_datastores as td')
    .innerJoin('teams as t', 't.id', 'td.team_id')
    .select(['td.datastore_id', 't.id', 't.name'])
    .where('td.datastore_id', 'in', datastoreIds);
  if (visibleTo !== undefined) q = q.where((eb) => reachedBy(eb, visibleTo, now));
  const rows = await q.orderBy(sql`lower(t.name)`).orderBy('t.id').execute();
  for (const r of rows) out.get(r.datastore_id)?.push({ id: r.id, name: r.name });
  return out;
}

export interface TeamFilter {
  q?: string;
  offset: number;
  limit: number;
}

/** Teams by name (the Public team sorts like any other), with the total. */
export async function listTeamRows(db: Executor, f: TeamFilter): Promise<{ rows: TeamRow[]; total: number }> {
  let q = db.selectFrom('teams');
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsIgnoringCase(db, sql`name`, text), containsIgnoringCase(db, sql`coalesce(description, '')`, text)]));
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll().orderBy(sql`lower(name)`).orderBy('id').offset(f.offset).limit(f.limit).execute();
  return { rows, total: Number(total) };
}

// ---- Grants: which teams give a user which level on which datastore ---------------------

/**
 * Condition on `td` (team_datastores) and `t` (teams): the team reaches the user, i.e. it is the
 * Public team (every user is in it, never stored) or the user is a stored member whose membership
 * holds at `now`. The inner lookup is the team_members primary key (team_id, user_id).
 */
function reachedBy(eb: ExpressionBuilder<any, any>, userId: number, now: string) {
  return eb.or([
    eb('t.kind', '=', 'public'),
    eb.exists(eb.selectFrom('team_members as m').select('m.team_id').whereRef('m.team_id', '=', 'td.team_id').where('m.user_id', '=', userId).where((inner) => membershipHolds(inner, now))),
  ]);
}

export interface GrantRow {
  teamId: number;
  teamName: string;
  level: Level;
  /** The datastore is an enrichment datastore (issue 22: datastore.read on one needs viewer). */
  enrichment?: boolean;
}

/**
 * In one indexed query: whether the datastore exists, and the teams that hold both it and the
 * user (the decision's grants). `undefined` when there is no such datastore.
 */
const grantRowsOnDatastore = hotQuery(
  (db, userId: number, datastoreId: number, now: string) =>
    db
      .selectFrom('datastores as d')
      .leftJoin('team_datastores as td', 'td.datastore_id', 'd.id')
      .leftJoin('teams as t', (join) => join.onRef('t.id', '=', 'td.team_id').on((eb) => reachedBy(eb, userId, now)))
      .select(['d.id as datastore_id', 'd.kind as datastore_kind', 't.id as team_id', 't.name as team_name', 't.permission'])
      .where('d.id', '=', datastoreId),
  [-7_000_001, -7_000_002, '\u0000now'] as const,
);

export async function grantsOnDatastore(db: Executor, userId: number, datastoreId: number, now = nowIso()): Promise<GrantRow[] | undefined> {
  const rows = await grantRowsOnDatastore(db, userId, datastoreId, now);
  if (rows.length === 0) return undefined;
  const grants: GrantRow[] = [];
  for (const r of rows) if (r.team_id !== null && r.team_name !== null && r.permission !== null) grants.push({ teamId: r.team_id, teamName: r.team_name, level: r.permission, enrichment: r.datastore_kind === 'enrichment' });
  return grants;
}

export interface DatastoreGrantRow extends GrantRow {
  datastoreId: number;
  datastoreName: string;
  datastoreKind: 'source' | 'enrichment';
}

/** Every (datastore, team) pair through which the user reaches a datastore. */
export async function grantsOfUser(db: Executor, userId: number, now = nowIso()): Promise<DatastoreGrantRow[]> {
  const rows = await db
    .selectFrom('team_datastores as td')
    .innerJoin('teams as t', 't.id', 'td.team_id')
    .innerJoin('datastores as d', 'd.id', 'td.datastore_id')
    .select(['d.id as datastore_id', 'd.name as datastore_name', 'd.kind', 't.id as team_id', 't.name as team_name', 't.permission'])
    // Driven from the user's few memberships (team_members_user index), not from every assignment.
    .where((eb) => eb.or([eb('t.kind', '=', 'public'), eb('td.team_id', 'in', eb.selectFrom('team_members as m').select('m.team_id').where('m.user_id', '=', userId).where((inner) => membershipHolds(inner, now)))]))
    .orderBy(sql`lower(d.name)`)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ datastoreId: r.datastore_id, datastoreName: r.datastore_name, datastoreKind: r.kind, teamId: r.team_id, teamName: r.team_name, level: r.permission }));
}

/** A where-condition on `d` (datastores): the user reaches the datastore through some team. */
export function datastoreReachedBy(eb: ExpressionBuilder<any, any>, userId: number, now = nowIso()) {
  return eb.exists(
    eb
      .selectFrom('team_datastores as td')
      .innerJoin('teams as t', 't.id', 'td.team_id')
      .select('td.team_id')
      .whereRef('td.datastore_id', '=', 'd.id')
      .where((inner) => reachedBy(inner, userId, now)),
  );
}

// ---- History ------------------------------------------------------------------------------


/**
 * Audit events about a team, oldest first: those targeting it, and user or datastore events that
 * changed some `team_ids` (the caller keeps those that involve this team).
 */
export async function teamHistoryCandidates(db: Executor, teamId: number): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.actor_id', 'u.user_id as actor_user_id', 'u.name as actor_name', 'e.action', 'e.target_type', 'e.target_id', 'e.reason', 'e.changes', 'e.request_id', 'e.ip', 'e.credential_kind', 'e.credential_id', 'e.credential_hint', 'e.actor_kind'])
    .where((eb) =>
      eb.or([
        eb.and([eb('e.target_type', '=', 'team'), eb('e.target_id', '=', teamId)]),
        eb.and([eb('e.target_type', 'in', ['user', 'datastore']), eb('e.changes', 'like', '%"team_ids"%')]),
      ]),
    )
    .orderBy('e.id', 'desc')
    .execute();
}
