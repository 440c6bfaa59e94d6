// The audit log proves itself (issue 12 §4): every event gets the hash of its canonical content
// and of the previous event (src/audit/chain.ts). Existing events are hashed here, in id order.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { GENESIS, eventHash, type ChainedFields } from '../../audit/chain.ts';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
  let prev = GENESIS;
  for (let after = 0; ;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const hash = eventHash(prev, r as ChainedFields);
      await db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
    }
    after = rows[rows.length - 1].id;
  }
}
