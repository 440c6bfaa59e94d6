// A write and the announcement of what it changed in one statement (writeAndAnnounce: the audit
// rows and their cache announcements, issue 24): this node's caches hear exactly the announced
// changes after the commit (not "all", though the write touches a cached table), other nodes hear
// them through LISTEN, and a rolled-back one announces nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, describeEachDatabase, type TestDb } from '../../test/support.ts';
import { migrateToLatest } from './migrate.ts';
import { inNewTransaction } from './transaction.ts';
import { CHANGE_CHANNEL, writeAndAnnounce, type Change } from './changes.ts';
import { postgresDriver } from './connection.ts';

describeEachDatabase('a write and its announcement in one statement', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
  });
  after(async () => t.drop());

  const datastore = (name: string) => ({ name, name_key: name, kind: 'source' as const, description: null, created_at: new Date().toISOString(), created_by: null, updated_at: new Date().toISOString() });

  test('the caches hear exactly what was announced, after the commit; a rollback announces nothing', async () => {
    const heard: Change[][] = [];
    const stop = t.db.changes.subscribe((changes) => heard.push([...changes]));
    const listener = dialect === 'postgres' ? new (postgresDriver().Client)({ connectionString: t.env.WARDEN_DATABASE_URL }) : null;
    const notified: string[] = [];
    try {
      if (listener) {
        await listener.connect();
        listener.on('notification', (n) => notified.push(n.payload ?? ''));
        await listener.query(`listen ${CHANGE_CHANNEL}`);
      }
      await inNewTransaction(t.db.kysely, async (trx) => {
        await writeAndAnnounce(trx, trx.insertInto('datastores').values(datastore('announced_1')), [{ kind: 'datastore', id: 41 }, { kind: 'team', id: 7 }]);
        assert.deepEqual(heard, [], 'nothing before the commit');
      });
      assert.deepEqual(heard, [[{ kind: 'datastore', id: 41 }, { kind: 'team', id: 7 }]]);
      await inNewTransaction(t.db.kysely, async (trx) => {
        await writeAndAnnounce(trx, trx.insertInto('datastores').values(datastore('announced_2')), [{ kind: 'datastore', id: 42 }]);
        throw new Error('roll back');
      }).catch((err: Error) => assert.equal(err.message, 'roll back'));
      assert.equal(heard.length, 1, 'a rolled-back write announces nothing');
      const rows = await t.db.kysely.selectFrom('datastores').select('name').where('name', 'like', 'announced_%').execute();
      assert.deepEqual(rows.map((r) => r.name), ['announced_1']);
      if (listener) {
        for (let i = 0; i < 100 && notified.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(notified, ['datastore:41', 'team:7']);
      }
    } finally {
      stop();
      await listener?.end();
    }
  });
});
