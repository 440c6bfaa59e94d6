import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { createTeam, deleteTeam, getTeam, updateTeam } from './service.ts';
import { SYSTEM_CONTEXT } from '../access/principal.ts';

type U = { id: number; user_id: string; token: string };

describeEachDatabase('teams', (dialect) => {
  let t: TestApp;
  let member: U;
  let manager: U;
  let otherAdmin: U;
  let publicId: number;
  let ds: { a: number; b: number };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Team Member', 'member');
    manager = await t.serviceUser('Team Manager', 'manager');
    otherAdmin = await t.serviceUser('Other Admin', 'admin');
    const list = await t.request('GET', '/api/teams');
    publicId = list.body.items.find((x: { is_public: boolean }) => x.is_public).id;
    const a = await t.request('POST', '/api/datastores', { body: { name: 'Orders DB', kind: 'source' } });
    const b = await t.request('POST', '/api/datastores', { body: { name: 'Orders Enrichment', kind: 'enrichment' } });
    ds = { a: a.body.id, b: b.body.id };
  });
  after(async () => t.close());

  test('an Admin creates a team with a level, members and datastores, and it is audited', async () => {
    const res = await t.request('POST', '/api/teams', { body: { name: 'Finance', description: 'Money', permission: 'author', user_ids: [member.id, member.id], datastore_ids: [ds.a] } });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'Finance');
    assert.equal(res.body.permission, 'author');
    assert.equal(res.body.is_public, false);
    assert.deepEqual(res.body.users.map((u: { id: number }) => u.id), [member.id]);
    assert.deepEqual(res.body.datastores, [{ id: ds.a, name: 'Orders DB' }]);
    assert.equal(res.body.created_by.id, t.adminId);
    const audit = await t.request('GET', `/api/audit-events?target_type=team&target_id=${res.body.id}`);
    assert.equal(audit.body.items[0].action, 'team.created');
    assert.deepEqual(audit.body.items[0].changes.user_ids, { before: null, after: [member.id] });
    assert.deepEqual(audit.body.items[0].changes.permission, { before: null, after: 'author' });
  });

  test('the member\'s user object lists the new team after the Public team', async () => {
    const res = await t.request('GET', `/api/users/${member.id}`);
    assert.deepEqual(res.body.teams.map((x: { name: string }) => x.name), ['Public', 'Finance']);
  });

  test('team names are unique regardless of case: 409 on create and on rename', async () => {
    const dup = await t.request('POST', '/api/teams', { body: { name: '  FINANCE ', permission: 'viewer' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.headers['content-type'], 'application/problem+json; charset=utf-8');
    const other = await t.request('POST', '/api/teams', { body: { name: 'Ops', permission: 'viewer' } });
    assert.equal(other.status, 201);
    const rename = await t.request('PUT', `/api/teams/${other.body.id}`, { body: { name: 'finance' } });
    assert.equal(rename.status, 409);
    const pub = await t.request('POST', '/api/teams', { body: { name: 'public', permission: 'viewer' } });
    assert.equal(pub.status, 409);
  });

  test('bad bodies answer 422: unknown fields, unknown level, blank or overlong name, unknown user or datastore ids', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'X', permission: 'viewer', extra: 1 }, 'extra'],
      [{ name: 'X', permission: 'owner' }, 'permission'],
      [{ name: '   ', permission: 'viewer' }, 'name'],
      [{ name: 'x'.repeat(256), permission: 'viewer' }, 'name'],
      [{ name: 'X', permission: 'viewer', user_ids: [999999] }, 'user_ids'],
      [{ name: 'X', permission: 'viewer', datastore_ids: [999999] }, 'datastore_ids'],
      [{ name: 'X', permission: 'viewer', user_ids: ['1'] }, 'user_ids.0'],
      [{ permission: 'viewer' }, 'name'],
      [{ name: 'a\u0000b', permission: 'viewer' }, 'name'],
      [{ name: 'X', permission: 'viewer', description: 'x\u0000' }, 'description'],
    ];
    for (const [body, path] of cases) {
      const res = await t.request('POST', '/api/teams', { body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.body.errors.some((e: { path: string }) => e.path === path), `${JSON.stringify(body)}: ${JSON.stringify(res.body.errors)}`);
    }
    const bad = await t.request('PUT', `/api/teams/${publicId}`, { body: { permission: 'viewer', user_ids: null } });
    assert.equal(bad.status, 422);
    const notJson = await t.request('POST', '/api/teams', { body: '{nope', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.status, 400);
  });

  test('role × endpoint: members are refused every team endpoint, Managers read only, Admins everything', async () => {
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Matrix', permission: 'viewer' } })).body;
    const calls: [string, string, unknown][] = [
      ['GET', '/api/teams', undefined],
      ['GET', `/api/teams/${team.id}`, undefined],
      ['GET', `/api/teams/${team.id}/history`, undefined],
      ['POST', '/api/teams', { name: 'Matrix 2', permission: 'viewer' }],
      ['PUT', `/api/teams/${team.id}`, { description: 'changed' }],
      ['DELETE', `/api/teams/${team.id}`, undefined],
    ];
    const expect: Record<string, number[]> = {
      member: [403, 403, 403, 403, 403, 403],
      manager: [200, 200, 200, 403, 403, 403],
      admin: [200, 200, 200, 201, 200, 204],
    };
    for (const [role, who] of [['member', member], ['manager', manager], ['admin', otherAdmin]] as const) {
      const got = [];
      for (const [method, url, body] of calls) got.push((await t.request(method, url, { token: who.token, body })).status);
      assert.deepEqual(got, expect[role], role);
    }
    const none = await t.request('GET', '/api/teams', { token: null });
    assert.equal(none.status, 401);
  });

  test('list is paged, ordered by name, filterable by q; get of an unknown id is 404', async () => {
    const all = await t.request('GET', '/api/teams?size=200');
    const names = all.body.items.map((x: { name: string }) => x.name);
    assert.deepEqual(names, [...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.equal(all.body.total, names.length);
    const page = await t.request('GET', '/api/teams?size=1&page=2');
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.items[0].name, names[1]);
    const q = await t.request('GET', '/api/teams?q=fin');
    assert.deepEqual(q.body.items.map((x: { name: string }) => x.name), ['Finance']);
    assert.equal((await t.request('GET', '/api/teams/424242')).status, 404);
    assert.equal((await t.request('GET', '/api/teams/abc')).status, 422);
    assert.equal((await t.request('GET', '/api/teams?size=500')).status, 422);
    assert.equal((await t.request('GET', '/api/teams?q=%00')).status, 422);
  });

  test('update: absent fields stay, lists replace, an unchanged PUT records nothing', async () => {
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Analysts', permission: 'viewer', user_ids: [member.id], datastore_ids: [ds.a] } })).body;
    const res = await t.request('PUT', `/api/teams/${team.id}`, { body: { permission: 'editor', datastore_ids: [ds.b, ds.a] } });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Analysts');
    assert.equal(res.body.permission, 'editor');
    assert.deepEqual(res.body.users.map((u: { id: number }) => u.id), [member.id]);
    assert.deepEqual(res.body.datastores.map((d: { id: number }) => d.id).sort(), [ds.a, ds.b].sort());
    const again = await t.request('PUT', `/api/teams/${team.id}`, { body: { permission: 'editor', name: 'Analysts' } });
    assert.equal(again.status, 200);
    const events = await t.request('GET', `/api/audit-events?target_type=team&target_id=${team.id}`);
    assert.deepEqual(events.body.items.map((e: { action: string }) => e.action), ['team.updated', 'team.created']);
    assert.deepEqual(events.body.items[0].changes, {
      permission: { before: 'viewer', after: 'editor' },
      datastore_ids: { before: [ds.a], after: [ds.a, ds.b].sort((x, y) => x - y) },
    });
    const cleared = await t.request('PUT', `/api/teams/${team.id}`, { body: { user_ids: [], description: null } });
    assert.deepEqual(cleared.body.users, []);
  });

  test('the Public team: listed with is_public and no stored users; cannot be deleted, renamed or have its membership edited (409); its level and datastores can be set', async () => {
    const pub = await t.request('GET', `/api/teams/${publicId}`);
    assert.equal(pub.body.name, 'Public');
    assert.equal(pub.body.is_public, true);
    assert.deepEqual(pub.body.users, []);
    assert.equal((await t.request('DELETE', `/api/teams/${publicId}`)).status, 409);
    assert.equal((await t.request('PUT', `/api/teams/${publicId}`, { body: { name: 'Everyone' } })).status, 409);
    assert.equal((await t.request('PUT', `/api/teams/${publicId}`, { body: { user_ids: [member.id] } })).status, 409);
    assert.equal((await t.request('PUT', `/api/teams/${publicId}`, { body: { user_ids: [] } })).status, 409);
    const same = await t.request('PUT', `/api/teams/${publicId}`, { body: { name: 'Public' } });
    assert.equal(same.status, 200);
    const set = await t.request('PUT', `/api/teams/${publicId}`, { body: { permission: 'viewer', datastore_ids: [ds.b] } });
    assert.equal(set.status, 200);
    assert.equal(set.body.permission, 'viewer');
    assert.deepEqual(set.body.datastores, [{ id: ds.b, name: 'Orders Enrichment' }]);
    // Every user, a brand-new one too, now reaches that datastore through the Public team.
    const newcomer = await t.serviceUser('Newcomer', 'member');
    const d = await t.request('POST', '/api/authorize', { token: newcomer.token, body: { action: 'datastore.preview', datastore_id: ds.b } });
    assert.deepEqual([d.body.allowed, d.body.level, d.body.team], [true, 'viewer', { id: publicId, name: 'Public' }]);
    await t.request('PUT', `/api/teams/${publicId}`, { body: { permission: 'reporter', datastore_ids: [] } });
  });

  test('nobody changes their own teams through a team either (403)', async () => {
    const res = await t.request('POST', '/api/teams', { token: otherAdmin.token, body: { name: 'Self', permission: 'viewer', user_ids: [otherAdmin.id] } });
    assert.equal(res.status, 403);
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Self', permission: 'viewer', user_ids: [otherAdmin.id] } })).body;
    const leave = await t.request('PUT', `/api/teams/${team.id}`, { token: otherAdmin.token, body: { user_ids: [] } });
    assert.equal(leave.status, 403);
    const unrelated = await t.request('PUT', `/api/teams/${team.id}`, { token: otherAdmin.token, body: { user_ids: [otherAdmin.id, member.id], permission: 'drafter' } });
    assert.equal(unrelated.status, 200);
  });

  test('delete removes the team and its memberships; its history stays readable, with who, when, before and after', async () => {
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Temp', permission: 'drafter', user_ids: [member.id], datastore_ids: [ds.a] } })).body;
    await t.request('PUT', `/api/teams/${team.id}`, { body: { permission: 'author' } });
    // Membership changed from the user's side shows in the team's history too.
    await t.request('PUT', `/api/users/${manager.id}`, { body: { team_ids: [team.id] } });
    const del = await t.request('DELETE', `/api/teams/${team.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assert.equal((await t.request('GET', `/api/teams/${team.id}`)).status, 404);
    assert.equal((await t.request('DELETE', `/api/teams/${team.id}`)).status, 404);
    const user = await t.request('GET', `/api/users/${member.id}`);
    assert.ok(!user.body.teams.some((x: { id: number }) => x.id === team.id));
    const history = await t.request('GET', `/api/teams/${team.id}/history`, { token: manager.token });
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.items.map((e: { action: string }) => e.action), ['team.deleted', 'user.updated', 'team.updated', 'team.created']);
    const [deleted, userChange, updated] = history.body.items;
    assert.deepEqual(deleted.actor, { id: t.adminId, user_id: 'bootstrap_admin@service', name: 'Bootstrap Admin' });
    assert.ok(!Number.isNaN(Date.parse(deleted.at)));
    assert.deepEqual(deleted.changes.user_ids, { before: [member.id].concat([manager.id]).sort((a, b) => a - b), after: null });
    assert.deepEqual(deleted.changes.permission, { before: 'author', after: null });
    assert.deepEqual(userChange.changes.team_ids, { before: [], after: [team.id] });
    assert.equal(userChange.target_id, manager.id);
    assert.deepEqual(updated.changes, { permission: { before: 'drafter', after: 'author' } });
    const paged = await t.request('GET', `/api/teams/${team.id}/history?size=1&page=2`);
    assert.deepEqual([paged.body.total, paged.body.items[0].action], [4, 'user.updated']);
    assert.equal((await t.request('GET', '/api/teams/777777/history')).status, 404);
  });

  test('the service functions SCIM uses: system context, absent fields unchanged, Public rules hold', async () => {
    const created = await createTeam(t.db, SYSTEM_CONTEXT, { name: 'scim-group', permission: 'reporter', user_ids: [member.id] });
    assert.equal(created.created_by, null);
    const updated = await updateTeam(t.db, SYSTEM_CONTEXT, created.id, { description: 'from SCIM' });
    assert.deepEqual([updated.permission, updated.users.length, updated.description], ['reporter', 1, 'from SCIM']);
    assert.equal((await getTeam(t.db, SYSTEM_CONTEXT, created.id)).name, 'scim-group');
    await assert.rejects(updateTeam(t.db, SYSTEM_CONTEXT, publicId, { user_ids: [] }), { status: 409 });
    await assert.rejects(createTeam(t.db, SYSTEM_CONTEXT, { name: 'SCIM-GROUP', permission: 'reporter' }), { status: 409 });
    await assert.rejects(createTeam(t.db, SYSTEM_CONTEXT, { name: 'nul\u0000', permission: 'reporter' }), { status: 422 });
    await deleteTeam(t.db, SYSTEM_CONTEXT, created.id);
    await assert.rejects(getTeam(t.db, SYSTEM_CONTEXT, created.id), { status: 404 });
    await assert.rejects(deleteTeam(t.db, SYSTEM_CONTEXT, publicId), { status: 409 });
    const events = await t.request('GET', `/api/audit-events?target_type=team&target_id=${created.id}`);
    assert.equal(events.body.items[0].actor, 'system');
  });
});
