// A service user's next review may be set to a date of its own (the wizard's "review date", the
// CLI's --review-on); null: WARDEN_REVIEW_PERIOD_DAYS after its last review (or its creation).
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('users').addColumn('review_due_at', timeType(dialect)).execute();
}
