import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

describeEachDatabase('audit log', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('bootstrap is audited with actor system', async () => {
    const res = await t.request('GET', `/api/audit-events?target_type=user&target_id=${t.adminId}`);
    const created = res.body.items.find((e: { action: string }) => e.action === 'user.created');
    assert.equal(created.actor, 'system');
    assert.equal(created.changes.role.after, 'admin');
  });

  test('an update records actor, before/after of changed fields only, reason, request id and IP', async () => {
    const svc = await t.serviceUser('Audited Bot');
    await t.request('PUT', `/api/users/${svc.id}`, {
      body: { role: 'manager', purpose: null, reason: 'needs tags' },
      headers: { 'x-request-id': 'req-audit-1' },
      ip: '192.0.2.44',
    });
    const res = await t.request('GET', `/api/audit-events?target_id=${svc.id}&action=user.updated`);
    assert.equal(res.body.total, 1);
    const e = res.body.items[0];
    assert.deepEqual(e.actor, { id: t.adminId, user_id: 'bootstrap_admin@service', name: 'Bootstrap Admin' });
    assert.deepEqual(e.changes, { role: { before: 'member', after: 'manager' } });
    assert.equal(e.reason, 'needs tags');
    assert.equal(e.request_id, 'req-audit-1');
    assert.equal(e.ip, '192.0.2.44');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('a change that changes nothing writes no event', async () => {
    const svc = await t.serviceUser('Unchanged Bot');
    const before = (await t.request('GET', `/api/audit-events?target_id=${svc.id}&target_type=user`)).body.total;
    await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'member' } });
    const after = (await t.request('GET', `/api/audit-events?target_id=${svc.id}&target_type=user`)).body.total;
    assert.equal(after, before);
  });

  test('filters by actor, action and time window; pages newest first', async () => {
    const actor = await t.serviceUser('Acting Admin', 'admin');
    for (const n of ['One', 'Two', 'Three']) await t.request('POST', '/api/users', { token: actor.token, body: { name: `Filter ${n}` } });
    const byActor = await t.request('GET', `/api/audit-events?actor_id=${actor.id}&size=2`);
    assert.equal(byActor.body.total, 3);
    assert.equal(byActor.body.items.length, 2);
    assert.equal(byActor.body.items[0].changes.name.after, 'Filter Three');
    const future = await t.request('GET', `/api/audit-events?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.equal(future.body.total, 0);
    const past = await t.request('GET', `/api/audit-events?until=2000-01-01T00:00:00Z`);
    assert.equal(past.body.total, 0);
    assert.equal((await t.request('GET', '/api/audit-events?since=yesterday')).status, 422);
  });

  test('the audit log is Admin only', async () => {
    const manager = await t.serviceUser('Audit Manager', 'manager');
    assert.equal((await t.request('GET', '/api/audit-events', { token: manager.token })).status, 403);
  });
});

describeEachDatabase('audit action catalog', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('GET /api/audit-events/actions lists every action the log records, with its target type (Admin only)', async () => {
    const res = await t.request('GET', '/api/audit-events/actions');
    assert.equal(res.status, 200);
    const actions = res.body.items.map((i: { action: string }) => i.action);
    for (const a of ['user.created', 'token.revoked', 'team.updated', 'datastore.deleted', 'session.created']) assert.ok(actions.includes(a), a);
    assert.deepEqual(res.body.items.find((i: { action: string }) => i.action === 'token.created'), { action: 'token.created', target_type: 'token', description: 'A token was issued' });
    // Every action found in the log is in the catalog
    await t.serviceUser('Catalogued');
    const log = await t.request('GET', '/api/audit-events?size=200');
    for (const e of log.body.items) assert.ok(actions.includes(e.action), `${e.action} is catalogued`);
    const member = await t.serviceUser('Catalogue Reader');
    assert.equal((await t.request('GET', '/api/audit-events/actions', { token: member.token })).status, 403);
  });
});
