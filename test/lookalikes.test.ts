// Issue 8 item 7: identities that pass for others. Names are folded (compatibility forms) or refused
// (invisible, direction-changing, mixed lookalike scripts); uniqueness is one key on both databases.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanName, looksLikeServiceUserId, nameKey } from '../src/http/text.ts';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

test('names fold compatibility forms and refuse invisible characters and mixed lookalike scripts', () => {
  assert.equal(cleanName('Ｐｉｐｅｌｉｎｅ　Automation'), 'Pipeline Automation');
  assert.equal(cleanName('  Café   Sync '), 'Café Sync');
  assert.equal(cleanName('Отдел продаж'), 'Отдел продаж', 'one script per word is fine');
  assert.equal(cleanName('データ品質 Team'), 'データ品質 Team');
  for (const bad of ['Pipe\u200bline', 'Admin\u202eevil', 'a\u2066b', 'x\u00ady', 'tab\tname\u0007', 'Pіpeline']) {
    assert.throws(() => cleanName(bad), (e: { status: number }) => e.status === 422, JSON.stringify(bad));
  }
  assert.throws(() => cleanName('Pіpeline'), /mixes Latin and Cyrillic letters in "Pіpeline"/);
});

test('name keys fold case beyond ASCII and map lookalike letters', () => {
  assert.equal(nameKey('Équipe'), nameKey('équipe'));
  assert.equal(nameKey('STRASSE'), nameKey('straße'));
  assert.equal(nameKey('ехсеl'), nameKey('excel'), 'Cyrillic е, х, с look like Latin e, x, c');
  assert.notEqual(nameKey('Équipe'), nameKey('Equipe'), 'accents still tell names apart');
});

test('a text passes for a service user id in any case, width or script', () => {
  for (const t of ['pipeline_automation@service', 'Bootstrap_Admin@SERVICE', 'x@ѕеrvісе', 'x＠ｓｅｒｖｉｃｅ', 'x@serv\u200bice', 'x@sérvice']) assert.ok(looksLikeServiceUserId(t), t);
  for (const t of ['ada@example.com', 'service@example.com', 'https://idp|sub']) assert.ok(!looksLikeServiceUserId(t), t);
});

describeEachDatabase('lookalike identities through the API', (dialect) => {
  let t: TestApp;
  let scimToken: string;
  before(async () => {
    t = await startTestApp(dialect);
    scimToken = (await t.request('POST', '/api/user-tokens', { body: { name: 'scim', expires_in_days: 1, user_id: t.adminId, scim_only: true } })).body.token;
  });
  after(async () => t.close());

  const scimUser = (userName: string) => t.request('POST', '/api/scim/v2/Users', {
    token: scimToken, headers: { 'content-type': 'application/scim+json' },
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, emails: [{ value: 'x@example.com', primary: true }] },
  });

  test('SCIM cannot make a personal account whose user_id passes for a service user', async () => {
    await t.request('POST', '/api/users', { body: { name: 'Pipeline Automation' } });
    for (const userName of ['pipeline_automation@service', 'Bootstrap_Admin@service', 'pipeline_automation@ѕеrvісе', 'ghost＠service']) {
      const res = await scimUser(userName);
      assert.equal(res.status, 400, userName);
      assert.match(res.body.detail, /service user id/);
    }
    assert.equal((await scimUser('ada@example.com')).status, 201);
  });

  test('team names: equal keys collide on both databases; mixed scripts and invisible characters are refused', async () => {
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'Équipe', permission: 'viewer' } })).status, 201);
    const twin = await t.request('POST', '/api/teams', { body: { name: 'équipe', permission: 'viewer' } });
    assert.equal(twin.status, 409, 'the same on SQLite as on PostgreSQL');
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'Excel', permission: 'viewer' } })).status, 201);
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'ЕХСЕL', permission: 'viewer' } })).status, 422, 'mixed scripts in one word');
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'Ехсе', permission: 'viewer' } })).status, 201, 'all-Cyrillic is a name of its own');
    assert.equal((await t.request('POST', '/api/teams', { body: { name: 'Ex\u200bcel', permission: 'viewer' } })).status, 422);
    const folded = await t.request('POST', '/api/teams', { body: { name: 'Ｆｉｎａｎｃｅ', permission: 'viewer' } });
    assert.equal(folded.body.name, 'Finance');
  });

  test('service user names are folded or refused by the same rule, and the preview says so', async () => {
    const folded = await t.request('POST', '/api/users', { body: { name: 'Ａｌａｔｉｏｎ Sync' } });
    assert.equal(folded.status, 201);
    assert.deepEqual([folded.body.name, folded.body.user_id], ['Alation Sync', 'alation_sync@service']);
    const mixed = await t.request('POST', '/api/users', { body: { name: 'Pіpeline Bot' } });
    assert.equal(mixed.status, 422);
    const preview = await t.request('GET', `/api/users/service-user-id?name=${encodeURIComponent('Bad\u202eName')}`);
    assert.equal(preview.body.user_id, null);
    assert.match(preview.body.detail, /invisible or direction-changing/);
  });

  test('datastore names collide on the same key on both databases', async () => {
    assert.equal((await t.request('POST', '/api/datastores', { body: { name: 'Öl Lager', kind: 'source' } })).status, 201);
    assert.equal((await t.request('POST', '/api/datastores', { body: { name: 'öl lager', kind: 'source' } })).status, 409);
  });
});

describeEachDatabase('migration 0006 (name keys)', (dialect) => {
  test('names that only the new key finds equal keep working; the oldest keeps the key', async () => {
    const { createTestDb } = await import('./support.ts');
    const { migrateToLatest } = await import('../src/db/migrate.ts');
    const testDb = await createTestDb(dialect);
    try {
      await migrateToLatest(testDb.db, '0005_sso_email_verified');
      const now = new Date().toISOString();
      const k = testDb.db.kysely as any;
      // SQLite's lower() let both in; on PostgreSQL the accented twins collide already, so use a lookalike
      const twin = dialect === 'sqlite' ? 'équipe' : 'Ехсеl';
      const first = dialect === 'sqlite' ? 'Équipe' : 'excel';
      for (const name of [first, twin]) await k.insertInto('teams').values({ name, description: null, permission: 'viewer', kind: 'custom', created_at: now, updated_at: now }).execute();
      await migrateToLatest(testDb.db);
      const rows = await k.selectFrom('teams').select(['id', 'name', 'name_key']).where('kind', '=', 'custom').orderBy('id').execute();
      assert.equal(rows.length, 2);
      assert.equal(rows[0].name_key, nameKey(first));
      assert.equal(rows[1].name_key, `${nameKey(twin)}#${rows[1].id}`);
      const publicTeam = await k.selectFrom('teams').select('name_key').where('kind', '=', 'public').executeTakeFirst();
      assert.equal(publicTeam.name_key, 'public');
    } finally {
      await testDb.drop();
    }
  });
});
