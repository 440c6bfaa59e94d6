// Directory mappings (issue 21): a directory group (its name, any case, or an IdP group id) → a
// team, or → a role with the reason that justifies the elevation. Admins manage them (audited);
// sign-in (sso/service.ts) and SCIM group membership (scim/service.ts) apply them here, audited
// with actor `directory` and the groups that caused each change.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { DIRECTORY_MAPPING_ACTIONS, ROLES, roleAtLeast, type Role } from '../access/model.ts';
import { nowOf, type ActionContext } from '../access/principal.ts';
import { settledRole } from '../access/elevation.ts';
import { requireAction } from '../access/guard.ts';
import { conflict, invalid, invalidField, notFound } from '../http/errors.ts';
import { created, recordAudit, type Changes } from '../audit/service.ts';
import { findTeamsByIds, replaceUserTeams, teamIdsOfUser } from '../teams/store.ts';
import { activeAdminIds, findUserById, updateUserRow } from '../users/store.ts';
import { settleEndedElevation } from '../users/service.ts';
import { deleteMappingRow, findMappingById, groupKey, insertMapping, listMappingRows, mappedTeamIds, mappingsOfGroupKeys, type MappingRow } from './store.ts';
import { highestRole, nextRole, type RoleRule } from './rules.ts';

type Kdb = Db['kysely'];

export interface MappingView {
  id: number;
  group: string;
  team: { id: number; name: string } | null;
  role: Role | null;
  reason: string | null;
  created_at: string;
  created_by: number | null;
}

export interface CreateMappingInput {
  group: string;
  team_id?: number;
  role?: Role;
  reason?: string | null;
}

function toView(r: MappingRow): MappingView {
  return {
    id: r.id,
    group: r.group_name,
    team: r.team_id === null ? null : { id: r.team_id, name: r.team_name ?? '' },
    role: r.role,
    reason: r.reason,
    created_at: r.created_at,
    created_by: r.created_by,
  };
}

function requireMappingAdmin(ctx: ActionContext): void {
  for (const action of DIRECTORY_MAPPING_ACTIONS) requireAction(ctx, action);
}

export async function listMappings(db: Db, ctx: ActionContext): Promise<MappingView[]> {
  requireMappingAdmin(ctx);
  return (await listMappingRows(db.kysely)).map(toView);
}

const what = (m: { team_id: number | null; team_name?: string | null; role: Role | null }) => (m.role !== null ? `role ${m.role}` : `team ${m.team_name ?? m.team_id}`);

export async function createMapping(db: Db, ctx: ActionContext, input: CreateMappingInput): Promise<MappingView> {
  requireMappingAdmin(ctx);
  if (input.group.includes('\u0000')) throw invalidField('group', 'The group must not contain NUL characters');
  const group = input.group.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (group === '') throw invalidField('group', 'The group must not be blank: a group name or an IdP group id');
  const hasTeam = input.team_id !== undefined;
  const hasRole = input.role !== undefined;
  if (hasTeam === hasRole) {
    throw invalid('A mapping gives a team or a role: send team_id, or role with a reason, not both', [{ path: hasTeam ? 'role' : 'team_id', message: 'Send team_id or role (with reason), exactly one' }]);
  }
  if (hasRole && !(input.role === 'manager' || input.role === 'admin')) throw invalidField('role', 'A mapping gives the manager or admin role (member is everyone\'s role without one)');
  const reason = input.reason?.trim() || null;
  if (hasRole && reason === null) throw invalidField('reason', `A reason is required for a mapping that gives the ${input.role} role: it justifies every elevation it makes`);
  if (reason !== null && reason.includes('\u0000')) throw invalidField('reason', 'The reason must not contain NUL characters');
  return transact(db, async (trx) => {
    let teamName: string | null = null;
    if (hasTeam) {
      const [team] = await findTeamsByIds(trx, [input.team_id!]);
      if (!team) throw invalidField('team_id', `No team with id ${input.team_id}`);
      if (team.kind === 'public') throw invalidField('team_id', 'The Public team holds every user already; map a group to another team');
      teamName = team.name;
    }
    const key = groupKey(group);
    const same = (await mappingsOfGroupKeys(trx, [key])).find((m) => (hasTeam ? m.team_id === input.team_id : m.role === input.role));
    if (same) throw conflict(`The group "${same.group_name}" is already mapped to ${what(same)} (mapping ${same.id}; groups are compared without case)`);
    const now = new Date(nowOf(ctx)).toISOString();
    const id = await insertMapping(trx, {
      group_name: group, group_key: key, team_id: input.team_id ?? null, role: input.role ?? null, reason, created_at: now, created_by: ctx.actor?.id ?? null,
    });
    await recordAudit(trx, ctx, {
      action: 'directory_mapping.created', targetType: 'directory_mapping', targetId: id, reason,
      changes: created({ group, ...(hasTeam ? { team_id: input.team_id, team_name: teamName } : { role: input.role }) }),
    });
    return toView((await findMappingById(trx, id))!);
  });
}

export async function deleteMapping(db: Db, ctx: ActionContext, id: number): Promise<void> {
  requireMappingAdmin(ctx);
  await transact(db, async (trx) => {
    const row = await findMappingById(trx, id);
    if (!row) throw notFound(`Directory mapping ${id}`);
    await deleteMappingRow(trx, id);
    const before = { group: row.group_name, ...(row.team_id !== null ? { team_id: row.team_id, team_name: row.team_name } : { role: row.role, mapping_reason: row.reason }) };
    const changes: Changes = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, { before: v, after: null }]));
    await recordAudit(trx, ctx, { action: 'directory_mapping.deleted', targetType: 'directory_mapping', targetId: id, changes });
  });
}

// ---------------------------------------------------------------- applying the groups

/** What a person's groups grant through the mappings, and which of their groups caused each grant. */
export interface GroupGrants {
  teams: Map<number, { name: string; groups: string[] }>;
  role: { role: Role; groups: string[]; reasons: string[] } | null;
}

export async function grantsOfGroups(trx: Kdb, groups: string[]): Promise<GroupGrants> {
  const byKey = new Map<string, string>();
  for (const g of groups) if (!byKey.has(groupKey(g))) byKey.set(groupKey(g), g);
  const rows = await mappingsOfGroupKeys(trx, [...byKey.keys()]);
  const teams: GroupGrants['teams'] = new Map();
  for (const m of rows) {
    if (m.team_id === null) continue;
    const entry = teams.get(m.team_id) ?? { name: m.team_name ?? String(m.team_id), groups: [] };
    const g = byKey.get(m.group_key)!;
    if (!entry.groups.includes(g)) entry.groups.push(g);
    teams.set(m.team_id, entry);
  }
  const roleRows = rows.filter((m) => m.role !== null);
  const top = highestRole(roleRows.map((m) => m.role!));
  const topRows = roleRows.filter((m) => m.role === top);
  const role = top === null ? null : {
    role: top,
    groups: [...new Set(topRows.map((m) => byKey.get(m.group_key)!))],
    reasons: [...new Set(topRows.map((m) => m.reason).filter((r): r is string => r !== null))],
  };
  return { teams, role };
}

export interface DirectoryResult {
  changed: boolean;
  /** Something the rules held back, for the operator's log (the last Admin kept, an elevation in force). */
  warnings: string[];
}

const quoted = (groups: string[]) => groups.map((g) => `"${g}"`).join(', ');

/**
 * Applies a person's directory groups to their teams (`teams`: sign-in) and role, in the caller's
 * transaction, audited as `user.directory_synced` with actor `directory` (ctx) and a reason naming
 * the groups that caused each change. Service users and deactivated accounts are left alone.
 */
export async function applyGroups(
  db: Db,
  trx: Kdb,
  ctx: ActionContext,
  userId: number,
  groups: string[],
  options: { rule: RoleRule; teams: boolean; source: string },
): Promise<DirectoryResult> {
  const warnings: string[] = [];
  const nowMs = nowOf(ctx);
  const now = new Date(nowMs).toISOString();
  let user = await findUserById(trx, userId);
  if (!user || user.type !== 'personal' || user.deactivated_at !== null) return { changed: false, warnings };
  if (await settleEndedElevation(trx, user, nowMs)) user = (await findUserById(trx, userId))!;
  const grants = await grantsOfGroups(trx, groups);
  const why: string[] = [];
  const changes: Changes = {};

  if (options.teams) {
    const current = await teamIdsOfUser(trx, userId, now);
    const add = [...grants.teams.keys()].filter((id) => !current.includes(id));
    const mapped = options.rule === 'sync' ? await mappedTeamIds(trx) : [];
    const remove = current.filter((id) => mapped.includes(id) && !grants.teams.has(id));
    if (add.length > 0 || remove.length > 0) {
      const after = [...current.filter((id) => !remove.includes(id)), ...add].sort((a, b) => a - b);
      await replaceUserTeams(trx, userId, after, new Map(), now);
      changes.team_ids = { before: current, after };
      for (const id of add) why.push(`added to team ${grants.teams.get(id)!.name} by group ${quoted(grants.teams.get(id)!.groups)}`);
      if (remove.length > 0) {
        const names = new Map((await findTeamsByIds(trx, remove)).map((t) => [t.id, t.name]));
        for (const id of remove) why.push(`removed from team ${names.get(id) ?? id}: no group mapped to it`);
      }
    }
  }

  const stored = settledRole(user, nowMs);
  const mapped = grants.role?.role ?? null;
  if (stored.elevation_ends_at !== null) {
    if (mapped !== null && mapped !== stored.role) warnings.push(`user ${user.user_id}: a time-bound ${stored.role} role is in force until ${stored.elevation_ends_at}; the directory leaves the role alone until it ends`);
  } else {
    const next = nextRole({ role: stored.role, source: user.role_source }, mapped, options.rule);
    let apply = next.role !== stored.role || next.source !== user.role_source;
    if (apply && stored.role === 'admin' && next.role !== 'admin') {
      const admins = await activeAdminIds(trx, db.dialect);
      if (admins.length <= 1 && admins.includes(userId)) {
        apply = false;
        warnings.push(`user ${user.user_id} is the last active Admin: the directory does not take the admin role away`);
      }
    }
    if (apply) {
      await updateUserRow(trx, userId, { role: next.role, role_source: next.source, role_before_elevation: null, elevation_ends_at: null, updated_at: now });
      if (next.role !== stored.role) {
        changes.role = { before: stored.role, after: next.role };
        if (mapped !== null && next.role === mapped) {
          why.push(`role ${mapped} by group ${quoted(grants.role!.groups)}${grants.role!.reasons.length ? ` (${grants.role!.reasons.join('; ')})` : ''}`);
        } else {
          why.push(`role ${next.role}: no group grants ${stored.role} any more`);
        }
      }
    }
  }

  if (Object.keys(changes).length > 0) {
    await recordAudit(trx, ctx, { action: 'user.directory_synced', targetType: 'user', targetId: userId, reason: `${options.source}: ${why.join('; ')}`, changes });
    return { changed: true, warnings };
  }
  return { changed: false, warnings };
}

/** The roles, lowest first, for schemas. */
export const MAPPING_ROLES = ROLES.filter((r) => roleAtLeast(r, 'manager'));
