// AuthZEN 1.0 (OpenID Foundation Authorization API 1.0) onto Warden's model. Every answer is
// Warden's own decision: authorize/service.ts decisionForUser, which asks access/model.ts decide(),
// the path POST /api/authorize takes for another user. The mapping:
//   subject  {type: "user", id: <user_id>}
//   action   {name: <catalog action>}
//   resource {type: "datastore", id: "<datastore id>"} for datastore actions,
//            {type: "platform", id: <anything, e.g. "warden">} for platform actions
//   answer   {decision, context: {reason, role, level, team}} (Warden's reason, level and team)
// Asking needs decisions.evaluate (Admins; a PEP's service token narrowed to it).
import crypto from 'node:crypto';
import { ACTION_NAMES, ACTIONS, isActionName, type ActionName, type Decision } from '../access/model.ts';
import { nowOf, type ActionContext } from '../access/principal.ts';
import { requireAction } from '../access/guard.ts';
import type { Db } from '../db/connection.ts';
import { badRequest } from '../http/errors.ts';
import { MAX_ID } from '../http/schemas.ts';
import { findUserByUserId, type UserRow } from '../users/store.ts';
import { decisionForUser } from '../authorize/service.ts';
import { datastoreIdsAfter, usersAfter } from './store.ts';

export interface Entity {
  type: string;
  id?: string;
}

export interface Evaluation {
  subject?: Entity;
  action?: { name: string };
  resource?: Entity;
  context?: object;
}

export interface EvaluationsRequest extends Evaluation {
  evaluations?: Evaluation[];
  options?: { evaluations_semantic?: 'execute_all' | 'deny_on_first_deny' | 'permit_on_first_permit' };
}

export interface DecisionContext {
  reason?: string;
  role?: string;
  level?: string | null;
  team?: { id: number; name: string } | null;
  error?: { status: number; message: string };
}

export interface AuthzenDecision {
  decision: boolean;
  context: DecisionContext;
}

/** What makes an evaluation unanswerable: a request Warden cannot map (400) or a subject or datastore that does not exist (404). */
class Unanswerable {
  status: 400 | 404;
  message: string;
  constructor(status: 400 | 404, message: string) {
    this.status = status;
    this.message = message;
  }
}

const DATASTORE_ID = /^[1-9]\d{0,9}$/;

function actionOf(name: string, where: string): ActionName {
  if (!isActionName(name)) throw new Unanswerable(400, `${where}.name: unknown action "${name}"; the catalog is in the description of POST /api/authorize`);
  return name;
}

/** The datastore of a resource, undefined for the platform. A platform action ignores the datastore, as POST /api/authorize does. */
function datastoreOf(resource: Entity, action: ActionName | null, where: string): number | undefined {
  if (resource.type === 'platform') {
    if (action !== null && ACTIONS[action].kind === 'datastore') throw new Unanswerable(400, `${action} is a datastore action: the resource must be {"type": "datastore", "id": "<datastore id>"}`);
    return undefined;
  }
  if (resource.type !== 'datastore') throw new Unanswerable(400, `${where}.type must be "datastore" or "platform", not "${resource.type}"`);
  const id = resource.id ?? '';
  if (!DATASTORE_ID.test(id) || Number(id) > MAX_ID) throw new Unanswerable(400, `${where}.id must be a datastore id (a positive integer as a string), not "${id}"`);
  return Number(id);
}

async function userOf(db: Db, subject: Entity, where: string): Promise<UserRow> {
  if (subject.type !== 'user') throw new Unanswerable(400, `${where}.type must be "user", not "${subject.type}"`);
  const row = await findUserByUserId(db.kysely, subject.id ?? '');
  if (!row) throw new Unanswerable(404, `User ${subject.id} not found`);
  return row;
}

export function contextOfDecision(d: Decision): DecisionContext {
  return { reason: d.reason, role: d.role, level: d.level, team: d.team };
}

/** One evaluation, decided; an unanswerable one is thrown as Unanswerable. */
async function evaluateOne(db: Db, e: Required<Pick<Evaluation, 'subject' | 'action' | 'resource'>>, nowMs: number, where = ''): Promise<AuthzenDecision> {
  const at = (k: string) => (where ? `${where}.${k}` : k);
  const action = actionOf(e.action.name, at('action'));
  const datastoreId = datastoreOf(e.resource, action, at('resource'));
  const row = await userOf(db, e.subject, at('subject'));
  const decision = await decisionForUser(db.kysely, row, action, datastoreId, nowMs);
  if (decision === undefined) throw new Unanswerable(404, `Datastore ${datastoreId} not found`);
  return { decision: decision.allowed, context: contextOfDecision(decision) };
}

/** An unanswerable evaluation as a closed decision carrying its error (AuthZEN §Errors, per evaluation). */
function closed(u: Unanswerable): AuthzenDecision {
  return { decision: false, context: { error: { status: u.status, message: u.message } } };
}

/** POST /access/v1/evaluation. A request Warden cannot map is 400; an unknown user or datastore a closed decision with a 404 error. */
export async function evaluation(db: Db, ctx: ActionContext, body: Required<Pick<Evaluation, 'subject' | 'action' | 'resource'>>): Promise<AuthzenDecision> {
  requireAction(ctx, 'decisions.evaluate');
  try {
    return await evaluateOne(db, body, nowOf(ctx));
  } catch (err) {
    if (!(err instanceof Unanswerable)) throw err;
    if (err.status === 400) throw badRequest(err.message);
    return closed(err);
  }
}

/**
 * POST /access/v1/evaluations. Top-level subject, action, resource and context are defaults that
 * each evaluation's own key overrides; one that ends up without subject, action or resource makes
 * the whole request 400. Without evaluations it answers like a single evaluation.
 */
export async function evaluations(db: Db, ctx: ActionContext, body: EvaluationsRequest): Promise<{ decision?: boolean; context?: DecisionContext; evaluations?: AuthzenDecision[] }> {
  requireAction(ctx, 'decisions.evaluate');
  const list = body.evaluations ?? [];
  if (list.length === 0) {
    const missing = (['subject', 'action', 'resource'] as const).filter((k) => body[k] === undefined);
    if (missing.length > 0) throw badRequest(`Without evaluations the request itself needs ${missing.join(', ')}`);
    return evaluation(db, ctx, body as Required<Pick<Evaluation, 'subject' | 'action' | 'resource'>>);
  }
  const merged = list.map((e, i) => {
    const m = { subject: e.subject ?? body.subject, action: e.action ?? body.action, resource: e.resource ?? body.resource };
    const missing = (['subject', 'action', 'resource'] as const).filter((k) => m[k] === undefined);
    if (missing.length > 0) throw badRequest(`evaluations[${i}] has no ${missing.join(', ')}, and the request gives no default for it`);
    return m as Required<Pick<Evaluation, 'subject' | 'action' | 'resource'>>;
  });
  const semantic = body.options?.evaluations_semantic ?? 'execute_all';
  const now = nowOf(ctx);
  const out: AuthzenDecision[] = [];
  for (let i = 0; i < merged.length; i++) {
    let d: AuthzenDecision;
    try {
      d = await evaluateOne(db, merged[i], now, `evaluations[${i}]`);
    } catch (err) {
      if (!(err instanceof Unanswerable)) throw err;
      d = closed(err);
    }
    out.push(d);
    if (semantic === 'deny_on_first_deny' && !d.decision) break;
    if (semantic === 'permit_on_first_permit' && d.decision) break;
  }
  return { evaluations: out };
}

// ---- Searches --------------------------------------------------------------------------------

export interface PageRequest {
  token?: string;
  limit?: number;
}

export interface Page {
  next_token: string;
  count: number;
  total?: number;
}

const DEFAULT_LIMIT = 100;
const SCAN_BATCH = 200;

/** The fingerprint of a search request without its page token: a token is only good for the request that earned it. */
function fingerprint(kind: string, body: object & { page?: PageRequest }): string {
  const { page, ...rest } = body as { page?: PageRequest } & Record<string, unknown>;
  const canonical = JSON.stringify([kind, rest, page?.limit ?? DEFAULT_LIMIT], (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
  return crypto.createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The cursor a page token carries (the last key answered), checked against the request. */
function cursorOf(kind: string, body: object & { page?: PageRequest }): number {
  const token = body.page?.token;
  if (token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('page.token is not a token this PDP issued');
  }
  const p = parsed as { a?: unknown; f?: unknown };
  if (typeof p !== 'object' || p === null || !Number.isSafeInteger(p.a) || (p.a as number) < 0 || typeof p.f !== 'string') throw badRequest('page.token is not a token this PDP issued');
  if (p.f !== fingerprint(kind, body)) throw badRequest('page.token belongs to a different request: subject, action, resource, context and page.limit must stay as they were');
  return p.a as number;
}

function tokenOf(kind: string, body: object, after: number): string {
  return Buffer.from(JSON.stringify({ a: after, f: fingerprint(kind, body) })).toString('base64url');
}

function limitOf(page: PageRequest | undefined): number {
  return page?.limit ? page.limit : DEFAULT_LIMIT;
}

/** Walks keys from the cursor until a page is full, keeping those `allowed` admits. */
async function pageOf<K, R>(
  kind: string,
  body: object & { page?: PageRequest },
  keysAfter: (after: number, n: number) => Promise<K[]>,
  keyOf: (k: K) => number,
  allowed: (k: K) => Promise<R | null>,
): Promise<{ page: Page; results: R[] }> {
  const limit = limitOf(body.page);
  let after = cursorOf(kind, body);
  const results: R[] = [];
  for (;;) {
    const keys = await keysAfter(after, SCAN_BATCH);
    for (const k of keys) {
      const r = await allowed(k);
      after = keyOf(k);
      if (r !== null) results.push(r);
      if (results.length === limit) {
        // More may follow: the next page says so (possibly with no results).
        const more = (await keysAfter(after, 1)).length > 0;
        return { page: { next_token: more ? tokenOf(kind, body, after) : '', count: results.length }, results };
      }
    }
    if (keys.length < SCAN_BATCH) return { page: { next_token: '', count: results.length }, results };
  }
}

interface SearchCommon {
  action: { name: string };
  resource: Entity;
  page?: PageRequest;
}

/** POST /access/v1/search/subject: the users who may take the action on the resource (the datastore, or the platform). */
export async function searchSubjects(db: Db, ctx: ActionContext, body: SearchCommon & { subject: Entity }): Promise<{ page: Page; results: { type: string; id: string }[] }> {
  requireAction(ctx, 'decisions.evaluate');
  const now = nowOf(ctx);
  const mapped = mapped400(() => {
    if (body.subject.type !== 'user') throw new Unanswerable(400, `subject.type must be "user", not "${body.subject.type}"`);
    const action = actionOf(body.action.name, 'action');
    return { action, datastoreId: datastoreOf(body.resource, action, 'resource') };
  });
  return pageOf('subject', body, (after, n) => usersAfter(db.kysely, after, n), (u) => u.id, async (u) => {
    const d = await decisionForUser(db.kysely, u, mapped.action, mapped.datastoreId, now);
    // A datastore that does not exist: nobody may act on it (the first user finds it out).
    return d?.allowed ? { type: 'user', id: u.user_id } : null;
  });
}

/** POST /access/v1/search/resource: the datastores (or the platform) on which the subject may take the action. */
export async function searchResources(db: Db, ctx: ActionContext, body: SearchCommon & { subject: Entity }): Promise<{ page: Page; results: { type: string; id: string }[] }> {
  requireAction(ctx, 'decisions.evaluate');
  const now = nowOf(ctx);
  const action = mapped400(() => actionOf(body.action.name, 'action'));
  const row = await subjectOrEmpty(db, body.subject);
  const type = body.resource.type;
  if (type === 'platform') {
    if (ACTIONS[action].kind === 'datastore') throw badRequest(`${action} is a datastore action: search resources of type "datastore"`);
    cursorOf('resource', body);
    const allowed = row !== null && (await decisionForUser(db.kysely, row, action, undefined, now))!.allowed;
    return { page: { next_token: '', count: allowed ? 1 : 0 }, results: allowed ? [{ type: 'platform', id: 'warden' }] : [] };
  }
  if (type !== 'datastore') throw badRequest(`resource.type must be "datastore" or "platform", not "${type}"`);
  if (ACTIONS[action].kind === 'platform') throw badRequest(`${action} is a platform action: search resources of type "platform"`);
  if (row === null) {
    cursorOf('resource', body);
    return { page: { next_token: '', count: 0 }, results: [] };
  }
  return pageOf('resource', body, (after, n) => datastoreIdsAfter(db.kysely, after, n), (id) => id, async (id) => {
    const d = await decisionForUser(db.kysely, row, action, id, now);
    return d?.allowed ? { type: 'datastore', id: String(id) } : null;
  });
}

/** POST /access/v1/search/action: the actions of the resource's kind the subject may take on it. */
export async function searchActions(db: Db, ctx: ActionContext, body: { subject: Entity; resource: Entity; page?: PageRequest }): Promise<{ page: Page; results: { name: string }[] }> {
  requireAction(ctx, 'decisions.evaluate');
  const now = nowOf(ctx);
  const datastoreId = mapped400(() => datastoreOf(body.resource, null, 'resource'));
  const row = await subjectOrEmpty(db, body.subject);
  const kind = datastoreId === undefined ? 'platform' : 'datastore';
  const candidates = ACTION_NAMES.filter((a) => ACTIONS[a].kind === kind);
  const allowed: ActionName[] = [];
  if (row !== null) {
    for (const a of candidates) {
      const d = await decisionForUser(db.kysely, row, a, datastoreId, now);
      if (d === undefined) break; // no such datastore: no action on it
      if (d.allowed) allowed.push(a);
    }
  }
  // Paged like the others (the cursor is the position in the allowed list).
  const start = cursorOf('action', body);
  const limit = limitOf(body.page);
  const slice = allowed.slice(start, start + limit);
  const end = start + slice.length;
  return { page: { next_token: end < allowed.length ? tokenOf('action', body, end) : '', count: slice.length, total: allowed.length }, results: slice.map((name) => ({ name })) };
}

/** The subject of a search; an unknown user may do nothing (an empty result), a non-user subject is 400. */
async function subjectOrEmpty(db: Db, subject: Entity): Promise<UserRow | null> {
  try {
    return await userOf(db, subject, 'subject');
  } catch (err) {
    if (!(err instanceof Unanswerable)) throw err;
    if (err.status === 400) throw badRequest(err.message);
    return null;
  }
}

function mapped400<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Unanswerable) throw badRequest(err.message);
    throw err;
  }
}

/** GET /.well-known/authzen-configuration: the PDP metadata, at the public URL. */
export function configuration(publicUrl: string) {
  return {
    policy_decision_point: publicUrl,
    access_evaluation_endpoint: `${publicUrl}/access/v1/evaluation`,
    access_evaluations_endpoint: `${publicUrl}/access/v1/evaluations`,
    search_subject_endpoint: `${publicUrl}/access/v1/search/subject`,
    search_resource_endpoint: `${publicUrl}/access/v1/search/resource`,
    search_action_endpoint: `${publicUrl}/access/v1/search/action`,
  };
}
