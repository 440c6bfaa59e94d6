// The reads of a user view that is not cached (first-sight `GET /api/users/me`) start from the
// user, and use indexes that start from the user, on SQLite and PostgreSQL (issue 24): the plan of
// the very statement the service runs names the index (PostgreSQL: the one statement of the whole
// view, userViewByIdPostgres; SQLite: the maintained-teams read). Dropping migration 0019's index makes the
// maintained-teams read a scan of team_maintainers, and this test fail (the last test shows it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { createTestDb, describeEachDatabase, insertManyUsersAndTeams, type TestDb } from '../../test/support.ts';
import { chunks } from '../db/batch.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { maintainedTeamsOfUserView, userViewByIdPostgres } from './store.ts';

const USERS = 3_000;
const TEAMS = 300;

describeEachDatabase('user view reads use indexes that start from the user', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
    const k = t.db.kysely;
    const now = new Date().toISOString();
    const { userIds, teamIds } = await insertManyUsersAndTeams(k, Array.from({ length: USERS }, (_, i) => `viewer${i}@index.example`), Array.from({ length: TEAMS }, (_, g) => `Team ${g}`));
    // every user maintains one team: thousands of rows, a few per user
    const rows = userIds.map((id, i) => ({ team_id: teamIds[i % teamIds.length], user_id: id, created_at: now }));
    for (const batch of chunks(rows, 500)) await k.insertInto('team_maintainers').values(batch).execute();
    // and is a member of it and of another team
    const members = userIds.flatMap((id, i) => [{ team_id: teamIds[i % teamIds.length], user_id: id }, { team_id: teamIds[(i + 1) % teamIds.length], user_id: id }]);
    for (const batch of chunks(members, 500)) await k.insertInto('team_members').values(batch).execute();
    await sql`analyze`.execute(k);
  });
  after(async () => t?.drop());

  async function planOfMaintained(userId: number): Promise<string> {
    const now = new Date().toISOString();
    const bound = dialect === 'postgres' ? userViewByIdPostgres.bind(t.db.kysely, userId, now) : maintainedTeamsOfUserView.bind(t.db.kysely, userId, now);
    const prefix = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
    const result = await t.db.kysely.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + bound.sql, bound.parameters));
    return result.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
  }

  test('the teams a user maintains: team_maintainers_user (migration 0019)', async () => {
    const plan = await planOfMaintained(42);
    assert.match(plan, /team_maintainers_user/, plan);
  });

  // (teams, 300 rows in a few pages, may be read whole: the planner's choice at this size.)
  test('PostgreSQL: the whole view in one statement reads the memberships by team_members_user, and neither users nor memberships whole', { skip: dialect !== 'postgres' }, async () => {
    const plan = await planOfMaintained(42);
    assert.match(plan, /team_members_user/, plan);
    assert.doesNotMatch(plan, /Seq Scan on (users|team_members|team_maintainers)/, plan);
  });

  test('without the index the same read scans team_maintainers (the test above can fail)', async () => {
    await sql`drop index team_maintainers_user`.execute(t.db.kysely);
    await sql`analyze`.execute(t.db.kysely);
    const plan = await planOfMaintained(42);
    assert.doesNotMatch(plan, /team_maintainers_user/, plan);
    assert.match(plan, dialect === 'postgres' ? /Seq Scan on team_maintainers|Index Only Scan using team_maintainers_pk|Index Scan using team_maintainers_pk/ : /SCAN x|SCAN team_maintainers/, plan);
  });
});
