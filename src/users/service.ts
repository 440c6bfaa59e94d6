// Rules for users of both kinds: who may see and change them, the service user id,
// last-Admin protection, deactivation that keeps everything, and the audit of each change.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import type { Role } from '../access/model.ts';
import type { ActionContext } from '../access/principal.ts';
import { requireAction } from '../access/guard.ts';
import { AppError, conflict, forbidden, invalid, invalidField, notFound } from '../http/errors.ts';
import { MAX_ID } from '../http/schemas.ts';
import { cleanName } from '../http/text.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { diff, created, recordAudit } from '../audit/service.ts';
import { findTeamsByIds, replaceUserTeams, teamIdsOfUser, teamSummariesForUsers, type TeamSummary } from '../teams/store.ts';
import {
  activeAdminIds,
  findUserById,
  findUserByUserId,
  findUsersByIds,
  insertUser,
  listUserRows,
  updateUserRow,
  type UserFilter,
  type UserRow,
} from './store.ts';
import { serviceUserIdFor } from './service-user-id.ts';
import { deleteSessionsOfUser } from '../sso/store.ts';

type Kdb = Db['kysely'];

export interface UserSummary {
  id: number;
  user_id: string;
  name: string;
}

export interface UserView {
  id: number;
  user_id: string;
  type: 'personal' | 'service';
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  teams: TeamSummary[];
  owner: UserSummary | null;
  purpose: string | null;
  created_at: string;
  created_by: UserSummary | null;
  deactivated_at: string | null;
  last_active_at: string | null;
  last_reviewed_at: string | null;
  provisioned_by: 'admin' | 'sso' | 'scim';
}

export function summaryOf(u: Pick<UserRow, 'id' | 'user_id' | 'name'>): UserSummary {
  return { id: u.id, user_id: u.user_id, name: u.name };
}

/** Shapes rows for the API, loading teams, owners and creators in two queries. */
export async function toUserViews(db: Kdb, rows: UserRow[]): Promise<UserView[]> {
  const teams = await teamSummariesForUsers(db, rows.map((r) => r.id));
  const relatedIds = [...new Set(rows.flatMap((r) => [r.owner_id, r.created_by]).filter((v): v is number => v !== null))];
  const related = new Map((await findUsersByIds(db, relatedIds)).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => ({
    id: r.id,
    user_id: r.user_id,
    type: r.type,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.deactivated_at === null,
    teams: teams.get(r.id) ?? [],
    owner: r.owner_id === null ? null : (related.get(r.owner_id) ?? null),
    purpose: r.purpose,
    created_at: r.created_at,
    created_by: r.created_by === null ? null : (related.get(r.created_by) ?? null),
    deactivated_at: r.deactivated_at,
    last_active_at: r.last_active_at,
    last_reviewed_at: r.last_reviewed_at,
    provisioned_by: r.provisioned_by,
  }));
}

export async function toUserView(db: Kdb, row: UserRow): Promise<UserView> {
  return (await toUserViews(db, [row]))[0];
}

/**
 * The numeric id a path names: a number, a user_id, or `me`. Naming someone else by user_id needs
 * users.read first, so that a Member cannot learn which user_ids exist from 404 versus 403.
 */
export async function userIdFromRef(db: Db, ctx: ActionContext, ref: string): Promise<number> {
  if (ref === 'me' || (ctx.actor && ref === ctx.actor.userId)) {
    if (!ctx.actor) throw notFound('User me');
    return ctx.actor.id;
  }
  if (/^\d+$/.test(ref)) {
    const id = Number(ref);
    if (id < 1 || id > MAX_ID) throw notFound(`User ${ref}`);
    return id;
  }
  requireAction(ctx, 'users.read');
  const row = await findUserByUserId(db.kysely, ref);
  if (!row) throw notFound(`User ${ref}`);
  return row.id;
}

async function loadUser(db: Kdb, id: number): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (!row) throw notFound(`User ${id}`);
  return row;
}

function manageActionFor(target: UserRow) {
  return target.type === 'service' ? ('service_users.manage' as const) : ('users.manage' as const);
}

/** Team ids for a user: must exist; the Public team is implicit and dropped. */
async function resolveTeamIds(db: Kdb, teamIds: number[] | undefined): Promise<number[] | undefined> {
  if (teamIds === undefined) return undefined;
  const unique = [...new Set(teamIds)].sort((a, b) => a - b);
  const found = await findTeamsByIds(db, unique);
  const missing = unique.filter((id) => !found.some((t) => t.id === id));
  if (missing.length > 0) throw invalidField('team_ids', `No team with id ${missing.join(', ')}`);
  return found.filter((t) => t.kind !== 'public').map((t) => t.id).sort((a, b) => a - b);
}

async function resolveOwner(db: Kdb, ownerId: number | null | undefined): Promise<number | null | undefined> {
  if (ownerId === undefined || ownerId === null) return ownerId;
  const owner = await findUserById(db, ownerId);
  if (!owner || owner.type !== 'personal') throw invalidField('owner_id', `No personal account with id ${ownerId}: a service user's owner is a person`);
  return ownerId;
}

function requireReasonForElevatedRole(role: Role | undefined, reason: string | undefined | null) {
  if ((role === 'manager' || role === 'admin') && !reason?.trim()) {
    throw invalidField('reason', `A reason is required when assigning the ${role} role`);
  }
}

/** Throws 409 when `targetId` is the last active Admin; call inside the transaction. */
async function protectLastAdmin(db: Db, trx: Kdb, target: UserRow): Promise<void> {
  if (target.role !== 'admin' || target.deactivated_at !== null) return;
  const admins = await activeAdminIds(trx, db.dialect);
  if (admins.length <= 1 && admins.includes(target.id)) {
    throw conflict('This is the last active Admin; make another Admin first so the instance is never locked out');
  }
}

/** A service user's cleaned name and the user_id it makes; 422 when the name cannot be used. */
function serviceUserNameAndId(raw: string): { name: string; userId: string } {
  const name = cleanName(raw);
  const userId = serviceUserIdFor(name);
  if (!userId) throw invalidField('name', 'The name must contain at least one letter, digit or underscore to make a user_id');
  return { name, userId };
}

export interface ServiceUserIdPreview {
  user_id: string | null;
  available: boolean;
  detail: string | null;
}

/** What creating a service user with this name would give, by the very rules createServiceUser applies. */
export async function previewServiceUserId(db: Db, ctx: ActionContext, rawName: string): Promise<ServiceUserIdPreview> {
  requireAction(ctx, 'service_users.manage');
  let userId: string;
  try {
    ({ userId } = serviceUserNameAndId(rawName));
  } catch (err) {
    if (err instanceof AppError) return { user_id: null, available: false, detail: err.message };
    throw err;
  }
  const taken = await findUserByUserId(db.kysely, userId);
  return { user_id: userId, available: !taken, detail: taken ? `A user with user_id ${userId} already exists` : null };
}

export interface CreateServiceUserInput {
  name: string;
  role?: Role;
  team_ids?: number[];
  owner_id?: number | null;
  purpose?: string | null;
  reason?: string | null;
}

export async function createServiceUser(db: Db, ctx: ActionContext, input: CreateServiceUserInput): Promise<UserView> {
  requireAction(ctx, 'service_users.manage');
  const { name, userId } = serviceUserNameAndId(input.name);
  const role = input.role ?? 'member';
  requireReasonForElevatedRole(role, input.reason);
  try {
    return await transact(db, async (trx) => {
      if (await findUserByUserId(trx, userId)) throw conflict(`A user with user_id ${userId} already exists`);
      const teamIds = (await resolveTeamIds(trx, input.team_ids)) ?? [];
      const ownerId = (await resolveOwner(trx, input.owner_id)) ?? null;
      const now = new Date().toISOString();
      const id = await insertUser(trx, {
        user_id: userId,
        type: 'service',
        name,
        email: null,
        role,
        owner_id: ownerId,
        purpose: input.purpose ?? null,
        provisioned_by: 'admin',
        created_at: now,
        created_by: ctx.actor?.id ?? null,
        updated_at: now,
      });
      await replaceUserTeams(trx, id, teamIds);
      await recordAudit(trx, ctx, {
        action: 'user.created',
        targetType: 'user',
        targetId: id,
        reason: input.reason,
        changes: created({ user_id: userId, type: 'service', name, role, team_ids: teamIds, owner_id: ownerId, purpose: input.purpose ?? null }),
      });
      return toUserView(trx, await loadUser(trx, id));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user with user_id ${userId} already exists`);
    throw err;
  }
}

export interface UpdateUserInput {
  role?: Role;
  team_ids?: number[];
  owner_id?: number | null;
  purpose?: string | null;
  reason?: string | null;
}

export async function updateUser(db: Db, ctx: ActionContext, id: number, input: UpdateUserInput): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    const teamIds = await resolveTeamIds(trx, input.team_ids);
    const currentTeams = await teamIdsOfUser(trx, id);
    const roleChanges = input.role !== undefined && input.role !== target.role;
    const teamsChange = teamIds !== undefined && JSON.stringify(teamIds) !== JSON.stringify(currentTeams);
    if (ctx.actor?.id === id && (roleChanges || teamsChange)) throw forbidden('Nobody changes their own role or teams');
    if (target.type === 'personal' && (input.owner_id != null || input.purpose != null)) {
      throw invalid('Only service users have an owner and a purpose', [{ path: input.owner_id != null ? 'owner_id' : 'purpose', message: 'Only service users have an owner and a purpose' }]);
    }
    if (roleChanges) requireReasonForElevatedRole(input.role, input.reason);
    if (roleChanges && target.role === 'admin') await protectLastAdmin(db, trx, target);
    const ownerId = await resolveOwner(trx, input.owner_id);

    const before = { role: target.role, team_ids: currentTeams, owner_id: target.owner_id, purpose: target.purpose };
    const after = {
      role: input.role ?? target.role,
      team_ids: teamIds ?? currentTeams,
      owner_id: ownerId === undefined ? target.owner_id : ownerId,
      purpose: input.purpose === undefined ? target.purpose : input.purpose,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length > 0) {
      await updateUserRow(trx, id, { role: after.role, owner_id: after.owner_id, purpose: after.purpose, updated_at: new Date().toISOString() });
      if (teamsChange) await replaceUserTeams(trx, id, after.team_ids);
      await recordAudit(trx, ctx, { action: 'user.updated', targetType: 'user', targetId: id, reason: input.reason, changes });
    }
    return toUserView(trx, await loadUser(trx, id));
  });
}

export async function deactivateUser(db: Db, ctx: ActionContext, id: number, reason: string | null): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    if (ctx.actor?.id === id) throw forbidden('Nobody deactivates themselves; ask another Admin');
    if (target.deactivated_at === null) {
      await protectLastAdmin(db, trx, target);
      const now = new Date().toISOString();
      await updateUserRow(trx, id, { deactivated_at: now, updated_at: now });
      // Sessions end now, so that a later reactivation does not bring them back.
      await deleteSessionsOfUser(trx, id);
      await recordAudit(trx, ctx, { action: 'user.deactivated', targetType: 'user', targetId: id, reason, changes: { active: { before: true, after: false } } });
    }
    return toUserView(trx, await loadUser(trx, id));
  });
}

export async function reactivateUser(db: Db, ctx: ActionContext, id: number, reason: string | null): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    if (target.deactivated_at !== null) {
      await updateUserRow(trx, id, { deactivated_at: null, updated_at: new Date().toISOString() });
      await recordAudit(trx, ctx, { action: 'user.reactivated', targetType: 'user', targetId: id, reason, changes: { active: { before: false, after: true } } });
    }
    return toUserView(trx, await loadUser(trx, id));
  });
}

export async function reviewUser(db: Db, ctx: ActionContext, id: number, note: string | null): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    const now = new Date().toISOString();
    await updateUserRow(trx, id, { last_reviewed_at: now });
    await recordAudit(trx, ctx, {
      action: 'user.reviewed',
      targetType: 'user',
      targetId: id,
      reason: note,
      changes: { last_reviewed_at: { before: target.last_reviewed_at, after: now } },
    });
    return toUserView(trx, await loadUser(trx, id));
  });
}

export async function getUser(db: Db, ctx: ActionContext, id: number): Promise<UserView> {
  if (ctx.actor?.id !== id) requireAction(ctx, 'users.read');
  return toUserView(db.kysely, await loadUser(db.kysely, id));
}

export async function listUsers(db: Db, ctx: ActionContext, filter: Omit<UserFilter, 'teamId'> & { teamId?: number }) {
  requireAction(ctx, 'users.read');
  let teamId = filter.teamId;
  if (teamId !== undefined) {
    const [team] = await findTeamsByIds(db.kysely, [teamId]);
    if (!team) throw invalidField('team', `No team with id ${teamId}`);
    if (team.kind === 'public') teamId = undefined; // everyone is in the Public team
  }
  const { rows, total } = await listUserRows(db.kysely, { ...filter, teamId });
  return { items: await toUserViews(db.kysely, rows), total };
}

