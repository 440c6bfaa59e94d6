// WARDEN_API_TOKENS=off (issue 22): every bearer token is refused with 401 api_tokens_disabled, on
// the API and on forward-auth, before any lookup; console sessions keep working; a SCIM-only token
// still reaches /api/scim/v2 (and nothing else); on (the default) changes nothing. Two apps on one
// database: one with the switch on to set things up, one with it off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { loadConfig } from '../config.ts';
import { buildApp } from './app.ts';
import { signIn } from '../sso/service.ts';
import { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from '../sso/session.ts';

describeEachDatabase('WARDEN_API_TOKENS=off', (dialect) => {
  let t: TestApp;
  let off: FastifyInstance;
  let member: { id: number; token: string };
  let scimToken: string;
  let session: { secret: string; csrf: string };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Pipeline', 'member');
    const directory = await t.serviceUser('Okta Directory', 'admin');
    const scim = await t.request('POST', '/api/user-tokens', { body: { name: 'okta', expires_in_days: 30, user_id: directory.id, scim_only: true } });
    assert.equal(scim.status, 201, scim.text);
    scimToken = scim.body.token;
    off = await buildApp({ config: loadConfig({ WARDEN_ENV: 'test', WARDEN_API_TOKENS: 'off' }), db: t.db, logger: false });
    await off.ready();
    const signedIn = await signIn(t.db, { sessionHours: 8, sessionIdleMinutes: 60, initialAdmins: ['ada@example.com'] }, { issuer: 'https://idp.example', subject: 'ada', email: 'ada@example.com', emailVerified: true, name: 'Ada' }, { requestId: null, ip: null, userAgent: null }, null);
    session = signedIn.session;
  });
  after(async () => {
    await off.close();
    await t.close();
  });

  const call = (app: FastifyInstance, method: string, url: string, headers: Record<string, string>, body?: unknown) =>
    app.inject({ method: method as 'GET', url, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

  test('the setting is parsed: on by default, on|off only', () => {
    assert.equal(loadConfig({ WARDEN_ENV: 'test' }).apiTokens, true);
    assert.equal(loadConfig({ WARDEN_ENV: 'test', WARDEN_API_TOKENS: 'off' }).apiTokens, false);
    assert.throws(() => loadConfig({ WARDEN_ENV: 'test', WARDEN_API_TOKENS: 'no' }), /WARDEN_API_TOKENS/);
  });

  test('every bearer token is refused with a clear 401, Admins\' too; the same tokens work with the switch on', async () => {
    for (const token of [t.adminToken, member.token]) {
      const res = await call(off, 'GET', '/api/users/me', { authorization: `Bearer ${token}` });
      assert.equal(res.statusCode, 401);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      const body = JSON.parse(res.body);
      assert.equal(body.type.endsWith('unauthorized/api-tokens-disabled'), true, res.body);
      assert.match(body.detail, /WARDEN_API_TOKENS=off/);
      assert.ok(!res.body.includes(token), 'the token is not echoed');
      assert.equal((await call(t.app, 'GET', '/api/users/me', { authorization: `Bearer ${token}` })).statusCode, 200);
    }
    // Even a garbage token is refused for the switch (nothing is looked up), and forward-auth says why.
    assert.equal(JSON.parse((await call(off, 'GET', '/api/users/me', { authorization: 'Bearer nonsense' })).body).detail.includes('WARDEN_API_TOKENS'), true);
    const fa = await call(off, 'GET', '/api/forward-auth', { authorization: `Bearer ${member.token}` });
    assert.deepEqual([fa.statusCode, fa.headers['x-warden-reason']], [401, 'api_tokens_disabled']);
  });

  test('no token authenticates an OAuth client either: introspection and client_credentials refuse it', async () => {
    const introspect = await off.inject({ method: 'POST', url: '/api/oauth/introspect', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${encodeURIComponent(member.token)}` });
    assert.equal(introspect.statusCode, 401, introspect.body);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: String(member.id), client_secret: member.token }).toString();
    const exchange = await off.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    assert.equal(exchange.statusCode, 401, exchange.body);
    assert.equal(JSON.parse(exchange.body).error, 'invalid_client');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })).statusCode, 200, 'with the switch on the same request works');
  });

  test('console sessions keep working, for reads and CSRF-protected writes', async () => {
    const cookie = `${SESSION_COOKIE}=${session.secret}; ${CSRF_COOKIE}=${session.csrf}`;
    const me = await call(off, 'GET', '/api/users/me', { cookie });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(JSON.parse(me.body).name, 'Ada');
    const made = await call(off, 'POST', '/api/users', { cookie, [CSRF_HEADER]: session.csrf }, { name: 'Made In Console', role: 'member' });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal((await call(off, 'GET', '/api/forward-auth', { cookie })).statusCode, 200);
  });

  test('a SCIM-only token still reaches /api/scim/v2, and nothing else; a full token does not reach SCIM', async () => {
    const scim = await call(off, 'GET', '/api/scim/v2/Users', { authorization: `Bearer ${scimToken}` });
    assert.equal(scim.statusCode, 200, scim.body);
    assert.equal((await call(off, 'GET', '/api/users/me', { authorization: `Bearer ${scimToken}` })).statusCode, 401);
    const full = await call(off, 'GET', '/api/scim/v2/Users', { authorization: `Bearer ${t.adminToken}` });
    assert.equal(full.statusCode, 401);
    assert.match(JSON.parse(full.body).detail, /WARDEN_API_TOKENS=off/);
  });
});
