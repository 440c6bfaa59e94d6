// The datastore registry: who sees which entry (access model §4), who may change it, and the
// audit of each change. Access itself is decided by src/access/model.ts over the team grants.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { canSeeDatastore, decide, roleAtLeast } from '../access/model.ts';
import type { ActionContext } from '../access/principal.ts';
import { requireAction, subjectOf } from '../access/guard.ts';
import { conflict, forbidden, invalidField, notFound } from '../http/errors.ts';
import { cleanDescription, cleanName } from '../http/text.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, diff, recordAudit } from '../audit/service.ts';
import { findUsersByIds } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { findTeamsByIds, grantsOnDatastore, replaceDatastoreTeams, teamIdsOfDatastore, teamsOfDatastores, type GrantRow } from '../teams/store.ts';
import {
  deleteDatastoreRow,
  findDatastoreById,
  findDatastoreByName,
  insertDatastore,
  listDatastoreRows,
  updateDatastoreRow,
  type DatastoreRow,
} from './store.ts';

type Kdb = Db['kysely'];
export type DatastoreKind = 'source' | 'enrichment';

export interface DatastoreView {
  id: number;
  name: string;
  kind: DatastoreKind;
  description: string | null;
  /** The teams holding it; a member sees only the teams through which they reach it. */
  teams: { id: number; name: string }[];
  created_at: string;
  updated_at: string;
  created_by: UserSummary | null;
}

export interface CreateDatastoreInput {
  name: string;
  kind: DatastoreKind;
  description?: string | null;
  team_ids?: number[];
}

export interface UpdateDatastoreInput {
  name?: string;
  kind?: DatastoreKind;
  description?: string | null;
  team_ids?: number[];
}


/** The id whose view is narrowed to what it reaches, or undefined when the caller sees the whole registry. */
function narrowedTo(ctx: ActionContext): number | undefined {
  const actor = ctx.actor;
  return actor === null || roleAtLeast(actor.role, 'manager') ? undefined : actor.id;
}

async function toDatastoreViews(db: Kdb, ctx: ActionContext, rows: DatastoreRow[]): Promise<DatastoreView[]> {
  const teams = await teamsOfDatastores(db, rows.map((r) => r.id), narrowedTo(ctx));
  const creatorIds = [...new Set(rows.map((r) => r.created_by).filter((v): v is number => v !== null))];
  const creators = new Map((await findUsersByIds(db, creatorIds)).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    teams: teams.get(r.id) ?? [],
    created_at: r.created_at,
    updated_at: r.updated_at,
    created_by: r.created_by === null ? null : (creators.get(r.created_by) ?? null),
  }));
}

/**
 * The datastore as the caller may see it, with the caller's grants on it: 404 when it does not
 * exist or when a member reaches it through no team (never 403, so its existence does not leak).
 */
async function loadVisible(db: Kdb, ctx: ActionContext, id: number): Promise<{ row: DatastoreRow; grants: GrantRow[] }> {
  const actor = ctx.actor;
  const grants = actor ? await grantsOnDatastore(db, actor.id, id) : [];
  const row = grants === undefined ? undefined : await findDatastoreById(db, id);
  if (!row || !grants || (actor && !canSeeDatastore(subjectOf(actor), grants, id))) throw notFound(`Datastore ${id}`);
  return { row, grants };
}



function checkKind(kind: DatastoreKind | undefined): DatastoreKind | undefined {
  if (kind !== undefined && kind !== 'source' && kind !== 'enrichment') throw invalidField('kind', 'The kind must be source or enrichment');
  return kind;
}

/**
 * Team ids for a datastore. Putting a datastore in a team grants that team's members access to it,
 * which is team management: only `teams.manage` (Admin) may, so a Manager cannot grant themselves
 * a level on a datastore they registered.
 */
async function resolveTeamIds(db: Kdb, ctx: ActionContext, ids: number[] | undefined): Promise<number[] | undefined> {
  if (ids === undefined) return undefined;
  requireAction(ctx, 'teams.manage');
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const found = new Set((await findTeamsByIds(db, unique)).map((t) => t.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalidField('team_ids', `No team with id ${missing.join(', ')}`);
  return unique;
}

async function assertNameFree(db: Kdb, name: string, exceptId?: number): Promise<void> {
  const other = await findDatastoreByName(db, name);
  if (other && other.id !== exceptId) throw conflict(`A datastore named "${other.name}" already exists (names are compared without case)`);
}

export async function createDatastore(db: Db, ctx: ActionContext, input: CreateDatastoreInput): Promise<DatastoreView> {
  requireAction(ctx, 'datastores.create');
  const name = cleanName(input.name);
  const kind = checkKind(input.kind)!;
  const description = cleanDescription(input.description) ?? null;
  try {
    return await transact(db, async (trx) => {
      const teamIds = (await resolveTeamIds(trx, ctx, input.team_ids)) ?? [];
      await assertNameFree(trx, name);
      const now = new Date().toISOString();
      const id = await insertDatastore(trx, { name, kind, description, created_at: now, created_by: ctx.actor?.id ?? null, updated_at: now });
      await replaceDatastoreTeams(trx, id, teamIds);
      await recordAudit(trx, ctx, { action: 'datastore.created', targetType: 'datastore', targetId: id, changes: created({ name, kind, description, team_ids: teamIds }) });
      return (await toDatastoreViews(trx, ctx, [(await findDatastoreById(trx, id))!]))[0];
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A datastore named "${name}" already exists (names are compared without case)`);
    throw err;
  }
}

export async function listDatastores(db: Db, ctx: ActionContext, filter: { q?: string; kind?: DatastoreKind; offset: number; limit: number }) {
  const onlyIds = ctx.actor ? subjectOf(ctx.actor).restriction?.datastoreIds ?? undefined : undefined;
  const { rows, total } = await listDatastoreRows(db.kysely, { ...filter, visibleTo: narrowedTo(ctx), onlyIds });
  return { items: await toDatastoreViews(db.kysely, ctx, rows), total };
}

export async function getDatastore(db: Db, ctx: ActionContext, id: number): Promise<DatastoreView> {
  const { row } = await loadVisible(db.kysely, ctx, id);
  return (await toDatastoreViews(db.kysely, ctx, [row]))[0];
}

/** Needs the `datastore.manage` level on the datastore (editor), or Admin; `team_ids` needs `teams.manage`. */
export async function updateDatastore(db: Db, ctx: ActionContext, id: number, input: UpdateDatastoreInput): Promise<DatastoreView> {
  const name = input.name === undefined ? undefined : cleanName(input.name);
  const kind = checkKind(input.kind);
  const description = cleanDescription(input.description);
  try {
    return await transact(db, async (trx) => {
      const { row, grants } = await loadVisible(trx, ctx, id);
      if (ctx.actor) {
        const decision = decide(subjectOf(ctx.actor), 'datastore.manage', grants, id);
        if (!decision.allowed) throw forbidden(`Changing datastore ${id} needs the editor level through a team (datastore.manage)${decision.level ? `; you have ${decision.level} through ${decision.team!.name}` : '; no team gives you a level on it'}`);
      }
      const teamIds = await resolveTeamIds(trx, ctx, input.team_ids);
      if (name !== undefined && name.toLowerCase() !== row.name.toLowerCase()) await assertNameFree(trx, name, id);
      const currentTeams = await teamIdsOfDatastore(trx, id);
      const before = { name: row.name, kind: row.kind, description: row.description, team_ids: currentTeams };
      const after = {
        name: name ?? row.name,
        kind: kind ?? row.kind,
        description: description === undefined ? row.description : description,
        team_ids: teamIds ?? currentTeams,
      };
      const changes = diff(before, after);
      if (Object.keys(changes).length > 0) {
        await updateDatastoreRow(trx, id, { name: after.name, kind: after.kind, description: after.description, updated_at: new Date().toISOString() });
        if (changes.team_ids) await replaceDatastoreTeams(trx, id, after.team_ids);
        await recordAudit(trx, ctx, { action: 'datastore.updated', targetType: 'datastore', targetId: id, changes });
      }
      return (await toDatastoreViews(trx, ctx, [(await findDatastoreById(trx, id))!]))[0];
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A datastore named "${name}" already exists (names are compared without case)`);
    throw err;
  }
}

/** Admin only (`datastores.delete`); a member who cannot see it gets 404 first. */
export async function deleteDatastore(db: Db, ctx: ActionContext, id: number): Promise<void> {
  await transact(db, async (trx) => {
    const { row } = await loadVisible(trx, ctx, id);
    requireAction(ctx, 'datastores.delete');
    const teamIds = await teamIdsOfDatastore(trx, id);
    await deleteDatastoreRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'datastore.deleted',
      targetType: 'datastore',
      targetId: id,
      changes: diff<Record<string, unknown>>({ name: row.name, kind: row.kind, description: row.description, team_ids: teamIds }, { name: null, kind: null, description: null, team_ids: null }),
    });
  });
}
