// The caches' read of a user view (users/service.ts getUserView: statements compiled once; one on
// PostgreSQL, three on SQLite) is getUser's view, field for field and in the same order, for users
// with owners (one deactivated) and creators, with no custom team, memberships that end and have
// ended, maintainerships, time-bound roles, deactivation — at several instants, and on PostgreSQL
// from a session in another time zone — and refuses the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import type { Db } from '../src/db/connection.ts';
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
    // A service user whose owner has left (deactivated: still named), in one team.
    const leaver = await t.personalUser('Quinn Leaver');
    const orphan = (await t.request('POST', '/api/users', { body: { name: 'Orphaned Service', owner_id: leaver.id, purpose: 'reports' } })).body;
    assert.ok(orphan.id, 'created');
    assert.equal((await t.request('PUT', `/api/teams/${teams[4]}`, { body: { members: [...members, { user_id: orphan.id }] } })).status, 200);
    assert.equal((await t.request('DELETE', `/api/users/${leaver.id}`, { body: { reason: 'left' } })).status, 200);
    ids.push(t.adminId, person.id, plain.id, owned.id, elevated.id, gone.id, leaver.id, orphan.id);
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
    assert.ok(owned.teams.some((team) => team.until) && owned.maintains.length >= 2, 'memberships that end, and maintainerships held through them');
    const plain = await getUserView(t.db, SYSTEM_CONTEXT, ids[2]);
    assert.deepEqual([plain.teams.length, plain.maintains.length], [1, 0], 'a user in no custom team: the Public team alone');
    const orphan = await getUserView(t.db, SYSTEM_CONTEXT, ids[7]);
    assert.equal(orphan.owner?.id, ids[6], 'an owner who has left is still named');
  });

  test('PostgreSQL: the same views read on connections in another time zone', { skip: dialect !== 'postgres' }, async () => {
    // A timestamptz inside JSON is written in the session's time zone, not as the driver's parser
    // gives a column: the view must not depend on it.
    const pool = new pg.Pool({ connectionString: t.db.postgres!.url, max: 2, options: '-c timezone=Asia/Kolkata' });
    try {
      const elsewhere: Db = { ...t.db, postgres: { ...t.db.postgres!, pool } };
      assert.equal((await pool.query('show timezone')).rows[0].TimeZone, 'Asia/Kolkata', 'the session is not in UTC');
      for (const id of ids) {
        const ctx = { ...SYSTEM_CONTEXT, now: Date.parse(soon) - 1 };
        assert.deepEqual(await getUserView(elsewhere, ctx, id), await getUser(t.db, ctx, id), `user ${id}`);
      }
    } finally {
      await pool.end();
    }
  });

  test(`one view read is ${dialect === 'postgres' ? 'one statement (one round trip)' : 'three statements (SQLite: no round trip; three cost less than one there)'}`, async () => {
    await getUserView(t.db, SYSTEM_CONTEXT, ids[1]); // The Public team's summary is read once per database.
    const seen: string[] = [];
    const note = (q: unknown) => seen.push(typeof q === 'string' ? q : ((q as { name?: string; sql?: string; text?: string }).name ?? (q as { sql?: string }).sql ?? (q as { text?: string }).text ?? '?'));
    const k = t.db.kysely as unknown as { getExecutor: () => { executeQuery: (...a: unknown[]) => unknown } };
    const exec = k.getExecutor();
    const executeQuery = exec.executeQuery;
    exec.executeQuery = (...a) => { note(a[0]); return executeQuery.apply(exec, a); };
    const pool = t.db.postgres?.pool as { query: (...a: unknown[]) => unknown } | undefined;
    const poolQuery = pool?.query;
    if (pool && poolQuery) pool.query = (...a) => { note(a[0]); return poolQuery.apply(pool, a); };
    const sqlite = t.db.sqlite;
    const readSync = sqlite?.readSync;
    if (sqlite && readSync) sqlite.readSync = (...a) => { note(a[0]); return readSync.apply(sqlite, a); };
    let view;
    try {
      view = await getUserView(t.db, SYSTEM_CONTEXT, ids[1]);
    } finally {
      exec.executeQuery = executeQuery;
      if (pool && poolQuery) pool.query = poolQuery;
      if (sqlite && readSync) sqlite.readSync = readSync;
    }
    assert.ok(view.teams.length >= 5 && view.maintains.length >= 2, 'a view with teams and maintainerships');
    assert.equal(seen.length, dialect === 'postgres' ? 1 : 3, `statements: ${seen.join(' | ')}`);
  });

  test('a user that does not exist: the same 404; another user without users.read: the same 403', async () => {
    await assert.rejects(getUserView(t.db, SYSTEM_CONTEXT, 987_654), (err: { status?: number }) => err.status === 404);
    await assert.rejects(getUser(t.db, SYSTEM_CONTEXT, 987_654), (err: { status?: number }) => err.status === 404);
    const member = { actor: { id: ids[2], userId: 'x', type: 'service' as const, name: 'x', email: null, role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } }, requestId: null, ip: null };
    await assert.rejects(getUserView(t.db, member, ids[1]), (err: { status?: number }) => err.status === 403);
    await assert.rejects(getUser(t.db, member, ids[1]), (err: { status?: number }) => err.status === 403);
  });
});
