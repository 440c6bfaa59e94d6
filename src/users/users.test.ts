import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

describeEachDatabase('service users', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('an Admin creates "Pipeline Automation" as pipeline_automation@service in the Public team', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: 'Pipeline Automation', purpose: 'ETL' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.user_id, 'pipeline_automation@service');
    assert.equal(res.body.type, 'service');
    assert.equal(res.body.role, 'member');
    assert.equal(res.body.provisioned_by, 'admin');
    assert.deepEqual(res.body.teams.map((x: { name: string }) => x.name), ['Public']);
  });

  test('a name whose id already exists is a conflict, whatever its case', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: 'PIPELINE  AUTOMATION' } });
    assert.equal(res.status, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('a name holding a NUL character is refused with 422 naming the field, on every database', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: 'Nul\u0000Bot' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'name');
  });

  test('a name made only of symbols is refused with 422 naming the field', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: '!!! ###' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'name');
  });
});

describeEachDatabase('user management', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('role manager or admin needs a reason, on create and on change (422 without)', async () => {
    assert.equal((await t.request('POST', '/api/users', { body: { name: 'Needs Reason', role: 'manager' } })).status, 422);
    const ok = await t.request('POST', '/api/users', { body: { name: 'Has Reason', role: 'manager', reason: 'runs catalog sync' } });
    assert.equal(ok.status, 201);
    const svc = await t.serviceUser('Promote Me');
    const denied = await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'admin' } });
    assert.equal(denied.status, 422);
    assert.equal(denied.body.errors[0].path, 'reason');
    const promoted = await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'admin', reason: 'needs settings' } });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'admin');
    const demoted = await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'member' } });
    assert.equal(demoted.body.role, 'member', 'demotion needs no reason');
  });

  test('a role change applies to existing tokens on the very next request', async () => {
    const svc = await t.serviceUser('Changing Role');
    assert.equal((await t.request('GET', '/api/users', { token: svc.token })).status, 403);
    await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'manager', reason: 'reads users' } });
    assert.equal((await t.request('GET', '/api/users', { token: svc.token })).status, 200);
  });

  test('nobody changes their own role or teams, or deactivates themselves', async () => {
    const admin = await t.serviceUser('Self Admin', 'admin');
    assert.equal((await t.request('PUT', `/api/users/${admin.id}`, { token: admin.token, body: { role: 'member' } })).status, 403);
    assert.equal((await t.request('DELETE', `/api/users/${admin.id}`, { token: admin.token })).status, 403);
    const purpose = await t.request('PUT', `/api/users/${admin.id}`, { token: admin.token, body: { purpose: 'self-described' } });
    assert.equal(purpose.status, 200, 'other fields of oneself may change');
  });

  test('the last active Admin cannot be demoted or deactivated (409)', async () => {
    const { SYSTEM_CONTEXT } = await import('../access/principal.ts');
    const { deactivateUser, updateUser } = await import('./service.ts');
    // Leave exactly one active Admin: deactivate every other Admin.
    const admins = await t.db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('deactivated_at', 'is', null).execute();
    const keep = admins[0].id;
    for (const a of admins.slice(1)) await deactivateUser(t.db, SYSTEM_CONTEXT, a.id, null);
    await assert.rejects(updateUser(t.db, SYSTEM_CONTEXT, keep, { role: 'member' }), (e: { status: number }) => e.status === 409);
    await assert.rejects(deactivateUser(t.db, SYSTEM_CONTEXT, keep, null), (e: { status: number }) => e.status === 409);
    for (const a of admins.slice(1)) await t.db.kysely.updateTable('users').set({ deactivated_at: null }).where('id', '=', a.id).execute();
  });

  test('deactivate keeps the row, records the reason, and reactivation restores role and teams', async () => {
    const now = new Date().toISOString();
    const team = await t.db.kysely.insertInto('teams').values({ name: 'Finance', name_key: 'finance', description: null, permission: 'viewer', kind: 'custom', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const svc = await t.request('POST', '/api/users', { body: { name: 'Finance Bot', team_ids: [team.id], role: 'manager', reason: 'reports' } });
    assert.deepEqual(svc.body.teams.map((x: { name: string }) => x.name), ['Public', 'Finance']);
    const off = await t.request('DELETE', `/api/users/${svc.body.id}?reason=decommissioned`);
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.ok(off.body.deactivated_at);
    const again = await t.request('DELETE', `/api/users/${svc.body.id}`);
    assert.equal(again.status, 200, 'repeating is harmless');
    const listed = await t.request('GET', '/api/users?active=false');
    assert.ok(listed.body.items.some((u: { id: number }) => u.id === svc.body.id));
    const on = await t.request('POST', `/api/users/${svc.body.id}/reactivate`);
    assert.equal(on.body.active, true);
    assert.equal(on.body.role, 'manager');
    assert.deepEqual(on.body.teams.map((x: { name: string }) => x.name), ['Public', 'Finance']);
    const events = await t.request('GET', `/api/audit-events?target_type=user&target_id=${svc.body.id}`);
    assert.deepEqual(events.body.items.map((e: { action: string }) => e.action), ['user.reactivated', 'user.deactivated', 'user.created']);
    assert.equal(events.body.items[1].reason, 'decommissioned');
  });

  test('team_ids must name existing teams; the Public team is implicit', async () => {
    const bad = await t.request('POST', '/api/users', { body: { name: 'Team Bot', team_ids: [99999] } });
    assert.equal(bad.status, 422);
    const withPublic = await t.request('POST', '/api/users', { body: { name: 'Public Bot', team_ids: [1] } });
    assert.equal(withPublic.status, 201);
    assert.deepEqual(withPublic.body.teams, [{ id: 1, name: 'Public' }]);
  });

  test('owner is a personal account and purpose is kept; review sets last_reviewed_at', async () => {
    const person = await t.personalUser('Olivia Owner');
    const svc = await t.request('POST', '/api/users', { body: { name: 'Owned Bot', owner_id: person.id, purpose: 'dbt runs' } });
    assert.equal(svc.body.owner.id, person.id);
    assert.equal(svc.body.purpose, 'dbt runs');
    const robot = await t.serviceUser('Not A Person');
    assert.equal((await t.request('PUT', `/api/users/${svc.body.id}`, { body: { owner_id: robot.id } })).status, 422);
    const reviewed = await t.request('POST', `/api/users/${svc.body.id}/review`, { body: { note: 'Q4 review: still needed' } });
    assert.ok(reviewed.body.last_reviewed_at);
    const events = await t.request('GET', `/api/audit-events?action=user.reviewed&target_id=${svc.body.id}`);
    assert.equal(events.body.items[0].reason, 'Q4 review: still needed');
  });

  test('list filters by type, role, active and q, sorts, and pages', async () => {
    for (const n of ['Zeta Loader', 'Alpha Loader', 'Mid Loader']) await t.serviceUser(n);
    const byQ = await t.request('GET', '/api/users?q=loader&sort=name');
    assert.deepEqual(byQ.body.items.map((u: { name: string }) => u.name), ['Alpha Loader', 'Mid Loader', 'Zeta Loader']);
    const desc = await t.request('GET', '/api/users?q=LOADER&sort=name&sort_dir=desc&size=2&page=1');
    assert.deepEqual(desc.body.items.map((u: { name: string }) => u.name), ['Zeta Loader', 'Mid Loader']);
    assert.equal(desc.body.total, 3);
    const page2 = await t.request('GET', '/api/users?q=loader&sort=name&sort_dir=desc&size=2&page=2');
    assert.deepEqual(page2.body.items.map((u: { name: string }) => u.name), ['Alpha Loader']);
    const byId = await t.request('GET', '/api/users?q=alpha_loader@');
    assert.equal(byId.body.total, 1);
    const wildcard = await t.request('GET', '/api/users?q=%25');
    assert.equal(wildcard.body.total, 0, '% is matched literally');
    const persons = await t.request('GET', '/api/users?type=personal');
    assert.ok(persons.body.items.every((u: { type: string }) => u.type === 'personal'));
    const admins = await t.request('GET', '/api/users?role=admin');
    assert.ok(admins.body.items.length >= 1 && admins.body.items.every((u: { role: string }) => u.role === 'admin'));
    assert.equal((await t.request('GET', '/api/users?size=201')).status, 422);
    assert.equal((await t.request('GET', '/api/users?sort=password')).status, 422);
    assert.equal((await t.request('GET', '/api/users?page=0')).status, 422);
  });

  test('a member sees itself through /me and /users/{own id}, nobody else', async () => {
    const m = await t.serviceUser('Plain Member');
    assert.equal((await t.request('GET', '/api/users/me', { token: m.token })).body.id, m.id);
    assert.equal((await t.request('GET', `/api/users/${m.id}`, { token: m.token })).status, 200);
    assert.equal((await t.request('GET', `/api/users/${t.adminId}`, { token: m.token })).status, 403);
    assert.equal((await t.request('GET', '/api/users/99999')).status, 404);
    assert.equal((await t.request('GET', '/api/users/abc')).status, 404);
  });

  test('a user is named in a path by numeric id, by user_id or as me', async () => {
    const m = await t.serviceUser('Path Named');
    const byUserId = await t.request('GET', `/api/users/${encodeURIComponent(m.user_id)}`);
    assert.equal(byUserId.status, 200);
    assert.equal(byUserId.body.id, m.id);
    assert.equal((await t.request('GET', '/api/users/me', { token: m.token })).body.id, m.id);
    const perms = await t.request('GET', '/api/users/me/permissions', { token: m.token });
    assert.equal(perms.status, 200);
    assert.equal(perms.body.user.id, m.id);
    assert.equal((await t.request('GET', `/api/users/${encodeURIComponent(m.user_id)}/permissions`, { token: m.token })).status, 200);
    // A member naming someone else by user_id learns nothing about whether they exist
    assert.equal((await t.request('GET', '/api/users/bootstrap_admin%40service', { token: m.token })).status, 403);
    assert.equal((await t.request('GET', '/api/users/nobody%40service', { token: m.token })).status, 403);
    assert.equal((await t.request('GET', '/api/users/nobody%40service')).status, 404);
    assert.equal((await t.request('GET', '/api/users/99999999999')).status, 404);
    const reviewed = await t.request('POST', `/api/users/${encodeURIComponent(m.user_id)}/review`, { body: { note: 'by user_id' } });
    assert.equal(reviewed.status, 200);
  });
});

describeEachDatabase('service user id preview', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('previews the user_id a name makes, by the rule POST /api/users applies, and whether it is free', async () => {
    const q = (name: string) => t.request('GET', `/api/users/service-user-id?name=${encodeURIComponent(name)}`);
    assert.deepEqual((await q('Pipeline Automation')).body, { user_id: 'pipeline_automation@service', available: true, detail: null });
    assert.deepEqual((await q('Café  Sync!')).body, { user_id: 'cafe_sync@service', available: true, detail: null });
    await t.request('POST', '/api/users', { body: { name: 'Pipeline Automation' } });
    const taken = (await q('PIPELINE automation')).body;
    assert.equal(taken.user_id, 'pipeline_automation@service');
    assert.equal(taken.available, false);
    assert.match(taken.detail, /already exists/);
    const empty = (await q('!!! ###')).body;
    assert.equal(empty.user_id, null);
    assert.match(empty.detail, /letter, digit/);
    const member = await t.serviceUser('Preview Member');
    assert.equal((await t.request('GET', '/api/users/service-user-id?name=x', { token: member.token })).status, 403);
  });
});
