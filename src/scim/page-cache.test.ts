// GET /Users and GET /Groups compile their page queries once per filter shape and run them again
// with each request's values (service.ts, listPage). These tests send each shape several times with
// different values, so that every lookup after the first runs a cached statement, and compare each
// answer with the same page built and compiled for that request alone (listScimUsers / listScimGroups,
// as before the cache). A value left over from an earlier request, a parameter filled in the wrong
// place or a count run with stale values gives a different answer.
//
// Also: excludedAttributes copies only what it removes (resource.ts, project), leaving the resource
// as it was, with the same answer as the deep copy it replaced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { scimClient, type ScimRequest } from '../../test/scim-support.ts';
import { filterToSql, filterTemplate, sortExpression } from './filter.ts';
import { parseFilter, project, type Doc } from './resource.ts';
import { listScimGroups, listScimUsers } from './store.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describeEachDatabase('SCIM list pages from compiled queries answer as pages built per request', (dialect) => {
  let t: TestApp;
  const userIds: string[] = [];
  const names = ['ada@example.com', 'Bob@Example.com', 'carol@example.org', 'dave@example.com', 'eve@example.net', 'ada.b@example.com'];

  let scim: ScimRequest;

  before(async () => {
    t = await startTestApp(dialect);
    scim = await scimClient(t);
    for (const [i, userName] of names.entries()) {
      const res = await scim('POST', '/Users', {
        schemas: [CORE, ENTERPRISE], userName, externalId: `ext-${i}`, displayName: `Person ${i}`, active: i !== 3,
        emails: [{ value: userName.toLowerCase(), type: 'work', primary: true }, { value: `home${i}@example.org`, type: 'home' }],
        [ENTERPRISE]: { department: `D${i % 2}` },
      });
      assert.equal(res.status, 201, res.text);
      userIds.push(res.body.id);
    }
    for (const [g, members] of [[0, 1, 2], [2, 3], [4]].entries()) {
      const res = await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Team ${g}`, externalId: `grp-${g}`, members: members.map((m) => ({ value: userIds[m] })) });
      assert.equal(res.status, 201, res.text);
    }
  });
  after(async () => t?.close());

  /** The ids and total of a page built and compiled for this request alone (the path before the cache). */
  async function uncached(kind: 'User' | 'Group', filter: string, sortBy?: string, descending = false, startIndex = 1, count = 100) {
    const page = { where: filterToSql(kind, dialect, parseFilter(filter)), sort: sortBy ? sortExpression(kind, dialect, sortBy) : null, descending, offset: startIndex - 1, limit: count };
    const { rows, total } = kind === 'User' ? await listScimUsers(t.db.kysely, page) : await listScimGroups(t.db.kysely, page);
    return { ids: rows.map((r) => String('user_id' in r ? r.user_id : r.id)), total };
  }

  async function assertSame(kind: 'User' | 'Group', filter: string, options: { sortBy?: string; descending?: boolean; startIndex?: number; count?: number } = {}) {
    const query = new URLSearchParams({ filter });
    if (options.sortBy) query.set('sortBy', options.sortBy);
    if (options.descending) query.set('sortOrder', 'descending');
    if (options.startIndex) query.set('startIndex', String(options.startIndex));
    if (options.count !== undefined) query.set('count', String(options.count));
    const res = await scim('GET', `/${kind}s?${query}`);
    assert.equal(res.status, 200, res.text);
    const want = await uncached(kind, filter, options.sortBy, options.descending, options.startIndex, options.count);
    const got = { ids: res.body.Resources.map((r: { id: string }) => r.id), total: res.body.totalResults };
    assert.deepEqual(got, want, `${kind}s ${query}`);
    assert.equal(res.body.itemsPerPage, want.ids.length);
    assert.equal(res.body.startIndex, options.startIndex ?? 1);
    return got;
  }

  test('the same shape with other values finds other resources, each time the right ones', async () => {
    const found = new Set<string>();
    for (const name of [...names, 'nobody@example.com', names[1].toUpperCase()]) {
      const { ids } = await assertSame('User', `userName eq "${name}"`);
      assert.equal(ids.length, names.includes(name) || name === names[1].toUpperCase() ? 1 : 0, name);
      ids.forEach((id: string) => found.add(id));
    }
    assert.equal(found.size, names.length, 'every user was found by its own userName');
    for (const name of [...names, 'home2@example.org', 'nobody@example.com']) {
      await assertSame('User', `emails[type eq "work"].value eq "${name.toUpperCase()}"`);
      await assertSame('User', `emails[type eq "home"].value eq "${name}"`);
      await assertSame('User', `emails.value eq "${name}"`);
    }
    for (const g of [0, 1, 2, 7]) await assertSame('Group', `displayName eq "team ${g}"`);
  });

  test('shapes whose values the SQL uses twice, or in an order, or beside values kept in the shape', async () => {
    for (const [a, b] of [['ada', '.com'], ['bob', '.org'], ['e', 'net'], ['zz', '']]) {
      await assertSame('User', `userName sw "${a}" and userName ew "${b}"`);
      await assertSame('User', `userName sw "${b}" or displayName co "${a}"`);
      await assertSame('User', `not (userName co "${a}") and emails[type eq "work" and value ew "${b}"]`);
    }
    // ids, booleans and date-times are not placeholders: their SQL depends on them
    for (const id of [...userIds.slice(0, 3), 'x', '0']) await assertSame('User', `id eq "${id}" or userName eq "carol@example.org"`);
    for (const active of [true, false, true]) await assertSame('User', `active eq ${active} and userName co "example"`);
    for (const when of ['2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) await assertSame('User', `meta.created gt "${when}" and userName ew ".com"`);
    for (const id of [userIds[2], userIds[4]]) await assertSame('Group', `members[value eq "${id}"] and displayName sw "team"`);
  });

  test('pages past the first run the count with the request\'s values; sorting and paging are part of the shape', async () => {
    for (const domain of ['.com', '.org', '.com', 'example']) {
      for (const startIndex of [1, 2, 3, 9]) {
        await assertSame('User', `userName co "${domain}"`, { startIndex, count: 2 });
        await assertSame('User', `userName co "${domain}"`, { startIndex, count: 2, sortBy: 'userName', descending: true });
      }
      await assertSame('User', `userName co "${domain}"`, { count: 0 });
    }
  });

  test('a filter with no string value compared with a string column has no placeholder; one that does not translate is refused as before', async () => {
    const mark = '\u0000test:';
    assert.deepEqual(filterTemplate('User', dialect, parseFilter('active eq true and id eq "5"'), mark)?.values, []);
    assert.deepEqual(filterTemplate('User', dialect, parseFilter('userName eq "a" or emails[type eq "work" and value eq "b"]'), mark)?.values, ['a', 'work', 'b']);
    assert.equal(filterTemplate('User', dialect, parseFilter('nickName eq "a"'), mark), null);
    const res = await scim('GET', `/Users?filter=${encodeURIComponent('nickName eq "a"')}`);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.scimType, 'invalidFilter');
  });
});

describe('excludedAttributes', () => {
  test('removes what it names from a copy, leaving the resource as it was', () => {
    const resource: Doc = {
      schemas: [CORE, ENTERPRISE], id: '7', userName: 'ada',
      emails: [{ value: 'a@x', type: 'work', primary: true }, { value: 'b@x', type: 'home' }, 'odd'],
      name: { givenName: 'Ada', familyName: 'L' },
      [ENTERPRISE]: { department: 'R', manager: { value: '3', displayName: 'Boss' } },
      meta: { resourceType: 'User', version: 'W/"x"' },
    };
    const before = structuredClone(resource);
    const out = project('User', resource, undefined, `emails.type,name.givenName,${ENTERPRISE}:manager.displayName,${ENTERPRISE}:department,id,schemas,nosuch`);
    assert.deepEqual(out, {
      schemas: [CORE, ENTERPRISE], id: '7', userName: 'ada',
      emails: [{ value: 'a@x', primary: true }, { value: 'b@x' }, 'odd'],
      name: { familyName: 'L' },
      [ENTERPRISE]: { manager: { value: '3' } },
      meta: { resourceType: 'User', version: 'W/"x"' },
    });
    assert.deepEqual(resource, before, 'the resource is unchanged');
    assert.deepEqual(project('Group', { schemas: [GROUP], id: '1', displayName: 'T', members: [{ value: '2', display: 'x' }] }, undefined, 'members'), { schemas: [GROUP], id: '1', displayName: 'T' });
    assert.deepEqual(project('User', resource, undefined, ENTERPRISE), { schemas: [CORE, ENTERPRISE], id: '7', userName: 'ada', emails: before.emails, name: before.name, meta: before.meta });
  });
});
