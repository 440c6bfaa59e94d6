import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DATABASES, createTestDb, describeEachDatabase, type TestDb } from '../../test/support.ts';
import { migrateToLatest } from './migrate.ts';
import { MAX_ATTEMPTS, inNewTransaction, isRetryable, transact } from './transaction.ts';
import { postgresDriver } from './connection.ts';

test('serialization failures, deadlocks and a busy SQLite are worth a retry; nothing else is', () => {
  for (const code of ['40001', '40P01', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']) assert.ok(isRetryable({ code }), code);
  for (const code of ['23505', 'SQLITE_CONSTRAINT_UNIQUE', undefined]) assert.ok(!isRetryable({ code }), String(code));
  assert.ok(!isRetryable(null));
});

describeEachDatabase('transactions', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
  });
  after(async () => t.drop());

  test('a transaction the database refused as a deadlock runs again, its first run rolled back', async () => {
    let runs = 0;
    const name = await transact(t.db, async (trx) => {
      runs++;
      await trx.insertInto('datastores').values({ name: `retried_${runs}`, name_key: `retried_${runs}`, kind: 'source', description: null, created_at: new Date().toISOString(), created_by: null, updated_at: new Date().toISOString() }).execute();
      if (runs < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return `retried_${runs}`;
    });
    assert.equal(name, 'retried_3');
    const names = (await t.db.kysely.selectFrom('datastores').select('name').where('name', 'like', 'retried_%').execute()).map((r) => r.name);
    assert.deepEqual(names, ['retried_3']);
  });

  test('retries are bounded, and other errors are not retried', async () => {
    let runs = 0;
    await assert.rejects(transact(t.db, async () => {
      runs++;
      throw Object.assign(new Error('could not serialize'), { code: '40001' });
    }), /could not serialize/);
    assert.equal(runs, MAX_ATTEMPTS);
    runs = 0;
    await assert.rejects(transact(t.db, async () => {
      runs++;
      throw Object.assign(new Error('duplicate'), { code: '23505' });
    }), /duplicate/);
    assert.equal(runs, 1);
  });

  test('write transactions take turns on PostgreSQL: the second waits for the first to commit', { skip: dialect !== 'postgres' }, async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = transact(t.db, async (trx) => {
      order.push('first in');
      await held;
      await sql`select 1`.execute(trx);
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = transact(t.db, async () => void order.push('second in'));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first in', 'first out', 'second in']);
  });
});

describeEachDatabase('a transaction\'s begin travels with its write lock', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
  });
  after(async () => t.drop());

  /** The texts the PostgreSQL driver sends while `run` runs (one entry per message). */
  async function sent(run: () => Promise<unknown>): Promise<string[]> {
    const proto = postgresDriver().Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    const texts: string[] = [];
    proto.query = function (this: unknown, ...args: unknown[]) {
      const c = args[0];
      texts.push(typeof c === 'string' ? c : String((c as { text?: string }).text));
      return original.apply(this, args);
    };
    try {
      await run();
    } finally {
      proto.query = original;
    }
    return texts;
  }

  test('PostgreSQL: begin and the write lock are one message; a transaction without the lock, or empty, still works', { skip: dialect !== 'postgres' }, async () => {
    const k = t.db.kysely;
    const written = await sent(() => inNewTransaction(k, (trx) => trx.selectFrom('users').select('id').execute()));
    assert.equal(written.filter((s) => s.trim() === 'begin').length, 0, written.join('\n'));
    assert.match(written[0], /^begin; \/\* warden:begin-with \*\/ select pg_advisory_xact_lock\(\d+, 200\)$/);
    assert.equal(written.at(-1), 'commit');
    assert.equal(written.length, 3);
    // a transaction whose first statement is something else: begin goes first, alone
    const plain = await sent(() => k.transaction().execute(async (trx) => {
      await trx.insertInto('datastores').values({ name: 'begin_alone', name_key: 'begin_alone', kind: 'source', description: null, created_at: new Date().toISOString(), created_by: null, updated_at: new Date().toISOString() }).execute();
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from datastores where name = 'begin_alone'`.execute(trx);
      assert.equal(rows[0].n, 1);
      throw new Error('roll back');
    }).catch((err: Error) => assert.equal(err.message, 'roll back')));
    assert.deepEqual([plain[0], plain.at(-1)], ['begin', 'rollback']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from datastores where name = 'begin_alone'`.execute(k);
    assert.equal(rows[0].n, 0, 'rolled back: the begin was sent');
    // nothing ran: nothing is sent
    assert.deepEqual(await sent(() => k.transaction().execute(async () => 1)), []);
  });
});

describe('a pooled connection cut while in use (PostgreSQL)', { skip: DATABASES.includes('postgres') ? false : 'WARDEN_TEST_DATABASE_URL is not set (PostgreSQL only)' }, () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb('postgres', { migrated: true });
  });
  after(async () => t.drop());

  test('fails the statement in flight, not the process, and the pool goes on with another connection', async () => {
    const admin = new (postgresDriver().Client)({ connectionString: process.env.WARDEN_TEST_DATABASE_URL });
    await admin.connect();
    try {
      // A backend terminated (a restart, an operator, a pooler closing it) while its transaction runs.
      const cut = inNewTransaction(t.db.kysely, async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
        await sql`select pg_sleep(0.5)`.execute(trx);
      });
      await assert.rejects(cut);
      // the process is still here (an unhandled 'error' event would have ended it), and so is the pool
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.db.kysely);
      assert.equal(rows[0].one, 1);
    } finally {
      await admin.end();
    }
  });
});
