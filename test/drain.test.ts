// Closing the server (what SIGTERM does) lets a request in flight finish and flushes last-used figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { createTestDb } from './support.ts';

test('close drains an in-flight request promptly, then writes pending last-used figures', async () => {
  const testDb = await createTestDb('sqlite');
  await migrateToLatest(testDb.db);
  const app = await buildApp({ config: loadConfig({}), db: testDb.db, logger: false });
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  app.get('/slow', { config: { auth: 'public' } }, async () => {
    entered();
    await new Promise((r) => setTimeout(r, 300));
    return { done: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token, id } = await bootstrapAdmin(testDb.db, null);
  assert.equal((await fetch(`${url}/api/users/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);

  const slow = fetch(`${url}/slow`);
  await inHandler;
  const closing = performance.now();
  const closed = app.close();
  const res = await slow;
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { done: true });
  await closed;
  const seconds = (performance.now() - closing) / 1000;
  assert.ok(seconds < 5, `closing took ${seconds.toFixed(1)} s: a kept-alive connection must not hold the shutdown`);
  const row = await testDb.db.kysely.selectFrom('users').select('last_active_at').where('id', '=', id).executeTakeFirstOrThrow();
  assert.ok(row.last_active_at, 'last use flushed at close');
  await testDb.drop();
});
