// GET /api/teams/{id}/member-candidates (issue 21 §2): how whoever may change a team's members —
// an Admin, or with WARDEN_TEAM_MAINTAINERS=on a maintainer of any role — finds people to add,
// without reading the user directory. On both databases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

type U = { id: number; user_id: string; token: string };
const names = (body: { items: { name: string }[] }) => body.items.map((u) => u.name);

describeEachDatabase('team member candidates (maintainers on)', (dialect) => {
  let t: TestApp;
  let mona: U; // a maintainer whose role is Member
  let otto: U; // a Member who maintains nothing
  let mary: U; // a Manager who maintains nothing
  let hopper: U;
  let kelly: U;
  let pipeline: U;
  let team: number;
  let publicId: number;

  before(async () => {
    t = await startTestApp(dialect, { WARDEN_TEAM_MAINTAINERS: 'on' });
    mona = await t.personalUser('Mona Maintainer', 'member', 'mona@example.com');
    otto = await t.personalUser('Otto Outsider', 'member', 'otto@example.com');
    mary = await t.personalUser('Mary Manager', 'manager', 'mary@example.com');
    hopper = await t.personalUser('Grace Hopper', 'member', 'grace@example.com');
    kelly = await t.personalUser('Grace Kelly', 'member', 'gkelly@example.com');
    pipeline = await t.serviceUser('Grace Pipeline');
    const gone = await t.personalUser('Grace Gone', 'member', 'gone@example.com');
    assert.equal((await t.request('DELETE', `/api/users/${gone.id}`, { body: { reason: 'left' } })).status, 200);
    const already = await t.personalUser('Grace Member', 'member', 'gmember@example.com');
    const created = await t.request('POST', '/api/teams', { body: { name: 'Data', permission: 'viewer', user_ids: [mona.id, already.id] } });
    assert.equal(created.status, 201, created.text);
    team = created.body.id;
    assert.equal((await t.request('POST', `/api/teams/${team}/maintainers`, { body: { user_id: mona.id } })).status, 200);
    publicId = (await t.request('GET', '/api/teams')).body.items.find((x: { is_public: boolean }) => x.is_public).id;
  });
  after(async () => t?.close());

  const candidates = (query: string, token?: string, id = team) => t.request('GET', `/api/teams/${id}/member-candidates?${query}`, { token });

  test('a maintainer whose role is Member cannot read users, but finds people to add and adds one', async () => {
    assert.equal((await t.request('GET', '/api/users?q=Grace', { token: mona.token })).status, 403, 'no users.read');
    const found = await candidates('q=grace', mona.token);
    assert.equal(found.status, 200, found.text);
    // Active, not yet members, by name: not Grace Gone (deactivated), not Grace Member (a member).
    assert.deepEqual(names(found.body), ['Grace Hopper', 'Grace Kelly', 'Grace Pipeline']);
    assert.equal(found.body.more, false);
    const added = await t.request('POST', `/api/teams/${team}/members`, { token: mona.token, body: { user_id: hopper.id } });
    assert.equal(added.status, 200, added.text);
    assert.ok(added.body.users.some((u: { id: number }) => u.id === hopper.id));
    assert.deepEqual(names((await candidates('q=grace', mona.token)).body), ['Grace Kelly', 'Grace Pipeline'], 'a member is no candidate any more');
  });

  test('each candidate carries only id, user_id, name, email and type', async () => {
    const found = await candidates('q=GKELLY@example', mona.token);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.items, [{ id: kelly.id, user_id: kelly.user_id, name: 'Grace Kelly', email: 'gkelly@example.com', type: 'personal' }]);
    const service = (await candidates('q=grace_pipe', mona.token)).body.items;
    assert.deepEqual(service.map((u: { id: number; type: string }) => [u.id, u.type]), [[pipeline.id, 'service']], 'a service user by its user_id');
    const all = await candidates('q=ex', mona.token);
    for (const u of all.body.items) assert.deepEqual(Object.keys(u).sort(), ['email', 'id', 'name', 'type', 'user_id']);
    for (const word of ['role', 'teams', 'last_active_at', 'token', 'deactivated', 'maintains']) assert.ok(!all.text.includes(`"${word}`), `no ${word} in the answer`);
    for (const u of [hopper, kelly, pipeline, mona]) assert.ok(!all.text.includes(u.token), 'no secret');
  });

  test('a person\'s issuer|subject is not searched (its issuer would match everyone); nor is the caller offered', async () => {
    assert.deepEqual((await candidates('q=test%7C', mona.token)).body.items, []);
    const me = (await t.request('GET', '/api/users/me')).body;
    assert.ok(!(await candidates(`q=${encodeURIComponent(me.name)}`)).body.items.some((u: { id: number }) => u.id === me.id), 'an Admin is not offered to themselves');
  });

  test('limit caps the answer and `more` says there are more; q too short, absent or a limit too high is 422', async () => {
    const one = await candidates('q=grace&limit=1', mona.token);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(names(one.body), ['Grace Kelly']);
    assert.equal(one.body.more, true);
    for (const query of ['q=g', 'q=%20g%20%20', '', 'q=grace&limit=51', 'q=grace&limit=0']) {
      const res = await candidates(query, mona.token);
      assert.equal(res.status, 422, `${query}: ${res.text}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });

  test('who may: an Admin and the maintainer; a Member or a Manager who does not maintain the team 403; no such team 404; the Public team 409', async () => {
    assert.equal((await candidates('q=grace')).status, 200, 'Admin');
    const otto403 = await candidates('q=grace', otto.token);
    assert.equal(otto403.status, 403, otto403.text);
    assert.equal((await candidates('q=grace', mary.token)).status, 403, 'users.read is not enough: finding is part of changing the members');
    assert.equal((await candidates('q=grace', mona.token, 999_999)).status, 404);
    assert.equal((await candidates('q=grace', undefined, publicId)).status, 409);
    assert.equal((await t.request('GET', `/api/teams/${team}/member-candidates?q=grace`, { token: null })).status, 401);
  });
});

describeEachDatabase('team member candidates (maintainers off, the default)', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t?.close());
  test('a Member in the team gets 403; an Admin finds people', async () => {
    const m = await t.personalUser('Off Member', 'member', 'off@example.com');
    await t.personalUser('Offered Person', 'member', 'offered@example.com');
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Off', permission: 'viewer', user_ids: [m.id] } })).body.id;
    const res = await t.request('GET', `/api/teams/${team}/member-candidates?q=offered`, { token: m.token });
    assert.equal(res.status, 403, res.text);
    const admin = await t.request('GET', `/api/teams/${team}/member-candidates?q=offered`);
    assert.equal(admin.status, 200, admin.text);
    assert.deepEqual(names(admin.body), ['Offered Person']);
  });
});
