// Time-bound access (issue 12 §3): a role or team membership with `until` ends at that instant for
// every decision, whether or not the job that writes the reversion has run; the job then writes it
// once, audited with actor system.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { effectiveRole, elevationAt } from '../access/elevation.ts';
import { settleEndedAccess } from './service.ts';

const HOUR = 3_600_000;

test('effectiveRole: the elevated role until its end (exclusive), then the role before it', () => {
  const u = { role: 'admin' as const, role_before_elevation: 'member' as const, elevation_ends_at: '2030-01-01T12:00:00.000Z' };
  const end = Date.parse(u.elevation_ends_at);
  assert.equal(effectiveRole(u, end - 1), 'admin');
  assert.equal(effectiveRole(u, end), 'member');
  assert.equal(effectiveRole(u, end + 1000), 'member');
  assert.deepEqual(elevationAt(u, end - 1), { role: 'admin', until: u.elevation_ends_at, returns_to: 'member' });
  assert.equal(elevationAt(u, end), null);
  assert.equal(effectiveRole({ role: 'manager', role_before_elevation: null, elevation_ends_at: null }, end), 'manager');
});

describeEachDatabase('time-bound access', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock();
  before(async () => { t = await startTestApp(dialect, {}, { clock }); });
  after(async () => t.close());

  test('Admin for four hours: decided as Admin until the instant, as Member from it on, before any job runs', async () => {
    clock.set(Date.now());
    const person = await t.personalUser('Ada Elevated');
    const until = new Date(clock.now() + 4 * HOUR).toISOString();
    const res = await t.request('PUT', `/api/users/${person.id}`, { body: { role: 'admin', until, reason: 'incident 42' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.role, 'admin');
    assert.deepEqual(res.body.elevation, { role: 'admin', until, returns_to: 'member' });

    clock.set(Date.parse(until) - 1);
    assert.equal((await t.request('GET', '/api/audit-events?size=1', { token: person.token })).status, 200, 'an Admin one millisecond before the end');
    assert.equal((await t.request('GET', `/api/users/${person.id}`)).body.role, 'admin');

    clock.set(Date.parse(until));
    assert.equal((await t.request('GET', '/api/audit-events?size=1', { token: person.token })).status, 403, 'a Member from the instant on');
    const me = await t.request('GET', '/api/users/me', { token: person.token });
    assert.equal(me.body.role, 'member');
    assert.equal(me.body.elevation, null);
    const decision = await t.request('POST', '/api/authorize', { body: { action: 'audit.read', user_id: person.id } });
    assert.deepEqual([decision.body.allowed, decision.body.role], [false, 'member']);
    const admins = await t.request('GET', '/api/users?role=admin&size=200');
    assert.ok(!admins.body.items.some((u: { id: number }) => u.id === person.id), 'not listed as an Admin');
    // Nothing was written yet: the stored row still holds the elevation.
    const stored = await t.db.kysely.selectFrom('users').select(['role', 'elevation_ends_at']).where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(stored.role, 'admin');

    // The job writes the reversion once, with actor system.
    assert.deepEqual(await settleEndedAccess(t.db, clock.now()), { roles: 1, memberships: 0 });
    assert.deepEqual(await settleEndedAccess(t.db, clock.now()), { roles: 0, memberships: 0 });
    const events = await t.request('GET', `/api/audit-events?target_type=user&target_id=${person.id}&action=access.elevation_expired`);
    assert.equal(events.body.total, 1);
    assert.equal(events.body.items[0].actor, 'system');
    assert.deepEqual(events.body.items[0].changes, { role: { before: 'admin', after: 'member' }, role_until: { before: until, after: null } });
    const row = await t.db.kysely.selectFrom('users').select(['role', 'role_before_elevation', 'elevation_ends_at']).where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { role: 'member', role_before_elevation: null, elevation_ends_at: null });
    // The elevation itself was audited with its end and reason.
    const granted = await t.request('GET', `/api/audit-events?target_type=user&target_id=${person.id}&action=user.updated`);
    assert.deepEqual(granted.body.items[0].changes, { role: { before: 'member', after: 'admin' }, role_until: { before: null, after: until } });
    assert.equal(granted.body.items[0].reason, 'incident 42');
  });

  test('until needs a role above the one returned to, a reason, a future instant; nobody elevates themselves', async () => {
    clock.set(Date.now());
    const person = await t.personalUser('Bob Rules');
    const soon = new Date(clock.now() + HOUR).toISOString();
    const put = (body: unknown, token?: string) => t.request('PUT', `/api/users/${person.id}`, { body, ...(token ? { token } : {}) });
    assert.equal((await put({ until: soon, reason: 'x' })).status, 422, 'until alone');
    assert.equal((await put({ role: 'admin', until: soon })).status, 422, 'no reason');
    assert.equal((await put({ role: 'member', until: soon, reason: 'x' })).status, 422, 'not above member');
    assert.equal((await put({ role: 'admin', until: new Date(clock.now() - 1000).toISOString(), reason: 'x' })).status, 422, 'in the past');
    assert.equal((await put({ role: 'admin', until: new Date(clock.now() + 400 * 24 * HOUR).toISOString(), reason: 'x' })).status, 422, 'over a year');
    const manager = await t.personalUser('Self Manager', 'admin');
    await t.db.kysely.updateTable('users').set({ role: 'manager' }).where('id', '=', manager.id).execute();
    assert.equal((await t.request('PUT', `/api/users/${manager.id}`, { token: manager.token, body: { role: 'admin', until: soon, reason: 'x' } })).status, 403);

    // Manager for an hour, then Admin for two: it still returns to member.
    assert.equal((await put({ role: 'manager', until: soon, reason: 'on call' })).status, 200);
    const twoHours = new Date(clock.now() + 2 * HOUR).toISOString();
    const res = await put({ role: 'admin', until: twoHours, reason: 'escalated' });
    assert.deepEqual(res.body.elevation, { role: 'admin', until: twoHours, returns_to: 'member' });
    // The same role without until keeps the elevation; until: null makes it permanent.
    assert.deepEqual((await put({ role: 'admin', reason: 'same' })).body.elevation, { role: 'admin', until: twoHours, returns_to: 'member' });
    const permanent = await put({ role: 'admin', until: null, reason: 'for good' });
    assert.equal(permanent.body.elevation, null);
    assert.equal(permanent.body.role, 'admin');
    // Lowering to the role returned to ends it early.
    assert.equal((await put({ role: 'manager', until: soon, reason: 'again' })).status, 422, 'admin is now the base: manager is not above it');
  });

  test('the last-Admin rule counts only Admins that stay Admins', async () => {
    clock.set(Date.now());
    const t2 = await startTestApp(dialect, {}, { clock });
    try {
      const temp = await t2.personalUser('Temporary Admin');
      const until = new Date(clock.now() + HOUR).toISOString();
      assert.equal((await t2.request('PUT', `/api/users/${temp.id}`, { body: { role: 'admin', until, reason: 'cover' } })).status, 200);
      // The bootstrap Admin is the only one that stays: neither the temporary Admin nor anyone may remove it.
      const demote = await t2.request('PUT', `/api/users/${t2.adminId}`, { token: temp.token, body: { role: 'member' } });
      assert.equal(demote.status, 409, demote.text);
      assert.equal((await t2.request('DELETE', `/api/users/${t2.adminId}`, { token: temp.token })).status, 409);
      // A temporary Admin can be lowered any time: its end comes anyway.
      assert.equal((await t2.request('PUT', `/api/users/${temp.id}`, { body: { role: 'member' } })).status, 200);
    } finally {
      await t2.close();
    }
  });

  test('a team membership with until grants its level until the instant, then not; the job removes it once', async () => {
    clock.set(Date.now());
    const person = await t.personalUser('Tess Member');
    const ds = (await t.request('POST', '/api/datastores', { body: { name: `Ledger ${dialect}`, kind: 'source' } })).body;
    const until = new Date(clock.now() + 2 * HOUR).toISOString();
    const team = await t.request('POST', '/api/teams', { body: { name: `Auditors ${dialect}`, permission: 'editor', members: [{ user_id: person.id, until }], datastore_ids: [ds.id] } });
    assert.equal(team.status, 201, team.text);
    assert.deepEqual(team.body.users.map((u: { id: number; until: string | null }) => [u.id, u.until]), [[person.id, until]]);
    const decide = async () => (await t.request('POST', '/api/authorize', { body: { action: 'datastore.manage', datastore_id: ds.id, user_id: person.id } })).body;
    clock.set(Date.parse(until) - 1);
    assert.deepEqual([(await decide()).allowed, (await decide()).level], [true, 'editor']);
    const view = await t.request('GET', `/api/users/${person.id}`);
    assert.equal(view.body.teams.find((x: { id: number }) => x.id === team.body.id).until, until);
    // A change of the team that keeps the member keeps the end.
    assert.equal((await t.request('PUT', `/api/teams/${team.body.id}`, { body: { description: 'kept', user_ids: [person.id] } })).status, 200);
    clock.set(Date.parse(until));
    const denied = await decide();
    assert.deepEqual([denied.allowed, denied.reason], [false, 'no_team']);
    assert.deepEqual((await t.request('GET', `/api/teams/${team.body.id}`)).body.users, []);
    assert.ok(!(await t.request('GET', `/api/users/${person.id}`)).body.teams.some((x: { id: number }) => x.id === team.body.id));

    assert.deepEqual(await settleEndedAccess(t.db, clock.now()), { roles: 0, memberships: 1 });
    assert.deepEqual(await settleEndedAccess(t.db, clock.now()), { roles: 0, memberships: 0 });
    const events = await t.request('GET', `/api/audit-events?target_type=user&target_id=${person.id}&action=access.elevation_expired`);
    assert.equal(events.body.total, 1);
    assert.equal(events.body.items[0].actor, 'system');
    assert.deepEqual(events.body.items[0].changes, { team_ids: { before: [team.body.id], after: [] } });
    // The team's history shows the member leaving.
    const history = await t.request('GET', `/api/teams/${team.body.id}/history`);
    assert.ok(history.body.items.some((e: { action: string }) => e.action === 'access.elevation_expired'));
  });
});
