// Every change writes one audit event, inside the transaction that makes the change, and announces
// it (webhooks, mail) through the outbox in that same transaction.
import { credentialOf, nowOf, type ActionContext, type AuditCredential } from '../access/principal.ts';
import { announceAudit, subscribersOf } from '../notifications/outbox.ts';
import type { AuditAction } from './actions.ts';
import { allocateAuditIds, insertAuditEvents, listAuditEvents, type AuditFilter, type AuditRow, type Executor } from './store.ts';
import { GENESIS, eventHash, lockChain } from './chain.ts';
import { UNCACHED_TARGETS } from '../db/changes.ts';
import { inNewTransaction } from '../db/transaction.ts';

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  action: AuditAction;
  targetType: string;
  targetId: number | null;
  reason?: string | null;
  changes?: Changes;
}

/** The chain head each open transaction wrote last (it holds the chain's lock until it ends). */
const headsWritten = new WeakMap<Executor, string>();

function rowOf(ctx: ActionContext, entry: AuditEntry) {
  const at = new Date(nowOf(ctx)).toISOString();
  const changes = entry.changes ?? {};
  // The credential comes with the context (the request's principal, or the system part that acts).
  const credential = credentialOf(ctx);
  const values = {
    at,
    actor_id: ctx.actor?.id ?? null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    reason: entry.reason ?? null,
    changes: JSON.stringify(changes),
    request_id: ctx.requestId,
    ip: ctx.ip,
    credential_kind: credential.kind,
    credential_id: credential.id,
    credential_hint: credential.hint,
    actor_kind: ctx.actorKind ?? null,
  };
  return { values, changes, credential };
}

export async function recordAudit(trx: Executor, ctx: ActionContext, entry: AuditEntry): Promise<void> {
  // One event is a batch of one: its id, the chain's head and the webhooks read by one statement,
  // the row written with its hash (no insert then update), then its announcements.
  return recordAudits(trx, [{ ctx, entry }]);
}

/**
 * Several events at once, in this order, each exactly as recordAudit would write it (the same
 * row, hash and link, the same announcements): their ids taken first, so that every row is written
 * with its hash by one multi-row insert; the webhooks read once; the caches told in one statement.
 * For a batch of SCIM creates (scim/service.ts), where the statements per event were the cost.
 */
export async function recordAudits(trx: Executor, events: { ctx: ActionContext; entry: AuditEntry }[]): Promise<void> {
  if (events.length === 0) return;
  if (!trx.isTransaction) return inNewTransaction(trx, (t) => recordAudits(t, events));
  // The chain's lock first (unless this transaction holds it already), then the head and the ids
  // in one statement: nobody else appends before these rows. A transaction that wrote events
  // already (a batch of SCIM creates, db/group-commit.ts; a change with several events) holds the
  // lock and links to the hash it wrote last: nobody else can have appended since.
  const withHead = headsWritten.get(trx) === undefined;
  if (withHead) await lockChain(trx);
  const chained = chainAudits(trx, events, await allocateAuditIds(trx, events.length, withHead));
  // the caches told in the same statement as the rows (PostgreSQL; pg_notify is delivered at the commit)
  await insertAuditEvents(trx, chained.rows, chained.announced);
  await chained.written();
}

/** Whether this transaction wrote audit events already (then it holds the chain's lock and knows its head). */
export function auditsWritten(trx: Executor): boolean {
  return headsWritten.has(trx);
}

/**
 * recordAudits without its statements, for a caller that reads the allocation (allocateAuditIds'
 * ids, the chain's head, the enabled webhooks: read after the chain's lock) with statements of
 * its own and writes the rows with its own (a batch of SCIM creates on PostgreSQL: the lookup and
 * the allocation in one statement, the accounts and their events in another). The rows are exactly
 * recordAudits' (the same hashes and links); `ids` may hold more ids than events (the first are
 * used). Call `written` once the rows are written, in the same transaction.
 */
export function chainAudits(trx: Executor, events: { ctx: ActionContext; entry: AuditEntry }[], allocation: { ids: number[]; head: string | null; hooks: string }) {
  const built = events.map((e) => rowOf(e.ctx, e.entry));
  let prevHash = headsWritten.get(trx) ?? allocation.head ?? GENESIS;
  const rows = built.map(({ values }, k) => {
    const id = allocation.ids[k];
    const hash = eventHash(prevHash, { ...values, id });
    const row = { ...values, id, prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
  const announced = events.filter((e) => !UNCACHED_TARGETS.has(e.entry.targetType)).map((e) => ({ kind: e.entry.targetType, id: e.entry.targetId }));
  const written = async () => {
    headsWritten.set(trx, prevHash);
    // the enabled webhooks, read by the same statement as the ids (after the lock, as the head)
    const hooks = subscribersOf(allocation.hooks);
    for (const [k, { values, changes, credential }] of built.entries()) {
      await announceAudit(trx, events[k].ctx, { ...auditFacts(values), id: rows[k].id, changes, credential }, hooks);
    }
  };
  return { rows, announced, written };
}

/**
 * The fields whose values differ between `before` and `after`, as {field: {before, after}}. A field
 * in only one of them counts as null in the other, so a field that disappeared (a removed SCIM
 * attribute, an emptied setting) is a change too, `after: null`.
 */
export function diff<T extends Record<string, unknown>>(before: Partial<T>, after: Partial<T>): Changes {
  const changes: Changes = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[key] ?? null;
    const a = after[key] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[key] = { before: b, after: a };
  }
  return changes;
}

/** Changes for something created: every field from null. */
export function created(values: Record<string, unknown>): Changes {
  return diff({}, values);
}

function auditFacts<V extends { credential_kind: unknown; credential_id: unknown; credential_hint: unknown }>(v: V): Omit<V, 'credential_kind' | 'credential_id' | 'credential_hint'> {
  const { credential_kind: _k, credential_id: _i, credential_hint: _h, ...rest } = v;
  return rest;
}

/** The credential of a stored event, or null for one written before events named it. */
export function credentialOfRow(r: Pick<AuditRow, 'credential_kind' | 'credential_id' | 'credential_hint'>): AuditCredential | null {
  return r.credential_kind === null ? null : { kind: r.credential_kind as AuditCredential['kind'], id: r.credential_id, hint: r.credential_hint };
}

/** An audit row as the API shows it. */
export function toAuditEventView(r: AuditRow) {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor_id === null ? (r.actor_kind === 'directory' ? ('directory' as const) : ('system' as const)) : { id: r.actor_id, user_id: r.actor_user_id ?? '', name: r.actor_name ?? '' },
    action: r.action,
    target_type: r.target_type,
    target_id: r.target_id,
    reason: r.reason,
    changes: JSON.parse(r.changes) as Changes,
    request_id: r.request_id,
    ip: r.ip,
    credential: credentialOfRow(r),
  };
}

export async function listEvents(db: Executor, filter: AuditFilter) {
  const { rows, total } = await listAuditEvents(db, filter);
  return { total, items: await withTargetNames(db, rows.map(toAuditEventView)) };
}

const NAMED_TARGETS = { user: 'users', team: 'teams', datastore: 'datastores', token: 'tokens' } as const;

/**
 * Adds each event's target name beside its id, so that people read "token airflow-prod (41)"
 * rather than "token 41": one query per kind of target on the page. A target deleted since keeps
 * the name its own events recorded (`changes.name`), when they did.
 */
export async function withTargetNames<E extends ReturnType<typeof toAuditEventView>>(db: Executor, events: E[]): Promise<(E & { target_name: string | null })[]> {
  const names = new Map<string, string>();
  for (const [type, table] of Object.entries(NAMED_TARGETS) as [keyof typeof NAMED_TARGETS, (typeof NAMED_TARGETS)[keyof typeof NAMED_TARGETS]][]) {
    const ids = [...new Set(events.filter((e) => e.target_type === type && e.target_id !== null).map((e) => e.target_id!))];
    if (ids.length === 0) continue;
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
    for (const r of rows) names.set(`${type}:${r.id}`, r.name);
  }
  const recorded = (e: E) => {
    const name = e.changes.name;
    const value = name?.before ?? name?.after;
    return typeof value === 'string' ? value : null;
  };
  return events.map((e) => ({ ...e, target_name: e.target_id === null ? null : (names.get(`${e.target_type}:${e.target_id}`) ?? recorded(e)) }));
}
