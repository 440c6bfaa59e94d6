// Queries of the outbox, webhooks, deliveries and mail.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../db/types.ts';

type Executor = Kysely<Database>;
export type WebhookRow = Selectable<WebhooksTable>;

export async function insertWebhook(db: Executor, values: Insertable<WebhooksTable>): Promise<number> {
  return (await db.insertInto('webhooks').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findWebhook(db: Executor, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listWebhookRows(db: Executor, offset: number, limit: number): Promise<{ rows: WebhookRow[]; total: number }> {
  const { n } = await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('webhooks').selectAll().orderBy('id').offset(offset).limit(limit).execute();
  return { rows, total: Number(n) };
}

export async function updateWebhookRow(db: Executor, id: number, patch: Updateable<WebhooksTable>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

export async function deleteWebhookRow(db: Executor, id: number): Promise<void> {
  // Attempts and deliveries go with it (ON DELETE CASCADE), deleted explicitly for SQLite files whose foreign keys are off.
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id)).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** Per-webhook counts of deliveries by status, for the list. */
export async function deliveryCounts(db: Executor, webhookIds: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>(webhookIds.map((id) => [id, { pending: 0, succeeded: 0, failed: 0 }]));
  if (webhookIds.length === 0) return out;
  const rows = await db.selectFrom('webhook_deliveries').select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('webhook_id', 'in', webhookIds).groupBy(['webhook_id', 'status']).execute();
  for (const r of rows) out.get(r.webhook_id)![r.status] = Number(r.n);
  return out;
}

/** A delivery as the API shows it: its row (without the dispatcher's lease) and its event's id and type. */
export type DeliveryRow = Omit<Selectable<WebhookDeliveriesTable>, 'event_id' | 'lease_until'> & { event_public_id: string; event_type: string };

const deliveriesWithEvent = (db: Executor) => db.selectFrom('webhook_deliveries as d').innerJoin('notification_events as e', 'e.id', 'd.event_id')
  .select(['d.id', 'd.webhook_id', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_attempt_at', 'd.last_status', 'd.last_error', 'd.last_latency_ms', 'd.created_at', 'd.delivered_at', 'e.public_id as event_public_id', 'e.type as event_type']);

export async function listDeliveries(db: Executor, webhookId: number, f: { status?: string; offset: number; limit: number }): Promise<{ rows: DeliveryRow[]; total: number }> {
  let count = db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('webhook_id', '=', webhookId);
  let q = deliveriesWithEvent(db).where('d.webhook_id', '=', webhookId);
  if (f.status) {
    count = count.where('status', '=', f.status as 'pending');
    q = q.where('d.status', '=', f.status as 'pending');
  }
  const { n } = await count.executeTakeFirstOrThrow();
  const rows = await q.orderBy('d.id', 'desc').offset(f.offset).limit(f.limit).execute();
  return { rows, total: Number(n) };
}

export async function findDelivery(db: Executor, id: number): Promise<DeliveryRow | undefined> {
  return deliveriesWithEvent(db).where('d.id', '=', id).executeTakeFirst();
}

export async function attemptsOf(db: Executor, deliveryIds: number[]) {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('id').execute();
}

/** A pending delivery that may be sent at `now`: due, and not leased to a node that is still sending it. */
const dueAt = (now: string) => (eb: any) => eb.and([
  eb('d.status', '=', 'pending'),
  eb('d.next_attempt_at', '<=', now),
  eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', now)]),
]);

/**
 * Receivers with something due and no attempt in flight (on any node), each leased to the caller
 * until `leaseUntil`: while it holds the lease, no node claims that receiver again. On PostgreSQL
 * SKIP LOCKED leaves a receiver another node is claiming to that node, and the lease is re-checked
 * on the row it locks, so two nodes never hold one receiver. `exclude`: the receivers the caller is
 * still sending to (its lease may have run out meanwhile: a stalled process, a clock that jumped).
 */
export async function claimDueReceivers(db: Executor, postgres: boolean, now: string, leaseUntil: string, limit: number, exclude: number[] = []): Promise<number[]> {
  const rows = await db.updateTable('webhooks')
    .set({ sending_until: leaseUntil })
    .where('id', 'in', (eb) => {
      const q = eb.selectFrom('webhooks as w')
        .select('w.id')
        .where('w.enabled', '=', 1)
        .where((inner) => inner.or([inner('w.sending_until', 'is', null), inner('w.sending_until', '<=', now)]))
        .$if(exclude.length > 0, (q2) => q2.where('w.id', 'not in', exclude))
        .where((inner) => inner.exists(inner.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.webhook_id', '=', 'w.id').where(dueAt(now))))
        .orderBy('w.id')
        .limit(limit);
      return postgres ? q.forUpdate('w').skipLocked() : q;
    })
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The due deliveries of a receiver the caller holds (claimDueReceivers), oldest first, leased like it. */
export async function claimDeliveriesOf(db: Executor, webhookId: number, now: string, leaseUntil: string, limit: number) {
  return db.updateTable('webhook_deliveries')
    .set({ lease_until: leaseUntil, attempts: sql`attempts + 1`, last_attempt_at: now })
    .where('id', 'in', (eb) => eb.selectFrom('webhook_deliveries as d').select('d.id')
      .where('d.webhook_id', '=', webhookId)
      .where(dueAt(now))
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(limit))
    .returning(['id', 'webhook_id', 'event_id', 'attempts', 'created_at'])
    .execute();
}

/** Gives the receiver back (only if the lease is still the caller's). */
export async function releaseReceiver(db: Executor, webhookId: number, leaseUntil: string): Promise<void> {
  await db.updateTable('webhooks').set({ sending_until: null }).where('id', '=', webhookId).where('sending_until', '=', leaseUntil).execute();
}

export async function claimDueMail(db: Executor, postgres: boolean, now: string, leaseUntil: string, limit: number) {
  return db.updateTable('mail_deliveries')
    .set({ lease_until: leaseUntil, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) => {
      const q = eb.selectFrom('mail_deliveries as due').select('due.id')
        .where('due.status', '=', 'pending')
        .where('due.next_attempt_at', '<=', now)
        .where((inner) => inner.or([inner('due.lease_until', 'is', null), inner('due.lease_until', '<=', now)]))
        .orderBy('due.next_attempt_at')
        .limit(limit);
      return postgres ? q.forUpdate('due').skipLocked() : q;
    })
    .returning(['id', 'recipient', 'subject', 'body', 'attempts', 'created_at'])
    .execute();
}
