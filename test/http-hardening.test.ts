// Issue 8 (hardening) at the HTTP layer: authentication before bodies, bounded error lists, secrets
// in paths and request ids, errors that send people the right way, and /api/docs over plain http.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { generateToken } from '../src/tokens/format.ts';
import { createTestDb, describeEachDatabase, startTestApp, type TestApp } from './support.ts';

describeEachDatabase('bodies and errors', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('an anonymous body is never parsed or validated: 401 at once, small answer', async () => {
    const huge = JSON.stringify(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])));
    assert.ok(huge.length > 500_000);
    // the route's first request compiles its validator (and loads Ajv, issue 24): not what is timed here
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/users', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode, 401);
    const started = process.hrtime.bigint();
    const res = await t.app.inject({ method: 'POST', url: '/api/users', payload: huge, headers: { 'content-type': 'application/json' } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(res.statusCode, 401);
    assert.ok(res.body.length < 1000, `answer of ${res.body.length} bytes`);
    assert.ok(ms < 200, `took ${ms.toFixed(1)} ms`);
  });

  test('an authenticated body with thousands of errors lists the first 20 and counts the rest', async () => {
    const body = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const res = await t.request('POST', '/api/users', { body: { name: 'x', ...body } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors.length, 20);
    assert.match(res.body.detail, /and 4980 more$/);
    assert.ok(res.text.length < 5000, `answer of ${res.text.length} bytes`);
  });

  test('an enum names its allowed values; a nullable number is one sentence', async () => {
    const svc = await t.serviceUser('Enum Target');
    const role = await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'boss' } });
    assert.equal(role.status, 422);
    assert.deepEqual(role.body.errors, [{ path: 'role', message: 'must be one of member, manager, admin' }]);
    assert.equal(role.body.detail, 'The body is invalid: role must be one of member, manager, admin');
    // A string enum given a number fails `type` and `enum`: one sentence, the enum's.
    const numeric = await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 5 } });
    assert.deepEqual(numeric.body.errors, [{ path: 'role', message: 'must be one of member, manager, admin' }]);
    const flag = await t.request('PUT', `/api/user-tokens/1`, { body: { revoked: 'no' } });
    assert.deepEqual(flag.body.errors, [{ path: 'revoked', message: 'must be true or false' }]);
    const days = await t.request('POST', '/api/user-tokens', { body: { name: 'n', expires_in_days: 'soon' } });
    assert.deepEqual(days.body.errors, [{ path: 'expires_in_days', message: 'must be an integer from 1 to 365 or null' }]);
    const missing = await t.request('POST', '/api/user-tokens', { body: { name: 'n' } });
    assert.deepEqual(missing.body.errors, [{ path: 'expires_in_days', message: 'is required' }]);
  });

  test('a missing or wrong Content-Type says what to send, with Warden\'s own problem type', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', payload: '{"name":"x"}', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/plain' } });
    assert.equal(res.statusCode, 415);
    const body = res.json();
    assert.equal(body.type, 'https://warden.dev/problems/unsupported-media-type');
    assert.match(body.detail, /Content-Type: application\/json/);
    const none = await t.app.inject({ method: 'POST', url: '/api/users', payload: Buffer.from('{"name":"x"}'), headers: { authorization: `Bearer ${t.adminToken}` } });
    assert.equal(none.statusCode, 415);
    assert.equal(none.json().type, 'https://warden.dev/problems/unsupported-media-type');
    const big = await t.app.inject({ method: 'POST', url: '/api/users', payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }), headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' } });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().type, 'https://warden.dev/problems/payload-too-large');
  });

  test('a method the resource does not answer is 405 with Allow, not 404', async () => {
    const svc = await t.serviceUser('Patch Target');
    const res = await t.request('PATCH', `/api/users/${svc.id}`, { body: { role: 'member' } });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'DELETE, GET, HEAD, PUT');
    assert.equal(res.body.type, 'https://warden.dev/problems/method-not-allowed');
    assert.equal((await t.request('GET', '/api/no-such-thing')).status, 404);
    assert.equal((await t.request('GET', '/api/no-such-thing')).body.type, 'https://warden.dev/problems/not-found');
  });

  test('a token sent with another scheme, or none, is told to use Bearer', async () => {
    const token = t.adminToken;
    for (const [header, got] of [[`Token ${token}`, 'the Token scheme'], [`Basic ${Buffer.from(`x:${token}`).toString('base64')}`, 'the Basic scheme'], [token, 'a token without a scheme']]) {
      const res = await t.request('GET', '/api/users/me', { token: null, headers: { authorization: header } });
      assert.equal(res.status, 401);
      assert.equal(res.body.detail, `Send the token as "Authorization: Bearer <token>" (got ${got})`);
      assert.ok(!res.text.includes(token));
    }
    assert.match((await t.request('GET', '/api/users/me', { token: 'wdn_pat_short' })).body.detail, /malformed/);
  });

  test('a request id that looks like a token is replaced, so it reaches neither log nor audit', async () => {
    const secret = generateToken('service');
    const res = await t.request('POST', '/api/users', { body: { name: 'Request Id Probe' }, headers: { 'x-request-id': secret } });
    assert.equal(res.status, 201);
    assert.notEqual(res.headers['x-request-id'], secret);
    const events = await t.request('GET', `/api/audit-events?target_id=${res.body.id}&target_type=user`);
    assert.notEqual(events.body.items[0].request_id, secret);
    const kept = await t.request('GET', '/api/users/me', { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(kept.headers['x-request-id'], 'trace-123');
  });
});

test('a token in a URL path or a percent-encoded query value reaches neither the log nor an answer', async () => {
  const testDb = await createTestDb('sqlite');
  await migrateToLatest(testDb.db);
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (d) => (log += d.toString()));
  const app = await buildApp({ config: loadConfig({ WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'info' }), db: testDb.db, logger: { stream } });
  const { token } = await bootstrapAdmin(testDb.db, null);
  const answers: string[] = [];
  for (const url of [`/api/${token}`, `/api/users/${token}`, `/api/users/me?q=${encodeURIComponent(token).replaceAll('_', '%5F')}`, `/${token}`, `/api/users?x=${token}`]) {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    assert.ok(res.statusCode < 500, `${res.statusCode} for a token in the URL`);
    answers.push(res.body);
  }
  await app.close();
  await testDb.drop();
  assert.ok(log.includes('[redacted]'), 'the log shows where something was redacted');
  for (const text of [log, ...answers]) assert.ok(!text.includes(token.slice(8, 30)), `no token in: ${text.slice(0, 200)}`);
});

describeEachDatabase('the API reference at /api/docs', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_TRUST_PROXY: 'true' }); });
  after(async () => t.close());

  test('is branded Warden and keeps plain http working (no upgrade-insecure-requests unless https)', async () => {
    const page = await t.request('GET', '/api/docs/', { token: null });
    assert.equal(page.status, 200);
    assert.match(page.text, /<title>Warden API<\/title>/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    const https = await t.request('GET', '/api/docs/', { token: null, headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(https.headers['content-security-policy']), /upgrade-insecure-requests/);
  });
});
