// Issue 22's actions through every door: GET /api/actions, POST /api/authorize, forward-auth (the
// cached path) and a narrowed token, for every new action × team level, on a source and an
// enrichment datastore; and the enrichment rule following a datastore's kind on the next request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { ACTION_NAMES, ACTIONS, LEVELS, decide, type ActionName, type Level } from '../access/model.ts';

const NEW_ACTIONS: ActionName[] = ['engine.restart', 'tags.assign', 'flows.assign_tags', 'team_tags.manage', 'operations.schedule', 'profiles.delete', 'fields.manage_status', 'datastore.read'];

describeEachDatabase('issue 22 actions through every door', (dialect) => {
  let t: TestApp;
  let member: { id: number; user_id: string; token: string };
  const at = new Map<Level, { source: number; enrichment: number }>();

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Tagger', 'member');
    for (const level of LEVELS) {
      const s = (await t.request('POST', '/api/datastores', { body: { name: `Src ${level}`, kind: 'source' } })).body.id as number;
      const e = (await t.request('POST', '/api/datastores', { body: { name: `Enr ${level}`, kind: 'enrichment' } })).body.id as number;
      const team = await t.request('POST', '/api/teams', { body: { name: `Level ${level}`, permission: level, user_ids: [member.id], datastore_ids: [s, e] } });
      assert.equal(team.status, 201, team.text);
      at.set(level, { source: s, enrichment: e });
    }
  });
  after(async () => t.close());

  test('GET /api/actions lists the whole catalog with what each action needs', async () => {
    const res = await t.request('GET', '/api/actions', { token: member.token });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.items.map((a: { name: string }) => a.name), ACTION_NAMES);
    const byName = new Map(res.body.items.map((a: { name: string }) => [a.name, a]));
    assert.deepEqual(byName.get('engine.restart'), { name: 'engine.restart', kind: 'platform', description: ACTIONS['engine.restart'].description, min_role: 'admin', min_level: null, min_level_on_enrichment: null, personal_only: false });
    assert.deepEqual(byName.get('tags.assign'), { name: 'tags.assign', kind: 'datastore', description: ACTIONS['tags.assign'].description, min_role: null, min_level: 'viewer', min_level_on_enrichment: null, personal_only: false });
    assert.equal((byName.get('datastore.read') as { min_level_on_enrichment: string }).min_level_on_enrichment, 'viewer');
    assert.equal((await t.request('GET', '/api/actions', { token: null })).status, 401);
  });

  test('POST /api/authorize and forward-auth agree with the model for every new action × level × kind', async () => {
    let checked = 0;
    for (const action of NEW_ACTIONS) {
      const platform = ACTIONS[action].kind === 'platform';
      const cases: { datastore?: number; level?: Level; enrichment?: boolean }[] = platform
        ? [{}]
        : LEVELS.flatMap((level) => [{ datastore: at.get(level)!.source, level, enrichment: false }, { datastore: at.get(level)!.enrichment, level, enrichment: true }]);
      for (const c of cases) {
        const want = decide({ type: 'service', role: 'member', active: true }, action, c.level ? [{ teamId: 0, teamName: '', level: c.level, enrichment: c.enrichment }] : undefined).allowed;
        const where = `${action} at ${c.level ?? 'platform'}${c.enrichment ? ' (enrichment)' : ''}`;
        const body = { action, ...(c.datastore ? { datastore_id: c.datastore } : {}) };
        const own = await t.request('POST', '/api/authorize', { token: member.token, body });
        assert.equal(own.status, 200, own.text);
        assert.equal(own.body.allowed, want, `self ${where}`);
        const other = await t.request('POST', '/api/authorize', { body: { ...body, user_id: member.user_id } });
        assert.equal(other.body.allowed, want, `for another ${where}`);
        const fa = await t.request('GET', `/api/forward-auth?action=${action}${c.datastore ? `&datastore_id=${c.datastore}` : ''}`, { token: member.token });
        assert.equal(fa.status, want ? 200 : 403, `forward-auth ${where}`);
        checked++;
      }
    }
    assert.equal(checked, 1 + 7 * LEVELS.length * 2);
  });

  test('a Reporter lists an enrichment datastore but may not read it; the rule follows the kind on the next request', async () => {
    const reporterSet = at.get('reporter')!;
    const list = await t.request('GET', '/api/datastores?limit=100', { token: member.token });
    assert.ok(list.body.items.some((d: { id: number }) => d.id === reporterSet.enrichment), 'listed');
    assert.equal((await t.request('GET', `/api/datastores/${reporterSet.enrichment}`, { token: member.token })).status, 200);
    const read = (id: number) => t.request('GET', `/api/forward-auth?action=datastore.read&datastore_id=${id}`, { token: member.token });
    assert.equal((await read(reporterSet.enrichment)).headers['x-warden-reason'], 'insufficient_level');
    assert.equal((await read(reporterSet.source)).status, 200);
    // Warm the cache, then turn the source datastore into an enrichment one and back.
    assert.equal((await t.request('PUT', `/api/datastores/${reporterSet.source}`, { body: { kind: 'enrichment' } })).status, 200);
    assert.equal((await read(reporterSet.source)).status, 403);
    assert.equal((await t.request('PUT', `/api/datastores/${reporterSet.source}`, { body: { kind: 'source' } })).status, 200);
    assert.equal((await read(reporterSet.source)).status, 200);
  });

  test('a token narrowed to the new actions takes them and nothing else', async () => {
    const editor = at.get('editor')!.source;
    const issued = await t.request('POST', '/api/user-tokens', { body: { name: 'narrow-22', expires_in_days: 1, user_id: member.id, actions: ['tags.assign', 'operations.schedule'], datastore_ids: [editor] } });
    assert.equal(issued.status, 201, issued.text);
    const fa = (action: string, id = editor) => t.request('GET', `/api/forward-auth?action=${action}&datastore_id=${id}`, { token: issued.body.token });
    assert.equal((await fa('tags.assign')).status, 200);
    assert.equal((await fa('operations.schedule')).status, 200);
    const refused = await fa('profiles.delete');
    assert.deepEqual([refused.status, refused.headers['x-warden-reason']], [403, 'token_restricted']);
    assert.equal((await fa('tags.assign', at.get('editor')!.enrichment)).status, 403);
    const unknown = await t.request('POST', '/api/user-tokens', { body: { name: 'bad', expires_in_days: 1, user_id: member.id, actions: ['tags.asign'] } });
    assert.equal(unknown.status, 422);
  });
});
