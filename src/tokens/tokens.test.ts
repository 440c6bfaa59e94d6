import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { generateToken } from './format.ts';

describeEachDatabase('tokens', (dialect) => {
  let t: TestApp;
  let svc: { id: number; user_id: string; token: string };
  before(async () => {
    t = await startTestApp(dialect);
    svc = await t.serviceUser('Alation Sync');
  });
  after(async () => t.close());

  test('an Admin issues a service token by user_id string; the secret is shown once and never listed', async () => {
    const res = await t.request('POST', '/api/user-tokens', { body: { name: 'airflow', expires_in_days: 90, user_id: 'alation_sync@service' } });
    assert.equal(res.status, 201);
    assert.match(res.body.token, /^wdn_svc_/);
    assert.equal(res.body.kind, 'service');
    assert.equal(res.body.status, 'active');
    assert.equal(res.body.hint, res.body.token.slice(0, 12) + '…');
    const days = (Date.parse(res.body.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 89.9 && days <= 90, `expires in ${days} days`);
    const one = await t.request('GET', `/api/user-tokens/${res.body.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.token, undefined);
    const list = await t.request('GET', '/api/user-tokens/service?user_id=alation_sync@service');
    assert.ok(list.body.items.some((x: { id: number }) => x.id === res.body.id));
    assert.ok(!list.text.includes(res.body.token));
    const used = await t.request('GET', '/api/users/me', { token: res.body.token });
    assert.equal(used.body.user_id, 'alation_sync@service');
  });

  test('a token name is unique per owner (409) but may repeat across owners', async () => {
    const other = await t.serviceUser('Other Sync');
    const first = await t.request('POST', '/api/user-tokens', { body: { name: 'dup', expires_in_days: 1, user_id: svc.id } });
    assert.equal(first.status, 201);
    const again = await t.request('POST', '/api/user-tokens', { body: { name: 'dup', expires_in_days: 1, user_id: svc.id } });
    assert.equal(again.status, 409);
    const elsewhere = await t.request('POST', '/api/user-tokens', { body: { name: 'dup', expires_in_days: 1, user_id: other.id } });
    assert.equal(elsewhere.status, 201);
  });

  test('expires_in_days must be 1–365 or null, and is required', async () => {
    for (const bad of [0, 366, -1, 1.5, '30']) {
      const res = await t.request('POST', '/api/user-tokens', { body: { name: `bad-${bad}`, expires_in_days: bad, user_id: svc.id } });
      assert.equal(res.status, 422, `expires_in_days ${bad}`);
    }
    const missing = await t.request('POST', '/api/user-tokens', { body: { name: 'no-expiry-given', user_id: svc.id } });
    assert.equal(missing.status, 422);
    const never = await t.request('POST', '/api/user-tokens', { body: { name: 'forever', expires_in_days: null, user_id: svc.id } });
    assert.equal(never.status, 201);
    assert.equal(never.body.expires_at, null);
  });

  test('a service user never issues tokens for itself, with or without user_id', async () => {
    const admin = await t.serviceUser('Robot Admin', 'admin');
    const own = await t.request('POST', '/api/user-tokens', { token: admin.token, body: { name: 'mine', expires_in_days: 1 } });
    assert.equal(own.status, 403);
    const self = await t.request('POST', '/api/user-tokens', { token: admin.token, body: { name: 'mine', expires_in_days: 1, user_id: admin.id } });
    assert.equal(self.status, 403);
    const member = await t.request('POST', '/api/user-tokens', { token: svc.token, body: { name: 'x', expires_in_days: 1, user_id: svc.id } });
    assert.equal(member.status, 403);
  });

  test('tokens cannot be issued to personal accounts by user_id, nor to unknown users', async () => {
    const person = await t.personalUser('Pat Person');
    const res = await t.request('POST', '/api/user-tokens', { body: { name: 'x', expires_in_days: 1, user_id: person.id } });
    assert.equal(res.status, 422);
    const unknown = await t.request('POST', '/api/user-tokens', { body: { name: 'x', expires_in_days: 1, user_id: 999999 } });
    assert.equal(unknown.status, 422);
  });

  test('PATs are visible only to their owner: not to Admins, not in the service list', async () => {
    const person = await t.personalUser('Dana Dev');
    const made = await t.request('POST', '/api/user-tokens', { token: person.token, body: { name: 'laptop', expires_in_days: 30 } });
    assert.equal(made.status, 201);
    assert.match(made.body.token, /^wdn_pat_/);
    const mine = await t.request('GET', '/api/user-tokens', { token: person.token });
    assert.deepEqual(mine.body.items.map((x: { name: string }) => x.name).sort(), ['laptop', 'pat-' + mine.body.items.find((x: { name: string }) => x.name.startsWith('pat-')).name.slice(4)].sort());
    assert.equal((await t.request('GET', `/api/user-tokens/${made.body.id}`)).status, 404);
    assert.equal((await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: true } })).status, 404);
    const service = await t.request('GET', '/api/user-tokens/service');
    assert.ok(!service.body.items.some((x: { id: number }) => x.id === made.body.id));
    assert.equal((await t.request('GET', '/api/user-tokens/service', { token: person.token })).status, 403);
    const other = await t.personalUser('Eve Else');
    assert.equal((await t.request('GET', `/api/user-tokens/${made.body.id}`, { token: other.token })).status, 404);
  });

  test('revoke takes effect on the next request, restore brings it back, delete needs a revoked token', async () => {
    const made = await t.request('POST', '/api/user-tokens', { body: { name: 'lifecycle', expires_in_days: 7, user_id: svc.id } });
    const token = made.body.token;
    assert.equal((await t.request('GET', '/api/users/me', { token })).status, 200);
    assert.equal((await t.request('DELETE', `/api/user-tokens/${made.body.id}`)).status, 409);
    const revoked = await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: true } });
    assert.equal(revoked.body.status, 'revoked');
    assert.deepEqual(revoked.body.revoked_by, { id: t.adminId, user_id: 'bootstrap_admin@service', name: 'Bootstrap Admin' });
    const refused = await t.request('GET', '/api/users/me', { token });
    assert.equal(refused.status, 401);
    assert.match(refused.body.detail, /revoked/);
    assert.match(String(refused.headers['www-authenticate']), /error="invalid_token"/);
    const restored = await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: false } });
    assert.equal(restored.body.status, 'active');
    assert.equal((await t.request('GET', '/api/users/me', { token })).status, 200);
    await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: true } });
    assert.equal((await t.request('DELETE', `/api/user-tokens/${made.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/api/user-tokens/${made.body.id}`)).status, 404);
    const gone = await t.request('GET', '/api/users/me', { token });
    assert.equal(gone.status, 401);
    assert.match(gone.body.detail, /not known/);
  });

  test('an expired token is refused as expired and cannot be restored', async () => {
    const made = await t.request('POST', '/api/user-tokens', { body: { name: 'short', expires_in_days: 1, user_id: svc.id } });
    await t.db.kysely.updateTable('tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', made.body.id).execute();
    const res = await t.request('GET', '/api/users/me', { token: made.body.token });
    assert.equal(res.status, 401);
    assert.match(res.body.detail, /expired/);
    assert.equal((await t.request('GET', `/api/user-tokens/${made.body.id}`)).body.status, 'expired');
    const expiredList = await t.request('GET', '/api/user-tokens/service?status=expired');
    assert.ok(expiredList.body.items.some((x: { id: number }) => x.id === made.body.id));
    await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: true } });
    assert.equal((await t.request('PUT', `/api/user-tokens/${made.body.id}`, { body: { revoked: false } })).status, 409);
  });

  test('malformed, unknown and missing credentials each get a 401 saying which', async () => {
    const good = generateToken('service');
    const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const cases: [string | null, RegExp][] = [
      [badChecksum, /malformed/],
      ['not-a-token', /malformed/],
      [good, /not known/],
    ];
    for (const [token, detail] of cases) {
      const res = await t.request('GET', '/api/users/me', { token });
      assert.equal(res.status, 401);
      assert.match(res.body.detail, detail);
      assert.ok(!res.text.includes(String(token)), 'the token is not echoed');
    }
    const none = await t.request('GET', '/api/users/me', { token: null });
    assert.equal(none.status, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    const basic = await t.request('GET', '/api/users/me', { token: null, headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    assert.equal(basic.status, 401);
  });

  test('deactivating the owner rejects its tokens without changing them; reactivation restores them', async () => {
    const robot = await t.serviceUser('Deactivated Robot');
    assert.equal((await t.request('DELETE', `/api/users/${robot.id}`, { body: { reason: 'decommissioned' } })).status, 200);
    const res = await t.request('GET', '/api/users/me', { token: robot.token });
    assert.equal(res.status, 401);
    assert.match(res.body.detail, /deactivated/);
    const tokens = await t.request('GET', `/api/user-tokens/service?user_id=${robot.id}`);
    assert.equal(tokens.body.items[0].status, 'active');
    assert.equal(tokens.body.items[0].revoked_at, null);
    await t.request('POST', `/api/users/${robot.id}/reactivate`);
    assert.equal((await t.request('GET', '/api/users/me', { token: robot.token })).status, 200);
  });

  test('last use time and client IP are recorded in batches, not per request', async () => {
    const made = await t.request('POST', '/api/user-tokens', { body: { name: 'tracked', expires_in_days: 1, user_id: svc.id } });
    await t.request('GET', '/api/users/me', { token: made.body.token, ip: '203.0.113.9' });
    const before = await t.request('GET', `/api/user-tokens/${made.body.id}`);
    assert.equal(before.body.last_used_at, null, 'not written on the request itself');
    await t.app.warden.lastUsed.flush();
    const after = await t.request('GET', `/api/user-tokens/${made.body.id}`);
    assert.ok(after.body.last_used_at);
    assert.equal(after.body.last_used_ip, '203.0.113.9');
    const user = await t.request('GET', `/api/users/${svc.id}`);
    assert.ok(user.body.last_active_at);
  });

  test('a SCIM-only token reaches nothing outside SCIM; only Admins may create one', async () => {
    const made = await t.request('POST', '/api/user-tokens', { body: { name: 'okta', expires_in_days: 30, user_id: svc.id, scim_only: true } });
    assert.equal(made.status, 201);
    assert.equal(made.body.scim_only, true);
    const res = await t.request('GET', '/api/users/me', { token: made.body.token });
    assert.equal(res.status, 403);
    const person = await t.personalUser('Sam Scim');
    const denied = await t.request('POST', '/api/user-tokens', { token: person.token, body: { name: 's', expires_in_days: 1, scim_only: true } });
    assert.equal(denied.status, 403);
  });

  test('the token secret never reaches the audit log', async () => {
    const made = await t.request('POST', '/api/user-tokens', { body: { name: 'audited', expires_in_days: 1, user_id: svc.id } });
    const events = await t.request('GET', `/api/audit-events?target_type=token&target_id=${made.body.id}`);
    assert.equal(events.body.items[0].action, 'token.created');
    assert.equal(events.body.items[0].changes.name.after, 'audited');
    const all = await t.request('GET', '/api/audit-events?size=200');
    assert.ok(!all.text.includes(made.body.token));
    assert.ok(!all.text.includes(made.body.token.slice(12)), 'not even the random part');
  });
});

describeEachDatabase('token lifetime cap', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_MAX_TOKEN_DAYS: '30' }); });
  after(async () => t.close());

  test('with WARDEN_MAX_TOKEN_DAYS, never-expiring and longer tokens are refused', async () => {
    const svc = await t.serviceUser('Capped');
    assert.equal((await t.request('POST', '/api/user-tokens', { body: { name: 'a', expires_in_days: null, user_id: svc.id } })).status, 422);
    assert.equal((await t.request('POST', '/api/user-tokens', { body: { name: 'b', expires_in_days: 31, user_id: svc.id } })).status, 422);
    assert.equal((await t.request('POST', '/api/user-tokens', { body: { name: 'c', expires_in_days: 30, user_id: svc.id } })).status, 201);
  });
});

describeEachDatabase('authentication failure rate limit', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_AUTH_FAILURE_LIMIT: '3' }); });
  after(async () => t.close());

  test('after the limit, failing credentials from that IP get 429 with Retry-After; valid ones and other IPs are unaffected', async () => {
    const bad = generateToken('service');
    for (let i = 0; i < 3; i++) assert.equal((await t.request('GET', '/api/users/me', { token: bad, ip: '198.51.100.7' })).status, 401);
    const limited = await t.request('GET', '/api/users/me', { token: bad, ip: '198.51.100.7' });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await t.request('GET', '/api/users/me', { token: 'garbage', ip: '198.51.100.7' })).status, 429, 'any failing credential is refused while limited');
    // one misconfigured script must not lock out the working pipelines on the same host
    const valid = await t.request('GET', '/api/users/me', { ip: '198.51.100.7' });
    assert.equal(valid.status, 200, 'a valid credential still works from a limited IP');
    assert.equal((await t.request('GET', '/api/users/me', { token: bad, ip: '198.51.100.8' })).status, 401);
  });
});

describeEachDatabase('checksum before lookup', (dialect) => {
  test('a token with a bad checksum is refused without touching the database', async () => {
    const t = await startTestApp(dialect);
    const good = generateToken('service');
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    await t.request('GET', '/api/users/me', { token: generateToken('service') }); // compiles the lookup once
    let queries = 0;
    const k = t.db.kysely as any;
    const originals = { selectFrom: k.selectFrom, executeQuery: k.executeQuery };
    k.selectFrom = (...args: any[]) => { queries++; return originals.selectFrom.apply(k, args); };
    k.executeQuery = (...args: any[]) => { queries++; return originals.executeQuery.apply(k, args); };
    // The lookup runs outside Kysely: on SQLite on the cache's read-only connection, on PostgreSQL
    // as a prepared statement through the pool.
    const sqlite = t.db.sqlite;
    const readSync = sqlite?.readSync;
    if (sqlite && readSync) sqlite.readSync = (...args) => { queries++; return readSync.apply(sqlite, args); };
    const pool = t.db.postgres?.pool as { query: (...args: unknown[]) => unknown } | undefined;
    const poolQuery = pool?.query;
    if (pool && poolQuery) pool.query = (...args) => { queries++; return poolQuery.apply(pool, args); };
    const res = await t.request('GET', '/api/users/me', { token: bad });
    assert.equal(res.status, 401);
    assert.equal(queries, 0);
    await t.request('GET', '/api/users/me', { token: good });
    assert.equal(queries, 1, 'a well-formed token costs one lookup');
    Object.assign(k, originals);
    if (sqlite && readSync) sqlite.readSync = readSync;
    if (pool && poolQuery) pool.query = poolQuery;
    await t.close();
  });
});

describeEachDatabase('the current token and paged token lists', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('GET /api/user-tokens/current is the token the request authenticated with', async () => {
    const person = await t.personalUser('Current Person');
    const res = await t.request('GET', '/api/user-tokens/current', { token: person.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.user.id, person.id);
    assert.equal(res.body.kind, 'personal');
    assert.equal(res.body.token, undefined);
    const admin = await t.request('GET', '/api/user-tokens/current');
    assert.equal(admin.body.user.user_id, 'bootstrap_admin@service');
    assert.equal((await t.request('GET', '/api/user-tokens/current', { token: null })).status, 401);
  });

  test('token lists page like the other lists: {items, total, page, size}, newest first', async () => {
    const robot = await t.serviceUser('Paged Robot');
    for (const n of [1, 2, 3]) await t.request('POST', '/api/user-tokens', { body: { name: `p${n}`, expires_in_days: 30, user_id: robot.id } });
    const page1 = await t.request('GET', `/api/user-tokens/service?user_id=${robot.id}&size=2`);
    assert.equal(page1.body.total, 4);
    assert.equal(page1.body.page, 1);
    assert.equal(page1.body.size, 2);
    assert.deepEqual(page1.body.items.map((x: { name: string }) => x.name), ['p3', 'p2']);
    const page2 = await t.request('GET', `/api/user-tokens/service?user_id=${robot.id}&size=2&page=2`);
    assert.equal(page2.body.items.length, 2);
    assert.deepEqual(page2.body.items[0].created_by, { id: t.adminId, user_id: 'bootstrap_admin@service', name: 'Bootstrap Admin' });
    assert.equal((await t.request('GET', '/api/user-tokens/service?size=201')).status, 422);
  });
});
