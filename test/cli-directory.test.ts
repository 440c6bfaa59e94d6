// `warden directory-mappings …` and `warden teams members|maintainers …` against a real `warden serve`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from './support.ts';
import { assertNoSecretPrinted, cli, json, startServe, type Serve } from './cli-support.ts';
import { insertUser } from '../src/users/store.ts';
import { createToken } from '../src/tokens/service.ts';

describeEachDatabase('warden CLI: directory mappings and team maintainers', (dialect) => {
  let serve: Serve;
  let admin: Record<string, string>;
  const person = async (name: string) => {
    const now = new Date().toISOString();
    const userId = `test|${name.toLowerCase()}`;
    const id = await insertUser(serve.db.db.kysely, { user_id: userId, type: 'personal', name, email: `${name.toLowerCase()}@example.com`, role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
    const actor = { id, userId, type: 'personal' as const, name, email: null, role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
    const pat = await createToken(serve.db.db, { actor, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'laptop', expires_in_days: 30 });
    return { id, userId, env: { WARDEN_URL: serve.url, WARDEN_TOKEN: pat.token } };
  };

  before(async () => {
    serve = await startServe(dialect, { WARDEN_TEAM_MAINTAINERS: 'on' });
    const boot = await cli(['bootstrap', '--json'], { env: serve.env, secretAllowed: true });
    assert.equal(boot.code, 0, boot.stderr);
    admin = { WARDEN_URL: serve.url, WARDEN_TOKEN: JSON.parse(boot.stdout).token };
  });
  after(async () => serve?.stop());

  test('directory-mappings add (team, role with reason), list, remove; usage errors exit 2; a member is refused', async () => {
    const team = json(await cli(['teams', 'create', 'Data Eng', '--permission', 'viewer', '--json'], { env: admin }));
    const added = await cli(['directory-mappings', 'add', 'Data Engineers', '--team', 'Data Eng'], { env: admin });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr + added.stdout, /Mapped group "Data Engineers" to team Data Eng/);
    const role = json(await cli(['directory-mappings', 'add', 'Warden Admins', '--role', 'admin', '--reason', 'Platform team', '--json'], { env: admin }));
    assert.equal(role.role, 'admin');
    assert.equal((await cli(['directory-mappings', 'add', 'X', '--role', 'admin'], { env: admin })).code, 2, '--role needs --reason');
    assert.equal((await cli(['directory-mappings', 'add', 'X'], { env: admin })).code, 2, '--team or --role');
    const list = json(await cli(['directory-mappings', 'list', '--json'], { env: admin }));
    assert.deepEqual(list.map((m: { group: string }) => m.group).sort(), ['Data Engineers', 'Warden Admins']);
    assert.equal(list.find((m: { team: { id: number } | null }) => m.team)?.team.id, team.id);
    const text = await cli(['directory-mappings', 'list'], { env: admin });
    assert.match(text.stdout, /Warden Admins\s+role admin\s+Platform team/);
    const member = await person('Mona');
    const refused = await cli(['directory-mappings', 'list'], { env: member.env });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /forbidden|not allow/i);
    const removed = await cli(['directory-mappings', 'remove', String(role.id)], { env: admin });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(json(await cli(['directory-mappings', 'list', '--json'], { env: admin })).length, 1);
    assertNoSecretPrinted();
  });

  test('teams maintainers add|remove (Admin); a maintainer adds and removes members with teams members add|remove', async () => {
    const [mia, max] = [await person('Mia'), await person('Max')];
    const team = json(await cli(['teams', 'create', 'Ops', '--permission', 'viewer', '--user', mia.userId, '--json'], { env: admin }));
    const made = json(await cli(['teams', 'maintainers', 'add', String(team.id), mia.userId, '--json'], { env: admin }));
    assert.deepEqual(made.maintainers.map((m: { id: number }) => m.id), [mia.id]);
    const view = await cli(['teams', 'view', String(team.id)], { env: admin });
    assert.match(view.stdout, /maintainers:\s+Mia/);
    const added = json(await cli(['teams', 'members', 'add', String(team.id), String(max.id), '--json'], { env: mia.env }));
    assert.ok(added.users.some((u: { id: number }) => u.id === max.id), 'the maintainer added a member');
    const notLevel = await cli(['teams', 'edit', String(team.id), '--permission', 'editor'], { env: mia.env });
    assert.notEqual(notLevel.code, 0, 'a maintainer does not change the level');
    const removed = json(await cli(['teams', 'members', 'remove', String(team.id), String(max.id), '--json'], { env: mia.env }));
    assert.ok(!removed.users.some((u: { id: number }) => u.id === max.id));
    const unmade = json(await cli(['teams', 'maintainers', 'remove', String(team.id), mia.userId, '--json'], { env: admin }));
    assert.deepEqual(unmade.maintainers, []);
  });

  test('a maintainer whose role is Member names the team and people by name and email too (member candidates, not the users list)', async () => {
    const [nia, nat, ned, outsider] = [await person('Nia'), await person('Nat'), await person('Ned'), await person('Olga')];
    json(await cli(['teams', 'create', 'Platform', '--permission', 'viewer', '--user', `${nia.userId},${ned.userId}`, '--json'], { env: admin }));
    json(await cli(['teams', 'maintainers', 'add', 'Platform', nia.userId, '--json'], { env: admin }));
    assert.notEqual((await cli(['users', 'list'], { env: nia.env })).code, 0, 'Nia does not read users');
    // Finding whom to add: people not in the team whose name or email holds the text (never Nia herself, nor members).
    const candidates = json(await cli(['teams', 'members', 'find', 'Platform', 'nat', '--json'], { env: nia.env }));
    assert.deepEqual(candidates.map((u: { id: number }) => u.id), [nat.id], 'Nat, found in any case');
    assert.deepEqual(Object.keys(candidates[0]).sort(), ['email', 'id', 'name', 'type', 'user_id']);
    const shown = await cli(['teams', 'members', 'find', 'Platform', 'example.com'], { env: nia.env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Nat/);
    assert.match(shown.stdout, /Olga/);
    assert.doesNotMatch(shown.stdout, /Ned|Nia/, 'members, and the caller, are never offered');
    const tooShort = await cli(['teams', 'members', 'find', 'Platform', 'n'], { env: nia.env });
    assert.equal(tooShort.code, 1, tooShort.stderr);
    assert.match(tooShort.stderr, /q must NOT have fewer than 2 characters/);
    const added = json(await cli(['teams', 'members', 'add', 'platform', 'NAT@example.com', '--json'], { env: nia.env }));
    assert.ok(added.users.some((u: { id: number }) => u.id === nat.id), 'added by email, the team named by name');
    const made = json(await cli(['teams', 'maintainers', 'add', 'Platform', 'Nat', '--json'], { env: nia.env }));
    assert.ok(made.maintainers.some((u: { id: number }) => u.id === nat.id), 'a member named by name');
    const edited = json(await cli(['teams', 'edit', 'Platform', '--remove-user', 'ned', '--json'], { env: nia.env }));
    assert.ok(!edited.users.some((u: { id: number }) => u.id === ned.id), 'teams edit --remove-user by name');
    const removed = json(await cli(['teams', 'members', 'remove', 'Platform', nat.userId, '--json'], { env: nia.env }));
    assert.ok(!removed.users.some((u: { id: number }) => u.id === nat.id), 'removed by user_id');
    const unknown = await cli(['teams', 'members', 'add', 'Platform', 'nobody@example.com'], { env: nia.env });
    assert.equal(unknown.code, 1, unknown.stderr);
    assert.match(unknown.stderr, /not found in team Platform nor among the people you can add/);
    const refused = await cli(['teams', 'members', 'add', 'Platform', 'nat@example.com'], { env: outsider.env });
    assert.notEqual(refused.code, 0, 'a Member who maintains nothing changes nothing');
    assert.match(refused.stderr, /forbidden|not allow|teams\.manage|maintain/i);
    assertNoSecretPrinted();
  });
});
