// No secret in the server log (run a whole token lifecycle with logging at trace level and search
// the log), and none echoed in an answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { DATABASES, createTestDb, describeEachDatabase, startTestApp, type Reply, type TestApp } from './support.ts';
import { PREFIX, generateToken } from '../src/tokens/format.ts';
import { hashSessionId, signIn } from '../src/sso/service.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../src/sso/session.ts';

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

// Tokens are never echoed in answers: whatever a refusal repeats of the request (a path segment, a
// field name, a query parameter), a token in it comes back as [redacted].
describeEachDatabase('no token echoed in an answer', (dialect) => {
  let t: TestApp;
  let scim: string;
  before(async () => {
    t = await startTestApp(dialect);
    const sync = await t.request('POST', '/api/users', { body: { name: 'Echo Directory', role: 'admin', reason: 'SCIM' } });
    scim = (await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } })).body.token;
  });
  after(async () => t.close());

  /** The secret part of a token: what must not come back, however the prefix was written. */
  const secretOf = (token: string) => token.slice(PREFIX.service.length);
  const leaks = (reply: Reply, token: string) => reply.text.includes(secretOf(token)) || JSON.stringify(reply.headers).includes(secretOf(token));

  test('a token pasted into a SCIM path is not repeated in the 404', async () => {
    const token = generateToken('service');
    const res = await t.request('GET', `/api/scim/v2/Users/${token}`, { token: scim });
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /User \[redacted\] not found/);
    assert.ok(!leaks(res, token), res.text);
  });

  test('a body field named by a token is not repeated in the 422 errors', async () => {
    const token = generateToken('personal');
    const res = await t.request('POST', '/api/users', { body: { name: 'Echo', [token]: true } });
    assert.equal(res.status, 422);
    assert.ok(res.body.errors.length > 0);
    assert.ok(!leaks(res, token), res.text);
    assert.match(res.body.errors[0].path + res.body.errors[0].message, /\[redacted\]/);
  });

  test('a token in any path segment, body key or query parameter of any /api route never comes back', async () => {
    const routes = t.app.routeMethods.routes().filter(([method, url]) => url.startsWith('/api/') && method !== 'HEAD' && method !== 'OPTIONS');
    assert.ok(routes.length > 40, `only ${routes.length} routes`);
    const leaked: string[] = [];
    for (const [method, url] of routes) {
      const token = generateToken(url.includes('user-tokens') ? 'personal' : 'service');
      for (const spelling of [token, token.replaceAll('_', '%5F')]) {
        const hasParam = /\/(:[^/]+|\*)/.test(url);
        const path = hasParam ? url.replace(/:[^/]+|\*/g, spelling) : `${url}/${spelling}`;
        const caller = url.startsWith('/api/scim/') ? scim : undefined;
        const body = method === 'GET' || method === 'DELETE' ? undefined : { [token]: token };
        const tries = [
          { url: path, body },
          { url: `${url.replace(/:[^/]+/g, '1').replace('*', 'x')}?${spelling}=${spelling}&filter=${spelling}`, body },
        ];
        for (const r of tries) {
          const res = await t.request(method, r.url, { token: caller, body: r.body, headers: r.body ? { 'content-type': 'application/json' } : {} });
          if (leaks(res, token)) leaked.push(`${method} ${r.url.replace(secretOf(token), '<secret>')} → ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(leaked, []);
  });
});

// Every audit event names its credential (issue 21 §3): by id and display hint, never by what
// would let someone act as it. Acting through each kind of credential, then reading every stored
// audit row, the export and the outbox: no token secret, no session id, stored session hash or
// CSRF token anywhere.
describeEachDatabase('no secret in an audit event\'s credential', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('tokens, a SCIM token and a console session act; the log names each and holds none of their secrets', async () => {
    const admin = await t.serviceUser('Secretless Admin', 'admin');
    const person = await t.personalUser('Secretless Person');
    await t.request('POST', '/api/users', { token: admin.token, body: { name: 'Secretless Made' } });
    const pat2 = (await t.request('POST', '/api/user-tokens', { token: person.token, body: { name: 'second', expires_in_days: 7 } })).body.token as string;
    const sync = await t.request('POST', '/api/users', { body: { name: 'Secretless Directory', role: 'admin', reason: 'SCIM' } });
    const scim = (await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } })).body.token as string;
    const scimUser = await t.request('POST', '/api/scim/v2/Users', {
      token: scim, headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'secretless@example.com', active: true }),
    });
    assert.equal(scimUser.status, 201, scimUser.text);
    const claims = { issuer: 'https://idp.example.com', subject: 'secretless', email: 'console.secretless@example.com', emailVerified: true, name: 'Console Person' };
    const { session } = await signIn(t.db, { sessionHours: 8, sessionIdleMinutes: 60, initialAdmins: [] }, claims, { requestId: null, ip: null, userAgent: null }, null);
    const cookie = `${SESSION_COOKIE}=${session.secret}; ${CSRF_COOKIE}=${session.csrf}`;
    const fromConsole = await t.request('POST', '/api/user-tokens', { token: null, headers: { cookie, [CSRF_HEADER]: session.csrf }, body: { name: 'console', expires_in_days: 7 } });
    assert.equal(fromConsole.status, 201, fromConsole.text);

    const rows = await t.db.kysely.selectFrom('audit_events').selectAll().execute();
    const kinds = new Set(rows.map((r) => r.credential_kind));
    for (const kind of ['token', 'scim', 'session', 'system']) assert.ok(kinds.has(kind), `an event through a ${kind} credential`);
    const outbox = await t.db.kysely.selectFrom('notification_events').select('data').execute();
    const stored = JSON.stringify(rows) + JSON.stringify(outbox) + (await t.request('GET', '/api/audit-events/export')).text + (await t.request('GET', '/api/audit-events?size=200')).text;
    const secrets = [t.adminToken, admin.token, person.token, pat2, scim, fromConsole.body.token].map((x) => x.slice(PREFIX.personal.length));
    for (const secret of [...secrets, session.secret, hashSessionId(session.secret), session.csrf]) {
      assert.ok(!stored.includes(secret), `no ${secret.slice(0, 6)}… in the audit log, its export or the outbox`);
    }
  });
});
