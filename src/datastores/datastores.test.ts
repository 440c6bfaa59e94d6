import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

type U = { id: number; user_id: string; token: string };

describeEachDatabase('datastores', (dialect) => {
  let t: TestApp;
  let member: U;
  let outsider: U;
  let manager: U;
  let editorMember: U;
  let publicId: number;
  let teams: { readers: number; editors: number; authors: number };
  let ds: { shared: number; hidden: number; publicDs: number };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.personalUser('Reader Rita', 'member');
    outsider = await t.serviceUser('Outsider', 'member');
    manager = await t.serviceUser('Registry Manager', 'manager');
    editorMember = await t.serviceUser('Editor Ed', 'member');
    publicId = (await t.request('GET', '/api/teams')).body.items.find((x: { is_public: boolean }) => x.is_public).id;
    const mk = async (name: string, kind = 'source') => (await t.request('POST', '/api/datastores', { body: { name, kind } })).body.id as number;
    ds = { shared: await mk('Warehouse'), hidden: await mk('Secret Ledger'), publicDs: await mk('Open Data', 'enrichment') };
    const team = async (name: string, permission: string, user_ids: number[], datastore_ids: number[]) =>
      (await t.request('POST', '/api/teams', { body: { name, permission, user_ids, datastore_ids } })).body.id as number;
    teams = {
      readers: await team('Readers', 'reporter', [member.id], [ds.shared]),
      editors: await team('Editors', 'editor', [editorMember.id], [ds.shared]),
      authors: await team('Authors', 'author', [member.id], []),
    };
    await t.request('PUT', `/api/teams/${publicId}`, { body: { datastore_ids: [ds.publicDs] } });
  });
  after(async () => t.close());

  test('a Manager registers a datastore: 201 with its fields, created_by, no teams (default-deny), audited', async () => {
    const res = await t.request('POST', '/api/datastores', { token: manager.token, body: { name: 'Clickstream', kind: 'source', description: 'Web events' } });
    assert.equal(res.status, 201);
    assert.deepEqual(
      { name: res.body.name, kind: res.body.kind, description: res.body.description, teams: res.body.teams, created_by: res.body.created_by.id },
      { name: 'Clickstream', kind: 'source', description: 'Web events', teams: [], created_by: manager.id },
    );
    assert.ok(res.body.created_at && res.body.id);
    const audit = await t.request('GET', `/api/audit-events?target_type=datastore&target_id=${res.body.id}`);
    assert.equal(audit.body.items[0].action, 'datastore.created');
    assert.equal(audit.body.items[0].actor.id, manager.id);
    assert.deepEqual(audit.body.items[0].changes.kind, { before: null, after: 'source' });
    // A Manager still needs a team level for the content of a datastore it registered.
    const d = await t.request('POST', '/api/authorize', { token: manager.token, body: { action: 'datastore.read', datastore_id: res.body.id } });
    assert.deepEqual([d.status, d.body.allowed, d.body.reason], [200, false, 'no_team']);
  });

  test('members cannot register datastores (403); names are unique regardless of case (409); bad bodies 422', async () => {
    assert.equal((await t.request('POST', '/api/datastores', { token: member.token, body: { name: 'Mine', kind: 'source' } })).status, 403);
    assert.equal((await t.request('POST', '/api/datastores', { body: { name: ' warehouse ', kind: 'source' } })).status, 409);
    for (const body of [{ name: 'X', kind: 'lake' }, { name: 'X' }, { name: '', kind: 'source' }, { name: 'X', kind: 'source', owner: 1 }, { name: 'X', kind: 'source', team_ids: [999999] }, { name: 'X', kind: 'source', description: 5 }, { name: 'a\u0000b', kind: 'source' }, { name: 'X', kind: 'source', description: '\u0000' }]) {
      const res = await t.request('POST', '/api/datastores', { body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.body.errors.length > 0);
    }
  });

  test('visibility: a member lists only what a team of theirs reaches (the Public team included); Managers and Admins list everything', async () => {
    const names = async (token: string) => (await t.request('GET', '/api/datastores?size=200', { token })).body.items.map((d: { name: string }) => d.name);
    assert.deepEqual(await names(member.token), ['Open Data', 'Warehouse']);
    assert.deepEqual(await names(outsider.token), ['Open Data']);
    const all = await names(manager.token);
    assert.ok(all.includes('Secret Ledger') && all.includes('Warehouse') && all.includes('Open Data'));
    assert.deepEqual(await names(t.adminToken), all);
    const filtered = await t.request('GET', '/api/datastores?kind=enrichment', { token: member.token });
    assert.deepEqual(filtered.body.items.map((d: { name: string }) => d.name), ['Open Data']);
    assert.equal(filtered.body.total, 1);
    assert.equal((await t.request('GET', '/api/datastores?q=%00', { token: member.token })).status, 422);
    const q = await t.request('GET', '/api/datastores?q=house', { token: member.token });
    assert.deepEqual(q.body.items.map((d: { name: string }) => d.name), ['Warehouse']);
  });

  test('a datastore a member cannot see is 404 on get, update and delete, exactly like a missing one', async () => {
    for (const id of [ds.hidden, 999999]) {
      assert.equal((await t.request('GET', `/api/datastores/${id}`, { token: member.token })).status, 404);
      assert.equal((await t.request('PUT', `/api/datastores/${id}`, { token: member.token, body: { description: 'x' } })).status, 404);
      assert.equal((await t.request('DELETE', `/api/datastores/${id}`, { token: member.token })).status, 404);
    }
    assert.equal((await t.request('GET', `/api/datastores/${ds.hidden}`, { token: manager.token })).status, 200);
  });

  test('a member sees the teams through which they reach a datastore; a Manager sees all its teams', async () => {
    const asMember = await t.request('GET', `/api/datastores/${ds.shared}`, { token: member.token });
    assert.deepEqual(asMember.body.teams, [{ id: teams.readers, name: 'Readers' }]);
    const asManager = await t.request('GET', `/api/datastores/${ds.shared}`, { token: manager.token });
    assert.deepEqual(asManager.body.teams, [{ id: teams.editors, name: 'Editors' }, { id: teams.readers, name: 'Readers' }]);
  });

  test('update needs datastore.manage (editor through a team) or Admin: reporter member 403, Manager without a team 403, editor member 200', async () => {
    assert.equal((await t.request('PUT', `/api/datastores/${ds.shared}`, { token: member.token, body: { description: 'no' } })).status, 403);
    assert.equal((await t.request('PUT', `/api/datastores/${ds.shared}`, { token: manager.token, body: { description: 'no' } })).status, 403);
    const ok = await t.request('PUT', `/api/datastores/${ds.shared}`, { token: editorMember.token, body: { description: 'Curated', kind: 'enrichment' } });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.description, ok.body.kind, ok.body.name], ['Curated', 'enrichment', 'Warehouse']);
    const audit = await t.request('GET', `/api/audit-events?target_type=datastore&target_id=${ds.shared}`);
    assert.deepEqual(audit.body.items[0].changes, { kind: { before: 'source', after: 'enrichment' }, description: { before: null, after: 'Curated' } });
    assert.equal(audit.body.items[0].actor.id, editorMember.id);
    const admin = await t.request('PUT', `/api/datastores/${ds.hidden}`, { body: { name: 'Secret Ledger v2' } });
    assert.equal(admin.status, 200);
    assert.equal((await t.request('PUT', `/api/datastores/${ds.hidden}`, { body: { name: 'OPEN DATA' } })).status, 409);
    const same = await t.request('PUT', `/api/datastores/${ds.hidden}`, { body: { name: 'secret ledger V2' } });
    assert.equal(same.status, 200);
    await t.request('PUT', `/api/datastores/${ds.shared}`, { body: { kind: 'source' } });
  });

  test('team_ids on a datastore need teams.manage: an editor member is refused (403), an Admin assigns and it shows in the teams', async () => {
    assert.equal((await t.request('PUT', `/api/datastores/${ds.shared}`, { token: editorMember.token, body: { team_ids: [teams.editors, teams.authors] } })).status, 403);
    assert.equal((await t.request('POST', '/api/datastores', { token: manager.token, body: { name: 'Self Granted', kind: 'source', team_ids: [teams.editors] } })).status, 403);
    const res = await t.request('PUT', `/api/datastores/${ds.hidden}`, { body: { team_ids: [teams.authors] } });
    assert.deepEqual(res.body.teams, [{ id: teams.authors, name: 'Authors' }]);
    const team = await t.request('GET', `/api/teams/${teams.authors}`);
    assert.deepEqual(team.body.datastores.map((d: { id: number }) => d.id), [ds.hidden]);
    // The member of Authors sees it at once, on the very next request.
    assert.equal((await t.request('GET', `/api/datastores/${ds.hidden}`, { token: member.token })).status, 200);
    const history = await t.request('GET', `/api/teams/${teams.authors}/history`);
    assert.equal(history.body.items[0].action, 'datastore.updated');
    assert.deepEqual(history.body.items[0].changes.team_ids, { before: [], after: [teams.authors] });
    await t.request('PUT', `/api/datastores/${ds.hidden}`, { body: { team_ids: [] } });
    assert.equal((await t.request('GET', `/api/datastores/${ds.hidden}`, { token: member.token })).status, 404);
  });

  test('delete is for Admins: a Manager 403, a visible member 403; an Admin 204, audited, gone from its teams', async () => {
    const victim = (await t.request('POST', '/api/datastores', { body: { name: 'Short Lived', kind: 'source', team_ids: [teams.readers, publicId] } })).body;
    assert.equal((await t.request('DELETE', `/api/datastores/${victim.id}`, { token: manager.token })).status, 403);
    assert.equal((await t.request('DELETE', `/api/datastores/${victim.id}`, { token: member.token })).status, 403);
    const del = await t.request('DELETE', `/api/datastores/${victim.id}`);
    assert.equal(del.status, 204);
    assert.equal((await t.request('GET', `/api/datastores/${victim.id}`)).status, 404);
    assert.equal((await t.request('DELETE', `/api/datastores/${victim.id}`)).status, 404);
    const readers = await t.request('GET', `/api/teams/${teams.readers}`);
    assert.ok(!readers.body.datastores.some((d: { id: number }) => d.id === victim.id));
    const audit = await t.request('GET', `/api/audit-events?target_type=datastore&target_id=${victim.id}`);
    assert.equal(audit.body.items[0].action, 'datastore.deleted');
    assert.deepEqual(audit.body.items[0].changes.name, { before: 'Short Lived', after: null });
    assert.deepEqual(audit.body.items[0].changes.team_ids.before, [publicId, teams.readers].sort((a, b) => a - b));
  });

  test('no credential is 401 on every datastore endpoint', async () => {
    for (const [method, url] of [['GET', '/api/datastores'], ['GET', `/api/datastores/${ds.shared}`], ['POST', '/api/datastores'], ['PUT', `/api/datastores/${ds.shared}`], ['DELETE', `/api/datastores/${ds.shared}`]]) {
      assert.equal((await t.request(method, url, { token: null, body: method === 'POST' ? { name: 'Anon', kind: 'source' } : method === 'PUT' ? { description: 'x' } : undefined })).status, 401, `${method} ${url}`);
    }
  });
});
