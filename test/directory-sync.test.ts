// Access that follows the directory (issue 21): directory mappings, and a real OpenID Provider
// (oidc-provider, in-process on 127.0.0.1) whose sign-ins carry a groups claim, against Warden in
// `add` and in `sync` mode; SCIM group membership driving mapped roles. Both databases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { devClaims, startDevProvider, type DevAccountClaims, type DevProvider } from '../src/sso/dev-provider.ts';
import { Browser, formOf, freePort } from './sso-browser.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA_GROUP_ID = '5b0e2b0c-3f1a-4c8e-9d7a-0c1f2e3d4a5b';

describeEachDatabase('directory sync', (dialect) => {
  let op: DevProvider;
  let add: TestApp;
  let sync: TestApp;
  const urls = { add: '', sync: '' };
  /** login → the claims the IdP sends (groups among them). */
  const accounts = new Map<string, DevAccountClaims>();
  const as = (login: string, claims: Record<string, unknown>) => accounts.set(login, { ...devClaims(login), ...claims });

  before(async () => {
    const [pAdd, pSync] = [await freePort(), await freePort()];
    urls.add = `http://127.0.0.1:${pAdd}`;
    urls.sync = `http://127.0.0.1:${pSync}`;
    op = await startDevProvider({
      clientId: 'warden-test', clientSecret: 'test-secret',
      redirectUris: [`${urls.add}/api/auth/callback`, `${urls.sync}/api/auth/callback`],
      claimsFor: (login) => accounts.get(login) ?? devClaims(login),
    });
    const env = { WARDEN_OIDC_ISSUER: op.issuer, WARDEN_OIDC_CLIENT_ID: op.clientId, WARDEN_OIDC_CLIENT_SECRET: op.clientSecret };
    add = await startTestApp(dialect, { ...env, WARDEN_PUBLIC_URL: urls.add, WARDEN_OIDC_GROUP_SYNC: 'add' });
    sync = await startTestApp(dialect, { ...env, WARDEN_PUBLIC_URL: urls.sync, WARDEN_OIDC_GROUP_SYNC: 'sync' });
    await add.app.listen({ host: '127.0.0.1', port: pAdd });
    await sync.app.listen({ host: '127.0.0.1', port: pSync });
  });
  after(async () => {
    await add.close();
    await sync.close();
    await op.close();
  });

  /** Signs `login` in through the IdP's login form (a fresh browser) and returns the session. */
  async function signIn(warden: string, login: string): Promise<{ id: number; role: string }> {
    const b = new Browser();
    const atIdp = await b.go(`${warden}/api/auth/login?return_to=${encodeURIComponent('/api/auth/session')}`);
    assert.equal(atIdp.status, 200, atIdp.text.slice(0, 300));
    const page = await b.go(formOf(atIdp).action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'x' }) });
    assert.equal(page.status, 200, page.text.slice(0, 300));
    return { id: page.json.user.id, role: page.json.user.role };
  }

  async function team(t: TestApp, name: string): Promise<number> {
    const res = await t.request('POST', '/api/teams', { body: { name, permission: 'viewer' } });
    assert.equal(res.status, 201, res.text);
    return res.body.id;
  }

  async function mapping(t: TestApp, body: Record<string, unknown>): Promise<number> {
    const res = await t.request('POST', '/api/directory-mappings', { body });
    assert.equal(res.status, 201, res.text);
    return res.body.id;
  }

  const userOf = async (t: TestApp, id: number) => (await t.request('GET', `/api/users/${id}`)).body;
  const teamNames = (u: { teams: { name: string }[] }) => u.teams.map((x) => x.name).filter((n) => n !== 'Public').sort();
  const directoryEvents = async (t: TestApp, id: number) => {
    const res = await t.request('GET', `/api/audit-events?target_type=user&target_id=${id}&action=user.directory_synced`);
    assert.equal(res.status, 200, res.text);
    return res.body.items as { actor: unknown; reason: string; changes: Record<string, { before: unknown; after: unknown }> }[];
  };

  test('mappings: Admin only, a role needs a reason, one of team or role, duplicates without case are 409, each change audited', async () => {
    const t = add;
    const data = await team(t, 'Data');
    const member = await t.personalUser('Mia Member');
    assert.equal((await t.request('GET', '/api/directory-mappings', { token: member.token })).status, 403);
    assert.equal((await t.request('POST', '/api/directory-mappings', { token: member.token, body: { group: 'x', team_id: data } })).status, 403);
    const manager = await t.personalUser('Max Manager', 'manager');
    assert.equal((await t.request('GET', '/api/directory-mappings', { token: manager.token })).status, 403);

    const noReason = await t.request('POST', '/api/directory-mappings', { body: { group: 'Warden Admins', role: 'admin' } });
    assert.equal(noReason.status, 422, noReason.text);
    assert.equal(noReason.body.errors[0].path, 'reason');
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: 'X', team_id: data, role: 'manager', reason: 'r' } })).status, 422);
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: 'X' } })).status, 422);
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: '   ', team_id: data } })).status, 422);
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: 'X', role: 'member', reason: 'r' } })).status, 422);
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: 'X', team_id: 999_999 } })).status, 422);
    const publicTeam = (await t.request('GET', '/api/teams?q=Public')).body.items.find((x: { is_public: boolean }) => x.is_public);
    assert.equal((await t.request('POST', '/api/directory-mappings', { body: { group: 'X', team_id: publicTeam.id } })).status, 422);

    const id = await mapping(t, { group: 'Data Engineers', team_id: data });
    const dup = await t.request('POST', '/api/directory-mappings', { body: { group: '  data   ENGINEERS ', team_id: data } });
    assert.equal(dup.status, 409, dup.text);
    await mapping(t, { group: 'Warden Admins', role: 'admin', reason: 'The platform team runs Warden' });
    await mapping(t, { group: ENTRA_GROUP_ID, team_id: data });
    const list = await t.request('GET', '/api/directory-mappings');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((m: { group: string; team: { name: string } | null; role: string | null }) => [m.group, m.team?.name ?? null, m.role]).sort(), [
      [ENTRA_GROUP_ID, 'Data', null], ['Data Engineers', 'Data', null], ['Warden Admins', null, 'admin'],
    ].sort());
    const audit = await t.request('GET', '/api/audit-events?target_type=directory_mapping');
    assert.equal(audit.body.items.filter((e: { action: string }) => e.action === 'directory_mapping.created').length, 3);
    const temp = await mapping(t, { group: 'Temporary', team_id: data });
    assert.equal((await t.request('DELETE', `/api/directory-mappings/${temp}`, { token: member.token })).status, 403);
    assert.equal((await t.request('DELETE', `/api/directory-mappings/${temp}`)).status, 204);
    assert.equal((await t.request('DELETE', `/api/directory-mappings/${temp}`)).status, 404);
    const deleted = await t.request(`GET`, `/api/audit-events?target_type=directory_mapping&target_id=${temp}`);
    assert.deepEqual(deleted.body.items.map((e: { action: string }) => e.action), ['directory_mapping.deleted', 'directory_mapping.created']);
    assert.ok(id > 0);
  });

  test('add: sign-in adds the mapped team and the highest mapped role (actor directory, naming the groups); it never removes nor lowers', async () => {
    const t = add; // mappings of the first test: Data Engineers → Data, Warden Admins → admin, an Entra id → Data
    await mapping(t, { group: 'Warden Managers', role: 'manager', reason: 'Leads manage datastores' });
    as('ada', { groups: ['data engineers', 'Warden Admins', 'Warden Managers', 'Unmapped'] });
    const ada = await signIn(urls.add, 'ada');
    assert.equal(ada.role, 'admin', 'the session already has the mapped role');
    let u = await userOf(t, ada.id);
    assert.deepEqual(teamNames(u), ['Data']);
    assert.equal(u.role, 'admin');
    assert.equal(u.role_source, 'directory');
    assert.deepEqual(u.idp_groups.groups, ['data engineers', 'Warden Admins', 'Warden Managers', 'Unmapped']);
    const [event] = await directoryEvents(t, ada.id);
    assert.equal(event.actor, 'directory');
    assert.match(event.reason, /WARDEN_OIDC_GROUP_SYNC=add/);
    assert.match(event.reason, /team Data by group "data engineers"/);
    assert.match(event.reason, /role admin by group "Warden Admins" \(The platform team runs Warden\)/);
    assert.deepEqual(event.changes.role, { before: 'member', after: 'admin' });

    as('ada', { groups: [] });
    await signIn(urls.add, 'ada');
    u = await userOf(t, ada.id);
    assert.deepEqual(teamNames(u), ['Data'], 'add never removes');
    assert.equal(u.role, 'admin', 'add never lowers');
    assert.deepEqual(u.idp_groups.groups, [], 'the groups of the last sign-in are shown');
    assert.equal((await directoryEvents(t, ada.id)).length, 1, 'nothing changed, nothing audited');

    // A role an Admin set by hand is never lowered in add mode; a higher mapped role raises it.
    as('hal', { groups: ['Warden Managers'] });
    const hal = await signIn(urls.add, 'hal');
    assert.equal((await userOf(t, hal.id)).role, 'manager');
    assert.equal((await t.request('PUT', `/api/users/${hal.id}`, { body: { role: 'admin', reason: 'on call' } })).status, 200);
    assert.equal((await userOf(t, hal.id)).role_source, 'admin', 'an Admin\'s change makes the role the Admin\'s');
    await signIn(urls.add, 'hal');
    assert.equal((await userOf(t, hal.id)).role, 'admin');

    // Entra ID sends group ids: the mapping holds the id (any case).
    as('eve', { groups: [ENTRA_GROUP_ID.toUpperCase()] });
    const eve = await signIn(urls.add, 'eve');
    assert.deepEqual(teamNames(await userOf(t, eve.id)), ['Data']);
  });

  test('sync: removes memberships in mapped teams and mapped roles no longer granted, never a hand-given membership in an unmapped team, never the last Admin', async () => {
    const t = sync;
    const data = await team(t, 'Data');
    const ops = await team(t, 'Ops');
    const hand = await team(t, 'Hand Picked');
    await mapping(t, { group: 'Data Engineers', team_id: data });
    await mapping(t, { group: 'Operators', team_id: ops });
    await mapping(t, { group: 'Warden Managers', role: 'manager', reason: 'Leads manage datastores' });
    await mapping(t, { group: 'Warden Admins', role: 'admin', reason: 'Platform team' });

    as('cara', { groups: ['Data Engineers', 'Warden Managers'] });
    const cara = await signIn(urls.sync, 'cara');
    let u = await userOf(t, cara.id);
    assert.deepEqual(teamNames(u), ['Data']);
    assert.equal(u.role, 'manager');
    // An Admin puts her in an unmapped team and in a mapped one by hand.
    assert.equal((await t.request('PUT', `/api/users/${cara.id}`, { body: { team_ids: [data, hand, ops] } })).status, 200);

    as('cara', { groups: ['Operators'] });
    await signIn(urls.sync, 'cara');
    u = await userOf(t, cara.id);
    assert.deepEqual(teamNames(u), ['Hand Picked', 'Ops'], 'Data (mapped, no longer granted) went; the unmapped team stayed');
    assert.equal(u.role, 'member', 'the mapped elevation went');
    const [latest] = await directoryEvents(t, cara.id);
    assert.equal(latest.actor, 'directory');
    assert.deepEqual(latest.changes.team_ids, { before: [data, ops, hand].sort((a, b) => a - b), after: [ops, hand].sort((a, b) => a - b) });
    assert.deepEqual(latest.changes.role, { before: 'manager', after: 'member' });
    assert.match(latest.reason, /removed from team Data: no group mapped to it/);

    // A role set by hand with no mapped group stays; sync gives the mapped role when one matches.
    assert.equal((await t.request('PUT', `/api/users/${cara.id}`, { body: { role: 'manager', reason: 'lead' } })).status, 200);
    as('cara', { groups: [] });
    await signIn(urls.sync, 'cara');
    u = await userOf(t, cara.id);
    assert.equal(u.role, 'manager', 'a hand-set role is not a mapped elevation');
    assert.deepEqual(teamNames(u), ['Hand Picked']);

    // The last Admin keeps the role even when the groups stop granting it.
    as('root', { groups: ['Warden Admins'] });
    const root = await signIn(urls.sync, 'root');
    assert.equal((await userOf(t, root.id)).role, 'admin');
    await t.db.kysely.updateTable('users').set({ deactivated_at: new Date().toISOString() }).where('id', '=', t.adminId).execute();
    as('root', { groups: [] });
    assert.equal((await signIn(urls.sync, 'root')).role, 'admin', 'never the last Admin');
    await t.db.kysely.updateTable('users').set({ deactivated_at: null }).where('id', '=', t.adminId).execute();
    await signIn(urls.sync, 'root');
    assert.equal((await userOf(t, root.id)).role, 'member', 'with another Admin, the mapped admin role goes');
  });

  test('Entra overage: no groups but _claim_names → the last known groups are kept (nothing removed in sync mode)', async () => {
    const t = sync;
    as('oli', { groups: ['Operators'] });
    const oli = await signIn(urls.sync, 'oli');
    assert.deepEqual(teamNames(await userOf(t, oli.id)), ['Ops']);
    const before = (await userOf(t, oli.id)).idp_groups;
    as('oli', { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } } });
    await signIn(urls.sync, 'oli');
    const u = await userOf(t, oli.id);
    assert.deepEqual(teamNames(u), ['Ops'], 'the last known groups still apply');
    assert.deepEqual(u.idp_groups, before, 'the stored groups are not replaced');
  });

  test('SCIM: membership of a group mapped to a role makes the role; leaving the group takes a directory-given role away, never a hand-set one', async () => {
    const t = add;
    await mapping(t, { group: 'SCIM Managers', role: 'manager', reason: 'Managers from the directory' });
    const syncUser = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
    const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'scim', expires_in_days: 30, user_id: syncUser.body.id, scim_only: true } });
    const scim = (method: string, url: string, body?: unknown) => t.request(method, `/api/scim/v2${url}`, { token: tok.body.token, headers: { 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const una = await scim('POST', '/Users', { schemas: [USER], userName: 'una@example.com', active: true });
    const ben = await scim('POST', '/Users', { schemas: [USER], userName: 'ben@example.com', active: true });
    assert.equal(una.status, 201, una.text);
    const [unaId, benId] = [Number(una.body.id), Number(ben.body.id)];
    assert.equal((await t.request('PUT', `/api/users/${benId}`, { body: { role: 'manager', reason: 'hand-set' } })).status, 200);

    const group = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'scim managers', members: [{ value: String(unaId) }, { value: String(benId) }] });
    assert.equal(group.status, 201, group.text);
    let u = await userOf(t, unaId);
    assert.equal(u.role, 'manager');
    assert.equal(u.role_source, 'directory');
    const [event] = await directoryEvents(t, unaId);
    assert.equal(event.actor, 'directory');
    assert.match(event.reason, /SCIM group membership: role manager by group "scim managers"/);

    const removed = await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] });
    assert.equal(removed.status, 200, removed.text);
    u = await userOf(t, unaId);
    assert.equal(u.role, 'member', 'leaving the group took the directory-given role away');
    assert.equal((await userOf(t, benId)).role, 'manager', 'a hand-set role stays');
    assert.equal((await directoryEvents(t, benId)).length, 0);

    // Back in through a PATCH add, then the group deleted: the role goes again.
    await scim('PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: String(unaId) }] }] });
    assert.equal((await userOf(t, unaId)).role, 'manager');
    assert.equal((await scim('DELETE', `/Groups/${group.body.id}`)).status, 204);
    assert.equal((await userOf(t, unaId)).role, 'member');
    assert.equal((await directoryEvents(t, unaId)).length, 4, 'made manager, back to member, manager again, member again');
  });

  test('the audit chain verifies with events whose actor is the directory', async () => {
    for (const t of [add, sync]) {
      const res = await t.request('GET', '/api/audit-events/verify');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.ok, true, JSON.stringify(res.body));
    }
    const exported = await add.request('GET', '/api/audit-events/export');
    if (exported.status === 200) assert.match(exported.text, /"actor" ?: ?"directory"/);
  });
});
