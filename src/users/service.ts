// Rules for users of both kinds: who may see and change them, the service user id,
// last-Admin protection, deactivation that keeps everything, and the audit of each change.
import { transact, within } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { runFill } from '../db/hot-query.ts';
import type { Role } from '../access/model.ts';
import { nowOf, systemContext, type ActionContext } from '../access/principal.ts';
import { effectiveRole, elevationAt, isElevation, settledRole, type Elevation, type StoredRole } from '../access/elevation.ts';
import { requireAction } from '../access/guard.ts';
import { AppError, conflict, forbidden, invalid, invalidField, notFound } from '../http/errors.ts';
import { MAX_ID } from '../http/schemas.ts';
import { cleanName } from '../http/text.ts';
import { instantOf } from '../http/time.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { diff, created, recordAudit } from '../audit/service.ts';
import { endedMemberships, findTeamByName, publicTeamSummary, findTeamsByIds, replaceUserTeams, teamIdsOfUser, teamsMaintainedBy, teamSummariesForUsers, type TeamMembership, type TeamSummary } from '../teams/store.ts';
import {
  activeAdminIds,
  findUserById,
  findUserByUserId,
  findUsersByIds,
  insertUser,
  listUserRows,
  liveTokensOfUser,
  customTeamsOfUserView,
  maintainedTeamsOfUserView,
  updateUserRow,
  userWithRelatedById,
  userViewByIdPostgres,
  usersWithEndedElevation,
  type RestoredTokenView,
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
  /** The role in force now (an elevation that has ended no longer counts). */
  role: Role;
  /** A time-bound role in force: which, until when, and the role it returns to. */
  elevation: Elevation | null;
  active: boolean;
  teams: TeamMembership[];
  /** The teams the user is a maintainer of (WARDEN_TEAM_MAINTAINERS). */
  maintains: TeamSummary[];
  owner: UserSummary | null;
  purpose: string | null;
  created_at: string;
  created_by: UserSummary | null;
  deactivated_at: string | null;
  last_active_at: string | null;
  last_reviewed_at: string | null;
  review_due_at: string | null;
  provisioned_by: 'admin' | 'sso' | 'scim';
  /** The groups the IdP sent at the last sign-in that carried them (names or ids), and when; null: none yet. */
  idp_groups: { groups: string[]; at: string } | null;
  /** `directory` when a directory mapping gave the role; `admin` otherwise. */
  role_source: 'directory' | 'admin';
}

export function summaryOf(u: Pick<UserRow, 'id' | 'user_id' | 'name'>): UserSummary {
  return { id: u.id, user_id: u.user_id, name: u.name };
}

/** Shapes rows for the API, loading teams, owners and creators in two queries; roles and memberships as they are at `nowMs`. */
export async function toUserViews(db: Kdb, rows: UserRow[], nowMs = Date.now()): Promise<UserView[]> {
  const teams = await teamSummariesForUsers(db, rows.map((r) => r.id), new Date(nowMs).toISOString());
  const maintains = await teamsMaintainedBy(db, rows.map((r) => r.id), new Date(nowMs).toISOString());
  const relatedIds = [...new Set(rows.flatMap((r) => [r.owner_id, r.created_by]).filter((v): v is number => v !== null))];
  const related = new Map((await findUsersByIds(db, relatedIds)).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => viewOf(r, teams.get(r.id) ?? [], maintains.get(r.id) ?? [], r.owner_id === null ? null : (related.get(r.owner_id) ?? null), r.created_by === null ? null : (related.get(r.created_by) ?? null), nowMs));
}

/** A user's view from its row and what it names: the one shape of every user object the API answers. */
function viewOf(r: UserRow, teams: TeamMembership[], maintains: TeamSummary[], owner: UserSummary | null, createdBy: UserSummary | null, nowMs: number): UserView {
  return {
    id: r.id,
    user_id: r.user_id,
    type: r.type,
    name: r.name,
    email: r.email,
    role: effectiveRole(r, nowMs),
    elevation: elevationAt(r, nowMs),
    active: r.deactivated_at === null,
    teams,
    maintains,
    owner,
    purpose: r.purpose,
    created_at: r.created_at,
    created_by: createdBy,
    deactivated_at: r.deactivated_at,
    last_active_at: r.last_active_at,
    last_reviewed_at: r.last_reviewed_at,
    review_due_at: r.review_due_at,
    provisioned_by: r.provisioned_by,
    idp_groups: r.idp_groups === null || r.idp_groups_at === null ? null : { groups: JSON.parse(r.idp_groups) as string[], at: r.idp_groups_at },
    role_source: r.role_source === 'directory' ? 'directory' : 'admin',
  };
}

/**
 * getUser for the caches (`GET /api/users/me`, introspection): the same view, read by statements
 * compiled once instead of five built per request. PostgreSQL: one statement, one round trip
 * (users/store.ts userViewByIdPostgres); SQLite: three, synchronous on its read-only connection
 * (userWithRelatedById, customTeamsOfUserView, maintainedTeamsOfUserView): no round trip to save.
 * The Public team's summary is read once per database (teams/store.ts publicTeamSummary; it cannot
 * be renamed). test/user-view.test.ts checks it equals getUser's.
 */
export async function getUserView(db: Db, ctx: ActionContext, id: number): Promise<UserView> {
  if (ctx.actor?.id !== id) requireAction(ctx, 'users.read');
  const nowMs = nowOf(ctx);
  const now = new Date(nowMs).toISOString();
  const pub = publicTeamSummary(db.kysely);
  let user: UserWithRelated | undefined;
  let custom: TeamMembership[];
  let maintains: TeamSummary[];
  let publicTeam: TeamSummary;
  if (db.dialect === 'postgres') {
    const [rows, p] = await Promise.all([runFill(db, userViewByIdPostgres, id, now), pub]);
    publicTeam = p;
    const r = rows[0];
    if (!r) throw notFound(`User ${id}`);
    const { teams, maintains: maintained, ...rest } = r;
    user = rest;
    // A timestamptz in JSON is not the driver's ISO 8601 UTC string: made one as the driver does.
    custom = teams.map(([teamId, name, until]) => (until === null ? { id: teamId, name } : { id: teamId, name, until: new Date(until).toISOString() }));
    maintains = maintained.map(([teamId, name]) => ({ id: teamId, name }));
  } else {
    const [users, customRows, p] = await Promise.all([runFill(db, userWithRelatedById, id), runFill(db, customTeamsOfUserView, id, now), pub]);
    publicTeam = p;
    const u = users[0];
    custom = customRows.map((t) => (t.until === null ? { id: t.id, name: t.name! } : { id: t.id, name: t.name!, until: t.until }));
    // The maintained teams are read only for a user who maintains some (most maintain none).
    maintains = u?.maintains_any ? (await runFill(db, maintainedTeamsOfUserView, id, now)).map((t) => ({ id: t.id, name: t.name! })) : [];
    if (u) {
      const { maintains_any: _, ...rest } = u;
      user = rest;
    }
  }
  if (!user) throw notFound(`User ${id}`);
  const { owner_user_id, owner_name, creator_user_id, creator_name, ...row } = user;
  // customTeamsOfUsers' order: by name, code unit by code unit.
  custom.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const owner = row.owner_id === null || owner_user_id === null ? null : { id: row.owner_id, user_id: owner_user_id, name: owner_name! };
  const createdBy = row.created_by === null || creator_user_id === null ? null : { id: row.created_by, user_id: creator_user_id, name: creator_name! };
  return viewOf(row, [{ ...publicTeam }, ...custom], maintains, owner, createdBy, nowMs);
}

type UserWithRelated = Omit<NonNullable<typeof userWithRelatedById.row>, 'maintains_any'>;

export async function toUserView(db: Kdb, row: UserRow, nowMs = Date.now()): Promise<UserView> {
  return (await toUserViews(db, [row], nowMs))[0];
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

/**
 * Throws 409 when the target is the last active Admin that stays Admin; call inside the
 * transaction. An Admin until some instant does not count (nor need protecting): that instant
 * comes whatever happens.
 */
async function protectLastAdmin(db: Db, trx: Kdb, target: UserRow, nowMs: number): Promise<void> {
  const settled = settledRole(target, nowMs);
  if (settled.role !== 'admin' || settled.elevation_ends_at !== null || target.deactivated_at !== null) return;
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
  review_due_at?: string | null;
  reason?: string | null;
}

export async function createServiceUser(db: Db, ctx: ActionContext, input: CreateServiceUserInput): Promise<UserView> {
  requireAction(ctx, 'service_users.manage');
  const { name, userId } = serviceUserNameAndId(input.name);
  const role = input.role ?? 'member';
  requireReasonForElevatedRole(role, input.reason);
  const reviewDate = instantOf('review_due_at', input.review_due_at ?? undefined) ?? null;
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
        review_due_at: reviewDate,
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
        changes: created({ user_id: userId, type: 'service', name, role, team_ids: teamIds, owner_id: ownerId, purpose: input.purpose ?? null, review_due_at: reviewDate }),
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
  /**
   * With `role`: the role holds until this instant (ISO 8601), then the role held before returns by
   * itself. null with `role`: the role holds without end (an elevation in force becomes permanent).
   */
  until?: string | null;
  team_ids?: number[];
  owner_id?: number | null;
  purpose?: string | null;
  review_due_at?: string | null;
  reason?: string | null;
}

/** The longest an elevation may last: time-bound access is for hours and days, not for ever. */
export const MAX_ELEVATION_DAYS = 365;

/** The role fields after a request: a time-bound elevation, a permanent role, or what they were. */
function nextRoleState(current: StoredRole, input: UpdateUserInput, nowMs: number): StoredRole {
  if (input.until != null) {
    if (input.role === undefined) throw invalidField('until', 'until goes with a role: {"role": "admin", "until": "…", "reason": "…"}');
    const base = current.role_before_elevation ?? current.role;
    if (!isElevation(base, input.role)) throw invalidField('until', `Only a role above ${base} (the role the user returns to) can be time-bound`);
    const end = Date.parse(input.until);
    if (end <= nowMs) throw invalidField('until', 'until must be in the future');
    if (end > nowMs + MAX_ELEVATION_DAYS * 86_400_000) throw invalidField('until', `An elevation lasts at most ${MAX_ELEVATION_DAYS} days`);
    return { role: input.role, role_before_elevation: base, elevation_ends_at: new Date(end).toISOString() };
  }
  if (input.role === undefined) return current;
  // The same role without `until` keeps an elevation in force; until: null makes it permanent.
  if (input.role === current.role && input.until === undefined) return current;
  return { role: input.role, role_before_elevation: null, elevation_ends_at: null };
}

/**
 * Writes the end of an elevation (or membership) whose instant has passed, audited with actor
 * system (access.elevation_expired). The decision never waited for this: it compares with the time
 * of each request. Returns whether anything was written.
 */
export async function settleEndedElevation(trx: Kdb, target: UserRow, nowMs: number): Promise<boolean> {
  const settled = settledRole(target, nowMs);
  if (settled.role === target.role && settled.elevation_ends_at === target.elevation_ends_at) return false;
  await updateUserRow(trx, target.id, { role: settled.role, role_before_elevation: null, elevation_ends_at: null, updated_at: new Date(nowMs).toISOString() });
  await recordAudit(trx, systemContext('scheduler'), {
    action: 'access.elevation_expired', targetType: 'user', targetId: target.id,
    reason: `The ${target.role} role was granted until ${target.elevation_ends_at}`,
    changes: { role: { before: target.role, after: settled.role }, role_until: { before: target.elevation_ends_at, after: null } },
  });
  return true;
}

export async function updateUser(db: Db, ctx: ActionContext, id: number, input: UpdateUserInput): Promise<UserView> {
  const nowMs = nowOf(ctx);
  const now = new Date(nowMs).toISOString();
  return transact(db, async (trx) => {
    let target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    // An elevation that has ended is written down first (actor system), so the log shows it ended by itself.
    if (await settleEndedElevation(trx, target, nowMs)) target = await loadUser(trx, id);
    const current: StoredRole = settledRole(target, nowMs);
    const next = nextRoleState(current, input, nowMs);
    const teamIds = await resolveTeamIds(trx, input.team_ids);
    const currentTeams = await teamIdsOfUser(trx, id, now);
    const roleChanges = next.role !== current.role;
    const untilChanges = next.elevation_ends_at !== current.elevation_ends_at;
    const teamsChange = teamIds !== undefined && JSON.stringify(teamIds) !== JSON.stringify(currentTeams);
    if (ctx.actor?.id === id && (roleChanges || untilChanges || teamsChange)) throw forbidden('Nobody changes their own role or teams');
    if (target.type === 'personal' && (input.owner_id != null || input.purpose != null || input.review_due_at != null)) {
      const path = input.owner_id != null ? 'owner_id' : input.purpose != null ? 'purpose' : 'review_due_at';
      throw invalid('Only service users have an owner, a purpose and a review date', [{ path, message: 'Only service users have an owner, a purpose and a review date' }]);
    }
    if (roleChanges || untilChanges) requireReasonForElevatedRole(next.role, input.reason);
    if (roleChanges) await protectLastAdmin(db, trx, target, nowMs);
    const ownerId = await resolveOwner(trx, input.owner_id);

    const before = { role: current.role, role_until: current.elevation_ends_at, team_ids: currentTeams, owner_id: target.owner_id, purpose: target.purpose, review_due_at: target.review_due_at };
    const after = {
      role: next.role,
      role_until: next.elevation_ends_at,
      team_ids: teamIds ?? currentTeams,
      owner_id: ownerId === undefined ? target.owner_id : ownerId,
      purpose: input.purpose === undefined ? target.purpose : input.purpose,
      review_due_at: input.review_due_at === undefined ? target.review_due_at : (instantOf('review_due_at', input.review_due_at ?? undefined) ?? null),
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length > 0) {
      // A role an Admin sets is theirs: directory sync in `add` mode never lowers it (directory/rules.ts).
      await updateUserRow(trx, id, { ...next, ...(roleChanges || untilChanges ? { role_source: null } : {}), owner_id: after.owner_id, purpose: after.purpose, review_due_at: after.review_due_at, updated_at: now });
      if (teamsChange) await replaceUserTeams(trx, id, after.team_ids, new Map(), now);
      await recordAudit(trx, ctx, { action: 'user.updated', targetType: 'user', targetId: id, reason: input.reason, changes });
    }
    return toUserView(trx, await loadUser(trx, id), nowMs);
  });
}

export async function deactivateUser(db: Db, ctx: ActionContext, id: number, reason: string | null): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    if (ctx.actor?.id === id) throw forbidden('Nobody deactivates themselves; ask another Admin');
    if (target.deactivated_at === null) {
      await protectLastAdmin(db, trx, target, nowOf(ctx));
      const now = new Date().toISOString();
      await updateUserRow(trx, id, { deactivated_at: now, updated_at: now });
      // Sessions end now, so that a later reactivation does not bring them back.
      await deleteSessionsOfUser(trx, id);
      await recordAudit(trx, ctx, { action: 'user.deactivated', targetType: 'user', targetId: id, reason, changes: { active: { before: true, after: false } } });
    }
    return toUserView(trx, await loadUser(trx, id));
  });
}

/**
 * Reactivates a user; its tokens that are neither revoked nor expired work again, and the answer
 * names them (the audit entry's announcement sends a `token.restored` for each).
 */
export async function reactivateUser(db: Db, ctx: ActionContext, id: number, reason: string | null): Promise<UserView & { restored_tokens: RestoredTokenView[] }> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    let restored: RestoredTokenView[] = [];
    if (target.deactivated_at !== null) {
      const now = new Date().toISOString();
      restored = await liveTokensOfUser(trx, id, now);
      await updateUserRow(trx, id, { deactivated_at: null, updated_at: now });
      await recordAudit(trx, ctx, { action: 'user.reactivated', targetType: 'user', targetId: id, reason, changes: { active: { before: false, after: true } } });
    }
    return { ...(await toUserView(trx, await loadUser(trx, id))), restored_tokens: restored };
  });
}

export type ReviewDecision = 'keep' | 'deactivate';

/**
 * A review: who decided, when, what and why. `keep` leaves the user as it is until the next
 * review; `deactivate` deactivates it in the same transaction (a review that cannot deactivate,
 * the last Admin, records nothing).
 */
export async function reviewUser(db: Db, ctx: ActionContext, id: number, note: string | null, decision: ReviewDecision = 'keep'): Promise<UserView> {
  return transact(db, async (trx) => {
    const target = await loadUser(trx, id);
    requireAction(ctx, manageActionFor(target));
    const now = new Date(nowOf(ctx)).toISOString();
    // The next review falls due a period after this one (a date set for this review is used up).
    await updateUserRow(trx, id, { last_reviewed_at: now, review_due_at: null });
    await recordAudit(trx, ctx, {
      action: 'user.reviewed',
      targetType: 'user',
      targetId: id,
      reason: note,
      changes: { last_reviewed_at: { before: target.last_reviewed_at, after: now }, decision: { before: null, after: decision } },
    });
    if (decision === 'deactivate') return deactivateUser(within(db, trx), ctx, id, note ?? 'deactivated at review');
    return toUserView(trx, await loadUser(trx, id), nowOf(ctx));
  });
}

export async function getUser(db: Db, ctx: ActionContext, id: number): Promise<UserView> {
  if (ctx.actor?.id !== id) requireAction(ctx, 'users.read');
  return toUserView(db.kysely, await loadUser(db.kysely, id), nowOf(ctx));
}

/**
 * GET /api/users. `teams`: ids or names (without case), users in any of them; a numeric text is an
 * id. The Public team holds everyone, so naming it lifts the team filter.
 */
export async function listUsers(db: Db, ctx: ActionContext, filter: Omit<UserFilter, 'teamIds'> & { teams?: (number | string)[] }) {
  requireAction(ctx, 'users.read');
  let teamIds: number[] | undefined;
  if (filter.teams !== undefined && filter.teams.length > 0) {
    teamIds = [];
    let everyone = false;
    for (const ref of filter.teams) {
      const team = typeof ref === 'number' ? (await findTeamsByIds(db.kysely, [ref]))[0] : await findTeamByName(db.kysely, ref);
      if (!team) throw invalidField('team', typeof ref === 'number' ? `No team with id ${ref}` : `No team named ${JSON.stringify(ref)}`);
      if (team.kind === 'public') everyone = true; // everyone is in the Public team
      teamIds.push(team.id);
    }
    if (everyone) teamIds = undefined;
  }
  const { teams: _teams, ...rest } = filter;
  const { rows, total } = await listUserRows(db.kysely, { ...rest, teamIds, now: new Date(nowOf(ctx)).toISOString() });
  return { items: await toUserViews(db.kysely, rows, nowOf(ctx)), total };
}


const SETTLE_BATCH = 200;

/**
 * The scheduled half of time-bound access: writes down the roles and team memberships whose end
 * has come (the decision already applied them at their instant), each audited as
 * access.elevation_expired with actor system. One transaction per user, so that one failure does
 * not hold back the others; safe to run on several nodes at once (a row settled by one is skipped
 * by the other).
 */
export async function settleEndedAccess(db: Db, nowMs: number): Promise<{ roles: number; memberships: number }> {
  const now = new Date(nowMs).toISOString();
  let roles = 0;
  let memberships = 0;
  for (const row of await usersWithEndedElevation(db.kysely, now, SETTLE_BATCH)) {
    if (await transact(db, async (trx) => {
      const fresh = await findUserById(trx, row.id);
      return fresh ? settleEndedElevation(trx, fresh, nowMs) : false;
    })) roles++;
  }
  const ended = await endedMemberships(db.kysely, now, SETTLE_BATCH);
  const byUser = new Map<number, typeof ended>();
  for (const m of ended) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m]);
  for (const [userId, list] of byUser) {
    memberships += await transact(db, async (trx) => {
      const before = (await trx.selectFrom('team_members').select('team_id').where('user_id', '=', userId).orderBy('team_id').execute()).map((r) => r.team_id);
      let removed = 0;
      for (const m of list) {
        // Removed only if still ending then: an Admin may have extended it meanwhile.
        const res = await trx.deleteFrom('team_members').where('team_id', '=', m.team_id).where('user_id', '=', userId).where('until', '=', m.until).executeTakeFirst();
        if (Number(res.numDeletedRows) > 0) removed++;
      }
      if (removed === 0) return 0;
      const after = (await trx.selectFrom('team_members').select('team_id').where('user_id', '=', userId).orderBy('team_id').execute()).map((r) => r.team_id);
      await recordAudit(trx, systemContext('scheduler'), {
        action: 'access.elevation_expired', targetType: 'user', targetId: userId,
        reason: `Team membership ended at its end: ${list.map((m) => `${m.team_name} (until ${m.until})`).join(', ')}`,
        changes: { team_ids: { before, after } },
      });
      return removed;
    });
  }
  return { roles, memberships };
}
