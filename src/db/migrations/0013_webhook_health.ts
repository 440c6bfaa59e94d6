// Webhook health (issue 17 §3): each receiver is sent to on its own (one attempt in flight per
// receiver, leased on the webhook row so that several nodes never send to it at once), and a
// receiver that has failed for 24 hours is switched off with when and why.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  // Set while a node sends to this receiver; past it (that node died), another node may claim it.
  await db.schema.alterTable('webhooks').addColumn('sending_until', time).execute();
  // The first failed attempt since the last success; null while the receiver answers.
  await db.schema.alterTable('webhooks').addColumn('failing_since', time).execute();
  // When and why the webhook was switched off (by an Admin or because it failed for 24 hours).
  await db.schema.alterTable('webhooks').addColumn('disabled_at', time).execute();
  await db.schema.alterTable('webhooks').addColumn('disabled_reason', 'text').execute();
}
