// No secret in the server log: run a whole token lifecycle with logging at trace level and search the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { DATABASES, createTestDb } from './support.ts';

for (const dialect of DATABASES) {
  test(`no token, Authorization header or cookie reaches the server log [${dialect}]`, async () => {
    const testDb = await createTestDb(dialect);
    await migrateToLatest(testDb.db);
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (d) => (log += d.toString()));
    const app = await buildApp({ config: loadConfig({ WARDEN_LOG_LEVEL: 'trace' }), db: testDb.db, logger: { stream } });
    const { token: admin } = await bootstrapAdmin(testDb.db, null);
    const auth = { authorization: `Bearer ${admin}` };
    const user = await app.inject({ method: 'POST', url: '/api/users', headers: auth, payload: { name: 'Log Bot' } });
    const made = await app.inject({ method: 'POST', url: '/api/user-tokens', headers: auth, payload: { name: 'x', expires_in_days: 1, user_id: user.json().id } });
    const secret = made.json().token as string;
    await app.inject({ method: 'GET', url: '/api/users/me', headers: { authorization: `Bearer ${secret}`, cookie: 'warden_session=sekrit-session' } });
    await app.inject({ method: 'GET', url: '/api/users/me', headers: { authorization: `Bearer ${secret.slice(0, -1)}x` } });
    await app.inject({ method: 'GET', url: `/api/users/me?token=${secret}` }).catch(() => {});
    await app.close();
    await testDb.drop();
    assert.ok(log.length > 1000, 'the log was captured');
    for (const s of [admin, secret, secret.slice(8, 40), 'sekrit-session']) {
      assert.ok(!log.includes(s), `the log must not contain ${s.slice(0, 12)}…`);
    }
  });
}
