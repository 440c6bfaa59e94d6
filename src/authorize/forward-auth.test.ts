import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

type U = { id: number; user_id: string; token: string };

describeEachDatabase('GET /api/forward-auth', (dialect) => {
  let t: TestApp;
  let member: U;
  let person: U;
  let team: number;
  let ds: { granted: number; hidden: number };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Proxy Member', 'member');
    person = await t.personalUser('Proxy Person', 'manager');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    ds = { granted: await mk('Proxied'), hidden: await mk('Unproxied') };
    team = (await t.request('POST', '/api/teams', { body: { name: 'Proxy Viewers', permission: 'viewer', user_ids: [member.id, person.id], datastore_ids: [ds.granted] } })).body.id;
  });
  after(async () => t.close());

  const fa = (query: string, token?: string | null, extra: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    t.request(extra.method ?? 'GET', `/api/forward-auth${query}`, { token, headers: extra.headers, body: extra.body });

  test('a valid token without an action: 200, no body, with X-Warden-User-Id, -User-Type and -Role', async () => {
    const res = await fa('', member.token);
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.equal(res.headers['x-warden-user-id'], 'proxy_member@service');
    assert.equal(res.headers['x-warden-user-type'], 'service');
    assert.equal(res.headers['x-warden-role'], 'member');
    const p = await fa('', person.token);
    assert.deepEqual([p.headers['x-warden-user-id'], p.headers['x-warden-user-type'], p.headers['x-warden-role']], [person.user_id, 'personal', 'manager']);
  });

  test('no, malformed, unknown or revoked credentials: 401 with WWW-Authenticate', async () => {
    for (const token of [null, 'garbage', 'wdn_svc_' + 'A'.repeat(40)]) {
      const res = await fa('?action=datastore.read&datastore_id=1', token);
      assert.equal(res.status, 401, String(token));
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm="warden"/);
    }
    const doomed = await t.serviceUser('Doomed', 'member');
    assert.equal((await fa('', doomed.token)).status, 200);
    const tokens = await t.request('GET', `/api/user-tokens/service?user_id=${doomed.id}`);
    assert.equal(tokens.body.items.length, 1);
    assert.equal((await t.request('PUT', `/api/user-tokens/${tokens.body.items[0].id}`, { body: { revoked: true } })).status, 200);
    assert.equal((await fa('', doomed.token)).status, 401);
  });

  test('every refusal names its reason in X-Warden-Reason (a proxy passes headers on, not bodies)', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, 'missing'],
      [{ authorization: 'Bearer wdn_svc_garbage' }, 401, 'malformed'],
      [{ authorization: `Bearer ${member.token.slice(0, -1)}${member.token.at(-1) === 'A' ? 'B' : 'A'}` }, 401, 'malformed'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 401, 'wrong_scheme'],
      [{ cookie: 'warden_session=not-a-session' }, 401, 'session_expired'],
    ];
    for (const [headers, status, reason] of cases) {
      const res = await fa('?action=&datastore_id=', null, { headers });
      assert.deepEqual([res.status, res.headers['x-warden-reason']], [status, reason], JSON.stringify(headers));
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm="warden"/);
    }
    const scimOnly = await t.request('POST', '/api/user-tokens', { body: { name: 'scim-reason', expires_in_days: 30, user_id: member.id, scim_only: true } });
    const refused = await fa('', scimOnly.body.token);
    assert.deepEqual([refused.status, refused.headers['x-warden-reason']], [403, 'forbidden']);
    // Only forward auth adds it: the rest of the API answers its refusals in the body alone.
    assert.equal((await t.request('GET', '/api/teams', { token: 'wdn_svc_garbage' })).headers['x-warden-reason'], undefined);
  });

  test('a datastore action at a sufficient level: 200 with the level and the granting team', async () => {
    const res = await fa(`?action=datastore.preview&datastore_id=${ds.granted}`, member.token);
    assert.equal(res.status, 200);
    assert.deepEqual([res.headers['x-warden-level'], res.headers['x-warden-team-id']], ['viewer', String(team)]);
  });

  test('denied actions are 403 with X-Warden-Reason: too low a level, a platform action above the role, an unseen or missing datastore', async () => {
    const cases: [string, string][] = [
      [`?action=checks.draft&datastore_id=${ds.granted}`, 'insufficient_level'],
      ['?action=teams.manage', 'insufficient_role'],
      [`?action=datastore.read&datastore_id=${ds.hidden}`, 'no_team'],
      ['?action=datastore.read&datastore_id=999999', 'no_team'],
    ];
    for (const [query, reason] of cases) {
      const res = await fa(query, member.token);
      assert.equal(res.status, 403, query);
      assert.equal(res.headers['x-warden-reason'], reason, query);
    }
    // A manager sees every registry entry, yet needs a team level for the content.
    const mgr = await fa(`?action=datastore.read&datastore_id=${ds.hidden}`, person.token);
    assert.deepEqual([mgr.status, mgr.headers['x-warden-reason']], [403, 'no_team']);
    assert.equal((await fa('?action=teams.read', person.token)).status, 200);
  });

  test('misconfigured queries are 422: unknown action, datastore action without datastore, bad datastore id', async () => {
    assert.equal((await fa('?action=nope', member.token)).status, 422);
    assert.equal((await fa('?action=datastore.read', member.token)).status, 422);
    assert.equal((await fa('?action=datastore.read&datastore_id=abc', member.token)).status, 422);
    assert.equal((await fa('', member.token, { headers: { 'x-warden-action': 'datastore.read', 'x-warden-datastore-id': '-1' } })).status, 422);
  });

  test('the action may come as X-Warden-Action / X-Warden-Datastore-Id headers; any method and path suffix; a body is ignored', async () => {
    const viaHeaders = await fa('', member.token, { headers: { 'x-warden-action': 'datastore.preview', 'x-warden-datastore-id': String(ds.granted) } });
    assert.equal(viaHeaders.status, 200);
    const denied = await fa('', member.token, { headers: { 'x-warden-action': 'checks.manage', 'x-warden-datastore-id': String(ds.granted) } });
    assert.equal(denied.status, 403);
    const post = await fa(`/some/original/path?action=datastore.preview&datastore_id=${ds.granted}`, member.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"not": "parsed"' });
    assert.equal(post.status, 200);
    const empty = await fa('?action=&datastore_id=', member.token);
    assert.equal(empty.status, 200, 'empty values (a proxy variable left empty) mean absent');
    const head = await fa(`?action=datastore.preview&datastore_id=${ds.granted}`, member.token, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('a query parameter that is present decides, even when empty: the client\'s own headers never choose what is checked', async () => {
    const hidden = { 'x-warden-action': 'datastore.read', 'x-warden-datastore-id': String(ds.granted) };
    // the proxy asked for a datastore action on an empty datastore: refused (422), not the client's pick
    assert.equal((await fa('?action=datastore.preview&datastore_id=', member.token, { headers: hidden })).status, 422);
    // the proxy asked to authenticate only (empty action): the client's X-Warden-Action is ignored
    const authOnly = await fa('?action=&datastore_id=', member.token, { headers: { 'x-warden-action': 'teams.manage' } });
    assert.equal(authOnly.status, 200);
    assert.equal(authOnly.headers['x-warden-level'], undefined);
  });

  test('identity headers carry any user_id losslessly as percent-encoded UTF-8, plain ASCII unchanged', async () => {
    const { headerSafe } = await import('./routes.ts');
    assert.equal(headerSafe('pipeline_automation@service'), 'pipeline_automation@service');
    assert.equal(headerSafe('José'), 'Jos%C3%A9');
    assert.notEqual(headerSafe('José'), headerSafe('Josè'));
    assert.equal(headerSafe('100%'), '100%25', '% itself is encoded, so decoding is never ambiguous');
    const ids = ['https://idp.example|José', 'https://idp.example|müller@example.com', 'idp|李小龍', 'idp|🦊 fox', 'idp|zero\u200bwidth', 'idp|bidi\u202eevil', 'idp|line\r\nX-Injected: 1', 'idp|a b'];
    for (const userId of ids) {
      const now = new Date().toISOString();
      const { insertUser } = await import('../users/store.ts');
      const { createToken } = await import('../tokens/service.ts');
      const id = await insertUser(t.db.kysely, { user_id: userId, type: 'personal', name: 'Intl', email: null, role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
      const principal = { id, userId, type: 'personal' as const, name: 'Intl', email: null, role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
      const pat = await createToken(t.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'p', expires_in_days: 1 });
      const res = await fa('', pat.token);
      assert.equal(res.status, 200, JSON.stringify(userId));
      const header = String(res.headers['x-warden-user-id']);
      assert.match(header, /^[\x21-\x7e]+$/, 'ASCII-safe');
      assert.equal(decodeURIComponent(header), userId, 'lossless');
      assert.equal(res.headers['x-injected'], undefined);
    }
  });

  test('team and role changes apply on the very next request', async () => {
    const q = `?action=checks.draft&datastore_id=${ds.granted}`;
    assert.equal((await fa(q, member.token)).status, 403);
    await t.request('PUT', `/api/teams/${team}`, { body: { permission: 'drafter' } });
    assert.equal((await fa(q, member.token)).status, 200);
    await t.request('PUT', `/api/teams/${team}`, { body: { user_ids: [person.id] } });
    assert.equal((await fa(q, member.token)).status, 403);
    await t.request('PUT', `/api/teams/${team}`, { body: { permission: 'viewer', user_ids: [member.id, person.id] } });
    await t.request('DELETE', `/api/users/${member.id}`);
    assert.equal((await fa('', member.token)).status, 401);
    await t.request('POST', `/api/users/${member.id}/reactivate`);
  });

  test('a SCIM-only token is refused (403)', async () => {
    const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'scim', expires_in_days: 30, user_id: member.id, scim_only: true } });
    assert.equal(tok.status, 201);
    assert.equal((await fa('', tok.body.token)).status, 403);
  });
});

describeEachDatabase('GET /api/forward-auth over the failure limit', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(dialect, { WARDEN_AUTH_FAILURE_LIMIT: '2' });
  });
  after(async () => t.close());

  test('429 names its reason too (rate_limited), with Retry-After', async () => {
    const refused = [];
    for (let i = 0; i < 4; i++) refused.push(await t.request('GET', '/api/forward-auth', { token: 'wdn_svc_garbage', ip: '203.0.113.9' }));
    const limited = refused.at(-1)!;
    assert.deepEqual([refused[0].status, refused[0].headers['x-warden-reason']], [401, 'malformed']);
    assert.deepEqual([limited.status, limited.headers['x-warden-reason']], [429, 'rate_limited']);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
