// Issue 11: rotation with an overlap, narrowed tokens, and revocation of exposed tokens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { generateToken } from './format.ts';
import { READ_ACTIONS } from '../access/model.ts';

const HOUR = 3_600_000;

describeEachDatabase('token rotation', (dialect) => {
  let t: TestApp;
  let robot: { id: number; user_id: string; token: string };
  before(async () => {
    t = await startTestApp(dialect);
    robot = await t.serviceUser('Rotating Robot');
  });
  after(async () => t.close());

  const issue = async (name: string, days: number | null = 90, extra: Record<string, unknown> = {}) =>
    (await t.request('POST', '/api/user-tokens', { body: { name, expires_in_days: days, user_id: robot.id, ...extra } })).body;
  const me = (token: string) => t.request('GET', '/api/users/me', { token });

  test('the successor works at once; the old token keeps working through the overlap (24 h by default), both linked and audited', async () => {
    const old = await issue('airflow');
    const res = await t.request('POST', `/api/user-tokens/${old.id}/rotate`, { body: {} });
    assert.equal(res.status, 201);
    const { successor, previous } = res.body;
    assert.match(successor.token, /^wdn_svc_/);
    assert.equal(successor.name, 'airflow', 'the pair shares the name');
    assert.equal(successor.rotated_from, old.id);
    assert.equal(previous.rotated_to, successor.id);
    assert.equal(previous.expiry_reason, 'rotated');
    assert.equal(Date.parse(previous.expires_at) - Date.parse(previous.rotated_at), 24 * HOUR, 'the overlap, to the millisecond');
    assert.equal((await me(successor.token)).status, 200);
    assert.equal((await me(old.token)).status, 200, 'the old token works during the overlap');
    // its last use keeps being recorded, so the person can watch it go quiet
    await t.app.warden.lastUsed.flush();
    assert.ok((await t.request('GET', `/api/user-tokens/${old.id}`)).body.last_used_at);
    const listed = (await t.request('GET', `/api/user-tokens/service?user_id=${robot.id}`)).body.items;
    assert.deepEqual(listed.filter((x: { name: string }) => x.name === 'airflow').map((x: { id: number }) => x.id).sort(), [old.id, successor.id].sort());
    const audit = (await t.request('GET', `/api/audit-events?action=token.rotated&target_id=${old.id}`)).body.items[0];
    assert.equal(audit.changes.rotated_to.after, successor.id);
    assert.ok(!JSON.stringify(audit).includes(successor.token));
  });

  test('the overlap is honoured to the second: accepted just before its end, refused as expired just after', async () => {
    const old = await issue('overlap-edge');
    const { previous } = (await t.request('POST', `/api/user-tokens/${old.id}/rotate`, { body: { overlap_hours: 2 } })).body;
    assert.equal(Date.parse(previous.expires_at) - Date.parse(previous.rotated_at), 2 * HOUR);
    const shift = async (ms: number) => {
      // move the rotation into the past, keeping the overlap's length
      await t.db.kysely.updateTable('tokens').set({ rotated_at: new Date(Date.parse(previous.rotated_at) - ms).toISOString(), expires_at: new Date(Date.parse(previous.expires_at) - ms).toISOString() }).where('id', '=', old.id).execute();
    };
    await shift(2 * HOUR - 2000);
    assert.equal((await me(old.token)).status, 200, 'two seconds before the end');
    await shift(2 * HOUR + 1000);
    const late = await me(old.token);
    assert.equal(late.status, 401);
    assert.equal(late.body.detail, 'The token has expired');
    assert.equal((await t.request('GET', `/api/user-tokens/${old.id}`)).body.status, 'expired');
  });

  test('a zero overlap stops the old token at once', async () => {
    const old = await issue('instant');
    const res = await t.request('POST', `/api/user-tokens/${old.id}/rotate`, { body: { overlap_hours: 0 } });
    assert.equal(res.status, 201);
    assert.equal((await me(old.token)).status, 401);
    assert.equal((await me(res.body.successor.token)).status, 200);
  });

  test('a second rotation of the same token is 409 naming its successor, and revokes nothing', async () => {
    const old = await issue('twice');
    const first = (await t.request('POST', `/api/user-tokens/${old.id}/rotate`, { body: {} })).body;
    const again = await t.request('POST', `/api/user-tokens/${old.id}/rotate`, { body: {} });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, new RegExp(`successor is token ${first.successor.id}`));
    assert.equal((await me(old.token)).status, 200);
    assert.equal((await me(first.successor.token)).status, 200);
    const chained = await t.request('POST', `/api/user-tokens/${first.successor.id}/rotate`, { body: { overlap_hours: 1 } });
    assert.equal(chained.status, 201, 'the successor can be rotated in turn');
  });

  test('the successor inherits lifetime, scope and restrictions; only an active token rotates', async () => {
    const never = await issue('never', null);
    const fromNever = (await t.request('POST', `/api/user-tokens/${never.id}/rotate`, { body: {} })).body.successor;
    assert.equal(fromNever.expires_at, null);
    const thirty = await issue('thirty', 30);
    const fromThirty = (await t.request('POST', `/api/user-tokens/${thirty.id}/rotate`, { body: {} })).body.successor;
    const days = (Date.parse(fromThirty.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `${days} days`);
    const asked = await issue('asked', 30);
    const fromAsked = (await t.request('POST', `/api/user-tokens/${asked.id}/rotate`, { body: { expires_in_days: 365 } })).body.successor;
    assert.ok((Date.parse(fromAsked.expires_at) - Date.now()) / 86_400_000 > 364);
    const narrow = await issue('narrow', 30, { actions: ['read'], allowed_cidrs: ['10.0.0.0/8'] });
    const fromNarrow = (await t.request('POST', `/api/user-tokens/${narrow.id}/rotate`, { body: {} })).body.successor;
    assert.deepEqual(fromNarrow.restrictions, narrow.restrictions);
    const revoked = await issue('revoked');
    await t.request('PUT', `/api/user-tokens/${revoked.id}`, { body: { revoked: true } });
    assert.equal((await t.request('POST', `/api/user-tokens/${revoked.id}/rotate`, { body: {} })).status, 409);
    assert.equal((await t.request('POST', `/api/user-tokens/${never.id}/rotate`, { body: { overlap_hours: 721 } })).status, 422);
  });

  test('who may rotate: the owner of a personal token, an Admin for a service token', async () => {
    const person = await t.personalUser('Rotating Person');
    const mine = await t.request('GET', '/api/user-tokens', { token: person.token });
    const pat = mine.body.items[0];
    assert.equal((await t.request('POST', `/api/user-tokens/${pat.id}/rotate`, { body: {} })).status, 404, 'an Admin never sees another person\'s PAT');
    const rotated = await t.request('POST', `/api/user-tokens/${pat.id}/rotate`, { token: person.token, body: { overlap_hours: 0 } });
    assert.equal(rotated.status, 201);
    const svc = await issue('not-yours');
    assert.equal((await t.request('POST', `/api/user-tokens/${svc.id}/rotate`, { token: rotated.body.successor.token, body: {} })).status, 404);
  });
});

describeEachDatabase('token rotation within a capped lifetime', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_MAX_TOKEN_DAYS: '60' }); });
  after(async () => t.close());

  test('the successor never outlives the cap', async () => {
    const robot = await t.serviceUser('Capped Robot');
    const made = (await t.request('POST', '/api/user-tokens', { body: { name: 'c', expires_in_days: 60, user_id: robot.id } })).body;
    const { successor } = (await t.request('POST', `/api/user-tokens/${made.id}/rotate`, { body: {} })).body;
    assert.ok((Date.parse(successor.expires_at) - Date.now()) / 86_400_000 <= 60);
    assert.equal((await t.request('POST', `/api/user-tokens/${successor.id}/rotate`, { body: { expires_in_days: 90 } })).status, 422);
    assert.equal((await t.request('POST', `/api/user-tokens/${successor.id}/rotate`, { body: { expires_in_days: null } })).status, 422);
  });
});

describeEachDatabase('narrowed tokens', (dialect) => {
  let t: TestApp;
  let owner: { id: number; user_id: string; token: string };
  let team: number;
  let dsA: number;
  let dsB: number;
  before(async () => {
    t = await startTestApp(dialect, { WARDEN_TRUST_PROXY: '127.0.0.1', WARDEN_AUTH_FAILURE_LIMIT: '1000' });
    owner = await t.serviceUser('Narrow Owner', 'admin');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    dsA = await mk('Narrow A');
    dsB = await mk('Narrow B');
    team = (await t.request('POST', '/api/teams', { body: { name: 'Narrow Editors', permission: 'editor', datastore_ids: [dsA, dsB] } })).body.id;
  });
  after(async () => t.close());

  const issue = async (body: Record<string, unknown>, userId = owner.id) =>
    t.request('POST', '/api/user-tokens', { body: { name: `n${Math.random()}`, expires_in_days: 1, user_id: userId, ...body } });
  const decide = (token: string, action: string, datastore_id?: number) => t.request('POST', '/api/authorize', { token, body: { action, ...(datastore_id ? { datastore_id } : {}) } });

  test('a read token is refused every action that changes something, with the reason token_restricted', async () => {
    const read = (await issue({ actions: ['read'] })).body;
    assert.deepEqual(read.restrictions.actions, READ_ACTIONS);
    for (const action of READ_ACTIONS) {
      const res = await decide(read.token, action, action.startsWith('datastore') || action.includes('masked') ? dsA : undefined);
      assert.equal(res.body.allowed, true, action);
    }
    for (const action of ['users.manage', 'teams.manage', 'service_tokens.manage', 'settings.manage', 'checks.manage', 'datastore.delete']) {
      const res = await decide(read.token, action, action.startsWith('checks') || action.startsWith('datastore') ? dsA : undefined);
      assert.deepEqual([res.body.allowed, res.body.reason], [false, 'token_restricted'], action);
    }
    // and every Warden route that changes something
    const svc = await t.serviceUser('Read Target');
    const mutations: [string, string, unknown][] = [
      ['POST', '/api/users', { name: 'By Read Token' }],
      ['PUT', `/api/users/${svc.id}`, { role: 'member', purpose: 'x' }],
      ['DELETE', `/api/users/${svc.id}`, {}],
      ['POST', '/api/user-tokens', { name: 'x', expires_in_days: 1, user_id: svc.id }],
      ['POST', '/api/teams', { name: 'By Read Token', permission: 'viewer' }],
      ['PUT', `/api/teams/${team}`, { description: 'x' }],
      ['POST', '/api/datastores', { name: 'By Read Token', kind: 'source' }],
      ['PUT', `/api/datastores/${dsA}`, { description: 'x' }],
      ['DELETE', `/api/datastores/${dsB}`, {}],
    ];
    for (const [method, url, body] of mutations) {
      const res = await t.request(method, url, { token: read.token, body });
      assert.equal(res.status, 403, `${method} ${url} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    assert.equal((await t.request('GET', '/api/users', { token: read.token })).status, 200);
  });

  test('a datastore token is allowed on its datastore and refused on another its owner reaches', async () => {
    const member = await t.serviceUser('Narrow Member');
    await t.request('PUT', `/api/teams/${team}`, { body: { user_ids: [member.id] } });
    const only = (await issue({ datastore_ids: [dsA] }, member.id)).body;
    assert.equal((await decide(only.token, 'checks.manage', dsA)).body.allowed, true);
    const other = await decide(only.token, 'checks.manage', dsB);
    assert.deepEqual([other.status, other.body.allowed, other.body.reason], [200, false, 'token_restricted']);
    assert.equal((await decide(member.token, 'checks.manage', dsB)).body.allowed, true, 'the owner itself may');
    const listed = await t.request('GET', '/api/datastores', { token: only.token });
    assert.deepEqual(listed.body.items.map((d: { id: number }) => d.id), [dsA]);
    assert.equal((await t.request('GET', `/api/datastores/${dsB}`, { token: only.token })).status, 404);
    const fa = await t.request('GET', `/api/forward-auth?action=datastore.read&datastore_id=${dsB}`, { token: only.token });
    assert.deepEqual([fa.status, fa.headers['x-warden-reason']], [403, 'token_restricted']);
    assert.equal((await t.request('GET', `/api/forward-auth?action=datastore.read&datastore_id=${dsA}`, { token: only.token })).status, 200);
  });

  test('networks: IPv4, IPv6 and IPv4-mapped clients, also through a trusted proxy; refusals count as failures and are audited hourly', async () => {
    const net = (await issue({ allowed_cidrs: ['192.0.2.0/24', '2001:db8::/32'] })).body;
    assert.deepEqual(net.restrictions.allowed_cidrs, ['192.0.2.0/24', '2001:db8::/32']);
    const from = (ip: string) => t.request('GET', '/api/users/me', { token: net.token, ip });
    assert.equal((await from('192.0.2.10')).status, 200);
    assert.equal((await from('::ffff:192.0.2.10')).status, 200);
    assert.equal((await from('2001:db8::5')).status, 200);
    const refused = await from('198.51.100.1');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.type, 'https://warden.dev/problems/unauthorized/ip-not-allowed');
    assert.equal((await from('::ffff:198.51.100.1')).status, 401);
    assert.equal((await from('2001:db9::1')).status, 401);
    const viaProxy = (xff: string) => t.request('GET', '/api/users/me', { token: net.token, ip: '127.0.0.1', headers: { 'x-forwarded-for': xff } });
    assert.equal((await viaProxy('192.0.2.77')).status, 200);
    assert.equal((await viaProxy('203.0.113.9')).status, 401);
    await new Promise((r) => setTimeout(r, 100));
    const audits = (await t.request('GET', `/api/audit-events?action=token.ip_refused&target_id=${net.id}`)).body;
    assert.equal(audits.total, 1, 'one audit event per token per hour, however many refusals');
    assert.ok(!JSON.stringify(audits).includes(net.token));
  });

  test('an address refusal counts toward the failure limit', async () => {
    const limited = await startTestApp(dialect, { WARDEN_AUTH_FAILURE_LIMIT: '2' });
    try {
      const robot = await limited.serviceUser('Limited Net');
      const tok = (await limited.request('POST', '/api/user-tokens', { body: { name: 'net', expires_in_days: 1, user_id: robot.id, allowed_cidrs: ['192.0.2.0/24'] } })).body.token;
      for (let i = 0; i < 2; i++) assert.equal((await limited.request('GET', '/api/users/me', { token: tok, ip: '198.51.100.3' })).status, 401);
      assert.equal((await limited.request('GET', '/api/users/me', { token: tok, ip: '198.51.100.3' })).status, 429);
    } finally {
      await limited.close();
    }
  });

  test('never wider than the owner: lowering the owner\'s role narrows every token at once', async () => {
    const mgr = await t.serviceUser('Narrow Manager', 'manager');
    const tok = (await issue({ actions: ['users.read', 'teams.read'] }, mgr.id)).body.token;
    assert.equal((await decide(tok, 'users.read')).body.allowed, true);
    await t.request('PUT', `/api/users/${mgr.id}`, { body: { role: 'member' } });
    const after = await decide(tok, 'users.read');
    assert.deepEqual([after.body.allowed, after.body.reason], [false, 'insufficient_role']);
    assert.equal((await decide(tok, 'tags.read')).body.reason, 'token_restricted');
  });

  test('restrictions that cannot be satisfied are 422 at creation', async () => {
    const member = await t.serviceUser('Unreaching Member');
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ actions: ['users.read', 'fly'] }, owner.id, /Unknown action "fly"/],
      [{ actions: [] }, owner.id, /actions/],
      [{ datastore_ids: [999999] }, owner.id, /No datastore with id 999999/],
      [{ datastore_ids: [dsB] }, member.id, /cannot be wider than its owner/],
      [{ allowed_cidrs: ['10.0.0.0/33'] }, owner.id, /not an IPv4 or IPv6/],
      [{ allowed_cidrs: ['example.com'] }, owner.id, /not an IPv4 or IPv6/],
    ];
    for (const [body, userId, detail] of cases) {
      const res = await issue(body, userId);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.body.detail, detail);
    }
  });
});

describeEachDatabase('revocation of exposed tokens', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_EXPOSURE_REPORT_LIMIT: '5' }); });
  after(async () => t.close());

  const report = (credentials: unknown[], ip = '203.0.113.50', headers: Record<string, string> = {}) =>
    t.request('POST', '/api/credentials/revoke', { token: null, ip, headers, body: { credentials } });
  /** The revocation follows the answer, within a second. */
  const refusedWithin1s = async (token: string) => {
    const deadline = Date.now() + 1000;
    for (;;) {
      const me = await t.request('GET', '/api/users/me', { token });
      if (me.status === 401 || Date.now() > deadline) return me;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  test('a known active token is revoked (exposed), flagged and audited with actor system and the reporter\'s address', async () => {
    const robot = await t.serviceUser('Leaky Robot');
    const res = await report([robot.token]);
    assert.equal(res.status, 202);
    const me = await refusedWithin1s(robot.token);
    assert.equal(me.status, 401);
    assert.match(me.body.detail, /revoked/);
    const tokens = (await t.request('GET', `/api/user-tokens/service?user_id=${robot.id}`)).body.items;
    assert.equal(tokens[0].revoked_reason, 'exposed');
    assert.ok(tokens[0].exposed_at);
    const audit = (await t.request('GET', `/api/audit-events?action=token.revoked&target_id=${tokens[0].id}`)).body.items[0];
    assert.equal(audit.actor, 'system');
    assert.equal(audit.ip, '203.0.113.50');
    assert.equal(audit.reason, 'exposed');
    assert.ok(!JSON.stringify(audit).includes(robot.token));
  });

  test('the answer is byte-identical whatever was sent; unknown and malformed strings change nothing', async () => {
    const robot = await t.serviceUser('Careful Robot');
    const before = (await t.request('GET', '/api/audit-events')).body.total;
    const answers = [
      await report([generateToken('service')], '203.0.113.60'),
      await report(['not a token', 'wdn_svc_short', '', 'x'.repeat(4000)], '203.0.113.61'),
      await report([], '203.0.113.62'),
      await report([robot.token.slice(0, -1) + (robot.token.endsWith('A') ? 'B' : 'A')], '203.0.113.63'),
    ];
    const other = await t.serviceUser('Reported Robot');
    answers.push(await report([other.token, 'noise'], '203.0.113.64'));
    for (const a of answers) {
      assert.equal(a.status, 202);
      assert.equal(a.text, answers[0].text);
      assert.equal(a.headers['content-type'], answers[0].headers['content-type']);
    }
    assert.equal((await refusedWithin1s(other.token)).status, 401);
    assert.equal((await t.request('GET', '/api/users/me', { token: robot.token })).status, 200, 'a mistyped copy revokes nothing');
    const events = (await t.request('GET', '/api/audit-events?size=200')).body;
    const added = events.items.slice(0, events.total - before);
    assert.deepEqual(added.filter((e: { action: string }) => e.action === 'token.revoked').length, 1);
  });

  test('rate limited per client address; an authenticated call is 403; oversized reports are refused', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await report([], '198.51.100.99')).status, 202);
    const limited = await report([], '198.51.100.99');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await report([], '198.51.100.98')).status, 202, 'other addresses are unaffected');
    const authed = await t.request('POST', '/api/credentials/revoke', { body: { credentials: [] } });
    assert.equal(authed.status, 403);
    assert.equal((await report(Array.from({ length: 1001 }, () => 'x'), '198.51.100.97')).status, 422);
  });
});

test('reported strings, tokens or not, never reach the log, even at trace level', async () => {
  const { createTestDb } = await import('../../test/support.ts');
  const { migrateToLatest } = await import('../db/migrate.ts');
  const { buildApp } = await import('../http/app.ts');
  const { loadConfig } = await import('../config.ts');
  const { bootstrapAdmin } = await import('../users/bootstrap.ts');
  const testDb = await createTestDb('sqlite');
  await migrateToLatest(testDb.db);
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (d) => (log += d.toString()));
  const app = await buildApp({ config: loadConfig({ WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'trace' }), db: testDb.db, logger: { stream } });
  const { token } = await bootstrapAdmin(testDb.db, null);
  const res = await app.inject({ method: 'POST', url: '/api/credentials/revoke', payload: { credentials: [token, 'my-db-password-hunter2'] } });
  assert.equal(res.statusCode, 202);
  await app.close();
  await testDb.drop();
  assert.ok(log.includes('/api/credentials/revoke'), 'the request was logged');
  for (const secret of [token, token.slice(8, 30), 'hunter2']) assert.ok(!log.includes(secret), `the log holds ${secret.slice(0, 10)}…`);
});
