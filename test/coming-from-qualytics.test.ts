// docs/coming-from-qualytics.md, replayed: the requests a Qualytics script sends (paths and fields of
// Qualytics' Service Users, Service Token and Filter Users pages, /work/shared/seeds) against a
// real Warden server listening on a port, on both databases. Qualytics-shaped input is accepted
// beside Warden's own names; the answers are Warden's; contradictions are 422.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

describeEachDatabase('coming from Qualytics: the documented requests, replayed over HTTP', (dialect) => {
  let t: TestApp;
  let base: string;
  const q = async (method: string, path: string, body?: unknown, token = t.adminToken) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text, type: res.headers.get('content-type') };
  };
  const ids: Record<string, number> = {};

  before(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}/api`;
  });
  after(async () => t.close());

  test('POST /users creates a service user; its user_id follows Qualytics\' rule (pipeline_automation@service)', async () => {
    const res = await q('POST', '/users', { name: 'Pipeline Automation', role: 'member' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.user_id, 'pipeline_automation@service');
    ids.pipeline = res.body.id;
    const sync = await q('POST', '/users', { name: 'Alation Sync', role: 'manager', reason: 'catalog sync' });
    assert.equal(sync.status, 201, sync.text);
    ids.sync = sync.body.id;
    const team = await q('POST', '/teams', { name: 'Finance', permission: 'viewer' });
    const ops = await q('POST', '/teams', { name: 'Operations', permission: 'editor' });
    ids.finance = team.body.id;
    ids.ops = ops.body.id;
  });

  test('PUT /users/{id} updates role and teams; by numeric id and by user_id', async () => {
    assert.equal((await q('PUT', `/users/${ids.pipeline}`, { team_ids: [ids.finance] })).status, 200);
    const byName = await q('PUT', '/users/alation_sync@service', { team_ids: [ids.ops] });
    assert.equal(byName.status, 200, byName.text);
    assert.deepEqual(byName.body.teams.map((x: { name: string }) => x.name).filter((n: string) => n !== 'Public'), ['Operations']);
  });

  test('POST /user-tokens with user_id (a number, a numeric string or the user_id) issues a service token', async () => {
    for (const [name, user_id] of [['n', ids.pipeline], ['s', String(ids.pipeline)], ['u', 'pipeline_automation@service']] as const) {
      const res = await q('POST', '/user-tokens', { name: `etl-${name}`, expires_in_days: 180, user_id });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.user.id, ids.pipeline);
      assert.match(res.body.token, /^wdn_svc_/);
      ids[`token_${name}`] = res.body.id;
    }
  });

  test('POST /user-tokens {"scim_endpoints_only": true}: a SCIM-only token, answered as scim_only', async () => {
    const res = await q('POST', '/user-tokens', { name: 'okta-scim', expires_in_days: 90, user_id: ids.pipeline, scim_endpoints_only: true });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.scim_only, true);
    assert.equal('scim_endpoints_only' in res.body, false, 'the answer is Warden\'s');
    const both = await q('POST', '/user-tokens', { name: 'okta-scim-2', expires_in_days: 90, user_id: ids.pipeline, scim_endpoints_only: true, scim_only: true });
    assert.equal(both.status, 201, 'the same value under both names is fine');
    const clash = await q('POST', '/user-tokens', { name: 'okta-scim-3', expires_in_days: 90, user_id: ids.pipeline, scim_endpoints_only: true, scim_only: false });
    assert.equal(clash.status, 422);
    assert.match(clash.type ?? '', /problem\+json/);
    assert.equal(clash.body.errors[0].path, 'scim_endpoints_only');
    assert.match(clash.body.detail, /Qualytics' name for scim_only/);
  });

  test('GET /user-tokens/service lists every service token, filtered by user_id (number or user_id)', async () => {
    for (const ref of [String(ids.pipeline), 'pipeline_automation@service']) {
      const res = await q('GET', `/user-tokens/service?user_id=${encodeURIComponent(ref)}`);
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.length >= 3);
      assert.ok(res.body.items.every((x: { user: { id: number } }) => x.user.id === ids.pipeline));
    }
  });

  test('PUT /user-tokens/{id} {"revoke": true} revokes, {"revoke": false} restores; answers say revoked_at/status', async () => {
    const id = ids.token_n;
    const revoked = await q('PUT', `/user-tokens/${id}`, { revoke: true });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.status, 'revoked');
    const restored = await q('PUT', `/user-tokens/${id}`, { revoke: false });
    assert.equal(restored.body.status, 'active');
    assert.equal((await q('PUT', `/user-tokens/${id}`, { revoked: true, revoke: true })).status, 200);
    const clash = await q('PUT', `/user-tokens/${id}`, { revoked: false, revoke: true });
    assert.equal(clash.status, 422);
    assert.equal(clash.body.errors[0].path, 'revoke');
    assert.equal((await q('GET', `/user-tokens/${id}`)).body.status, 'revoked', 'the refused request changed nothing');
    const empty = await q('PUT', `/user-tokens/${id}`, {});
    assert.equal(empty.status, 422);
    assert.match(empty.body.detail, /revoked is required/);
    assert.equal((await q('PUT', `/user-tokens/${id}`, { revoke: 'yes' })).status, 422);
  });

  test('DELETE /user-tokens/{id} deletes a revoked token', async () => {
    assert.equal((await q('DELETE', `/user-tokens/${ids.token_n}`)).status, 204);
    assert.equal((await q('GET', `/user-tokens/${ids.token_n}`)).status, 404);
  });

  test('GET /users: include_deleted, name, type=Service|Human, capitalised roles, team by name (repeated), sort=last_login, sort_dir', async () => {
    const person = await t.personalUser('Dana Human', 'manager');
    await q('PUT', `/users/${person.id}`, { team_ids: [ids.finance] });
    const gone = await q('POST', '/users', { name: 'Old Pipeline', role: 'member' });
    assert.equal((await q('DELETE', `/users/${gone.body.id}`)).status, 200);
    // Warden's own answer shape: items, total, page, size.
    const names = async (query: string) => {
      const res = await q('GET', `/users?${query}&size=100`);
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      assert.deepEqual(Object.keys(res.body).sort(), ['items', 'page', 'size', 'total']);
      return res.body.items.map((u: { name: string }) => u.name) as string[];
    };
    assert.ok(!(await names('include_deleted=false')).includes('Old Pipeline'));
    assert.ok((await names('include_deleted=true')).includes('Old Pipeline'));
    assert.deepEqual(await names('include_deleted=true&active=false'), ['Old Pipeline']);
    assert.deepEqual(await names('name=pipe'), ['Old Pipeline', 'Pipeline Automation']);
    assert.deepEqual(await names('name=PIPE&include_deleted=false'), ['Pipeline Automation']);
    assert.deepEqual(await names('type=Human'), ['Dana Human']);
    assert.deepEqual(await names('type=Service&role=Manager'), ['Alation Sync']);
    assert.deepEqual(await names('role=Manager'), ['Alation Sync', 'Dana Human']);
    assert.deepEqual(await names('team=Finance'), ['Dana Human', 'Pipeline Automation']);
    assert.deepEqual(await names('team=finance&team=Operations'), ['Alation Sync', 'Dana Human', 'Pipeline Automation']);
    assert.deepEqual(await names(`team=${ids.ops}&team=Finance&sort=name&sort_dir=desc`), ['Pipeline Automation', 'Dana Human', 'Alation Sync']);
    assert.ok((await names('team=Public')).length >= 5, 'the Public team holds everyone');
    // last_login is Warden's last_active_at: most recent first with sort_dir=desc, never-active last.
    // (Last activity is written in batches; set two users' directly, as the batch would.)
    await t.db.kysely.updateTable('users').set({ last_active_at: '2026-01-02T00:00:00.000Z' }).where('id', '=', person.id).execute();
    await t.db.kysely.updateTable('users').set({ last_active_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', ids.pipeline).execute();
    const byLogin = await q('GET', '/users?sort=last_login&sort_dir=desc&size=100');
    assert.deepEqual(byLogin.body.items.slice(0, 2).map((u: { name: string }) => u.name), ['Dana Human', 'Pipeline Automation']);
    const seen = byLogin.body.items.map((u: { last_active_at: string | null }) => u.last_active_at);
    const stamps = seen.filter((x: string | null) => x !== null);
    assert.deepEqual(seen, [...stamps.sort().reverse(), ...seen.filter((x: string | null) => x === null)]);
    assert.ok(stamps.length > 0, 'some users have been active');
    const warden = await q('GET', '/users?sort=last_active_at&sort_dir=desc&size=100');
    assert.deepEqual(byLogin.body.items.map((u: { id: number }) => u.id), warden.body.items.map((u: { id: number }) => u.id));
  });

  test('contradicting or unknown Qualytics-shaped filters are 422 naming the parameter', async () => {
    for (const [query, path] of [['include_deleted=true&active=true', 'include_deleted'], ['include_deleted=false&active=false', 'include_deleted'], ['team=Nobody', 'team'], ['type=Robot', 'type'], ['role=Owner', 'role'], ['sort=last_seen', 'sort']] as const) {
      const res = await q('GET', `/users?${query}`);
      assert.equal(res.status, 422, `${query}: ${res.text}`);
      assert.match(res.type ?? '', /problem\+json/);
      assert.ok(res.text.includes(path), `${query} names ${path}: ${res.text}`);
    }
  });

  test('DELETE /users/{id} deactivates; the service user\'s tokens stop working', async () => {
    const issued = await q('POST', '/user-tokens', { name: 'last', expires_in_days: 7, user_id: ids.sync });
    assert.equal((await q('GET', '/users/me', undefined, issued.body.token)).status, 200);
    assert.equal((await q('DELETE', `/users/${ids.sync}`)).status, 200);
    assert.equal((await q('GET', '/users/me', undefined, issued.body.token)).status, 401);
  });
});
