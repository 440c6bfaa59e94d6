import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { hotQuery } from './hot-query.ts';

describeEachDatabase('hot queries', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('a compiled-once query answers with each call\'s own arguments, in any parameter order', async () => {
    const a = await t.serviceUser('Hot One');
    const b = await t.serviceUser('Hot Two', 'manager');
    const byIdAndType = hotQuery(
      (db, name: string, id: number) => db.selectFrom('users').select(['user_id', 'role']).where('id', '=', id).where('name', '=', name).where('role', '!=', 'admin'),
      ['\u0000name', -424242] as const,
    );
    assert.deepEqual(await byIdAndType(t.db.kysely, 'Hot One', a.id), [{ user_id: 'hot_one@service', role: 'member' }]);
    assert.deepEqual(await byIdAndType(t.db.kysely, 'Hot Two', b.id), [{ user_id: 'hot_two@service', role: 'manager' }]);
    assert.deepEqual(await byIdAndType(t.db.kysely, 'Hot One', b.id), [], 'the constant admin is not mistaken for an argument');
  });
});
