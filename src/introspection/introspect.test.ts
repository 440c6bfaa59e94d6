// POST /api/oauth/introspect (RFC 7662) on both databases: client authentication (Bearer and
// Basic), the active answer, and one answer, byte for byte, for every token that is not active.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { ManualClock } from '../scheduler/clock.ts';

describeEachDatabase('POST /api/oauth/introspect (RFC 7662)', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock(Date.now());
  let gateway: string;
  let gatewayUser: { id: number; user_id: string };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const introspect = (body: string, authorization: string | null, ip?: string) =>
    t.request('POST', '/api/oauth/introspect', { token: null, body, ip, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) } });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

  before(async () => {
    t = await startTestApp(dialect, {}, { clock });
    const admin = await t.serviceUser('Gateway', 'admin');
    gatewayUser = admin;
    const narrowed = await t.request('POST', '/api/user-tokens', { body: { name: 'introspection', expires_in_days: null, user_id: admin.id, actions: ['tokens.introspect'] } });
    assert.equal(narrowed.status, 201, narrowed.text);
    gateway = narrowed.body.token;
  });
  after(async () => t.close());

  test('an active token: sub, username, exp, iat, token_type and Warden\'s own claims; Bearer and Basic clients alike', async () => {
    const person = await t.personalUser('Ada Lovelace', 'manager', 'ada@example.com');
    const team = await t.request('POST', '/api/teams', { body: { name: 'Analysts', permission: 'viewer', user_ids: [person.id] } });
    const me = (await t.request('GET', '/api/users/me', { token: person.token })).body;
    const tokenRow = (await t.request('GET', '/api/user-tokens/current', { token: person.token })).body;
    const want = {
      active: true, sub: person.user_id, username: 'ada@example.com', exp: Math.floor(Date.parse(tokenRow.expires_at) / 1000), iat: Math.floor(Date.parse(tokenRow.created_at) / 1000), token_type: 'Bearer',
      warden: { user_id: person.id, user_type: 'personal', name: 'Ada Lovelace', email: 'ada@example.com', role: 'manager', teams: me.teams.map((x: { id: number; name: string }) => ({ id: x.id, name: x.name })), token_id: tokenRow.id, datastore_ids: null },
    };
    assert.ok(want.warden.teams.some((x: { id: number }) => x.id === team.body.id));
    const bearer = await introspect(form({ token: person.token }), `Bearer ${gateway}`);
    assert.equal(bearer.status, 200, bearer.text);
    assert.deepEqual(bearer.body, want);
    assert.equal(bearer.headers['cache-control'], 'no-store');
    const viaBasic = await introspect(form({ token: person.token, token_type_hint: 'access_token' }), basic(gatewayUser.user_id, gateway));
    assert.deepEqual(viaBasic.body, want);
    // From the caches, as forward auth: a repeated introspection reads no token, user or view from the database.
    const cache = t.app.warden.cache;
    await new Promise((r) => setTimeout(r, 300)); // PostgreSQL: this test's own changes, announced back by NOTIFY, have arrived
    await introspect(form({ token: person.token }), `Bearer ${gateway}`);
    const before = [cache.tokens.counters.misses, cache.users.counters.misses, t.app.warden.userViews.misses];
    assert.deepEqual((await introspect(form({ token: person.token }), `Bearer ${gateway}`)).body, want);
    assert.deepEqual([cache.tokens.counters.misses, cache.users.counters.misses, t.app.warden.userViews.misses], before);
  });

  test('a narrowed token names its actions as scope and its datastores', async () => {
    const svc = await t.serviceUser('Pipeline', 'member');
    const ds = (await t.request('POST', '/api/datastores', { body: { name: 'Orders', kind: 'source' } })).body.id;
    await t.request('POST', '/api/teams', { body: { name: 'Pipelines', permission: 'editor', user_ids: [svc.id], datastore_ids: [ds] } });
    const narrowed = await t.request('POST', '/api/user-tokens', { body: { name: 'narrow', expires_in_days: null, user_id: svc.id, actions: ['datastore.read', 'checks.manage'], datastore_ids: [ds] } });
    assert.equal(narrowed.status, 201, narrowed.text);
    const res = await introspect(form({ token: narrowed.body.token }), `Bearer ${gateway}`);
    assert.equal(res.body.active, true);
    assert.equal(res.body.scope, 'datastore.read checks.manage');
    assert.deepEqual(res.body.warden.datastore_ids, [ds]);
    assert.equal(res.body.username, 'Pipeline', 'a service user has no email: its name');
    assert.equal('exp' in res.body, false, 'a token that never expires has no exp');
  });

  test('unknown, malformed, empty, expired, revoked and deactivated-owner tokens all get exactly {"active":false}', async () => {
    const svc = await t.serviceUser('Soon gone', 'member');
    const revoked = await t.serviceUser('Revoked', 'member');
    const revokedId = (await t.request('GET', '/api/user-tokens/current', { token: revoked.token })).body.id;
    assert.equal((await t.request('PUT', `/api/user-tokens/${revokedId}`, { body: { revoked: true } })).status, 200);
    const expiring = await t.serviceUser('Expiring', 'member');
    const deactivated = await t.serviceUser('Deactivated', 'member');
    assert.equal((await introspect(form({ token: deactivated.token }), `Bearer ${gateway}`)).body.active, true);
    assert.equal((await t.request('DELETE', `/api/users/${deactivated.id}`)).status, 200);
    const wellFormedUnknown = svc.token.slice(0, 8) + 'A'.repeat(32) + svc.token.slice(40);
    clock.advance(31 * 86_400_000); // the expiring token (30 days) has ended; the gateway's never does
    const answers = new Set<string>();
    for (const token of ['wdn_svc_unknown', wellFormedUnknown, 'not a token at all', '', revoked.token, expiring.token, deactivated.token, 'x'.repeat(5000)]) {
      const res = await introspect(form({ token }), `Bearer ${gateway}`);
      if (token.length <= 4096) {
        assert.equal(res.status, 200, `${token.slice(0, 12)}: ${res.text}`);
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
        answers.add(res.text);
      } else assert.equal(res.status, 400);
    }
    assert.deepEqual([...answers], ['{"active":false}']);
    clock.advance(-31 * 86_400_000);
  });

  test('client authentication: none or bad 401 (invalid_client), unfit 403, missing token 400', async () => {
    const body = form({ token: gateway });
    const none = await introspect(body, null);
    assert.deepEqual([none.status, none.body.error, none.headers['www-authenticate']], [401, 'invalid_client', 'Bearer realm="warden"']);
    const bad = await introspect(body, basic('gw', 'wdn_svc_wrong'));
    assert.deepEqual([bad.status, bad.body.error, bad.headers['www-authenticate']], [401, 'invalid_client', 'Basic realm="warden"']);
    assert.equal((await introspect(body, 'Digest username="x"')).status, 401);
    const member = await t.serviceUser('Not a gateway', 'member');
    const unfit = await introspect(body, `Bearer ${member.token}`);
    assert.deepEqual([unfit.status, unfit.body.error], [403, 'unauthorized_client']);
    assert.match(unfit.body.detail, /tokens\.introspect/);
    const person = await t.personalUser('Personal Admin', 'admin');
    assert.equal((await introspect(body, `Bearer ${person.token}`)).status, 403, 'personal tokens are not gateways');
    const otherAdmin = await t.request('POST', '/api/user-tokens', { body: { name: 'reads', expires_in_days: 30, user_id: gatewayUser.id, actions: ['users.read'] } });
    assert.equal((await introspect(body, `Bearer ${otherAdmin.body.token}`)).status, 403, 'narrowed to something else');
    const missing = await introspect(form({ tok: 'x' }), `Bearer ${gateway}`);
    assert.deepEqual([missing.status, missing.body.error], [400, 'invalid_request']);
    // A JSON body is read too (lenient: RFC 7662 asks for a form).
    const json = await t.request('POST', '/api/oauth/introspect', { token: gateway, body: { token: gateway } });
    assert.deepEqual([json.status, json.body.active], [200, true]);
    // The gateway's own narrowed token can introspect and nothing else.
    assert.equal((await t.request('GET', '/api/users', { token: gateway })).status, 403);
  });

  test('rate limited: inactive answers count against the client address; over the limit 429 for everything', async () => {
    const limited = await startTestApp(dialect, { WARDEN_AUTH_FAILURE_LIMIT: '3' });
    try {
      const gw = await limited.serviceUser('Limited gateway', 'admin');
      const call = (token: string) => limited.request('POST', '/api/oauth/introspect', { token: gw.token, ip: '10.9.9.9', body: form({ token }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      for (let i = 0; i < 3; i++) assert.equal((await call(`wdn_svc_guess${i}`)).text, '{"active":false}');
      const over = await call(gw.token);
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers['retry-after']) > 0);
    } finally {
      await limited.close();
    }
  });
});
