// The caches' read of a user view (users/service.ts getUserView: three statements compiled once) is
// getUser's view, field for field and in the same order, for users with owners and creators,
// memberships that end and have ended, maintainerships, time-bound roles, deactivation — at
// several instants — and refuses the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { getUser, getUserView } from '../src/users/service.ts';
import { SYSTEM_CONTEXT } from '../src/access/principal.ts';

describeEachDatabase('the cached user view is getUser\'s', (dialect) => {
  let t: TestApp;
  const ids: number[] = [];
  let soon = '';

  before(async () => {
    t = await startTestApp(dialect, { WARDEN_TEAM_MAINTAINERS: 'on' });
    const person = await t.personalUser('Petra Owner');
    const plain = await t.serviceUser('Plain Service');
    const owned = (await t.request('POST', '/api/users', { body: { name: 'Owned Service', owner_id: person.id, purpose: 'nightly export' } })).body;
    assert.ok(owned.id, 'created');
    const elevated = await t.serviceUser('Elevated Service');
    soon = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await t.request('PUT', `/api/users/${elevated.id}`, { body: { role: 'manager', until: soon, reason: 'on call' } })).status, 200);
    const gone = await t.serviceUser('Gone Service');
    const teams: number[] = [];
    for (const name of ['beta', 'Alpha', 'alpha two', 'Ärger', 'zeta']) {
      teams.push((await t.request('POST', '/api/teams', { body: { name, permission: 'viewer' } })).body.id);
    }
    const members = [
      { user_id: person.id }, { user_id: owned.id, until: soon }, { user_id: elevated.id }, { user_id: gone.id },
    ];
    for (const team of teams) assert.equal((await t.request('PUT', `/api/teams/${team}`, { body: { members } })).status, 200);
    for (const team of teams.slice(0, 4)) {
      for (const user of [person.id, owned.id]) assert.equal((await t.request('POST', `/api/teams/${team}/maintainers`, { body: { user_id: user } })).status, 200);
    }
    // A membership that has ended but is not yet settled: neither view shows it, nor its maintainership.
    await t.db.kysely.updateTable('team_members').set({ until: new Date(Date.now() - 60_000).toISOString() }).where('team_id', '=', teams[1]).where('user_id', '=', person.id).execute();
    assert.equal((await t.request('DELETE', `/api/users/${gone.id}`, { body: { reason: 'left' } })).status, 200);
    ids.push(t.adminId, person.id, plain.id, owned.id, elevated.id, gone.id);
  });
  after(async () => t.close());

  test('every user, now and after the time-bound role and memberships end', async () => {
    for (const now of [Date.now(), Date.parse(soon) - 1, Date.parse(soon), Date.parse(soon) + 86_400_000]) {
      const ctx = { ...SYSTEM_CONTEXT, now };
      for (const id of ids) {
        const slow = await getUser(t.db, ctx, id);
        const fast = await getUserView(t.db, ctx, id);
        assert.deepEqual(fast, slow, `user ${id} at ${new Date(now).toISOString()}`);
        assert.equal(JSON.stringify(fast), JSON.stringify(slow), 'the same key order');
      }
    }
    const person = await getUserView(t.db, SYSTEM_CONTEXT, ids[1]);
    assert.ok(person.teams.length >= 5 && person.maintains.length >= 2, 'the data set exercises teams and maintainerships');
    const owned = await getUserView(t.db, SYSTEM_CONTEXT, ids[3]);
    assert.ok(owned.owner && owned.created_by, 'an owner and a creator');
  });

  test('a user that does not exist: the same 404; another user without users.read: the same 403', async () => {
    await assert.rejects(getUserView(t.db, SYSTEM_CONTEXT, 987_654), (err: { status?: number }) => err.status === 404);
    await assert.rejects(getUser(t.db, SYSTEM_CONTEXT, 987_654), (err: { status?: number }) => err.status === 404);
    const member = { actor: { id: ids[2], userId: 'x', type: 'service' as const, name: 'x', email: null, role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } }, requestId: null, ip: null };
    await assert.rejects(getUserView(t.db, member, ids[1]), (err: { status?: number }) => err.status === 403);
    await assert.rejects(getUser(t.db, member, ids[1]), (err: { status?: number }) => err.status === 403);
  });
});
