// The lookups a directory makes on every sync use indexes, on SQLite and PostgreSQL (issue 24):
// each test asks the database for the plan of the very query the service runs (EXPLAIN QUERY PLAN /
// EXPLAIN) over a few thousand provisioned users and names the index it must use. Dropping an index
// (or changing the SQL so that it no longer matches the indexed expression) fails the test; the last
// test shows that by dropping one and seeing the plan fall back to a scan.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql, type Compilable } from 'kysely';
import { createTestDb, describeEachDatabase, insertManyUsersAndTeams, type TestDb } from '../../test/support.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { chunks } from '../db/batch.ts';
import { nameKey } from '../http/text.ts';
import { SCIM_LOOKUP_INDEXES } from '../db/migrations/0018_scim_lookup_indexes.ts';
import { filterToSql } from './filter.ts';
import { parseFilter } from './resource.ts';
import { attachableSsoAccountsQuery, scimGroupsPageQueries, scimUsersPageQueries } from './store.ts';

const USERS = 3_000;
// enough teams that a scan costs more than the index on PostgreSQL too (at 100 it rightly reads the two pages)
const GROUPS = 2_000;

describeEachDatabase('SCIM lookups use their indexes', (dialect) => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb(dialect);
    await migrateToLatest(t.db);
    const k = t.db.kysely;
    const now = new Date().toISOString();
    const { userIds } = await insertManyUsersAndTeams(k, Array.from({ length: USERS }, (_, i) => `user${i}@index.example`), Array.from({ length: GROUPS }, (_, g) => `Group ${g}`));
    const rows = userIds.map((id, i) => ({ id, user_id: `user${i}@index.example` }));
    for (const batch of chunks(rows, 500)) {
      await k.insertInto('scim_users').values(batch.map((r) => ({
        user_id: r.id, user_name: r.user_id, user_name_key: nameKey(r.user_id), external_id: `ext-${r.id}`, display_name: r.user_id, formatted_name: null,
        family_name: null, given_name: null, middle_name: null, honorific_prefix: null, honorific_suffix: null,
        attributes: JSON.stringify({ userName: r.user_id }), created_at: now, updated_at: now, detached_at: null,
      }))).execute();
      await k.insertInto('scim_user_emails').values(batch.map((r) => ({ user_id: r.id, position: 0, value: r.user_id, type: 'work', display: null, is_primary: 1 }))).execute();
    }
    // the planner's statistics, as a database that has run for a while has them
    await sql`analyze`.execute(k);
  });
  after(async () => t?.drop());

  /** The plan of a query, as one text (SQLite: the detail lines; PostgreSQL: EXPLAIN's lines). */
  async function planOf(query: Compilable<unknown>): Promise<string> {
    const c = query.compile();
    const prefix = dialect === 'postgres' ? 'explain ' : 'explain query plan ';
    const result = await t.db.kysely.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
    return result.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
  }

  const page = { sort: null, descending: false, offset: 0, limit: 100 };
  const users = (filter: string) => scimUsersPageQueries(t.db.kysely, { ...page, where: filterToSql('User', dialect, parseFilter(filter)) });
  const groups = (filter: string) => scimGroupsPageQueries(t.db.kysely, { ...page, where: filterToSql('Group', dialect, parseFilter(filter)) });

  async function assertUses(index: string, queries: Compilable<unknown>[]): Promise<void> {
    for (const q of queries) {
      const plan = await planOf(q);
      assert.match(plan, new RegExp(`\\b${index}\\b`), `expected the plan to use ${index}:\n${plan}`);
    }
  }

  test('userName eq: lower(user_name)', async () => {
    const q = users('userName eq "USER42@index.example"');
    await assertUses('scim_users_user_name_lower', [q.count, q.rows]);
    assert.equal(Number((await q.count.executeTakeFirstOrThrow()).total), 1, 'and it finds the user in any case');
  });

  test('emails[type eq "work"].value eq and emails.value eq: lower(value)', async () => {
    for (const filter of ['emails[type eq "work"].value eq "user7@INDEX.example"', 'emails.value eq "user7@INDEX.example"', 'emails eq "user7@INDEX.example"']) {
      const q = users(filter);
      await assertUses('scim_user_emails_value', [q.count, q.rows]);
      assert.equal(Number((await q.count.executeTakeFirstOrThrow()).total), 1, filter);
    }
  });

  test('group displayName eq: lower(name)', async () => {
    const q = groups('displayName eq "group 42"');
    await assertUses('teams_name_lower', [q.count, q.rows]);
    assert.equal(Number((await q.count.executeTakeFirstOrThrow()).total), 1);
  });

  test('a SCIM create looking for an SSO account with the same email: lower(email)', async () => {
    await assertUses('users_email_lower', [attachableSsoAccountsQuery(t.db.kysely, 'User9@Index.Example')]);
  });

  test('the indexes are those of migration 0018, and the plans fall back to a scan without them', async () => {
    assert.deepEqual(SCIM_LOOKUP_INDEXES.map((i) => i.name).sort(), ['scim_users_user_name_lower', 'teams_name_lower', 'users_email_lower']);
    await sql`drop index scim_users_user_name_lower`.execute(t.db.kysely);
    const plan = await planOf(users('userName eq "user42@index.example"').rows);
    assert.doesNotMatch(plan, /scim_users_user_name_lower/);
    assert.match(plan, dialect === 'postgres' ? /Seq Scan on scim_users/ : /SCAN s\b/, plan);
  });
});
