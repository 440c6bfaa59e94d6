// Teams: one permission level, members and datastores; the Public team holds every user.
// Rules, transactions and the audit of each change. SCIM maps its Groups onto these functions.
import { transact, within } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { decideOnTeam, LEVELS, type Level, type TeamActionName } from '../access/model.ts';
import { nowOf, type ActionContext } from '../access/principal.ts';
import { instantOf } from '../http/time.ts';
import { can, requireAction, subjectOf } from '../access/guard.ts';
import { conflict, forbidden, invalidField, notFound } from '../http/errors.ts';
import { cleanDescription, cleanName } from '../http/text.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, diff, recordAudit, toAuditEventView, withTargetNames, type Changes } from '../audit/service.ts';
import { findUsersByIds } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { findDatastoresByIds } from '../datastores/store.ts';
import {
  datastoreIdsOfTeam,
  datastoresOfTeams,
  deleteMaintainer,
  deleteTeamRow,
  insertMaintainer,
  isMaintainerOf,
  maintainersOfTeams,
  findTeamById,
  findTeamByName,
  insertTeam,
  listTeamRows,
  memberEndsOfTeam,
  memberCandidateRows,
  memberIdsOfTeam,
  membersOfTeams,
  replaceTeamDatastores,
  replaceTeamMembers,
  teamHistoryCandidates,
  updateTeamRow,
  type MemberCandidateRow,
  type TeamMember,
  type TeamRow,
} from './store.ts';
import { CANDIDATE_MIN_QUERY } from './schemas.ts';

type Kdb = Db['kysely'];

export interface TeamView {
  id: number;
  name: string;
  description: string | null;
  permission: Level;
  is_public: boolean;
  /** Stored members, with when each membership ends. Empty for the Public team: its membership is every user, implicitly. */
  users: TeamMember[];
  /** Members an Admin made maintainers (WARDEN_TEAM_MAINTAINERS): they change the team's members and maintainers. */
  maintainers: UserSummary[];
  datastores: { id: number; name: string }[];
  created_at: string;
  updated_at: string;
  created_by: UserSummary | null;
}

/** A member and when the membership ends by itself (time-bound access); null or absent: it does not. */
export interface MemberInput {
  user_id: number;
  until?: string | null;
}

export interface CreateTeamInput {
  name: string;
  description?: string | null;
  permission: Level;
  user_ids?: number[];
  members?: MemberInput[];
  datastore_ids?: number[];
}

export interface UpdateTeamInput {
  name?: string;
  description?: string | null;
  permission?: Level;
  user_ids?: number[];
  members?: MemberInput[];
  datastore_ids?: number[];
}

const MAX_MEMBERSHIP_DAYS = 365;

/**
 * `members` (with ends) or `user_ids`, as user ids and the ends the request sets. Ends must be ahead
 * of now and at most 365 days away.
 */
function membershipRequest(input: { user_ids?: number[]; members?: MemberInput[] }, nowMs: number): { userIds: number[] | undefined; until: Map<number, string | null> } {
  if (input.members === undefined) return { userIds: input.user_ids, until: new Map() };
  if (input.user_ids !== undefined) throw invalidField('members', 'Send user_ids or members, not both');
  const until = new Map<number, string | null>();
  for (const [i, m] of input.members.entries()) {
    if (m.until == null) {
      until.set(m.user_id, null);
      continue;
    }
    const at = instantOf(`members/${i}/until`, m.until)!;
    const ms = Date.parse(at);
    if (ms <= nowMs) throw invalidField(`members/${i}/until`, 'until must be in the future');
    if (ms > nowMs + MAX_MEMBERSHIP_DAYS * 86_400_000) throw invalidField(`members/${i}/until`, `A membership can be time-bound for at most ${MAX_MEMBERSHIP_DAYS} days`);
    until.set(m.user_id, at);
  }
  return { userIds: input.members.map((m) => m.user_id), until };
}


/** Shapes team rows for the API: members, datastores and creators in three queries for the whole page. */
export async function toTeamViews(db: Kdb, rows: TeamRow[], nowMs = Date.now()): Promise<TeamView[]> {
  const ids = rows.map((r) => r.id);
  const customIds = rows.filter((r) => r.kind !== 'public').map((r) => r.id);
  const [members, datastores, maintainers] = await Promise.all([
    membersOfTeams(db, customIds, new Date(nowMs).toISOString()), datastoresOfTeams(db, ids), maintainersOfTeams(db, customIds, new Date(nowMs).toISOString()),
  ]);
  const creatorIds = [...new Set(rows.map((r) => r.created_by).filter((v): v is number => v !== null))];
  const creators = new Map((await findUsersByIds(db, creatorIds)).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    permission: r.permission,
    is_public: r.kind === 'public',
    users: members.get(r.id) ?? [],
    maintainers: maintainers.get(r.id) ?? [],
    datastores: datastores.get(r.id) ?? [],
    created_at: r.created_at,
    updated_at: r.updated_at,
    created_by: r.created_by === null ? null : (creators.get(r.created_by) ?? null),
  }));
}

async function loadTeam(db: Kdb, id: number): Promise<TeamRow> {
  const row = await findTeamById(db, id);
  if (!row) throw notFound(`Team ${id}`);
  return row;
}



function checkLevel(level: Level): Level {
  if (!LEVELS.includes(level)) throw invalidField('permission', `The permission must be one of ${LEVELS.join(', ')}`);
  return level;
}

/** Distinct, sorted, existing user ids (422 naming the missing ones). */
async function resolveUserIds(db: Kdb, ids: number[] | undefined): Promise<number[] | undefined> {
  if (ids === undefined) return undefined;
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const found = new Set((await findUsersByIds(db, unique)).map((u) => u.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalidField('user_ids', `No user with id ${missing.join(', ')}`);
  return unique;
}

async function resolveDatastoreIds(db: Kdb, ids: number[] | undefined): Promise<number[] | undefined> {
  if (ids === undefined) return undefined;
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const found = new Set((await findDatastoresByIds(db, unique)).map((d) => d.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalidField('datastore_ids', `No datastore with id ${missing.join(', ')}`);
  return unique;
}

/** Nobody changes their own teams (access model §2), through a team as little as through the user. */
function forbidSelfMembershipChange(ctx: ActionContext, before: number[], after: number[]): void {
  const me = ctx.actor?.id;
  if (me === undefined) return;
  if (before.includes(me) !== after.includes(me)) throw forbidden('Nobody changes their own role or teams; ask another Admin');
}

async function assertNameFree(db: Kdb, name: string, exceptId?: number): Promise<void> {
  const other = await findTeamByName(db, name);
  if (other && other.id !== exceptId) throw conflict(`A team named "${other.name}" already exists (names are compared without case)`);
}

/** What the teams service needs of the configuration (WARDEN_TEAM_MAINTAINERS). */
export interface TeamPolicy {
  maintainersOn: boolean;
}
const MAINTAINERS_OFF: TeamPolicy = { maintainersOn: false };

/**
 * The decision of access/model.ts on one team, as a 403 naming why. `self`: the change concerns
 * the actor's own membership or maintainership.
 */
async function requireOnTeam(trx: Kdb, ctx: ActionContext, policy: TeamPolicy, teamId: number, action: TeamActionName, self = false): Promise<void> {
  if (ctx.actor === null) return;
  const maintainer = policy.maintainersOn ? await isMaintainerOf(trx, teamId, ctx.actor.id, new Date(nowOf(ctx)).toISOString()) : false;
  const decision = decideOnTeam({ ...subjectOf(ctx.actor), maintainer }, action, { maintainersOn: policy.maintainersOn, self });
  if (decision.allowed) return;
  if (decision.reason === 'own_membership') throw forbidden('Nobody changes their own teams, maintainers included; ask an Admin or another maintainer');
  if (decision.reason === 'not_maintainer' && maintainer) throw forbidden(`A maintainer changes the team's members and maintainers only (${action} needs teams.manage: Admin)`);
  requireAction(ctx, 'teams.manage');
  throw forbidden(`${action} needs teams.manage (Admin)${policy.maintainersOn ? ' or being a maintainer of this team' : ''}`);
}

function onlyMembership(input: UpdateTeamInput): boolean {
  return Object.entries(input).every(([k, v]) => v === undefined || k === 'user_ids' || k === 'members');
}

export async function createTeam(db: Db, ctx: ActionContext, input: CreateTeamInput): Promise<TeamView> {
  requireAction(ctx, 'teams.manage');
  const name = cleanName(input.name);
  const description = cleanDescription(input.description) ?? null;
  const permission = checkLevel(input.permission);
  try {
    return await transact(db, async (trx) => {
      await assertNameFree(trx, name);
      const nowMs = nowOf(ctx);
      const membership = membershipRequest(input, nowMs);
      const userIds = (await resolveUserIds(trx, membership.userIds)) ?? [];
      const datastoreIds = (await resolveDatastoreIds(trx, input.datastore_ids)) ?? [];
      forbidSelfMembershipChange(ctx, [], userIds);
      const now = new Date(nowMs).toISOString();
      const id = await insertTeam(trx, { name, description, permission, kind: 'custom', created_at: now, created_by: ctx.actor?.id ?? null, updated_at: now });
      await replaceTeamMembers(trx, id, userIds, membership.until, now);
      await replaceTeamDatastores(trx, id, datastoreIds);
      const memberUntil = Object.fromEntries([...membership.until].filter(([, u]) => u !== null).map(([userId, u]) => [String(userId), u]));
      await recordAudit(trx, ctx, {
        action: 'team.created',
        targetType: 'team',
        targetId: id,
        changes: created({ name, description, permission, user_ids: userIds, ...(Object.keys(memberUntil).length ? { member_until: memberUntil } : {}), datastore_ids: datastoreIds }),
      });
      return (await toTeamViews(trx, [await loadTeam(trx, id)]))[0];
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A team named "${name}" already exists (names are compared without case)`);
    throw err;
  }
}

/**
 * Fields absent stay unchanged. The Public team keeps its name and its implicit membership
 * (409 when a request would change them); its level, description and datastores can be set.
 */
export async function updateTeam(db: Db, ctx: ActionContext, id: number, input: UpdateTeamInput, policy: TeamPolicy = MAINTAINERS_OFF): Promise<TeamView> {
  return changeTeamThen(db, ctx, id, input, policy, async (trx) => (await toTeamViews(trx, [await loadTeam(trx, id)]))[0]);
}

/**
 * updateTeam without the team's view at the end (its six reads): for a caller that answers with
 * a view of its own (SCIM renders the group). The same rules, change and audit event.
 */
export async function changeTeam(db: Db, ctx: ActionContext, id: number, input: UpdateTeamInput, policy: TeamPolicy = MAINTAINERS_OFF): Promise<void> {
  await changeTeamThen(db, ctx, id, input, policy, async () => undefined);
}

async function changeTeamThen<T>(db: Db, ctx: ActionContext, id: number, input: UpdateTeamInput, policy: TeamPolicy, answer: (trx: Kdb) => Promise<T>): Promise<T> {
  // A maintainer (WARDEN_TEAM_MAINTAINERS) may change the members, nothing else.
  const admin = can(ctx, 'teams.manage');
  if (!admin && !(policy.maintainersOn && onlyMembership(input))) requireAction(ctx, 'teams.manage');
  const name = input.name === undefined ? undefined : cleanName(input.name);
  const description = cleanDescription(input.description);
  const permission = input.permission === undefined ? undefined : checkLevel(input.permission);
  try {
    return await transact(db, async (trx) => {
      const team = await loadTeam(trx, id);
      if (!admin) await requireOnTeam(trx, ctx, policy, id, 'team.members.manage');
      const isPublic = team.kind === 'public';
      if (isPublic && name !== undefined && name !== team.name) throw conflict('The Public team cannot be renamed');
      if (isPublic && (input.user_ids !== undefined || input.members !== undefined)) throw conflict('The Public team\'s membership is every user; it cannot be edited (omit user_ids)');
      if (name !== undefined && name !== team.name) await assertNameFree(trx, name, id);
      const nowMs = nowOf(ctx);
      const now = new Date(nowMs).toISOString();
      const membership = membershipRequest(input, nowMs);
      const userIds = await resolveUserIds(trx, membership.userIds);
      const datastoreIds = await resolveDatastoreIds(trx, input.datastore_ids);
      const currentUsers = isPublic ? [] : await memberIdsOfTeam(trx, id, now);
      const currentEnds = isPublic ? {} : await memberEndsOfTeam(trx, id, now);
      const currentDatastores = await datastoreIdsOfTeam(trx, id);
      if (userIds !== undefined) forbidSelfMembershipChange(ctx, currentUsers, userIds);
      const afterUsers = userIds ?? currentUsers;
      // Ends after the change: those the request sets, else those kept by members who stay.
      const afterEnds: Record<string, string> = {};
      for (const userId of afterUsers) {
        const set = membership.until.get(userId);
        const end = set !== undefined ? set : (currentEnds[String(userId)] ?? null);
        if (end !== null) afterEnds[String(userId)] = end;
      }
      const me = ctx.actor?.id;
      if (me !== undefined && afterUsers.includes(me) && currentEnds[String(me)] !== afterEnds[String(me)]) throw forbidden('Nobody changes their own role or teams; ask another Admin');

      const before = { name: team.name, description: team.description, permission: team.permission, user_ids: currentUsers, member_until: currentEnds, datastore_ids: currentDatastores };
      const after = {
        name: name ?? team.name,
        description: description === undefined ? team.description : description,
        permission: permission ?? team.permission,
        user_ids: afterUsers,
        member_until: afterEnds,
        datastore_ids: datastoreIds ?? currentDatastores,
      };
      const changes: Changes = diff(before, after);
      if (Object.keys(changes).length > 0) {
        await updateTeamRow(trx, id, { name: after.name, description: after.description, permission: after.permission, updated_at: now });
        if (changes.user_ids || changes.member_until) await replaceTeamMembers(trx, id, after.user_ids, membership.until, now);
        if (changes.datastore_ids) await replaceTeamDatastores(trx, id, after.datastore_ids);
        await recordAudit(trx, ctx, { action: 'team.updated', targetType: 'team', targetId: id, changes });
      }
      return answer(trx);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A team named "${name}" already exists (names are compared without case)`);
    throw err;
  }
}

/** Deletes a custom team with its memberships and datastore assignments; the Public team stays (409). */
export async function deleteTeam(db: Db, ctx: ActionContext, id: number): Promise<void> {
  requireAction(ctx, 'teams.manage');
  await transact(db, async (trx) => {
    const team = await loadTeam(trx, id);
    if (team.kind === 'public') throw conflict('The Public team cannot be deleted');
    const userIds = await memberIdsOfTeam(trx, id);
    const datastoreIds = await datastoreIdsOfTeam(trx, id);
    await deleteTeamRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'team.deleted',
      targetType: 'team',
      targetId: id,
      changes: diff<Record<string, unknown>>({ name: team.name, description: team.description, permission: team.permission, user_ids: userIds, datastore_ids: datastoreIds }, { name: null, description: null, permission: null, user_ids: null, datastore_ids: null }),
    });
  });
}

export async function getTeam(db: Db, ctx: ActionContext, id: number, policy: TeamPolicy = MAINTAINERS_OFF): Promise<TeamView> {
  // A maintainer reads the team they maintain, whatever their role.
  if (!(policy.maintainersOn && ctx.actor && !can(ctx, 'teams.read') && (await isMaintainerOf(db.kysely, id, ctx.actor.id, new Date(nowOf(ctx)).toISOString())))) requireAction(ctx, 'teams.read');
  return (await toTeamViews(db.kysely, [await loadTeam(db.kysely, id)], nowOf(ctx)))[0];
}

export async function listTeams(db: Db, ctx: ActionContext, filter: { q?: string; offset: number; limit: number }): Promise<{ items: TeamView[]; total: number }> {
  requireAction(ctx, 'teams.read');
  const { rows, total } = await listTeamRows(db.kysely, filter);
  return { items: await toTeamViews(db.kysely, rows, nowOf(ctx)), total };
}

/**
 * Every change of a team, newest first: its own events (created, updated, deleted) and the user and
 * datastore events that added or removed it (their `team_ids` changes). A deleted team's history
 * stays readable; an id that never was a team is 404.
 */
export async function teamHistory(db: Db, ctx: ActionContext, id: number, page: { offset: number; limit: number }) {
  requireAction(ctx, 'teams.read');
  const rows = (await teamHistoryCandidates(db.kysely, id)).filter((r) => r.target_type === 'team' || involvesTeam(r.changes, id));
  if (rows.length === 0 && !(await findTeamById(db.kysely, id))) throw notFound(`Team ${id}`);
  const items = await withTargetNames(db.kysely, rows.slice(page.offset, page.offset + page.limit).map(toAuditEventView));
  return { items, total: rows.length };
}

/** Whether a user or datastore event's team_ids change added or removed this team. */
function involvesTeam(changesJson: string, teamId: number): boolean {
  const change = (JSON.parse(changesJson) as Changes).team_ids;
  if (!change) return false;
  const had = Array.isArray(change.before) && change.before.includes(teamId);
  const has = Array.isArray(change.after) && change.after.includes(teamId);
  return had !== has;
}

/**
 * The checks before one member is added or removed (by an Admin, or a maintainer of the team), in
 * the change's transaction; returns the team's current members.
 */
async function membersToEdit(trx: Kdb, ctx: ActionContext, policy: TeamPolicy, id: number, userId: number): Promise<number[]> {
  if (ctx.actor?.id === userId) throw forbidden('Nobody changes their own teams; ask an Admin or a maintainer of the team');
  await teamWhoseMembersChange(trx, ctx, policy, id);
  return memberIdsOfTeam(trx, id, new Date(nowOf(ctx)).toISOString());
}

/**
 * The team, when the caller may change its members (team.members.manage: an Admin, or a
 * maintainer of the team): 404 for no such team, then 403 as the access model decides, then 409
 * for the Public team. Adding, removing and finding people to add all ask this one question.
 */
async function teamWhoseMembersChange(trx: Kdb, ctx: ActionContext, policy: TeamPolicy, id: number): Promise<TeamRow> {
  const team = await loadTeam(trx, id);
  await requireOnTeam(trx, ctx, policy, id, 'team.members.manage');
  if (team.kind === 'public') throw conflict('The Public team\'s membership is every user; it cannot be edited');
  return team;
}

/**
 * People the caller may add to the team (issue 21 §2): active users not in it, other than the
 * caller, matching `q` (at least CANDIDATE_MIN_QUERY characters), by name, at most `limit`, each
 * with only what choosing needs. For whoever may change the team's members — an Admin, or with
 * WARDEN_TEAM_MAINTAINERS=on a maintainer of any role — so that a maintainer without users.read
 * can find whom to add without reading the user directory. A read: not audited.
 */
export async function memberCandidates(db: Db, ctx: ActionContext, policy: TeamPolicy, id: number, query: { q: string; limit: number }): Promise<{ items: MemberCandidateRow[]; more: boolean }> {
  const q = query.q.trim();
  if ([...q].length < CANDIDATE_MIN_QUERY) throw invalidField('q', `Type at least ${CANDIDATE_MIN_QUERY} characters of a name or email`);
  await teamWhoseMembersChange(db.kysely, ctx, policy, id);
  const rows = await memberCandidateRows(db.kysely, id, { q, except: ctx.actor?.id ?? null, limit: query.limit, now: new Date(nowOf(ctx)).toISOString() });
  return { items: rows.slice(0, query.limit), more: rows.length > query.limit };
}

/** Adds one member (permanent): an Admin, or a maintainer of the team. Audited as team.updated. */
export async function addTeamMember(db: Db, ctx: ActionContext, policy: TeamPolicy, id: number, userId: number): Promise<TeamView> {
  return transact(db, async (trx) => {
    const current = await membersToEdit(trx, ctx, policy, id, userId);
    return updateTeam(within(db, trx), ctx, id, { user_ids: [...new Set([...current, userId])] }, policy);
  });
}

/** Removes one member (and their maintainership): an Admin, or a maintainer of the team. 404 when not a member. */
export async function removeTeamMember(db: Db, ctx: ActionContext, policy: TeamPolicy, id: number, userId: number): Promise<TeamView> {
  return transact(db, async (trx) => {
    const current = await membersToEdit(trx, ctx, policy, id, userId);
    if (!current.includes(userId)) throw notFound(`Member ${userId} of team ${id}`);
    return updateTeam(within(db, trx), ctx, id, { user_ids: current.filter((u) => u !== userId) }, policy);
  });
}

function requireMaintainersOn(policy: TeamPolicy): void {
  if (!policy.maintainersOn) throw conflict('Team maintainers are off on this instance (WARDEN_TEAM_MAINTAINERS=on turns them on)');
}

/** Makes a member a maintainer of the team: an Admin, or another maintainer. Audited team.maintainer_added. */
export async function addMaintainer(db: Db, ctx: ActionContext, policy: TeamPolicy, id: number, userId: number): Promise<TeamView> {
  requireMaintainersOn(policy);
  return transact(db, async (trx) => {
    const team = await loadTeam(trx, id);
    await requireOnTeam(trx, ctx, policy, id, 'team.maintainers.manage', ctx.actor?.id === userId);
    if (team.kind === 'public') throw conflict('The Public team has no maintainers: its membership is every user');
    const now = new Date(nowOf(ctx)).toISOString();
    if (!(await memberIdsOfTeam(trx, id, now)).includes(userId)) throw invalidField('user_id', `User ${userId} is not a member of team ${team.name}: add them as a member first`);
    if (!(await isMaintainerOf(trx, id, userId, now))) {
      await deleteMaintainer(trx, id, userId); // a row left from an earlier membership
      await insertMaintainer(trx, id, userId, now);
      await recordAudit(trx, ctx, { action: 'team.maintainer_added', targetType: 'team', targetId: id, changes: { maintainer_ids: { before: null, after: [userId] } } });
    }
    return (await toTeamViews(trx, [team], nowOf(ctx)))[0];
  });
}

/** Unmakes a maintainer (they stay a member): an Admin, or another maintainer. 404 when not one. */
export async function removeMaintainer(db: Db, ctx: ActionContext, policy: TeamPolicy, id: number, userId: number): Promise<TeamView> {
  requireMaintainersOn(policy);
  return transact(db, async (trx) => {
    const team = await loadTeam(trx, id);
    await requireOnTeam(trx, ctx, policy, id, 'team.maintainers.manage', ctx.actor?.id === userId);
    if (!(await isMaintainerOf(trx, id, userId, new Date(nowOf(ctx)).toISOString()))) throw notFound(`Maintainer ${userId} of team ${id}`);
    await deleteMaintainer(trx, id, userId);
    await recordAudit(trx, ctx, { action: 'team.maintainer_removed', targetType: 'team', targetId: id, changes: { maintainer_ids: { before: [userId], after: null } } });
    return (await toTeamViews(trx, [team], nowOf(ctx)))[0];
  });
}
