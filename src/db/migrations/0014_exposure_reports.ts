// Reports of leaked tokens are queued, not acted on while the reporter waits: the report's answer
// then costs the same whether a string was an active token or not (no timing oracle). Each
// well-formed string's hash is a row here, written before the 202; a worker revokes and deletes.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('exposure_reports'), dialect)
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('reported_at', timeType(dialect), (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
}
