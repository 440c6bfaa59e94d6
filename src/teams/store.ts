// Team queries. Public team membership is implicit (every user), never stored.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

type Executor = Kysely<Database>;

export interface TeamSummary {
  id: number;
  name: string;
}

export async function findPublicTeam(db: Executor) {
  return db.selectFrom('teams').selectAll().where('kind', '=', 'public').executeTakeFirstOrThrow();
}

export async function findTeamsByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('teams').selectAll().where('id', 'in', ids).execute();
}

/** Each user's teams, the Public team first, then by name. */
export async function teamSummariesForUsers(db: Executor, userIds: number[]): Promise<Map<number, TeamSummary[]>> {
  const pub = await findPublicTeam(db);
  const out = new Map<number, TeamSummary[]>(userIds.map((id) => [id, [{ id: pub.id, name: pub.name }]]));
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.user_id', 't.id', 't.name'])
    .where('m.user_id', 'in', userIds)
    .orderBy('t.name')
    .execute();
  for (const r of rows) out.get(r.user_id)?.push({ id: r.id, name: r.name });
  return out;
}

/** Custom team ids a user is a stored member of. */
export async function teamIdsOfUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).orderBy('team_id').execute();
  return rows.map((r) => r.team_id);
}

export async function replaceUserTeams(db: Executor, userId: number, teamIds: number[]): Promise<void> {
  await db.deleteFrom('team_members').where('user_id', '=', userId).execute();
  if (teamIds.length > 0) {
    await db.insertInto('team_members').values(teamIds.map((team_id) => ({ team_id, user_id: userId }))).execute();
  }
}
