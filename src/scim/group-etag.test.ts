// A Group's ETag is made of a version the database bumps (teams.scim_version, migration 0020), not
// of the members it shows, so that a lookup without members does not read them. These tests hold
// it to what an ETag promises: after every kind of write that changes what GET /Groups/{id} shows
// (the name, externalId, members added or removed through SCIM or the teams API, a member's
// userName or displayName, a member detached or re-attached, a member's display as the directory
// sent it, an account already in the team attached by a provisioning record), the tag changes; a
// write that changes nothing the Group shows leaves it; and the lookup that leaves members out,
// the lookup with them and the read all give the same tag.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type Reply, type TestApp } from '../../test/support.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describeEachDatabase('SCIM Group ETags follow the representation', (dialect) => {
  let t: TestApp;
  let scim: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;
  before(async () => {
    t = await startTestApp(dialect);
    const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
    const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } });
    scim = (method, url, body, headers = {}) => t.request(method, `/api/scim/v2${url}`, {
      token: tok.body.token,
      headers: body === undefined ? headers : { 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  });
  after(async () => t.close());

  const ok = (res: Reply, status = 200) => {
    assert.equal(res.status, status, res.text);
    return res;
  };
  const withoutMeta = (doc: Record<string, unknown>) => {
    const copy = { ...doc };
    delete copy.meta;
    return JSON.stringify(copy);
  };

  /** The Group as the three ways of reading it show it, checked to carry one ETag. */
  async function look(id: string, name: string): Promise<{ etag: string; body: string }> {
    const read = ok(await scim('GET', `/Groups/${id}`));
    const filter = encodeURIComponent(`displayName eq "${name}"`);
    const lean = ok(await scim('GET', `/Groups?excludedAttributes=members&filter=${filter}`));
    const full = ok(await scim('GET', `/Groups?filter=${filter}`));
    assert.equal(read.headers.etag, read.body.meta.version);
    assert.equal(lean.body.Resources.length, 1);
    assert.equal(lean.body.Resources[0].members, undefined, 'the lookup leaves members out');
    assert.equal(lean.body.Resources[0].meta.version, read.headers.etag, 'the lookup without members: the same ETag');
    assert.equal(full.body.Resources[0].meta.version, read.headers.etag, 'the lookup with members: the same ETag');
    assert.equal(withoutMeta(full.body.Resources[0]), withoutMeta(read.body));
    const searched = ok(await scim('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `displayName eq "${name}"`, excludedAttributes: ['members'] }));
    assert.equal(searched.body.Resources[0].meta.version, read.headers.etag, 'a search without members: the same ETag');
    return { etag: read.headers.etag as string, body: withoutMeta(read.body) };
  }

  test('every change to what the Group shows changes its ETag; other writes leave it', async () => {
    const make = async (userName: string, extra: Record<string, unknown> = {}) => ok(await scim('POST', '/Users', { schemas: [CORE], userName, active: true, ...extra }), 201).body.id as string;
    const a = await make('ann@example.com', { displayName: 'Ann' });
    const b = await make('bob@example.com');
    const c = await make('cid@example.com', { displayName: 'Cid' });
    const g = ok(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Tagged', members: [{ value: a }, { value: b }] }), 201).body.id as string;
    let name = 'Tagged';
    let last = await look(g, name);
    const patchUser = async (id: string, ops: unknown[]) => ok(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: ops }));
    const patchGroup = async (ops: unknown[]) => ok(await scim('PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: ops }));

    /** A step that changes the representation: a new body and a new ETag. */
    const changes = async (what: string, step: () => Promise<unknown>) => {
      await step();
      const now = await look(g, name);
      assert.notEqual(now.body, last.body, `${what}: the representation changes (else this step tests nothing)`);
      assert.notEqual(now.etag, last.etag, `${what}: the ETag changes`);
      last = now;
    };
    /** A step that leaves the representation as it was: the same ETag (a 304 stays a 304). */
    const keeps = async (what: string, step: () => Promise<unknown>) => {
      await step();
      const now = await look(g, name);
      assert.equal(now.body, last.body, `${what}: the representation stays`);
      assert.equal(now.etag, last.etag, `${what}: the ETag stays`);
      assert.equal((await scim('GET', `/Groups/${g}`, undefined, { 'if-none-match': now.etag })).status, 304);
    };

    await changes("a member's displayName", () => patchUser(a, [{ op: 'replace', path: 'displayName', value: 'Ann B.' }]));
    await changes("the userName of a member shown by it (no displayName)", () => patchUser(b, [{ op: 'replace', path: 'userName', value: 'robert@example.com' }]));
    await keeps("another attribute of a member", () => patchUser(a, [{ op: 'replace', path: 'title', value: 'Engineer' }]));
    await keeps('a user who is not a member', () => patchUser(c, [{ op: 'replace', path: 'displayName', value: 'Cid C.' }]));
    await keeps('another group with the same members', async () => ok(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Other', members: [{ value: a }, { value: c }] }), 201));
    await changes("a member's display as the directory sends it", () => patchGroup([{ op: 'replace', path: 'members', value: [{ value: a, display: 'Ann (directory)' }, { value: b }] }]));
    await changes('externalId', () => patchGroup([{ op: 'add', path: 'externalId', value: 'grp-1' }]));
    await changes('a member added through the teams API', async () => ok(await t.request('POST', `/api/teams/${g}/members`, { body: { user_id: Number(c) } })));
    await changes('a member removed through the teams API', async () => ok(await t.request('DELETE', `/api/teams/${g}/members/${c}`)));
    await changes('the team renamed through the teams API', async () => {
      ok(await t.request('PUT', `/api/teams/${g}`, { body: { name: 'Tagged Team' } }));
      name = 'Tagged Team';
    });
    await changes('displayName through SCIM', async () => {
      await patchGroup([{ op: 'replace', path: 'displayName', value: 'Tagged 2' }]);
      name = 'Tagged 2';
    });
    await changes('a member detached (DELETE /Users)', async () => ok(await scim('DELETE', `/Users/${b}`), 204));
    await changes('the detached member re-attached (POST /Users with its userName)', async () => ok(await scim('POST', '/Users', { schemas: [CORE], userName: 'robert@example.com', active: true }), 201));

    // an account already in the team that a provisioning record attaches (as the SSO attach does)
    const sso = await t.personalUser('Dee', 'member', 'dee@example.com');
    // an account SCIM does not know joins the team: the Group shows nothing new (the tag may move: too fresh is allowed, stale never)
    ok(await t.request('POST', `/api/teams/${g}/members`, { body: { user_id: sso.id } }));
    assert.equal((await look(g, name)).body, last.body);
    last = await look(g, name);
    await changes('that account attached by a provisioning record', async () => {
      const now = new Date().toISOString();
      await t.db.kysely.insertInto('scim_users').values({ user_id: sso.id, user_name: 'dee@example.com', user_name_key: 'dee@example.com', attributes: '{"userName":"dee@example.com"}', created_at: now, updated_at: now }).execute();
    });

    // the ETag of a lookup is one If-Match accepts
    const lean = ok(await scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`));
    ok(await scim('PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Tagged 3' }] }, { 'if-match': lean.body.Resources[0].meta.version }));
    assert.equal((await scim('PATCH', `/Groups/${g}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Tagged 4' }] }, { 'if-match': lean.body.Resources[0].meta.version })).status, 412);
  });

  test('the triggers: one bump per statement and team on PostgreSQL, at least one on SQLite, none for what the Group does not show', async () => {
    const kysely = t.db.kysely;
    const now = new Date().toISOString();
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Triggers', permission: 'reporter' } })).body.id as number;
    const version = async () => Number((await kysely.selectFrom('teams').select('scim_version').where('id', '=', team).executeTakeFirstOrThrow()).scim_version);
    const users = [await t.personalUser('T1', 'member', 't1@example.com'), await t.personalUser('T2', 'member', 't2@example.com')];
    let v = await version();
    const bumped = async (what: string, write: () => Promise<unknown>, expect: boolean) => {
      await write();
      const after = await version();
      if (expect) assert.ok(after > v, `${what}: bumped`);
      else assert.equal(after, v, `${what}: not bumped`);
      v = after;
    };
    await bumped('members inserted', () => kysely.insertInto('team_members').values(users.map((u) => ({ team_id: team, user_id: u.id, until: null }))).execute(), true);
    await bumped('a membership end changed', () => kysely.updateTable('team_members').set({ until: '2999-01-01T00:00:00.000Z' }).where('team_id', '=', team).execute(), false);
    await bumped('the level changed', () => kysely.updateTable('teams').set({ permission: 'viewer' }).where('id', '=', team).execute(), false);
    await bumped('the name set to itself', () => kysely.updateTable('teams').set({ name: 'Triggers' }).where('id', '=', team).execute(), false);
    await bumped('scim_users inserted for a member', () => kysely.insertInto('scim_users').values({ user_id: users[0].id, user_name: 't1', user_name_key: 't1', attributes: '{}', created_at: now, updated_at: now }).execute(), true);
    await bumped('scim_users attributes changed', () => kysely.updateTable('scim_users').set({ attributes: '{"title":"x"}', updated_at: now }).where('user_id', '=', users[0].id).execute(), false);
    await bumped('scim_users display_name changed', () => kysely.updateTable('scim_users').set({ display_name: 'T one' }).where('user_id', '=', users[0].id).execute(), true);
    await bumped('scim_groups inserted', () => kysely.insertInto('scim_groups').values({ team_id: team, external_id: null, member_displays: '{}', created_at: now, updated_at: now }).execute(), true);
    await bumped('scim_groups updated_at only', () => kysely.updateTable('scim_groups').set({ updated_at: now }).where('team_id', '=', team).execute(), false);
    await bumped('scim_groups member_displays', () => kysely.updateTable('scim_groups').set({ member_displays: '{"1":"x"}' }).where('team_id', '=', team).execute(), true);
    await bumped('scim_users deleted', () => kysely.deleteFrom('scim_users').where('user_id', '=', users[0].id).execute(), true);
    await bumped('members deleted', () => kysely.deleteFrom('team_members').where('team_id', '=', team).execute(), true);
    if (dialect === 'postgres') {
      const before = await version();
      await kysely.insertInto('team_members').values(users.map((u) => ({ team_id: team, user_id: u.id, until: null }))).execute();
      assert.equal(await version(), before + 1, 'one statement of two members: one bump');
    }
  });
});
