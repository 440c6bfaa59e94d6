// The decision as a service: load the subject and its grants, then ask src/access/model.ts. Used by
// POST /api/authorize, the permissions view and forward-auth. A caller deciding for itself (and
// forward-auth) takes its grants from memory (src/cache): when they are cached the decision is
// made synchronously, and a datastore it cannot see is answered as a value, not an Error.
import { effectiveRole } from '../access/elevation.ts';
import type { Db } from '../db/connection.ts';
import {
  ACTION_NAMES,
  ACTIONS,
  LEVELS,
  bestGrant,
  canSeeDatastore,
  datastoreActionsFor,
  decide,
  isActionName,
  platformActionsFor,
  type ActionName,
  type DatastoreActionName,
  type Decision,
  type Level,
  type PlatformActionName,
  type Role,
  type Subject,
  type TeamGrant,
} from '../access/model.ts';
import { nowOf, type ActionContext, type Principal } from '../access/principal.ts';
import { requireAction, subjectOf } from '../access/guard.ts';
import { invalidField, notFound } from '../http/errors.ts';
import { findUserById, findUserByUserId, type UserRow } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { grantsOfUser, grantsOnDatastore } from '../teams/store.ts';
import type { AccessCache } from '../cache/access-cache.ts';
import type { ProblemSpec } from '../http/problem.ts';

type Kdb = Db['kysely'];

export interface AuthorizeInput {
  action: string;
  datastore_id?: number;
  /** The numeric id or the user_id string; absent: the caller. */
  user_id?: number | string;
}

export interface AuthorizeResult extends Decision {
  action: ActionName;
  user: UserSummary;
  datastore_id: number | null;
}

function actionOf(name: string): ActionName {
  if (!isActionName(name)) throw invalidField('action', `Unknown action "${name}"; the catalog is in the OpenAPI description of POST /api/authorize`);
  return name;
}

/** A user row as the decision sees it at `nowMs` (a time-bound role that has ended no longer counts). */
function subjectOfRow(u: UserRow, nowMs: number): Subject {
  return { type: u.type, role: effectiveRole(u, nowMs), active: u.deactivated_at === null };
}

async function findUserRef(db: Kdb, ref: number | string): Promise<UserRow | undefined> {
  return typeof ref === 'number' ? findUserById(db, ref) : findUserByUserId(db, ref);
}

/** A refusal answered as a problem (the route sends it; no Error is built). */
export interface Refusal {
  refusal: ProblemSpec;
}

/** The 404 of errors.ts notFound, as a value. */
const datastoreNotFound = (id: number): Refusal => ({ refusal: { status: 404, slug: 'not-found', title: 'Not found', detail: `Datastore ${id} not found` } });

/**
 * POST /api/authorize. Without user_id it decides for the caller; with one (other than the caller)
 * the caller needs users.read. A datastore action needs datastore_id (422); a datastore that does
 * not exist, or that the caller deciding for themselves cannot see, is 404. For platform actions a
 * datastore_id is ignored.
 */
export function authorize(db: Db, ctx: ActionContext, input: AuthorizeInput, cache?: AccessCache): AuthorizeResult | Refusal | Promise<AuthorizeResult | Refusal> {
  const action = actionOf(input.action);
  const actor = ctx.actor;
  const self = actor !== null && (input.user_id === undefined || input.user_id === actor.id || input.user_id === actor.userId);
  if (!self) return authorizeOther(db, ctx, input, action);
  const subject = subjectOf(actor);
  const user: UserSummary = { id: actor.id, user_id: actor.userId, name: actor.name };
  if (ACTIONS[action].kind === 'platform') return { ...decide(subject, action), action, user, datastore_id: null };
  const datastoreId = input.datastore_id;
  if (datastoreId === undefined) throw invalidField('datastore_id', `${action} is a datastore action: datastore_id is required`);
  const grants = cache ? cache.grantsOn(actor.id, datastoreId, nowOf(ctx)) : grantsOnDatastore(db.kysely, actor.id, datastoreId, new Date(nowOf(ctx)).toISOString());
  if (grants instanceof Promise) return grants.then((g) => selfDecision(subject, action, user, datastoreId, g));
  return selfDecision(subject, action, user, datastoreId, grants);
}

function selfDecision(subject: Subject, action: ActionName, user: UserSummary, datastoreId: number, grants: TeamGrant[] | undefined): AuthorizeResult | Refusal {
  // A narrowed token's own restriction is reported as the decision's reason, not hidden as a 404.
  if (grants === undefined || !canSeeDatastore({ ...subject, restriction: null }, grants, datastoreId)) return datastoreNotFound(datastoreId);
  return { ...decide(subject, action, grants, datastoreId), action, user, datastore_id: datastoreId };
}

/** Deciding for another user (users.read): that user's row and grants from the database. */
async function authorizeOther(db: Db, ctx: ActionContext, input: AuthorizeInput, action: ActionName): Promise<AuthorizeResult> {
  requireAction(ctx, 'users.read');
  if (input.user_id === undefined) throw invalidField('user_id', 'The system has no decision of its own; name a user');
  const row = await findUserRef(db.kysely, input.user_id);
  if (!row) throw notFound(`User ${input.user_id}`);
  const user = summaryOf(row);
  const platform = ACTIONS[action].kind === 'platform';
  // Someone deciding for another user holds users.read (Manager+) and so sees every registry entry.
  const decision = await decisionForUser(db.kysely, row, action, input.datastore_id, nowOf(ctx));
  if (decision === undefined) throw notFound(`Datastore ${input.datastore_id}`);
  return { ...decision, action, user, datastore_id: platform ? null : input.datastore_id! };
}

/**
 * The decision for a user (as a user, not through one of their tokens) at `nowMs`: the one path
 * `POST /api/authorize` for another user, the AuthZEN evaluations and their searches share.
 * Undefined when the datastore does not exist; a datastore action without a datastore is 422.
 */
export async function decisionForUser(db: Kdb, row: UserRow, action: ActionName, datastoreId: number | undefined, nowMs: number): Promise<Decision | undefined> {
  const subject = subjectOfRow(row, nowMs);
  if (ACTIONS[action].kind === 'platform') return decide(subject, action);
  if (datastoreId === undefined) throw invalidField('datastore_id', `${action} is a datastore action: datastore_id is required`);
  const grants = await grantsOnDatastore(db, row.id, datastoreId, new Date(nowMs).toISOString());
  return grants === undefined ? undefined : decide(subject, action, grants, datastoreId);
}

/** GET /api/actions: the catalog of src/access/model.ts, as data. */
export function actionCatalog() {
  return ACTION_NAMES.map((name) => {
    const spec = ACTIONS[name];
    return spec.kind === 'platform'
      ? { name, kind: spec.kind, description: spec.description, min_role: spec.minRole, min_level: null, min_level_on_enrichment: null, personal_only: 'personalOnly' in spec && spec.personalOnly === true }
      : { name, kind: spec.kind, description: spec.description, min_role: ('minRole' in spec && spec.minRole) || null, min_level: spec.minLevel, min_level_on_enrichment: ('minLevelOnEnrichment' in spec && spec.minLevelOnEnrichment) || null, personal_only: false };
  });
}

export interface ForwardAuthInput {
  action?: string;
  datastore_id?: number;
}

/**
 * Forward auth for reverse proxies: the principal is already authenticated. No action: allowed.
 * A datastore that does not exist or that the principal cannot see is a denial (proxies understand
 * only 2xx, 401 and 403), so it answers like any other refusal. From memory when cached.
 */
export function forwardDecision(cache: AccessCache, principal: Principal, input: ForwardAuthInput, nowMs: number): Decision | null | Promise<Decision | null> {
  if (input.action === undefined) return null;
  const action = actionOf(input.action);
  const subject = subjectOf(principal);
  if (ACTIONS[action].kind === 'platform') return decide(subject, action);
  const datastoreId = input.datastore_id;
  if (datastoreId === undefined) throw invalidField('datastore_id', `${action} is a datastore action: datastore_id is required`);
  const grants = cache.grantsOn(principal.id, datastoreId, nowMs);
  if (grants instanceof Promise) return grants.then((g) => forwardOn(subject, action, datastoreId, g));
  return forwardOn(subject, action, datastoreId, grants);
}

function forwardOn(subject: Subject, action: ActionName, datastoreId: number, grants: TeamGrant[] | undefined): Decision {
  if (grants === undefined || !canSeeDatastore({ ...subject, restriction: null }, grants)) {
    return { allowed: false, reason: 'no_team', role: subject.role, level: null, team: null };
  }
  return decide(subject, action, grants, datastoreId);
}

export interface DatastorePermission {
  id: number;
  name: string;
  kind: 'source' | 'enrichment';
  level: Level;
  team: { id: number; name: string };
  /** Every team reaching the datastore, highest level first. */
  teams: { id: number; name: string; level: Level }[];
  actions: DatastoreActionName[];
}

export interface PermissionsView {
  user: UserSummary;
  type: 'personal' | 'service';
  role: Role;
  active: boolean;
  /** Admins may take every datastore action on every datastore, whatever their teams. */
  all_datastores: boolean;
  platform_actions: PlatformActionName[];
  datastores: DatastorePermission[];
}

/** GET /api/users/{id}/permissions: users.read, or oneself. */
export async function permissionsOf(db: Db, ctx: ActionContext, id: number): Promise<PermissionsView> {
  if (ctx.actor?.id !== id) requireAction(ctx, 'users.read');
  const row = await findUserById(db.kysely, id);
  if (!row) throw notFound(`User ${id}`);
  const subject = subjectOfRow(row, nowOf(ctx));
  const byDatastore = new Map<number, { name: string; kind: 'source' | 'enrichment'; grants: TeamGrant[] }>();
  for (const g of await grantsOfUser(db.kysely, id, new Date(nowOf(ctx)).toISOString())) {
    let entry = byDatastore.get(g.datastoreId);
    if (!entry) byDatastore.set(g.datastoreId, (entry = { name: g.datastoreName, kind: g.datastoreKind, grants: [] }));
    entry.grants.push({ teamId: g.teamId, teamName: g.teamName, level: g.level, enrichment: g.datastoreKind === 'enrichment' });
  }
  const datastores: DatastorePermission[] = [];
  for (const [dsId, entry] of byDatastore) {
    const best = bestGrant(entry.grants)!;
    const sorted = [...entry.grants].sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || a.teamId - b.teamId);
    datastores.push({
      id: dsId,
      name: entry.name,
      kind: entry.kind,
      level: best.level,
      team: { id: best.teamId, name: best.teamName },
      teams: sorted.map((g) => ({ id: g.teamId, name: g.teamName, level: g.level })),
      actions: datastoreActionsFor(subject, entry.grants),
    });
  }
  return {
    user: summaryOf(row),
    type: row.type,
    role: subject.role,
    active: subject.active,
    all_datastores: subject.active && subject.role === 'admin',
    platform_actions: platformActionsFor(subject),
    datastores,
  };
}
