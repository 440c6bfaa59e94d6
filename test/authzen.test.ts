// AuthZEN 1.0 (OpenID Foundation Authorization API 1.0) against Warden's own decision: the
// evaluation, the evaluations and the three searches agree with POST /api/authorize on every row of
// the decision matrix (every action × role × principal type × team level, and no team), on both
// databases. The request shapes are the specification's examples (api/authorization-api-1_0.md of
// github.com/openid/authzen), reshaped onto Warden's model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_NAMES, ACTIONS, LEVELS, ROLES, type ActionName } from '../src/access/model.ts';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

type U = { id: number; user_id: string; token: string };

describeEachDatabase('AuthZEN 1.0 PDP', (dialect) => {
  let t: TestApp;
  let pep: string;
  const subjects: { user: U; type: 'personal' | 'service'; role: string }[] = [];
  const levelDatastores = new Map<string, number>();
  let noTeam: number;
  let everyone: { id: number; user_id: string }[];
  let datastores: number[];

  before(async () => {
    t = await startTestApp(dialect);
    for (const role of ROLES) {
      subjects.push({ user: await t.serviceUser(`Svc ${role}`, role), type: 'service', role });
      subjects.push({ user: await t.personalUser(`Person ${role}`, role), type: 'personal', role });
    }
    const ids = subjects.map((s) => s.user.id);
    for (const level of LEVELS) {
      const d = await t.request('POST', '/api/datastores', { body: { name: `DS at ${level}`, kind: 'source' } });
      // Half the subjects reach each datastore, so that subject searches have both answers.
      const members = ids.filter((_id, i) => (i + LEVELS.indexOf(level)) % 2 === 0);
      assert.equal((await t.request('POST', '/api/teams', { body: { name: `Team ${level}`, permission: level, user_ids: members, datastore_ids: [d.body.id] } })).status, 201);
      levelDatastores.set(level, d.body.id);
    }
    noTeam = (await t.request('POST', '/api/datastores', { body: { name: 'DS without team', kind: 'enrichment' } })).body.id;
    datastores = [...levelDatastores.values(), noTeam];
    // The PEP: an Admin service user whose token is narrowed to decisions.evaluate alone.
    const pepUser = await t.serviceUser('PEP', 'admin');
    const narrowed = await t.request('POST', '/api/user-tokens', { body: { name: 'pep', expires_in_days: 30, user_id: pepUser.id, actions: ['decisions.evaluate'] } });
    assert.equal(narrowed.status, 201, narrowed.text);
    pep = narrowed.body.token;
    everyone = (await t.request('GET', '/api/users?per_page=100')).body.items.map((u: { id: number; user_id: string }) => ({ id: u.id, user_id: u.user_id }));
    assert.ok(everyone.length >= 8);
  });
  after(async () => t.close());

  const resourceOf = (action: ActionName, datastoreId?: number) => (ACTIONS[action].kind === 'platform' ? { type: 'platform', id: 'warden' } : { type: 'datastore', id: String(datastoreId) });
  const targetsOf = (action: ActionName) => (ACTIONS[action].kind === 'platform' ? [undefined] : datastores);
  const authorize = async (userId: number, action: ActionName, datastoreId?: number) => {
    const res = await t.request('POST', '/api/authorize', { body: { action, user_id: userId, ...(datastoreId ? { datastore_id: datastoreId } : {}) } });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  test('evaluation and evaluations agree with POST /api/authorize on every row of the matrix', async () => {
    let rows = 0;
    for (const s of subjects) {
      const batch: { action: { name: string }; resource: { type: string; id: string } }[] = [];
      const want: { decision: boolean; context: unknown }[] = [];
      for (const action of ACTION_NAMES) {
        for (const ds of targetsOf(action)) {
          const a = await authorize(s.user.id, action, ds);
          const context = { reason: a.reason, role: a.role, level: a.level, team: a.team };
          // The specification's single evaluation example, reshaped.
          const res = await t.request('POST', '/access/v1/evaluation', {
            token: pep,
            body: { subject: { type: 'user', id: s.user.user_id }, resource: resourceOf(action, ds), action: { name: action, properties: { method: 'GET' } }, context: { time: '1985-10-26T01:22-07:00' } },
          });
          assert.equal(res.status, 200, res.text);
          assert.deepEqual(res.body, { decision: a.allowed, context }, `${action} for ${s.type} ${s.role} on ${ds ?? 'the platform'}`);
          batch.push({ action: { name: action }, resource: resourceOf(action, ds) });
          want.push({ decision: a.allowed, context });
          rows++;
        }
      }
      // The boxcarred form with a default subject and context (the specification's second example).
      const all = await t.request('POST', '/access/v1/evaluations', { token: pep, body: { subject: { type: 'user', id: s.user.user_id }, context: { time: '2024-05-31T15:22-07:00' }, evaluations: batch } });
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(all.body, { evaluations: want });
    }
    assert.equal(rows, 6 * (ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'platform').length + ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'datastore').length * 6));
  });

  test('subject search: exactly the users POST /api/authorize allows, for every action and datastore', async () => {
    for (const action of ACTION_NAMES) {
      for (const ds of targetsOf(action)) {
        const want: string[] = [];
        for (const u of everyone) if ((await authorize(u.id, action, ds)).allowed) want.push(u.user_id);
        const res = await t.request('POST', '/access/v1/search/subject', { token: pep, body: { subject: { type: 'user' }, action: { name: action }, resource: resourceOf(action, ds), context: { time: '2024-10-26T01:22-07:00' } } });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.results.map((r: { type: string; id: string }) => (assert.equal(r.type, 'user'), r.id)).sort(), want.sort(), `${action} on ${ds ?? 'the platform'}`);
        assert.deepEqual(res.body.page, { next_token: '', count: want.length });
      }
    }
  });

  test('resource search: exactly the datastores POST /api/authorize allows, for every subject and datastore action', async () => {
    for (const s of subjects) {
      for (const action of ACTION_NAMES) {
        const platform = ACTIONS[action].kind === 'platform';
        const res = await t.request('POST', '/access/v1/search/resource', { token: pep, body: { subject: { type: 'user', id: s.user.user_id }, action: { name: action }, resource: { type: platform ? 'platform' : 'datastore' } } });
        assert.equal(res.status, 200, res.text);
        const want: string[] = [];
        for (const ds of targetsOf(action)) if ((await authorize(s.user.id, action, ds)).allowed) want.push(platform ? 'warden' : String(ds));
        assert.deepEqual(res.body.results.map((r: { id: string }) => r.id), want, `${action} for ${s.type} ${s.role}`);
      }
    }
  });

  test('action search: exactly the actions POST /api/authorize allows, for every subject and resource', async () => {
    for (const s of subjects) {
      for (const ds of [undefined, ...datastores]) {
        const kind = ds === undefined ? 'platform' : 'datastore';
        const want: string[] = [];
        for (const action of ACTION_NAMES.filter((a) => ACTIONS[a].kind === kind)) if ((await authorize(s.user.id, action, ds)).allowed) want.push(action);
        const res = await t.request('POST', '/access/v1/search/action', { token: pep, body: { subject: { type: 'user', id: s.user.user_id }, resource: ds === undefined ? { type: 'platform', id: 'warden' } : { type: 'datastore', id: String(ds) }, context: { time: '2024-10-26T01:22-07:00' } } });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.results, want.map((name) => ({ name })), `${s.type} ${s.role} on ${ds ?? 'the platform'}`);
      }
    }
  });

  test('the three evaluation semantics, as in the specification\'s example of three resources', async () => {
    const member = subjects.find((s) => s.type === 'service' && s.role === 'member')!;
    // datastore.read on three datastores: allowed, denied (no team), allowed or not as the team says.
    const reached = datastores.filter((d) => d !== noTeam);
    const decisions = await Promise.all([reached[0], noTeam, reached[1]].map(async (d) => (await authorize(member.user.id, 'datastore.read', d)).allowed));
    const body = (semantic: string) => ({
      subject: { type: 'user', id: member.user.user_id }, action: { name: 'datastore.read' }, options: { evaluations_semantic: semantic },
      evaluations: [reached[0], noTeam, reached[1]].map((d) => ({ resource: { type: 'datastore', id: String(d) } })),
    });
    const run = async (semantic: string) => ((await t.request('POST', '/access/v1/evaluations', { token: pep, body: body(semantic) })).body.evaluations as { decision: boolean }[]).map((e) => e.decision);
    assert.deepEqual(await run('execute_all'), decisions);
    const firstDeny = decisions.indexOf(false);
    assert.deepEqual(await run('deny_on_first_deny'), firstDeny === -1 ? decisions : decisions.slice(0, firstDeny + 1));
    const firstPermit = decisions.indexOf(true);
    assert.deepEqual(await run('permit_on_first_permit'), firstPermit === -1 ? decisions : decisions.slice(0, firstPermit + 1));
    // Without options: execute_all. A per-evaluation override of the default action (the spec's third example).
    const overridden = await t.request('POST', '/access/v1/evaluations', { token: pep, body: { subject: { type: 'user', id: member.user.user_id }, action: { name: 'datastore.read' }, evaluations: [{ resource: { type: 'datastore', id: String(noTeam) } }, { action: { name: 'connections.read' }, resource: { type: 'platform', id: 'warden' } }] } });
    assert.deepEqual(overridden.body.evaluations.map((e: { decision: boolean }) => e.decision), [false, true]);
  });

  test('unknown users and datastores are closed decisions carrying a 404 error; searches for them find nothing', async () => {
    const admin = subjects.find((s) => s.role === 'admin')!;
    const gone = await t.request('POST', '/access/v1/evaluation', { token: pep, body: { subject: { type: 'user', id: 'nobody@example.com' }, action: { name: 'datastore.read' }, resource: { type: 'datastore', id: String(noTeam) } } });
    assert.deepEqual([gone.status, gone.body], [200, { decision: false, context: { error: { status: 404, message: 'User nobody@example.com not found' } } }]);
    const noDs = await t.request('POST', '/access/v1/evaluation', { token: pep, body: { subject: { type: 'user', id: admin.user.user_id }, action: { name: 'datastore.read' }, resource: { type: 'datastore', id: '999999' } } });
    assert.deepEqual(noDs.body, { decision: false, context: { error: { status: 404, message: 'Datastore 999999 not found' } } });
    const batch = await t.request('POST', '/access/v1/evaluations', { token: pep, body: { subject: { type: 'user', id: admin.user.user_id }, evaluations: [{ action: { name: 'users.read' }, resource: { type: 'platform', id: 'warden' } }, { action: { name: 'datastore.fly' }, resource: { type: 'datastore', id: '1' } }, { action: { name: 'datastore.read' }, resource: { type: 'datastore', id: '999999' } }] } });
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.body.evaluations.map((e: { decision: boolean; context: { error?: { status: number } } }) => [e.decision, e.context.error?.status ?? null]), [[true, null], [false, 400], [false, 404]]);
    const search = await t.request('POST', '/access/v1/search/resource', { token: pep, body: { subject: { type: 'user', id: 'nobody@example.com' }, action: { name: 'datastore.read' }, resource: { type: 'datastore' } } });
    assert.deepEqual(search.body, { page: { next_token: '', count: 0 }, results: [] });
    const actions = await t.request('POST', '/access/v1/search/action', { token: pep, body: { subject: { type: 'user', id: admin.user.user_id }, resource: { type: 'datastore', id: '999999' } } });
    assert.deepEqual(actions.body.results, []);
  });

  test('pagination follows the specification: limit, next_token, the same request again, and a changed request refused', async () => {
    const body = { subject: { type: 'user' }, action: { name: 'connections.read' }, resource: { type: 'platform', id: 'warden' }, page: { limit: 3 } };
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const res = await t.request('POST', '/access/v1/search/subject', { token: pep, body: { ...body, page: { ...body.page, ...(token ? { token } : {}) } } });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.results.length <= 3);
      assert.equal(res.body.page.count, res.body.results.length);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      token = res.body.page.next_token;
      pages++;
    } while (token !== '');
    const everyoneActive = (await t.request('POST', '/access/v1/search/subject', { token: pep, body: { ...body, page: { limit: 1000 } } })).body.results.map((r: { id: string }) => r.id);
    assert.deepEqual(seen, everyoneActive);
    assert.ok(pages >= 3, `${pages} pages of 3 for ${seen.length} users`);
    const first = await t.request('POST', '/access/v1/search/subject', { token: pep, body });
    const changed = await t.request('POST', '/access/v1/search/subject', { token: pep, body: { ...body, action: { name: 'users.read' }, page: { limit: 3, token: first.body.page.next_token } } });
    assert.equal(changed.status, 400);
    assert.match(changed.body.detail, /different request/);
    const forged = await t.request('POST', '/access/v1/search/subject', { token: pep, body: { ...body, page: { limit: 3, token: 'not a token' } } });
    assert.equal(forged.status, 400);
    const personalAdmin = subjects.find((s) => s.type === 'personal' && s.role === 'admin')!;
    const actions = await t.request('POST', '/access/v1/search/action', { token: pep, body: { subject: { type: 'user', id: personalAdmin.user.user_id }, resource: { type: 'platform', id: 'warden' }, page: { limit: 10 } } });
    assert.equal(actions.body.results.length, 10);
    assert.equal(actions.body.page.total, ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'platform').length, 'a personal Admin may take every platform action');
    const rest = await t.request('POST', '/access/v1/search/action', { token: pep, body: { subject: { type: 'user', id: personalAdmin.user.user_id }, resource: { type: 'platform', id: 'warden' }, page: { limit: 10, token: actions.body.page.next_token } } });
    assert.equal(rest.body.results.length, 10);
  });

  test('malformed requests are 400 problems naming what is wrong, never 5xx', async () => {
    const good = { subject: { type: 'user', id: subjects[0].user.user_id }, action: { name: 'datastore.read' }, resource: { type: 'datastore', id: String(noTeam) } };
    const cases: [string, unknown, RegExp][] = [
      ['/access/v1/evaluation', {}, /subject/],
      ['/access/v1/evaluation', { ...good, subject: undefined }, /subject/],
      ['/access/v1/evaluation', { ...good, subject: { type: 'user' } }, /subject\.id/],
      ['/access/v1/evaluation', { ...good, subject: { type: 'group', id: 'x' } }, /subject\.type must be "user"/],
      ['/access/v1/evaluation', { ...good, action: { name: 'datastore.fly' } }, /unknown action "datastore\.fly"/],
      ['/access/v1/evaluation', { ...good, action: 'datastore.read' }, /action/],
      ['/access/v1/evaluation', { ...good, resource: { type: 'account', id: '123' } }, /resource\.type must be "datastore" or "platform"/],
      ['/access/v1/evaluation', { ...good, resource: { type: 'datastore', id: 'abc' } }, /resource\.id must be a datastore id/],
      ['/access/v1/evaluation', { ...good, resource: { type: 'datastore', id: '99999999999' } }, /resource\.id must be a datastore id/],
      ['/access/v1/evaluation', { ...good, resource: { type: 'platform', id: 'warden' } }, /datastore\.read is a datastore action/],
      ['/access/v1/evaluation', [good], /object/],
      ['/access/v1/evaluation', '"text"', /object/],
      ['/access/v1/evaluations', { evaluations: [{ resource: good.resource }] }, /evaluations\[0\] has no subject, action/],
      ['/access/v1/evaluations', { ...good, options: { evaluations_semantic: 'first_one' } }, /evaluations_semantic/],
      ['/access/v1/evaluations', { subject: good.subject }, /needs action, resource/],
      ['/access/v1/search/subject', { subject: { type: 'user' }, action: { name: 'x' }, resource: good.resource }, /unknown action/],
      ['/access/v1/search/subject', { subject: { type: 'user' }, action: good.action, resource: good.resource, page: { limit: -1 } }, /limit/],
      ['/access/v1/search/resource', { subject: good.subject, action: { name: 'users.read' }, resource: { type: 'datastore' } }, /platform action/],
      ['/access/v1/search/resource', { subject: good.subject, action: good.action, resource: {} }, /resource\.type/],
      ['/access/v1/search/action', { subject: good.subject, resource: { type: 'team', id: '1' } }, /resource\.type/],
    ];
    for (const [url, body, detail] of cases) {
      const res = await t.request('POST', url, { token: pep, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(res.body.detail, detail, `${url} ${JSON.stringify(body)}`);
    }
    const broken = await t.request('POST', '/access/v1/evaluation', { token: pep, body: '{"subject": ', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 400);
    // Unknown fields are ignored, as the specification requires of receivers.
    const extra = await t.request('POST', '/access/v1/evaluation', { token: pep, body: { ...good, subject: { ...good.subject, properties: { department: 'Sales' } }, future_field: 1 } });
    assert.equal(extra.status, 200, extra.text);
  });

  test('who may ask: decisions.evaluate (Admins, a narrowed PEP token); others 403; no credential 401', async () => {
    const body = { subject: { type: 'user', id: subjects[0].user.user_id }, action: { name: 'connections.read' }, resource: { type: 'platform', id: 'warden' } };
    assert.equal((await t.request('POST', '/access/v1/evaluation', { body })).status, 200, 'the bootstrap Admin');
    for (const s of subjects) {
      const res = await t.request('POST', '/access/v1/evaluation', { token: s.user.token, body });
      assert.equal(res.status, s.role === 'admin' ? 200 : 403, `${s.type} ${s.role}`);
      const search = await t.request('POST', '/access/v1/search/action', { token: s.user.token, body: { subject: body.subject, resource: body.resource } });
      assert.equal(search.status, s.role === 'admin' ? 200 : 403);
    }
    const admin = subjects.find((s) => s.type === 'service' && s.role === 'admin')!;
    const other = await t.request('POST', '/api/user-tokens', { body: { name: 'reads only', expires_in_days: 30, user_id: admin.user.id, actions: ['users.read'] } });
    const refused = await t.request('POST', '/access/v1/evaluation', { token: other.body.token, body });
    assert.equal(refused.status, 403);
    assert.match(refused.body.detail, /decisions\.evaluate/);
    const anonymous = await t.request('POST', '/access/v1/evaluation', { token: null, body });
    assert.equal(anonymous.status, 401);
    assert.equal((await t.request('POST', '/access/v1/evaluations', { token: 'wdn_svc_nonsense', body })).status, 401);
    // The PEP's narrowed token decides but does nothing else.
    assert.equal((await t.request('GET', '/api/users', { token: pep })).status, 403);
  });

  test('the PDP metadata is public and names every endpoint at the public URL', async () => {
    const res = await t.request('GET', '/.well-known/authzen-configuration', { token: null });
    assert.equal(res.status, 200);
    const base = t.config.publicUrl;
    assert.deepEqual(res.body, {
      policy_decision_point: base,
      access_evaluation_endpoint: `${base}/access/v1/evaluation`,
      access_evaluations_endpoint: `${base}/access/v1/evaluations`,
      search_subject_endpoint: `${base}/access/v1/search/subject`,
      search_resource_endpoint: `${base}/access/v1/search/resource`,
      search_action_endpoint: `${base}/access/v1/search/action`,
    });
    const spec = (await t.request('GET', '/api/openapi.json')).body;
    for (const path of ['/access/v1/evaluation', '/access/v1/evaluations', '/access/v1/search/subject', '/access/v1/search/resource', '/access/v1/search/action']) assert.ok(spec.paths[path]?.post?.operationId, path);
  });
});
