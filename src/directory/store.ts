// Directory mapping queries (issue 21).
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, DirectoryMappingsTable } from '../db/types.ts';

type Executor = Kysely<Database>;
export type MappingRow = Selectable<DirectoryMappingsTable> & { team_name: string | null };

/**
 * The key a directory group is matched on: compatibility forms folded, spaces collapsed, trimmed,
 * lower case. The same for names ("Data Engineers") and IdP group ids (Entra's GUIDs).
 */
export function groupKey(group: string): string {
  return group.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

function mappingsQuery(db: Executor) {
  return db
    .selectFrom('directory_mappings as m')
    .leftJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 'm.group_name', 'm.group_key', 'm.team_id', 'm.role', 'm.reason', 'm.created_at', 'm.created_by', 't.name as team_name']);
}

/** Every mapping, by group then id. */
export async function listMappingRows(db: Executor): Promise<MappingRow[]> {
  return mappingsQuery(db).orderBy('m.group_key').orderBy('m.id').execute();
}

export async function findMappingById(db: Executor, id: number): Promise<MappingRow | undefined> {
  return mappingsQuery(db).where('m.id', '=', id).executeTakeFirst();
}

/** The mappings of these group keys. */
export async function mappingsOfGroupKeys(db: Executor, keys: string[]): Promise<MappingRow[]> {
  if (keys.length === 0) return [];
  const out: MappingRow[] = [];
  for (let i = 0; i < keys.length; i += 500) out.push(...(await mappingsQuery(db).where('m.group_key', 'in', keys.slice(i, i + 500)).orderBy('m.id').execute()));
  return out;
}

/** Every team some mapping names (the teams whose membership sync mode owns). */
export async function mappedTeamIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('directory_mappings').select('team_id').distinct().where('team_id', 'is not', null).orderBy('team_id').execute();
  return rows.map((r) => r.team_id!);
}

/** Whether any mapping gives a role (SCIM then recomputes roles of the members a group change touches). */
export async function hasRoleMappings(db: Executor): Promise<boolean> {
  return (await db.selectFrom('directory_mappings').select('id').where('role', 'is not', null).limit(1).executeTakeFirst()) !== undefined;
}

export async function insertMapping(db: Executor, values: Insertable<DirectoryMappingsTable>): Promise<number> {
  return (await db.insertInto('directory_mappings').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteMappingRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('directory_mappings').where('id', '=', id).execute();
}

/**
 * The directory groups SCIM put a user in, as the keys mappings match: each SCIM-managed team's
 * name and its externalId (memberships that hold at `now`).
 */
export async function scimGroupsOfUser(db: Executor, userId: number, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .innerJoin('scim_groups as g', 'g.team_id', 't.id')
    .select(['t.name', 'g.external_id'])
    .where('m.user_id', '=', userId)
    .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', now)]))
    .execute();
  return rows.flatMap((r) => (r.external_id ? [r.name, r.external_id] : [r.name]));
}
