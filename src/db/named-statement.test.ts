// A statement marked NAMED_STATEMENT_MARKER runs as a named prepared statement on PostgreSQL
// (connection.ts): parsed once per connection, inside a transaction too, with the same rows and
// the same answer as unnamed; on SQLite the marker is a comment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { createTestDb, describeEachDatabase, type TestDb } from '../../test/support.ts';
import { NAMED_STATEMENT_MARKER } from './change-tracking.ts';
import { inNewTransaction } from './transaction.ts';

describeEachDatabase('named statements', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect, { migrated: true });
  });
  after(async () => t.drop());

  test('a marked statement answers as unmarked, and is prepared once per connection (PostgreSQL)', async () => {
    const p = dialect === 'postgres' ? (n: number) => `$${n}` : () => '?';
    const text = `select ${p(1)} + 1 as n`;
    const marked = `${NAMED_STATEMENT_MARKER} ${text}`;
    const prepared = await inNewTransaction(t.db.kysely, async (trx) => {
      for (const v of [1, 2, 3]) {
        const [a] = (await trx.executeQuery<{ n: number }>(CompiledQuery.raw(marked, [v]))).rows;
        const [b] = (await trx.executeQuery<{ n: number }>(CompiledQuery.raw(text, [v]))).rows;
        assert.equal(Number(a.n), v + 1);
        assert.deepEqual(a, b);
      }
      if (dialect !== 'postgres') return null;
      return (await trx.executeQuery<{ statement: string }>(CompiledQuery.raw(`select statement from pg_prepared_statements where name like 'warden\\_%'`))).rows.map((r) => r.statement);
    });
    if (dialect === 'postgres') assert.deepEqual(prepared, [marked]);
  });
});
