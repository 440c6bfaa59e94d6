// Notifications (issue 12 §1): a transactional outbox (events written in the transaction of the
// change that caused them, or by the scheduler with a key that makes each scheduled event happen
// once), webhooks with their signing secrets, one delivery row per webhook and event (retried with
// backoff, leased while in flight so a crash loses nothing), the attempts log, and mail.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);

  await withId(db.schema.createTable('notification_events'), dialect)
    // What receivers see as webhook-id (msg_…): random, so it reveals nothing and survives restores.
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    // Scheduled events (token.expiring:42:7, …) carry a key: a second scan, node or restart adds nothing.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    // 'pending' until mail is worked out for it (by a node with SMTP), then 'done' or 'off'; null: no mail for this type.
    .addColumn('mail_state', 'text')
    .execute();
  await db.schema.createIndex('notification_events_mail').on('notification_events').column('mail_state').execute();
  await db.schema.createIndex('notification_events_created').on('notification_events').column('created_at').execute();

  await withId(db.schema.createTable('webhooks'), dialect)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Needed in clear to sign (HMAC); never shown again after creation or rotation.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_until', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('webhook_deliveries'), dialect)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('notification_events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    // Set while a node sends it; past it (the node died mid-delivery), another node may send it again.
    .addColumn('lease_until', time)
    .addColumn('last_attempt_at', time)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('delivered_at', time)
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

  await withId(db.schema.createTable('webhook_attempts'), dialect)
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').column('delivery_id').execute();

  await withId(db.schema.createTable('mail_deliveries'), dialect)
    .addColumn('event_id', 'integer', (c) => c.notNull().references('notification_events.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', time, (c) => c.notNull())
    .addColumn('lease_until', time)
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('sent_at', time)
    .addUniqueConstraint('mail_deliveries_once', ['event_id', 'recipient'])
    .execute();
  await db.schema.createIndex('mail_deliveries_due').on('mail_deliveries').columns(['status', 'next_attempt_at']).execute();
}
