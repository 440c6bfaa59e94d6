import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { expectedDecision, parseSpecTables, SPEC_LEVELS, type SpecRole } from '../../test/access-spec.ts';

type U = { id: number; user_id: string; token: string };
const specs = parseSpecTables();
const ROLES: SpecRole[] = ['member', 'manager', 'admin'];

describeEachDatabase('decisions from the spec tables through POST /api/authorize', (dialect) => {
  let t: TestApp;
  const subjects: { user: U; type: 'personal' | 'service'; role: SpecRole }[] = [];
  const levelTeams = new Map<string, { teamId: number; datastoreId: number; enrichmentId: number }>();
  let noTeamDatastore: number;

  before(async () => {
    t = await startTestApp(dialect);
    for (const role of ROLES) {
      subjects.push({ user: await t.serviceUser(`Svc ${role}`, role), type: 'service', role });
      subjects.push({ user: await t.personalUser(`Person ${role}`, role), type: 'personal', role });
    }
    const ids = subjects.map((s) => s.user.id);
    for (const level of SPEC_LEVELS) {
      const d = await t.request('POST', '/api/datastores', { body: { name: `DS at ${level}`, kind: 'source' } });
      const e = await t.request('POST', '/api/datastores', { body: { name: `Enrichment at ${level}`, kind: 'enrichment' } });
      const team = await t.request('POST', '/api/teams', { body: { name: `Team ${level}`, permission: level, user_ids: ids, datastore_ids: [d.body.id, e.body.id] } });
      assert.equal(team.status, 201);
      levelTeams.set(level, { teamId: team.body.id, datastoreId: d.body.id, enrichmentId: e.body.id });
    }
    noTeamDatastore = (await t.request('POST', '/api/datastores', { body: { name: 'DS without team', kind: 'enrichment' } })).body.id;
  });
  after(async () => t.close());

  test('every action × role × principal type × team level (and no team) answers as the tables say', async () => {
    let checked = 0;
    for (const s of subjects) {
      for (const [action, spec] of specs) {
        const targets: { datastoreId?: number; grants?: { teamId: number; teamName: string; level: string; enrichment?: boolean }[] }[] =
          spec.kind === 'platform'
            ? [{}]
            : [
                { datastoreId: noTeamDatastore, grants: [] },
                ...SPEC_LEVELS.map((level) => ({ datastoreId: levelTeams.get(level)!.datastoreId, grants: [{ teamId: levelTeams.get(level)!.teamId, teamName: `Team ${level}`, level }] })),
                ...SPEC_LEVELS.map((level) => ({ datastoreId: levelTeams.get(level)!.enrichmentId, grants: [{ teamId: levelTeams.get(level)!.teamId, teamName: `Team ${level}`, level, enrichment: true }] })),
              ];
        for (const target of targets) {
          const want = expectedDecision(specs, { type: s.type, role: s.role, active: true }, action, target.grants);
          const res = await t.request('POST', '/api/authorize', { body: { action, user_id: s.user.id, ...(target.datastoreId ? { datastore_id: target.datastoreId } : {}) } });
          const where = `${action} for ${s.type} ${s.role} on ${target.grants ? JSON.stringify(target.grants.map((g) => g.level)) : 'the platform'}${target.grants?.[0]?.enrichment ? ' (enrichment)' : ''}`;
          assert.equal(res.status, 200, `${where}: ${res.text}`);
          assert.equal(res.body.allowed, want.allowed, where);
          assert.equal(res.body.level, want.level, `level: ${where}`);
          assert.equal(res.body.team?.id ?? null, want.teamId, `team: ${where}`);
          assert.equal(res.body.role, s.role);
          if (want.allowed) assert.equal(res.body.reason, s.role === 'admin' ? 'admin' : spec.kind === 'platform' ? 'role' : 'team', where);
          checked++;
        }
      }
    }
    // The spec's 23 + 14 actions, Warden's own 2 (decisions.evaluate, tokens.introspect) and issue 22's 1 + 6; a datastore action on no team and on a source and an enrichment datastore at each level.
    assert.equal(checked, 6 * (26 + 20 * 11));
  });

  test('a deactivated user is refused every action with reason inactive', async () => {
    const gone = await t.serviceUser('Gone Admin', 'admin');
    await t.request('PUT', `/api/teams/${levelTeams.get('editor')!.teamId}`, { body: { user_ids: [...subjects.map((s) => s.user.id), gone.id] } });
    assert.equal((await t.request('DELETE', `/api/users/${gone.id}`)).status, 200);
    for (const action of specs.keys()) {
      const res = await t.request('POST', '/api/authorize', { body: { action, user_id: gone.id, datastore_id: levelTeams.get('editor')!.datastoreId } });
      assert.deepEqual([res.body.allowed, res.body.reason], [false, 'inactive'], action);
    }
  });
});

describeEachDatabase('POST /api/authorize and GET /api/users/{id}/permissions', (dialect) => {
  let t: TestApp;
  let member: U;
  let manager: U;
  let publicId: number;
  let viewers: number;
  let authors: number;
  let ds: { both: number; hidden: number; open: number };

  before(async () => {
    t = await startTestApp(dialect);
    member = await t.serviceUser('Decided Member', 'member');
    manager = await t.serviceUser('Decided Manager', 'manager');
    publicId = (await t.request('GET', '/api/teams')).body.items.find((x: { is_public: boolean }) => x.is_public).id;
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    ds = { both: await mk('Both'), hidden: await mk('Hidden'), open: await mk('Open') };
    viewers = (await t.request('POST', '/api/teams', { body: { name: 'Viewers', permission: 'viewer', user_ids: [member.id], datastore_ids: [ds.both] } })).body.id;
    authors = (await t.request('POST', '/api/teams', { body: { name: 'Authors', permission: 'author', user_ids: [member.id], datastore_ids: [ds.both] } })).body.id;
    await t.request('PUT', `/api/teams/${publicId}`, { body: { permission: 'reporter', datastore_ids: [ds.open] } });
  });
  after(async () => t.close());

  const authorize = (body: unknown, token?: string) => t.request('POST', '/api/authorize', { body, token });

  test('with several teams the highest level wins and the reply names the granting team', async () => {
    const res = await authorize({ action: 'checks.manage', datastore_id: ds.both }, member.token);
    assert.deepEqual(res.body, {
      allowed: true, reason: 'team', role: 'member', level: 'author', team: { id: authors, name: 'Authors' },
      action: 'checks.manage', user: { id: member.id, user_id: member.user_id, name: 'Decided Member' }, datastore_id: ds.both,
    });
    const denied = await authorize({ action: 'datastore.manage', datastore_id: ds.both }, member.token);
    assert.deepEqual([denied.body.allowed, denied.body.reason, denied.body.level], [false, 'insufficient_level', 'author']);
  });

  test('the Public team grants its level on its datastores to everyone', async () => {
    const res = await authorize({ action: 'datastore.read', datastore_id: ds.open }, manager.token);
    assert.deepEqual([res.body.allowed, res.body.level, res.body.team], [true, 'reporter', { id: publicId, name: 'Public' }]);
    const preview = await authorize({ action: 'datastore.preview', datastore_id: ds.open }, member.token);
    assert.deepEqual([preview.body.allowed, preview.body.reason], [false, 'insufficient_level']);
  });

  test('platform actions are decided by the role; a datastore_id given with them is ignored', async () => {
    const res = await authorize({ action: 'teams.read', datastore_id: 999999 }, manager.token);
    assert.deepEqual([res.status, res.body.allowed, res.body.reason, res.body.level, res.body.datastore_id], [200, true, 'role', null, null]);
    const no = await authorize({ action: 'teams.read' }, member.token);
    assert.deepEqual([no.body.allowed, no.body.reason], [false, 'insufficient_role']);
  });

  test('unknown action 422; datastore action without datastore_id 422; unknown fields 422; nonexistent datastore 404', async () => {
    const unknown = await authorize({ action: 'datastore.fly', datastore_id: ds.both });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].path, 'action');
    const noDs = await authorize({ action: 'datastore.read' });
    assert.deepEqual([noDs.status, noDs.body.errors[0].path], [422, 'datastore_id']);
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: ds.both, extra: true })).status, 422);
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: '1' })).status, 422);
    assert.equal((await authorize({})).status, 422);
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: 999999 })).status, 404);
  });

  test('a member asking about a datastore no team of theirs reaches gets 404, like a missing one; a Manager gets a denial', async () => {
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: ds.hidden }, member.token)).status, 404);
    const res = await authorize({ action: 'datastore.read', datastore_id: ds.hidden }, manager.token);
    assert.deepEqual([res.status, res.body.allowed, res.body.reason], [200, false, 'no_team']);
  });

  test('deciding for another user needs users.read: a member 403 (but may name themselves), a Manager by id or user_id, unknown user 404', async () => {
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: ds.both, user_id: manager.id }, member.token)).status, 403);
    assert.equal((await authorize({ action: 'datastore.read', datastore_id: ds.both, user_id: member.user_id }, member.token)).status, 200);
    const byId = await authorize({ action: 'checks.draft', datastore_id: ds.both, user_id: member.id }, manager.token);
    assert.deepEqual([byId.body.allowed, byId.body.user.id], [true, member.id]);
    const byName = await authorize({ action: 'checks.draft', datastore_id: ds.both, user_id: member.user_id }, manager.token);
    assert.deepEqual(byName.body, byId.body);
    assert.equal((await authorize({ action: 'teams.read', user_id: 'nobody@service' }, manager.token)).status, 404);
    assert.equal((await authorize({ action: 'teams.read', user_id: 999999 })).status, 404);
    assert.equal((await authorize({ action: 'teams.read', user_id: 'x\u0000' })).status, 422);
    assert.equal((await t.request('POST', '/api/authorize', { token: null, body: { action: 'teams.read' } })).status, 401);
  });

  test('role, team and membership changes apply on the very next request, for a token already issued', async () => {
    const late = await t.serviceUser('Late Joiner', 'member');
    const ask = async () => (await authorize({ action: 'checks.draft', datastore_id: ds.both }, late.token));
    assert.equal((await ask()).status, 404);
    await t.request('PUT', `/api/users/${late.id}`, { body: { team_ids: [viewers] } });
    assert.deepEqual([(await ask()).body.allowed, (await ask()).body.level], [false, 'viewer']);
    await t.request('PUT', `/api/teams/${viewers}`, { body: { permission: 'drafter' } });
    assert.deepEqual([(await ask()).body.allowed, (await ask()).body.level], [true, 'drafter']);
    await t.request('PUT', `/api/teams/${viewers}`, { body: { user_ids: [member.id] } });
    assert.equal((await ask()).status, 404);
    await t.request('PUT', `/api/users/${late.id}`, { body: { role: 'manager', reason: 'promotion' } });
    const promoted = await authorize({ action: 'teams.read' }, late.token);
    assert.equal(promoted.body.allowed, true);
    await t.request('PUT', `/api/teams/${viewers}`, { body: { permission: 'viewer' } });
  });

  test('permissions: the role\'s platform actions and, per reachable datastore, the level, granting team and allowed actions', async () => {
    const res = await t.request('GET', `/api/users/${member.id}/permissions`, { token: member.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.platform_actions, ['connections.read', 'tags.read', 'notifications.read', 'library.read']);
    assert.equal(res.body.all_datastores, false);
    assert.deepEqual(res.body.datastores.map((d: { name: string }) => d.name), ['Both', 'Open']);
    const both = res.body.datastores[0];
    assert.deepEqual([both.level, both.team], ['author', { id: authors, name: 'Authors' }]);
    assert.deepEqual(both.teams.map((x: { name: string }) => x.name), ['Authors', 'Viewers']);
    assert.deepEqual(both.actions, ['datastore.read', 'datastore.preview', 'anomalies.comment', 'checks.draft', 'checks.manage', 'anomalies.manage', 'tags.assign', 'flows.assign_tags', 'team_tags.manage']);
    assert.deepEqual(res.body.datastores[1].actions, ['datastore.read']);
    assert.deepEqual(res.body.datastores[1].team, { id: publicId, name: 'Public' });
  });

  test('permissions: users.read or oneself (member 403 for others, Manager 200, unknown 404); an Admin has all_datastores; a deactivated user nothing', async () => {
    assert.equal((await t.request('GET', `/api/users/${manager.id}/permissions`, { token: member.token })).status, 403);
    assert.equal((await t.request('GET', `/api/users/${member.id}/permissions`, { token: manager.token })).status, 200);
    assert.equal((await t.request('GET', '/api/users/999999/permissions')).status, 404);
    const admin = await t.request('GET', `/api/users/${t.adminId}/permissions`);
    assert.equal(admin.body.all_datastores, true);
    assert.ok(admin.body.platform_actions.includes('teams.manage'));
    assert.ok(!admin.body.platform_actions.includes('personal_tokens.manage'), 'a service user has no personal tokens');
    const gone = await t.serviceUser('Gone Member', 'member');
    await t.request('DELETE', `/api/users/${gone.id}`);
    const dead = await t.request('GET', `/api/users/${gone.id}/permissions`);
    assert.deepEqual([dead.body.active, dead.body.platform_actions, dead.body.datastores.flatMap((d: { actions: string[] }) => d.actions)], [false, [], []]);
  });
});

describe('OpenAPI', () => {
  test('the description of POST /api/authorize lists the action catalog', async () => {
    const t = await startTestApp('sqlite');
    try {
      const doc = (await t.request('GET', '/api/openapi.json')).body;
      for (const action of specs.keys()) assert.ok(doc.info.description.includes(`\`${action}\``), action);
      assert.deepEqual(doc.paths['/api/authorize'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/AuthorizeRequest' });
      const body = doc.components.schemas.AuthorizeRequest;
      assert.equal(body.properties.action.type, 'string');
      assert.deepEqual([...body.properties.action.enum].sort(), [...specs.keys()].sort());
    } finally {
      await t.close();
    }
  });
});
