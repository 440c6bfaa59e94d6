// The hot path (src/http/hot-path.ts) answers cached forward-auth requests in front of Fastify.
// Two real servers on one database, one with the hot path and one without, get the same requests:
// every answer must be the same bytes (status, headers in their order, body), the same access line
// and the same request metrics; the hot one must have answered the cached cases itself and left
// every other case to Fastify.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { buildApp } from '../src/http/app.ts';

interface Raw { status: number; headers: [string, string][]; body: string }

function get(port: number, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode!, headers: pairs, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describeEachDatabase('the hot path in front of Fastify', (dialect) => {
  let t: TestApp;
  const servers: { app: FastifyInstance; port: number; lines: string[] }[] = [];
  let member: { id: number; user_id: string; token: string };
  let person: { id: number; user_id: string; token: string };
  let scim: string;
  let ds: { granted: number; hidden: number };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Hot Member', 'member');
    person = await t.personalUser('Hot Pérson ü', 'manager');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    ds = { granted: await mk('Hot granted'), hidden: await mk('Hot hidden') };
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'Hot Editors', permission: 'editor', user_ids: [member.id, person.id], datastore_ids: [ds.granted] } })).status, 201);
    const scimUser = await t.serviceUser('Hot SCIM', 'admin');
    const scimToken = await t.request('POST', '/api/user-tokens', { body: { name: 'scim', expires_in_days: 1, user_id: scimUser.id, scim_only: true } });
    assert.equal(scimToken.status, 201, scimToken.text);
    scim = scimToken.body.token;
    // The default level (info: one access line per request) and metrics on, as shipped.
    const config = { ...t.config, logLevel: 'info' as const, metricsPort: 0 };
    for (const hotPath of [true, false]) {
      const lines: string[] = [];
      const app = await buildApp({ config, db: t.db, hotPath, logger: { stream: { write: (l: string) => lines.push(l) } as unknown as NodeJS.WritableStream } });
      await app.listen({ host: '127.0.0.1', port: 0 });
      servers.push({ app, port: (app.server.address() as AddressInfo).port, lines });
    }
  });
  after(async () => {
    for (const s of servers) await s.app.close();
    await t.close();
  });

  const [hot, slow] = [() => servers[0], () => servers[1]];

  /** Waits until the node's caches are trusted (PostgreSQL: its listener confirmed; at once on SQLite). */
  async function trusted(app: FastifyInstance): Promise<void> {
    for (const deadline = Date.now() + 10_000; !app.warden.cache.trusted();) {
      if (Date.now() > deadline) throw new Error('the cache never became trusted');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * The same request to both servers (`warm` times first: that fills the caches), then once more to
   * each: those answers and access lines compared. On PostgreSQL the caches are trusted while the
   * listener's lease holds; on a loaded machine it can lapse, and then nothing read is kept and both
   * paths read the database: a case that should be hot and was not is tried again (three times in
   * all, both servers alike, so that their counts stay equal; the third must be hot).
   */
  async function both(path: string, headers: Record<string, string>, wantHot: boolean, warm = 1): Promise<Raw> {
    for (let attempt = 1; ; attempt++) {
      const answers: Raw[] = [];
      const lines: Record<string, unknown>[] = [];
      for (const s of [hot(), slow()]) {
        await trusted(s.app);
        for (let i = 0; i < warm; i++) await get(s.port, path, headers);
      }
      let answered = 0;
      for (const s of [hot(), slow()]) {
        const answersBefore = s.app.warden.hotPathAnswers;
        const before = s.lines.length;
        answers.push(await get(s.port, path, { ...headers, 'x-request-id': 'hot-path-test' }));
        if (s === hot()) answered = s.app.warden.hotPathAnswers - answersBefore;
        else assert.equal(s.app.warden.hotPathAnswers, 0, 'the server without the hot path answers nothing by it');
        if (s === hot() && wantHot && answered === 0 && attempt < 3) continue;
        const access = s.lines.slice(before).map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
        assert.equal(access.length, 1, `one access line (${s === hot() ? 'hot' : 'slow'})`);
        const { time, responseTime, ...rest } = access[0];
        assert.equal(typeof time, 'number');
        assert.equal(typeof responseTime, 'number');
        lines.push(rest);
      }
      const [a, b] = answers.map((r) => ({ ...r, headers: r.headers.filter(([k]) => k !== 'date') }));
      assert.deepEqual(a, b, `${path}: the same answer`);
      if (wantHot && answered === 0 && lines.length < 2) continue; // the lease lapsed: again
      assert.deepEqual(lines[0], lines[1], `${path}: the same access line`);
      assert.equal(answered, wantHot ? 1 : 0, `${path}: ${wantHot ? 'answered by the hot path' : 'left to Fastify'}`);
      return a;
    }
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const fa = (action: string, datastore: number) => `/api/forward-auth?action=${action}&datastore_id=${datastore}`;

  test('cached allows and denials: the same bytes, access line and request metrics as Fastify\'s', async () => {
    const allow = await both(fa('checks.manage', ds.granted), bearer(member.token), true);
    assert.equal(allow.status, 200);
    assert.deepEqual(allow.headers.filter(([k]) => k.startsWith('x-warden-')).map(([k]) => k), ['x-warden-user-id', 'x-warden-user-type', 'x-warden-role', 'x-warden-level', 'x-warden-team-id']);
    assert.equal((await both(fa('datastore.read', ds.granted), bearer(person.token), true)).status, 200);
    assert.equal((await both(fa('datastore.manage', ds.granted), bearer(member.token), true)).status, 200);
    const denied = await both(fa('datastore.read', ds.hidden), bearer(member.token), true);
    assert.equal(denied.status, 403);
    assert.match(denied.body, /"request_id":"hot-path-test"/);
    assert.deepEqual(denied.headers.find(([k]) => k === 'x-warden-reason'), ['x-warden-reason', 'no_team']);
    assert.equal((await both(fa('users.read', ds.hidden), bearer(member.token), true)).status, 403); // a platform action
    const metricsOf = async (app: FastifyInstance) => (await app.warden.metrics!.registry.metrics()).split('\n')
      .filter((l) => /^warden_(http_request_duration_seconds_(count)\{[^}]*route="\/api\/forward-auth"|authentications_total|decisions_total)/.test(l))
      .filter((l) => !l.includes('_bucket')).sort();
    const [h, s] = [await metricsOf(hot().app), await metricsOf(slow().app)];
    assert.ok(h.some((l) => l.startsWith('warden_http_request_duration_seconds_count')), h.join('\n'));
    assert.deepEqual(h, s);
  });

  test('a cached /users/me: the same bytes, access line and request metrics, also after a change to the user', async () => {
    const me = await both('/api/users/me', bearer(member.token), true, 2);
    assert.equal(me.status, 200);
    assert.equal(JSON.parse(me.body).user_id, member.user_id);
    assert.equal(JSON.parse((await both('/api/users/me', bearer(person.token), true, 2)).body).name, 'Hot Pérson ü');
    const changed = await t.request('PUT', `/api/users/${member.id}`, { body: { role: 'manager', reason: 'the hot path test' } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(JSON.parse((await both('/api/users/me', bearer(member.token), true, 2)).body).role, 'manager');
    assert.equal((await both('/api/users/me/', bearer(member.token), false)).status, 200);
    assert.equal((await both('/api/users/me', bearer(scim), false)).status, 403);
    const metricsOf = async (app: FastifyInstance) => (await app.warden.metrics!.registry.metrics()).split('\n')
      .filter((l) => /^warden_(http_request_duration_seconds_count\{[^}]*route="\/api\/users\/me"|authentications_total)/.test(l)).sort();
    const [h, s] = [await metricsOf(hot().app), await metricsOf(slow().app)];
    assert.ok(h.some((l) => l.startsWith('warden_http_request_duration_seconds_count')), h.join('\n'));
    assert.deepEqual(h, s);
  });

  test('a request id of the server\'s own, the same shape on both paths', async () => {
    for (const s of [hot(), slow()]) {
      for (const path of [fa('datastore.read', ds.granted), '/api/users/me']) {
        const res = await get(s.port, path, bearer(member.token));
        assert.match(res.headers.find(([k]) => k === 'x-request-id')![1], /^[0-9a-f]{12}-[0-9a-z]+$/);
      }
    }
  });

  test('everything else is left to Fastify, and answers as it does', async () => {
    assert.equal((await both(fa('datastore.read', ds.granted), bearer('wdn_svc_' + 'A'.repeat(40)), false)).status, 401);
    assert.equal((await both(fa('datastore.read', ds.granted), {}, false)).status, 401);
    assert.equal((await both(fa('no.such', ds.granted), bearer(member.token), false)).status, 422);
    assert.equal((await both(fa('datastore.read', 2_147_483_648), bearer(member.token), false)).status, 422);
    assert.equal((await both(`/api/forward-auth?datastore_id=${ds.granted}&action=datastore.read`, bearer(member.token), false)).status, 200);
    assert.equal((await both(`${fa('datastore.read', ds.granted)}&x=1`, bearer(member.token), false)).status, 200);
    assert.equal((await both(fa('datastore.read', 999_999), bearer(member.token), true)).status, 403); // no such datastore (known to be none once asked)
    assert.equal((await both(fa('datastore.read', ds.granted), { authorization: `bearer ${member.token}` }, false)).status, 200);
    assert.equal((await both(fa('datastore.read', ds.granted), bearer(scim), false)).status, 403);
    const doomed = await t.serviceUser('Hot Doomed', 'member');
    assert.equal((await both(fa('datastore.read', ds.granted), bearer(doomed.token), true)).status, 403);
    const tokens = await t.request('GET', `/api/user-tokens/service?user_id=${doomed.id}`);
    assert.equal((await t.request('PUT', `/api/user-tokens/${tokens.body.items[0].id}`, { body: { revoked: true } })).status, 200);
    assert.equal((await both(fa('datastore.read', ds.granted), bearer(doomed.token), false)).status, 401);
  });
});
