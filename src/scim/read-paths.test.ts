// Lookups and reads outside a transaction take compiled paths (service.ts, scimReadPaths): a
// found user's groups and a found group's members by statements compiled once (prepared on
// PostgreSQL), the compiled page statements on SQLite's read-only connection or as named prepared
// statements on PostgreSQL. These tests send each request through both paths and compare the
// answers byte for byte (status, ETag, body), over data that tells them apart: groups whose names
// sort differently by case and accent, memberships that ended or end later, detached members,
// member displays, several rows and none. Each request runs several times on the compiled path, so
// that PostgreSQL plans the prepared statements generically too (after five executions).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { scimClient, type ScimRequest } from '../../test/scim-support.ts';
import { namedPageStatements, scimReadPaths } from './service.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describeEachDatabase('SCIM lookups and reads answer the same bytes on their compiled paths as on the general ones', (dialect) => {
  let t: TestApp;
  const users: { id: string; userName: string; email: string }[] = [];
  const groups: { id: string; name: string }[] = [];

  let scim: ScimRequest;

  before(async () => {
    t = await startTestApp(dialect);
    scim = await scimClient(t);
    for (const [i, userName] of ['ada@example.com', 'Bob@Example.com', 'carol@example.org', 'dave@example.com', 'eve@example.net', 'zoë@example.com'].entries()) {
      const email = `work${i}@example.com`;
      const res = await scim('POST', '/Users', {
        schemas: [CORE, ENTERPRISE], userName, externalId: `ext-${i}`, displayName: i === 2 ? undefined : `Person ${i}`, active: i !== 3,
        name: { givenName: 'P', familyName: `N${i}` }, emails: [{ value: email, type: 'work', primary: true }, { value: `home${i}@example.org`, type: 'home' }],
        [ENTERPRISE]: { department: `D${i % 2}` },
      });
      assert.equal(res.status, 201, res.text);
      users.push({ id: res.body.id, userName, email });
    }
    // names that sort differently by code unit, by case and by accent
    const memberships: [string, number[]][] = [['beta', [0, 1, 2]], ['Alpha', [0, 3]], ['alpha-2', [0, 1, 4]], ['Zeta', [0]], ['Émile', [0, 2]], ['zulu', [1, 2, 3, 4]], ['Empty', []]];
    for (const [name, members] of memberships) {
      const res = await scim('POST', '/Groups', { schemas: [GROUP], displayName: name, externalId: `grp-${name}`, members: members.map((m) => ({ value: users[m].id, ...(m === 1 ? { display: 'Bobby' } : {}) })) });
      assert.equal(res.status, 201, res.text);
      groups.push({ id: res.body.id, name });
    }
    // a membership that ended, one that ends later; a member the directory detached
    const k = t.db.kysely;
    await sql`update team_members set until = ${new Date(Date.now() - 3_600_000).toISOString()} where team_id = ${Number(groups[0].id)} and user_id = ${Number(users[1].id)}`.execute(k);
    await sql`update team_members set until = ${new Date(Date.now() + 86_400_000).toISOString()} where team_id = ${Number(groups[5].id)} and user_id = ${Number(users[1].id)}`.execute(k);
    assert.equal((await scim('DELETE', `/Users/${users[4].id}`)).status, 204);
    assert.equal((await scim('PATCH', `/Users/${users[2].id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Carol C' }] })).status, 200);
  });
  after(async () => {
    scimReadPaths.compiled = true;
    await t?.close();
  });

  /** The answer as a client sees it: status, ETag, content type and the body's bytes. */
  async function answer(method: string, url: string, body?: unknown) {
    const res = await scim(method, url, body);
    return { status: res.status, etag: res.headers.etag, type: res.headers['content-type'], body: res.text };
  }

  async function assertSameBothWays(method: string, url: string, body?: unknown) {
    scimReadPaths.compiled = false;
    const want = await answer(method, url, body);
    scimReadPaths.compiled = true;
    for (let i = 0; i < 7; i++) assert.deepEqual(await answer(method, url, body), want, `${method} ${url} ${body ? JSON.stringify(body) : ''} (run ${i + 1})`);
    return want;
  }

  const filter = (kind: string, f: string, extra = '') => `/${kind}?filter=${encodeURIComponent(f)}${extra}`;

  test('Users: by userName, by email, by id, with and without their groups; several and none', async () => {
    for (const [i, u] of users.entries()) {
      const found = await assertSameBothWays('GET', filter('Users', `userName eq "${u.userName}"`));
      assert.equal(JSON.parse(found.body).totalResults, i === 4 ? 0 : 1, u.userName);
      await assertSameBothWays('GET', filter('Users', `userName eq "${u.userName.toUpperCase()}"`));
      await assertSameBothWays('GET', filter('Users', `emails[type eq "work"].value eq "${u.email}"`));
      await assertSameBothWays('GET', filter('Users', `emails[type eq "work"].value eq "${u.email}"`, '&excludedAttributes=groups'));
      await assertSameBothWays('GET', filter('Users', `userName eq "${u.userName}"`, '&attributes=userName,groups'));
      const one = await assertSameBothWays('GET', `/Users/${u.id}`);
      assert.equal(one.status, i === 4 ? 404 : 200);
      await assertSameBothWays('GET', `/Users/${u.id}?excludedAttributes=emails`);
      await assertSameBothWays('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `userName eq "${u.userName}"` });
    }
    // the groups that tell the paths apart are there: by code unit, the ended membership left out
    const ada = JSON.parse((await answer('GET', `/Users/${users[0].id}`)).body);
    assert.deepEqual(ada.groups.map((g: { display: string }) => g.display), ['Alpha', 'Zeta', 'alpha-2', 'beta', 'Émile']);
    const bob = JSON.parse((await answer('GET', `/Users/${users[1].id}`)).body);
    assert.deepEqual(bob.groups.map((g: { display: string }) => g.display), ['alpha-2', 'zulu']);
    for (const f of ['userName co "example"', 'userName eq "nobody@example.com"', 'emails.value ew "example.org"']) {
      await assertSameBothWays('GET', filter('Users', f));
      await assertSameBothWays('GET', filter('Users', f, '&sortBy=userName&sortOrder=descending&count=2&startIndex=2'));
    }
    await assertSameBothWays('GET', '/Users/999999');
  });

  test('Groups: by displayName, by id, with and without their members; several and none', async () => {
    for (const g of groups) {
      const found = await assertSameBothWays('GET', filter('Groups', `displayName eq "${g.name}"`));
      assert.equal(JSON.parse(found.body).totalResults, 1, g.name);
      await assertSameBothWays('GET', filter('Groups', `displayName eq "${g.name.toLowerCase()}"`));
      await assertSameBothWays('GET', filter('Groups', `displayName eq "${g.name}"`, '&excludedAttributes=members'));
      await assertSameBothWays('GET', `/Groups/${g.id}`);
      await assertSameBothWays('GET', `/Groups/${g.id}?attributes=displayName`);
    }
    const zulu = JSON.parse((await answer('GET', `/Groups/${groups[5].id}`)).body);
    // the detached member is not one; a member's display: the group's, else the user's displayName
    assert.deepEqual(zulu.members.map((m: { display: string }) => m.display), ['Bobby', 'Carol C', 'Person 3']);
    for (const f of ['displayName sw "a"', 'displayName eq "nobody"', `members[value eq "${users[0].id}"]`]) {
      await assertSameBothWays('GET', filter('Groups', f));
      await assertSameBothWays('GET', filter('Groups', f, '&excludedAttributes=members&count=1&startIndex=2'));
    }
    await assertSameBothWays('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'displayName eq "Zeta" or userName eq "ada@example.com"' });
  });

  test('named page statements are bounded; shapes past the bound answer the same, unnamed', async () => {
    for (let k = 1; k <= 70; k++) {
      const f = Array.from({ length: k }, (_, i) => `userName eq "${users[i % users.length].userName}"`).join(' or ');
      await assertSameBothWays('GET', filter('Users', f));
    }
    if (dialect === 'postgres') {
      assert.ok(namedPageStatements() >= 64 && namedPageStatements() <= 128, `named page statements: ${namedPageStatements()}`);
      const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'warden_scim_page_%'`.execute(t.db.kysely);
      assert.ok(prepared.rows[0].n <= 128, `prepared on one connection: ${prepared.rows[0].n}`);
    } else {
      assert.equal(namedPageStatements(), 0, 'SQLite names no statement');
    }
  });
});
