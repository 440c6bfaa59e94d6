// Scheduled notices: tokens expiring (30, 7 and 1 days before, each once) and expired, and service
// users due for review. Each carries a key, so a second scan, a second node or a restart sends
// nothing twice; a notice is sent only for a threshold the token's life actually crossed (a
// 30-day token is not told at birth that it expires in 30 days).
import { reviewDueAt, reviewDueBefore } from '../reviews/due.ts';
import type { Db } from '../db/connection.ts';
import { transact } from '../db/transaction.ts';
import { inBatches } from '../db/batch.ts';
import { enqueueEvent, userRef } from './outbox.ts';
import type { TokenRef } from './events.ts';

const DAY = 86_400_000;
export const EXPIRY_NOTICE_DAYS = [30, 7, 1] as const;
/** An expiry older than this when first seen is not announced (a new installation's old tokens). */
const EXPIRED_LOOKBACK_MS = 7 * DAY;
const SCAN_LIMIT = 5000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The notice due for a token now: the lowest threshold reached that its life crossed, or null. */
export function expiryNoticeDays(createdAt: string, expiresAt: string, nowMs: number): number | null {
  const end = Date.parse(expiresAt);
  if (end <= nowMs) return null;
  let due: number | null = null;
  for (const d of EXPIRY_NOTICE_DAYS) {
    const threshold = end - d * DAY;
    if (nowMs >= threshold && threshold > Date.parse(createdAt)) due = d;
  }
  return due;
}

/** Keys among `keys` that already name an event. */
async function existingKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const rows = await inBatches(keys, (batch) => db.kysely.selectFrom('notification_events').select('dedupe_key').where('dedupe_key', 'in', batch).execute());
  return new Set(rows.map((r) => r.dedupe_key!));
}

interface Candidate {
  key: string;
  type: string;
  data: Record<string, unknown>;
}

async function enqueueNew(db: Db, at: string, candidates: Candidate[]): Promise<number> {
  if (candidates.length === 0) return 0;
  const done = await existingKeys(db, candidates.map((c) => c.key));
  let written = 0;
  for (const c of candidates) {
    if (done.has(c.key)) continue;
    if ((await transact(db, (trx) => enqueueEvent(trx, { type: c.type, data: c.data, at, dedupeKey: c.key }))) !== null) written++;
  }
  return written;
}

/** Live tokens of active owners (not revoked, not the old half of a rotation) expiring between `from` and `to`. */
function tokensExpiringBetween(db: Db, from: string, to: string) {
  return db.kysely.selectFrom('tokens as t').innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.hint', 't.kind', 't.created_at', 't.expires_at', 'u.id as owner_id', 'u.user_id as owner_user_id', 'u.name as owner_name'])
    .where('u.deactivated_at', 'is', null)
    .where('t.revoked_at', 'is', null)
    .where('t.rotated_at', 'is', null)
    .where('t.expires_at', '>', from)
    .where('t.expires_at', '<=', to)
    .orderBy('t.expires_at')
    .limit(SCAN_LIMIT)
    .execute();
}

const refOf = (r: Awaited<ReturnType<typeof tokensExpiringBetween>>[number]): TokenRef => ({
  id: r.id, name: r.name, hint: r.hint, kind: r.kind, expires_at: r.expires_at, user: { id: r.owner_id, user_id: r.owner_user_id, name: r.owner_name },
});

export async function scanTokenExpiry(db: Db, nowMs: number): Promise<number> {
  const now = iso(nowMs);
  const candidates: Candidate[] = [];
  for (const r of await tokensExpiringBetween(db, now, iso(nowMs + EXPIRY_NOTICE_DAYS[0] * DAY))) {
    const days = expiryNoticeDays(r.created_at, r.expires_at!, nowMs);
    if (days !== null) candidates.push({ key: `token.expiring:${r.id}:${days}`, type: 'token.expiring', data: { token: refOf(r), days_left: days, expires_at: r.expires_at } });
  }
  for (const r of await tokensExpiringBetween(db, iso(nowMs - EXPIRED_LOOKBACK_MS), now)) {
    candidates.push({ key: `token.expired:${r.id}`, type: 'token.expired', data: { token: refOf(r), expired_at: r.expires_at } });
  }
  return enqueueNew(db, now, candidates);
}

/** Service users past their review date: one notice per due date (a review moves it on). */
export async function scanReviewsDue(db: Db, nowMs: number, reviewPeriodDays: number): Promise<number> {
  const now = iso(nowMs);
  const rows = await db.kysely.selectFrom('users').select(['id', 'owner_id', 'last_reviewed_at', 'created_at', 'review_due_at'])
    .where('type', '=', 'service').where('deactivated_at', 'is', null)
    .where((eb) => reviewDueBefore(eb, nowMs, reviewPeriodDays))
    .orderBy('id').limit(SCAN_LIMIT).execute();
  const candidates: Candidate[] = [];
  for (const r of rows) {
    const dueAt = reviewDueAt(r, reviewPeriodDays);
    candidates.push({
      key: `service_user.review_due:${r.id}:${dueAt}`,
      type: 'service_user.review_due',
      data: { user: await userRef(db.kysely, r.id), owner: r.owner_id === null ? null : await userRef(db.kysely, r.owner_id), due_at: dueAt, last_reviewed_at: r.last_reviewed_at },
    });
  }
  return enqueueNew(db, now, candidates);
}

/** Delivery logs and events are kept this long; keys of scheduled events stay (they make each happen once). */
export const OUTBOX_RETENTION_DAYS = 30;

/**
 * Forgets what was delivered (or given up) long ago: attempts, deliveries and mail, then events
 * without a key that nothing waits for. Pending work is never touched.
 */
export async function pruneOutbox(db: Db, nowMs: number): Promise<void> {
  const before = iso(nowMs - OUTBOX_RETENTION_DAYS * DAY);
  const k = db.kysely;
  const doneDeliveries = (eb: any) => eb.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'pending').where('created_at', '<', before);
  await k.deleteFrom('webhook_attempts').where('delivery_id', 'in', doneDeliveries).execute();
  await k.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('created_at', '<', before).execute();
  await k.deleteFrom('mail_deliveries').where('status', '!=', 'pending').where('created_at', '<', before).execute();
  await k.deleteFrom('notification_events')
    .where('dedupe_key', 'is', null)
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('mail_state', 'is', null), eb('mail_state', '!=', 'pending')]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.event_id', '=', 'notification_events.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mail_deliveries as m').select('m.id').whereRef('m.event_id', '=', 'notification_events.id'))))
    .execute();
}
