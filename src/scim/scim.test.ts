import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type Reply, type TestApp } from '../../test/support.ts';
import { sql } from 'kysely';
import { parseFilter } from './resource.ts';
import { findAttachableSsoAccounts } from './store.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const WARDEN = 'urn:ietf:params:scim:schemas:extension:warden:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_JSON = 'application/scim+json; charset=utf-8';

interface Ctx {
  t: TestApp;
  /** A SCIM-only token of an Admin service user "Directory Sync". */
  token: string;
  syncId: number;
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Ctx> {
  const t = await startTestApp(dialect);
  const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
  const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } });
  assert.equal(tok.status, 201, tok.text);
  return { t, token: tok.body.token, syncId: sync.body.id };
}

function scimRequest(c: Ctx) {
  return (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, token: string | null = c.token): Promise<Reply> =>
    c.t.request(method, `/api/scim/v2${url}`, {
      token,
      headers: body === undefined ? headers : { 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
}

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

function user(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [CORE], userName, active: true, ...extra };
}

function assertScimError(res: Reply, status: number, scimType?: string) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers['content-type'], SCIM_JSON);
  assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(res.body.status, String(status));
  if (scimType) assert.equal(res.body.scimType, scimType);
  assert.equal(typeof res.body.detail, 'string');
}

describe('SCIM filter parsing', () => {
  test('a value path followed by a sub-attribute keeps both conditions on the same element', () => {
    assert.deepEqual(parseFilter('emails[type eq "work"].value eq "a@x"'), {
      op: '[]', attrPath: 'emails',
      valFilter: { op: 'and', filters: [{ op: 'eq', attrPath: 'type', compValue: 'work' }, { op: 'eq', attrPath: 'value', compValue: 'a@x' }] },
    });
  });
  test('True and False literals are accepted in any case', () => {
    assert.deepEqual(parseFilter('active eq True'), { op: 'eq', attrPath: 'active', compValue: true });
  });
  test('a malformed filter is a 400 invalidFilter error', () => {
    for (const bad of ['userName eq', 'userName xx "a"', '(userName eq "a"', 'emails[type eq "work"', 'userName eq unquoted']) {
      assert.throws(() => parseFilter(bad), (e: { status: number; scimType: string }) => e.status === 400 && e.scimType === 'invalidFilter', bad);
    }
  });
});

describeEachDatabase('SCIM discovery and auth', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  test('ServiceProviderConfig announces patch, filter, sort and etag, in application/scim+json', async () => {
    const res = await scim('GET', '/ServiceProviderConfig');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], SCIM_JSON);
    assert.equal(res.body.patch.supported, true);
    assert.equal(res.body.filter.supported, true);
    assert.equal(res.body.sort.supported, true);
    assert.equal(res.body.etag.supported, true);
    assert.equal(res.body.bulk.supported, false);
  });

  test('ResourceTypes list User (with the enterprise and Warden extensions) and Group', async () => {
    const res = await scim('GET', '/ResourceTypes');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.Resources.map((r: { endpoint: string }) => r.endpoint), ['/Users', '/Groups']);
    assert.deepEqual(res.body.Resources[0].schemaExtensions.map((e: { schema: string }) => e.schema), [ENTERPRISE, WARDEN]);
    assert.equal((await scim('GET', '/ResourceTypes/Group')).body.schema, GROUP);
  });

  test('Schemas lists User, Group, EnterpriseUser and Warden\'s extension with its role attribute', async () => {
    const res = await scim('GET', '/Schemas');
    assert.deepEqual(res.body.Resources.map((s: { id: string }) => s.id).sort(), [ENTERPRISE, WARDEN, CORE, GROUP].sort());
    const warden = await scim('GET', `/Schemas/${WARDEN}`);
    assert.equal(warden.status, 200);
    assert.deepEqual(warden.body.attributes[0].canonicalValues, ['admin', 'manager', 'member']);
    assert.equal(res.body.Resources.find((s: { id: string }) => s.id === CORE).attributes.find((a: { name: string }) => a.name === 'userName').uniqueness, 'server');
  });

  test('no token is a 401 SCIM error with status as a string', async () => {
    const res = await scim('GET', '/Users', undefined, {}, null);
    assertScimError(res, 401);
    assert.match(String(res.headers['www-authenticate']), /Bearer/);
  });

  test('tokens of a member or a manager get 403; an Admin\'s ordinary token works', async () => {
    const member = await c.t.serviceUser('Member Bot', 'member');
    const manager = await c.t.serviceUser('Manager Bot', 'manager');
    assertScimError(await scim('GET', '/Users', undefined, {}, member.token), 403);
    assertScimError(await scim('GET', '/Users', undefined, {}, manager.token), 403);
    assert.equal((await scim('GET', '/Users', undefined, {}, c.t.adminToken)).status, 200);
  });

  test('the SCIM-only token reaches nothing outside /api/scim/v2', async () => {
    const res = await c.t.request('GET', '/api/users', { token: c.token });
    assert.equal(res.status, 403);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('an unknown SCIM path is a SCIM 404', async () => {
    assertScimError(await scim('GET', '/Nothing', undefined, {}, c.t.adminToken), 404);
    assertScimError(await scim('POST', '/Users/1/extra', {}), 404);
    assertScimError(await scim('GET', '/Nothing', undefined, {}, null), 401);
  });

  test('application/json requests are accepted like application/scim+json', async () => {
    const res = await c.t.request('POST', '/api/scim/v2/Users', { token: c.token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(user('json.client@example.com')) });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers['content-type'], SCIM_JSON);
  });

  test('no client input makes a 500', async () => {
    const junk: [string, string, unknown][] = [
      ['POST', '/Users', '{"userName":'], ['POST', '/Users', '[]'], ['POST', '/Users', 'null'], ['POST', '/Users', '"x"'],
      ['POST', '/Users', { userName: {} }], ['POST', '/Users', { userName: 'x', emails: 'nope@x' }], ['POST', '/Users', { userName: 'y', emails: [{ value: { a: 1 } }] }],
      ['POST', '/Users', { userName: 'z', name: 'flat' }], ['POST', '/Users', { userName: 'w', active: 'maybe' }], ['POST', '/Users', { userName: 'v', [WARDEN]: { role: 'root' } }],
      ['POST', '/Users', { userName: 'a'.repeat(300) }], ['POST', '/Groups', { displayName: '' }], ['POST', '/Groups', { displayName: 'g', members: [{ value: 'abc' }] }],
      ['POST', '/Groups', { displayName: 'g', members: [{ value: '99999999999' }] }], ['PATCH', '/Users/1', { Operations: 'x' }], ['PATCH', '/Users/abc', { Operations: [] }],
      ['GET', '/Users?startIndex=abc', undefined], ['GET', '/Users?count=-5', undefined], ['GET', '/Users?sortBy=password', undefined], ['GET', '/Users?sortOrder=sideways', undefined],
      ['GET', `/Users?filter=${encodeURIComponent('emails[emails[value eq "x"]]')}`, undefined], ['GET', `/Users?filter=${encodeURIComponent('((((')}`, undefined],
      ['GET', `/Users?filter=${encodeURIComponent('meta.created gt "yesterday"')}`, undefined], ['GET', `/Users?filter=${encodeURIComponent('id gt "3"')}`, undefined],
      ['GET', `/Groups?filter=${encodeURIComponent('members[display co "x"]')}`, undefined], ['POST', '/Users/.search', '[1]'],
      ['GET', '/Users/99999999999999', undefined], ['DELETE', '/Groups/0', undefined], ['PUT', '/Groups/1', { displayName: 'Public' }],
    ];
    for (const [method, url, body] of junk) {
      const res = await scim(method, url, body);
      assert.ok(res.status < 500, `${method} ${url} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
      assert.equal(res.headers['content-type'], SCIM_JSON);
      if (res.status >= 400) assert.equal(res.body?.schemas?.[0], 'urn:ietf:params:scim:api:messages:2.0:Error', `${method} ${url}`);
    }
  });
});

describeEachDatabase('SCIM Users', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  test('create makes a personal member account provisioned by SCIM, in the Public team, user_id = userName', async () => {
    const res = await scim('POST', '/Users', user('Ada.Lovelace@example.com', {
      externalId: 'okta-00u1', name: { givenName: 'Ada', familyName: 'Lovelace' }, displayName: 'Ada Lovelace',
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Analytics', manager: { value: 'm-1' }, costCenter: 'CC-7' },
    }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers['content-type'], SCIM_JSON);
    assert.equal(res.headers.location, `${c.t.config.publicUrl}/api/scim/v2/Users/${res.body.id}`);
    assert.equal(res.headers.etag, res.body.meta.version);
    assert.equal(res.body.meta.resourceType, 'User');
    assert.equal(res.body.active, true);
    assert.deepEqual(res.body[ENTERPRISE], { department: 'Analytics', manager: { value: 'm-1' }, costCenter: 'CC-7' });
    assert.deepEqual(res.body[WARDEN], { role: 'member' });
    const account = await c.t.request('GET', `/api/users/${res.body.id}`);
    assert.equal(account.body.type, 'personal');
    assert.equal(account.body.provisioned_by, 'scim');
    assert.equal(account.body.user_id, 'Ada.Lovelace@example.com');
    assert.equal(account.body.name, 'Ada Lovelace');
    assert.equal(account.body.email, 'ada@example.com');
    assert.equal(account.body.role, 'member');
    assert.deepEqual(account.body.teams.map((x: { name: string }) => x.name), ['Public']);
  });

  test('attribute names are case-insensitive on input and canonical on output', async () => {
    const res = await scim('POST', '/Users', { UserName: 'grace@example.com', DisplayName: 'Grace', Emails: [{ Value: 'grace@example.com', Primary: 'True', Type: 'work' }] });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.displayName, 'Grace');
    assert.deepEqual(res.body.emails, [{ value: 'grace@example.com', primary: true, type: 'work' }]);
  });

  test('userName is unique regardless of case: 409 uniqueness', async () => {
    assertScimError(await scim('POST', '/Users', user('ADA.LOVELACE@EXAMPLE.COM')), 409, 'uniqueness');
  });

  test('a missing userName, a wrong type or an unknown role is 400 invalidValue', async () => {
    assertScimError(await scim('POST', '/Users', { displayName: 'Nobody' }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', user('t@example.com', { active: 'maybe' })), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', user('r@example.com', { [WARDEN]: { role: 'owner' } })), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Users', '{"userName": '), 400, 'invalidSyntax');
  });

  test('the Warden extension pre-assigns a role', async () => {
    const res = await scim('POST', '/Users', { schemas: [CORE, WARDEN], userName: 'lead@example.com', [WARDEN]: { role: 'Manager' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body[WARDEN].role, 'manager');
    assert.equal((await c.t.request('GET', `/api/users/${res.body.id}`)).body.role, 'manager');
  });

  test('GET of an unknown or non-numeric id is a SCIM 404', async () => {
    assertScimError(await scim('GET', '/Users/999999'), 404);
    assertScimError(await scim('GET', '/Users/not-an-id'), 404);
  });

  test('a service user or an account not provisioned by SCIM is not a SCIM User', async () => {
    const res = await scim('GET', `/Users/${c.syncId}`);
    assertScimError(res, 404);
  });

  test('attributes and excludedAttributes shape the answer; id and schemas always stay', async () => {
    const list = await scim('GET', `${q('userName eq "ada.lovelace@example.com"')}&attributes=userName,name.givenName,${encodeURIComponent(`${ENTERPRISE}:department`)}`);
    const ada = list.body.Resources[0];
    assert.deepEqual(Object.keys(ada).sort(), ['id', 'name', 'schemas', 'userName', ENTERPRISE].sort());
    assert.deepEqual(ada.name, { givenName: 'Ada' });
    assert.deepEqual(ada[ENTERPRISE], { department: 'Analytics' });
    const one = await scim('GET', `/Users/${ada.id}?excludedAttributes=emails,meta,${ENTERPRISE}`);
    assert.equal(one.body.emails, undefined);
    assert.equal(one.body.meta, undefined);
    assert.equal(one.body[ENTERPRISE], undefined);
    assert.equal(one.body.userName, 'Ada.Lovelace@example.com');
  });

  test('ETag and If-Match: 412 on a stale version, 200 on the current one, 304 for If-None-Match', async () => {
    const created = await scim('POST', '/Users', user('etag@example.com'));
    const id = created.body.id;
    const etag = created.headers.etag as string;
    assert.match(etag, /^W\/".+"$/);
    assert.equal((await scim('GET', `/Users/${id}`, undefined, { 'if-none-match': etag })).status, 304);
    const ok = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'E. Tag' }] }, { 'if-match': etag });
    assert.equal(ok.status, 200, ok.text);
    assert.notEqual(ok.headers.etag, etag);
    assert.equal(ok.headers.etag, ok.body.meta.version);
    assertScimError(await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Lost update' }] }, { 'if-match': etag }), 412);
    assertScimError(await scim('PUT', `/Users/${id}`, user('etag@example.com'), { 'if-match': etag }), 412);
    assertScimError(await scim('DELETE', `/Users/${id}`, undefined, { 'if-match': etag }), 412);
    assert.equal((await scim('GET', `/Users/${id}`)).body.displayName, 'E. Tag');
    assert.equal((await scim('PUT', `/Users/${id}`, user('etag@example.com', { displayName: 'Put' }), { 'if-match': ok.headers.etag as string })).status, 200);
  });

  test('PUT replaces the attributes; role and active stay when not sent', async () => {
    const created = await scim('POST', '/Users', { schemas: [CORE, WARDEN], userName: 'put@example.com', nickName: 'Nick', title: 'Boss', [WARDEN]: { role: 'manager' } });
    const id = created.body.id;
    const res = await scim('PUT', `/Users/${id}`, { schemas: [CORE], id, userName: 'put@example.com', displayName: 'Put Person', name: { formatted: 'Put Person' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.nickName, undefined);
    assert.equal(res.body.title, undefined);
    assert.equal(res.body.displayName, 'Put Person');
    assert.equal(res.body[WARDEN].role, 'manager');
    assert.equal(res.body.active, true);
    const demoted = await scim('PUT', `/Users/${id}`, { schemas: [CORE, WARDEN], userName: 'put@example.com', [WARDEN]: { role: 'member' }, active: false });
    assert.equal(demoted.body[WARDEN].role, 'member');
    assert.equal(demoted.body.active, false);
  });

  test('active=false deactivates the account (its tokens stop working); true reactivates it', async () => {
    const created = await scim('POST', '/Users', user('active@example.com', { [WARDEN]: { role: 'manager' } }));
    const id = Number(created.body.id);
    const { createToken } = await import('../tokens/service.ts');
    const principal = { id, userId: 'active@example.com', type: 'personal' as const, name: 'a', email: null, role: 'manager' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
    const pat = await createToken(c.t.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'pat', expires_in_days: 30 });
    assert.equal((await c.t.request('GET', '/api/users/me', { token: pat.token })).status, 200);
    const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    assert.equal(off.body.active, false);
    assert.equal((await c.t.request('GET', '/api/users/me', { token: pat.token })).status, 401);
    const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    assert.equal(on.body.active, true);
    assert.equal((await c.t.request('GET', '/api/users/me', { token: pat.token })).status, 200);
  });

  test('the token\'s owner cannot deactivate or demote itself over SCIM (403)', async () => {
    const created = await scim('POST', '/Users', user('self@example.com', { [WARDEN]: { role: 'admin' } }));
    const id = Number(created.body.id);
    const { createToken } = await import('../tokens/service.ts');
    const principal = { id, userId: 'self@example.com', type: 'personal' as const, name: 'a', email: null, role: 'admin' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
    const pat = await createToken(c.t.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'pat', expires_in_days: 30 });
    assertScimError(await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'active', value: false }] }, {}, pat.token), 403);
    assertScimError(await scim('DELETE', `/Users/${id}`, undefined, {}, pat.token), 403);
    assert.equal((await scim('GET', `/Users/${id}`)).body.active, true);
  });

  test('DELETE deactivates and detaches: 404 afterwards, the account kept; a create with the same userName re-attaches it', async () => {
    const created = await scim('POST', '/Users', user('leaver@example.com', { displayName: 'Leaver', [WARDEN]: { role: 'manager' } }));
    const id = created.body.id;
    const del = await scim('DELETE', `/Users/${id}`);
    assert.equal(del.status, 204);
    assertScimError(await scim('GET', `/Users/${id}`), 404);
    assertScimError(await scim('DELETE', `/Users/${id}`), 404);
    assert.equal((await scim('GET', q('userName eq "leaver@example.com"'))).body.totalResults, 0);
    const account = await c.t.request('GET', `/api/users/${id}`);
    assert.equal(account.status, 200);
    assert.equal(account.body.active, false);
    const again = await scim('POST', '/Users', user('LEAVER@example.com', { displayName: 'Leaver Returns' }));
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.id, id);
    assert.equal(again.body.active, true);
    assert.equal(again.body.displayName, 'Leaver Returns');
    assert.equal(again.body[WARDEN].role, 'manager');
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.active, true);
  });

  test('every SCIM change is audited with the token\'s owner as actor', async () => {
    const created = await scim('POST', '/Users', user('audited@example.com'));
    await scim('PATCH', `/Users/${created.body.id}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'Audited' }] });
    await scim('DELETE', `/Users/${created.body.id}`);
    const events = await c.t.request('GET', `/api/audit-events?target_type=user&target_id=${created.body.id}`);
    const actions = events.body.items.map((e: { action: string }) => e.action).sort();
    assert.deepEqual(actions, ['user.created', 'user.deactivated', 'user.scim_detached', 'user.updated']);
    for (const e of events.body.items) assert.equal(e.actor.id, c.syncId);
    const update = events.body.items.find((e: { action: string }) => e.action === 'user.updated');
    assert.deepEqual(update.changes['scim.displayName'], { before: null, after: 'Audited' });
  });
});

describeEachDatabase('SCIM filters, sorting and paging', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  let ids: Record<string, string>;
  let before0: string;
  before(async () => {
    c = await setUp(dialect);
    scim = scimRequest(c);
    ids = {};
    const people = [
      user('alice@corp.example', { externalId: 'EXT-A', displayName: 'Alice Archer', name: { givenName: 'Alice', familyName: 'Archer' }, emails: [{ value: 'alice@corp.example', type: 'work', primary: true }, { value: 'alice@home.example', type: 'home' }] }),
      user('bob@corp.example', { externalId: 'ext-b', displayName: 'Bob Baker', name: { givenName: 'Bob', familyName: 'Baker' }, emails: [{ value: 'bob@home.example', type: 'home' }] }),
      user('carol@partner.example', { displayName: 'Carol Clark', name: { givenName: 'Carol', familyName: 'Clark', honorificPrefix: 'Dr.' }, emails: [{ value: 'carol@partner.example', type: 'work' }] }),
      user('dave@corp.example', { active: false, name: { familyName: 'Dunn' } }),
    ];
    for (const p of people) {
      const res = await scim('POST', '/Users', p);
      assert.equal(res.status, 201, res.text);
      ids[p.userName.split('@')[0]] = res.body.id;
      if (p.userName.startsWith('bob')) before0 = res.body.meta.created;
    }
  });
  after(async () => c.t.close());

  const names = async (filter: string) => {
    const res = await scim('GET', `${q(filter)}&sortBy=userName`);
    assert.equal(res.status, 200, `${filter}: ${res.text}`);
    assert.equal(res.body.totalResults, res.body.Resources.length);
    return res.body.Resources.map((r: { userName: string }) => r.userName.split('@')[0]);
  };

  const cases: [string, string[]][] = [
    ['userName eq "ALICE@corp.example"', ['alice']],
    ['userName ne "alice@corp.example"', ['bob', 'carol', 'dave']],
    ['userName co "CORP"', ['alice', 'bob', 'dave']],
    ['userName sw "b"', ['bob']],
    ['userName ew "@partner.example"', ['carol']],
    ['userName gt "bob@corp.example"', ['carol', 'dave']],
    ['userName ge "bob@corp.example"', ['bob', 'carol', 'dave']],
    ['userName lt "bob@corp.example"', ['alice']],
    ['userName le "bob@corp.example"', ['alice', 'bob']],
    ['externalId pr', ['alice', 'bob']],
    ['externalId eq "ext-a"', []],
    ['externalId eq "EXT-A"', ['alice']],
    ['displayName co "ar"', ['alice', 'carol']],
    ['name.familyName eq "baker"', ['bob']],
    ['name.givenName sw "c" or name.familyName ew "unn"', ['carol', 'dave']],
    ['name.honorificPrefix pr', ['carol']],
    ['emails.value co "home.example"', ['alice', 'bob']],
    ['emails eq "carol@partner.example"', ['carol']],
    ['emails[type eq "work" and value ew "corp.example"]', ['alice']],
    ['emails[type eq "work"].value ew "@corp.example"', ['alice']],
    ['emails[type eq "home"].value eq "alice@corp.example"', []],
    ['emails[primary eq true]', ['alice']],
    ['emails pr', ['alice', 'bob', 'carol']],
    ['not (emails pr)', ['dave']],
    ['active eq false', ['dave']],
    ['active eq true and not (userName sw "a")', ['bob', 'carol']],
    ['(userName sw "a" or userName sw "b") and emails[type eq "home"]', ['alice', 'bob']],
    ['not (displayName eq "Alice Archer")', ['bob', 'carol', 'dave']],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob@corp.example"', ['bob']],
    ['USERNAME EQ "bob@corp.example"', ['bob']],
  ];
  for (const [filter, expected] of cases) {
    test(`filter ${filter} → ${expected.join(', ') || 'nothing'}`, async () => {
      assert.deepEqual(await names(filter), expected);
    });
  }

  test('id and meta.created / meta.lastModified filters compare in SQL', async () => {
    assert.deepEqual(await names(`id eq "${ids.carol}"`), ['carol']);
    assert.deepEqual(await names(`meta.created ge "${before0}" and meta.created le "${new Date(Date.now() + 60_000).toISOString()}"`), ['bob', 'carol', 'dave']);
    assert.deepEqual(await names(`meta.lastModified gt "${new Date(Date.now() + 60_000).toISOString()}"`), []);
    assert.deepEqual(await names('meta.lastModified gt "2000-01-01T00:00:00Z"'), ['alice', 'bob', 'carol', 'dave']);
  });

  test('a filter on an unsupported attribute or with a wrong operator is 400 invalidFilter', async () => {
    for (const f of ['title eq "x"', 'nickName pr', 'active gt true', 'meta.created co "2020"', 'name eq "x"', 'emails[foo eq "x"]', 'userName eq "a" and', `${ENTERPRISE}:department eq "x"`]) {
      assertScimError(await scim('GET', q(f)), 400, 'invalidFilter');
    }
  });

  test('sortBy and sortOrder sort; startIndex and count page in a stable order', async () => {
    const desc = await scim('GET', '/Users?sortBy=name.familyName&sortOrder=descending');
    assert.deepEqual(desc.body.Resources.map((r: { userName: string }) => r.userName.split('@')[0]), ['dave', 'carol', 'bob', 'alice']);
    const all: string[] = [];
    for (let start = 1; start <= 4; start += 3) {
      const page = await scim('GET', `/Users?startIndex=${start}&count=3`);
      assert.equal(page.body.totalResults, 4);
      assert.equal(page.body.startIndex, start);
      assert.equal(page.body.itemsPerPage, start === 1 ? 3 : 1);
      all.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    assert.deepEqual(all, [ids.alice, ids.bob, ids.carol, ids.dave]);
    const none = await scim('GET', '/Users?count=0');
    assert.equal(none.body.totalResults, 4);
    assert.deepEqual(none.body.Resources, []);
    // past the end: no rows, and still the whole total (the page's rows cannot tell it)
    const past = await scim('GET', '/Users?startIndex=10&count=3');
    assert.equal(past.body.totalResults, 4);
    assert.deepEqual(past.body.Resources, []);
    // a page that ends inside itself tells its total; a full page that happens to be the last too
    assert.equal((await scim('GET', '/Users?startIndex=2&count=10')).body.totalResults, 4);
    assert.equal((await scim('GET', '/Users?startIndex=1&count=4')).body.totalResults, 4);
    assert.equal((await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@corp.example"')}`)).body.totalResults, 0);
    assertScimError(await scim('GET', '/Users?sortBy=password'), 400, 'invalidValue');
  });

  test('POST /.search takes the same parameters in the body', async () => {
    const res = await scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName co "corp"', attributes: ['userName'], sortBy: 'userName', sortOrder: 'descending', startIndex: 1, count: 2 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.totalResults, 3);
    assert.deepEqual(res.body.Resources.map((r: { userName: string }) => r.userName), ['dave@corp.example', 'bob@corp.example']);
    assert.deepEqual(Object.keys(res.body.Resources[0]).sort(), ['id', 'schemas', 'userName']);
  });
});

describeEachDatabase('SCIM PATCH', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  const make = async (userName: string, extra: Record<string, unknown> = {}) => {
    const res = await scim('POST', '/Users', user(userName, { name: { givenName: 'P', familyName: 'Q' }, emails: [{ value: `${userName}`, type: 'work', primary: true }], ...extra }));
    assert.equal(res.status, 201, res.text);
    return res.body.id as string;
  };
  const patch = (id: string, ops: unknown[]) => scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: ops });

  test('add, replace and remove with paths, sub-attributes and any case of op', async () => {
    const id = await make('p1@example.com');
    const res = await patch(id, [
      { op: 'ADD', path: 'nickName', value: 'Pete' },
      { op: 'Replace', path: 'name.givenName', value: 'Peter' },
      { op: 'add', path: 'emails', value: [{ value: 'p1@home.example', type: 'home' }] },
      { op: 'remove', path: 'name.familyName' },
    ]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.nickName, 'Pete');
    assert.deepEqual(res.body.name, { givenName: 'Peter' });
    assert.deepEqual(res.body.emails.map((e: { type: string }) => e.type), ['work', 'home']);
  });

  test('path filters select elements: replace emails[type eq "work"].value, remove emails[type eq "home"]', async () => {
    const id = await make('p2@example.com', { emails: [{ value: 'p2@example.com', type: 'work', primary: true }, { value: 'p2@home.example', type: 'home' }] });
    const res = await patch(id, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'p2.new@example.com' },
      { op: 'remove', path: 'emails[type eq "home"]' },
    ]);
    assert.deepEqual(res.body.emails, [{ value: 'p2.new@example.com', type: 'work', primary: true }]);
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.email, 'p2.new@example.com');
    assert.equal((await scim('GET', q('emails.value eq "p2.new@example.com"'))).body.totalResults, 1);
  });

  test('Entra: replace emails[type eq "work"].value on a user without one creates it', async () => {
    const id = await make('p3@example.com', { emails: [] });
    const res = await patch(id, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'p3@work.example' }]);
    assert.deepEqual(res.body.emails, [{ type: 'work', value: 'p3@work.example' }]);
  });

  test('Entra: string booleans and value maps with dotted and URN keys, no path', async () => {
    const id = await make('p4@example.com');
    const res = await patch(id, [
      { op: 'Replace', value: { active: 'False', displayName: 'P Four', 'name.givenName': 'Pam', [`${ENTERPRISE}:department`]: 'Ops', [`${ENTERPRISE}:manager`]: 'mgr-7' } },
      { op: 'Add', value: { [WARDEN]: { role: 'manager' }, 'emails[type eq "work"].primary': 'True' } },
    ]);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.active, false);
    assert.equal(res.body.displayName, 'P Four');
    assert.equal(res.body.name.givenName, 'Pam');
    assert.deepEqual(res.body[ENTERPRISE], { department: 'Ops', manager: { value: 'mgr-7' } });
    assert.equal(res.body[WARDEN].role, 'manager');
    const byPath = await patch(id, [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Finance' }, { op: 'remove', path: `${ENTERPRISE}:manager` }]);
    assert.deepEqual(byPath.body[ENTERPRISE], { department: 'Finance' });
  });

  test('PATCH can rename the userName; user_id follows it', async () => {
    const id = await make('p5@example.com');
    const res = await patch(id, [{ op: 'replace', path: 'userName', value: 'p5.renamed@example.com' }]);
    assert.equal(res.body.userName, 'p5.renamed@example.com');
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.user_id, 'p5.renamed@example.com');
    assertScimError(await patch(id, [{ op: 'replace', path: 'userName', value: 'P1@EXAMPLE.COM' }]), 409, 'uniqueness');
  });

  test('empty Operations is a no-op: same ETag, no audit event', async () => {
    const id = await make('p6@example.com');
    const before = await scim('GET', `/Users/${id}`);
    const res = await patch(id, []);
    assert.equal(res.status, 200);
    assert.equal(res.headers.etag, before.headers.etag);
    const events = await c.t.request('GET', `/api/audit-events?target_type=user&target_id=${id}`);
    assert.deepEqual(events.body.items.map((e: { action: string }) => e.action), ['user.created']);
  });

  test('all operations or none: a bad operation leaves the earlier ones unapplied', async () => {
    const id = await make('p7@example.com');
    for (const [ops, type] of [
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'noSuchAttribute', value: 1 }], 'invalidPath'],
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'remove' }], 'noTarget'],
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'move', path: 'displayName' }], 'invalidSyntax'],
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'id', value: '9' }], 'mutability'],
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'remove', path: 'userName' }], 'mutability'], // required: RFC 7644 §3.5.2.2
      [[{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'emails[type eq "work"', value: 'x' }], 'invalidPath'],
      [[{ op: 'replace', path: 'active', value: false }, { op: 'replace', path: `${WARDEN}:role`, value: 'god' }], 'invalidValue'],
    ] as const) {
      assertScimError(await patch(id, ops as unknown as unknown[]), 400, type);
    }
    const now = await scim('GET', `/Users/${id}`);
    assert.equal(now.body.displayName, undefined);
    assert.equal(now.body.active, true);
  });
});

describeEachDatabase('SCIM Groups', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  let u: string[];
  before(async () => {
    c = await setUp(dialect);
    scim = scimRequest(c);
    u = [];
    for (const n of ['g1', 'g2', 'g3']) u.push((await scim('POST', '/Users', user(`${n}@example.com`, { displayName: n.toUpperCase() }))).body.id);
  });
  after(async () => c.t.close());

  const patch = (id: string, ops: unknown[]) => scim('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: ops });
  const memberIds = (res: Reply) => (res.body.members ?? []).map((m: { value: string }) => m.value);

  test('create makes a team at reporter with no datastores; members are its users', async () => {
    const res = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Data Eng', externalId: 'grp-1', members: [{ value: u[0] }, { value: u[1], display: 'Second' }] });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.etag, res.body.meta.version);
    assert.deepEqual(memberIds(res), [u[0], u[1]]);
    assert.deepEqual(res.body.members.map((m: { display: string }) => m.display), ['G1', 'Second']);
    assert.equal(res.body.externalId, 'grp-1');
    const team = await c.t.request('GET', `/api/teams/${res.body.id}`);
    assert.equal(team.body.name, 'Data Eng');
    assert.equal(team.body.permission, 'reporter');
    assert.deepEqual(team.body.datastores, []);
    assert.deepEqual(team.body.users.map((x: { id: number }) => String(x.id)).sort(), [u[0], u[1]].sort());
    const account = await c.t.request('GET', `/api/users/${u[0]}`);
    assert.ok(account.body.teams.some((x: { name: string }) => x.name === 'Data Eng'));
    assert.deepEqual((await scim('GET', `/Users/${u[0]}`)).body.groups.map((g: { display: string }) => g.display), ['Data Eng']);
  });

  test('displayName is unique regardless of case (409); a member that is no provisioned User is 400', async () => {
    assertScimError(await scim('POST', '/Groups', { displayName: 'DATA ENG' }), 409, 'uniqueness');
    assertScimError(await scim('POST', '/Groups', { displayName: 'Other', members: [{ value: String(c.syncId) }] }), 400, 'invalidValue');
    assertScimError(await scim('POST', '/Groups', { displayName: 'Other', members: [{ value: '424242' }] }), 400, 'invalidValue');
    assert.equal((await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Other"')}`)).body.totalResults, 0);
  });

  test('the Public team is never a group', async () => {
    const list = await scim('GET', '/Groups');
    assert.ok(!list.body.Resources.some((g: { displayName: string }) => g.displayName === 'Public'));
    const teams = await c.t.request('GET', '/api/teams');
    const pub = teams.body.items.find((x: { is_public: boolean }) => x.is_public);
    assertScimError(await scim('GET', `/Groups/${pub.id}`), 404);
    assertScimError(await scim('PATCH', `/Groups/${pub.id}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] }), 404);
    assertScimError(await scim('DELETE', `/Groups/${pub.id}`), 404);
  });

  test('membership: add, remove by filter, Entra\'s removal by value list (only those), replace', async () => {
    const g = (await scim('POST', '/Groups', { displayName: 'Members', members: [] })).body.id;
    let res = await patch(g, [{ op: 'Add', path: 'members', value: [{ value: u[0] }, { value: u[1] }, { value: u[2] }] }]);
    assert.deepEqual(memberIds(res), [u[0], u[1], u[2]]);
    res = await patch(g, [{ op: 'remove', path: `members[value eq "${u[0]}"]` }]);
    assert.deepEqual(memberIds(res), [u[1], u[2]]);
    res = await patch(g, [{ op: 'Remove', path: 'members', value: [{ value: u[1] }] }]);
    assert.deepEqual(memberIds(res), [u[2]]);
    res = await patch(g, [{ op: 'replace', path: 'members', value: [{ value: u[0] }, { value: u[1] }] }]);
    assert.deepEqual(memberIds(res), [u[0], u[1]]);
    res = await patch(g, [{ op: 'remove', path: 'members' }]);
    assert.deepEqual(memberIds(res), []);
  });

  test('SCIM never resets the Admin\'s level and datastores, and keeps members it does not know', async () => {
    const g = (await scim('POST', '/Groups', { displayName: 'Finance', members: [{ value: u[0] }] })).body.id;
    const ds = await c.t.request('POST', '/api/datastores', { body: { name: 'ledger', kind: 'source' } });
    assert.equal(ds.status, 201, ds.text);
    const bot = await c.t.serviceUser('Finance Bot');
    const set = await c.t.request('PUT', `/api/teams/${g}`, { body: { permission: 'editor', datastore_ids: [ds.body.id], user_ids: [Number(u[0]), bot.id] } });
    assert.equal(set.status, 200, set.text);
    const put = await scim('PUT', `/Groups/${g}`, { schemas: [GROUP], displayName: 'Finance Team', members: [{ value: u[1] }] });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(memberIds(put), [u[1]]);
    await patch(g, [{ op: 'replace', value: { id: g, displayName: 'Finance Team 2' } }]);
    const team = await c.t.request('GET', `/api/teams/${g}`);
    assert.equal(team.body.name, 'Finance Team 2');
    assert.equal(team.body.permission, 'editor');
    assert.deepEqual(team.body.datastores.map((d: { id: number }) => d.id), [ds.body.id]);
    assert.deepEqual(team.body.users.map((x: { id: number }) => x.id).sort((a: number, b: number) => a - b), [Number(u[1]), bot.id].sort((a, b) => a - b));
  });

  test('filters, excludedAttributes=members and members[value eq] on groups', async () => {
    const list = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "data eng"')}&excludedAttributes=members`);
    assert.equal(list.body.totalResults, 1);
    assert.equal(list.body.Resources[0].members, undefined);
    const withMember = await scim('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${u[0]}"]`)}&sortBy=displayName`);
    assert.deepEqual(withMember.body.Resources.map((g: { displayName: string }) => g.displayName), ['Data Eng']);
    const byExt = await scim('GET', `/Groups?filter=${encodeURIComponent('externalId eq "grp-1" and displayName sw "Data"')}`);
    assert.equal(byExt.body.totalResults, 1);
    assertScimError(await scim('GET', `/Groups?filter=${encodeURIComponent('userName eq "x"')}`), 400, 'invalidFilter');
  });

  test('a detached user disappears from the group\'s members', async () => {
    const extra = (await scim('POST', '/Users', user('temp@example.com'))).body.id;
    const g = (await scim('POST', '/Groups', { displayName: 'Temp', members: [{ value: extra }, { value: u[2] }] })).body.id;
    await scim('DELETE', `/Users/${extra}`);
    assert.deepEqual(memberIds(await scim('GET', `/Groups/${g}`)), [u[2]]);
  });

  test('group ETags: If-Match mismatch is 412', async () => {
    const created = await scim('POST', '/Groups', { displayName: 'Tagged' });
    const etag = created.headers.etag as string;
    await patch(created.body.id, [{ op: 'add', path: 'members', value: [{ value: u[0] }] }]);
    assertScimError(await scim('PATCH', `/Groups/${created.body.id}`, { Operations: [{ op: 'remove', path: 'members' }] }, { 'if-match': etag }), 412);
    assertScimError(await scim('DELETE', `/Groups/${created.body.id}`, undefined, { 'if-match': etag }), 412);
  });

  test('DELETE deletes the team, audited with the token\'s owner as actor', async () => {
    const g = (await scim('POST', '/Groups', { displayName: 'Short Lived', externalId: 'sl' })).body.id;
    assert.equal((await scim('DELETE', `/Groups/${g}`)).status, 204);
    assertScimError(await scim('GET', `/Groups/${g}`), 404);
    assert.equal((await c.t.request('GET', `/api/teams/${g}`)).status, 404);
    const events = await c.t.request('GET', `/api/audit-events?target_type=team&target_id=${g}`);
    assert.deepEqual(events.body.items.map((e: { action: string }) => e.action).sort(), ['team.created', 'team.deleted', 'team.scim_updated']);
    for (const e of events.body.items) assert.equal(e.actor.id, c.syncId);
  });
});

// The request sequences of Okta's SCIM 2.0 guide ("SCIM 2.0 protocol reference") and
// Microsoft's "Develop a SCIM endpoint" tutorial, in their order and with their bodies' quirks.
describeEachDatabase('SCIM as Okta provisions', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  test('lookup, create, read, update (PUT), deactivate (PATCH), then group push', async () => {
    const lookup = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    assert.equal(lookup.status, 200);
    assert.equal(lookup.body.totalResults, 0);
    assert.deepEqual(lookup.body.Resources, []);

    const created = await scim('POST', '/Users', {
      schemas: [CORE], userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], displayName: 'Test User', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7', groups: [], password: '1mz050nq', active: true,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.password, undefined);
    const id = created.body.id;

    const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    assert.equal(found.body.totalResults, 1);
    assert.equal(found.body.Resources[0].id, id);
    assert.equal((await scim('GET', `/Users/${id}`)).body.userName, 'test.user@okta.local');

    const put = await scim('PUT', `/Users/${id}`, {
      schemas: [CORE], id, userName: 'test.user@okta.local', name: { givenName: 'Another', middleName: '', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], displayName: 'Another User', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7', groups: [], active: true,
      meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.name.givenName, 'Another');
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.name, 'Another User');

    const deactivated = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    assert.equal(deactivated.status, 200);
    assert.equal(deactivated.body.active, false);
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.active, false);
    const reactivated = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    assert.equal(reactivated.body.active, true);

    // group push
    const group = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] });
    assert.equal(group.status, 201, group.text);
    const gid = group.body.id;
    assert.equal((await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`)).body.Resources[0].id, gid);
    const renamed = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: gid, displayName: 'Test SCIMv2 Renamed' } }] });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.displayName, 'Test SCIMv2 Renamed');
    const added = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: id, display: 'test.user@okta.local' }] }] });
    assert.deepEqual(added.body.members.map((m: { value: string }) => m.value), [id]);
    const removed = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] });
    assert.deepEqual(removed.body.members, []);
    assert.equal((await scim('DELETE', `/Groups/${gid}`)).status, 204);
  });
});

describeEachDatabase('SCIM as Entra ID provisions', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  test('lookup, create, update with string booleans, group push with member removal by value, deprovision', async () => {
    const lookup = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')}`);
    assert.equal(lookup.body.totalResults, 0);
    const missing = await scim('GET', '/Users/4711');
    assertScimError(missing, 404);

    const created = await scim('POST', '/Users', {
      schemas: [CORE, ENTERPRISE], externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef', userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1', active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
      meta: { resourceType: 'User' }, name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' }, roles: [],
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    assertScimError(await scim('POST', '/Users', { schemas: [CORE], userName: 'test_user_AB6490EE-1e48-479e-a20b-2d77186b5dd1', active: true }), 409, 'uniqueness');

    const byExternal = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    assert.equal(byExternal.body.Resources[0].id, id);

    const updated = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: '42' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.emails[0].value, 'updatedEmail@microsoft.com');
    assert.equal(updated.body.name.familyName, 'updatedFamilyName');
    assert.equal(updated.body[ENTERPRISE].employeeNumber, '42');
    assert.equal(updated.body.active, false);
    const back = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    assert.equal(back.body.active, true);
    const renamed = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }] });
    assert.equal(renamed.body.userName, '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');

    const other = (await scim('POST', '/Users', { schemas: [CORE], userName: 'second@testuser.com', active: true })).body.id;
    const group = await scim('POST', '/Groups', { externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'displayName', meta: { resourceType: 'Group' }, schemas: [GROUP] });
    assert.equal(group.status, 201, group.text);
    const gid = group.body.id;
    const lookupGroup = await scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`);
    assert.equal(lookupGroup.body.Resources[0].id, gid);
    assert.equal(lookupGroup.body.Resources[0].members, undefined);
    const add = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: id }, { value: other }] }] });
    assert.equal(add.status, 200, add.text);
    const remove = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: id }] }] });
    assert.deepEqual(remove.body.members.map((m: { value: string }) => m.value), [other]);
    const rename = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }] });
    assert.equal(rename.body.displayName, '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName');
    const check = await scim('GET', `/Groups/${gid}?excludedAttributes=members`);
    assert.equal(check.body.members, undefined);
    const membership = await scim('GET', `/Groups?filter=${encodeURIComponent(`id eq "${gid}" and members[value eq "${other}"]`)}&excludedAttributes=members`);
    assert.equal(membership.body.totalResults, 1);

    assert.equal((await scim('DELETE', `/Users/${id}`)).status, 204);
    assert.equal((await scim('DELETE', `/Groups/${gid}`)).status, 204);
  });
});

describeEachDatabase('SCIM create for a person who signed in through SSO first', (dialect) => {
  let c: Ctx;
  let scim: ReturnType<typeof scimRequest>;
  before(async () => { c = await setUp(dialect); scim = scimRequest(c); });
  after(async () => c.t.close());

  /** An account as SSO's first sign-in makes it, with its identity (email_verified as the IdP said), and a PAT. */
  async function ssoAccount(name: string, email: string, emailVerified: boolean | 'default') {
    const account = await c.t.personalUser(name, 'member', email);
    const now = new Date().toISOString();
    await c.t.db.kysely.insertInto('sso_identities')
      .values({ issuer: 'https://idp.example', subject: account.user_id, user_id: account.id, created_at: now, last_login_at: now, ...(emailVerified === 'default' ? {} : { email_verified: emailVerified ? 1 : 0 }) })
      .execute();
    return account;
  }

  const accountsWithEmail = async (email: string) =>
    (await c.t.db.kysely.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).orderBy('id').execute()).map((r) => r.id);

  const eventsOf = async (id: number | string) => (await c.t.request('GET', `/api/audit-events?target_type=user&target_id=${id}`)).body.items as { action: string; actor: { id: number }; reason: string; changes: Record<string, any> }[];

  test('an SSO account with the same IdP-verified email (any case) is attached, not duplicated; the directory then deactivates it', async () => {
    const sso = await ssoAccount('Vera Early', 'Vera@Example.com', true);
    const res = await scim('POST', '/Users', user('vera.d@corp.example', {
      externalId: 'okta-vera', displayName: 'Vera Directory', emails: [{ value: 'vera@example.com', type: 'work', primary: true }], [WARDEN]: { role: 'manager' },
    }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.id, String(sso.id), 'the account that signed in first');
    assert.equal(res.body.userName, 'vera.d@corp.example');
    assert.equal(res.body.active, true);
    assert.deepEqual(res.body[WARDEN], { role: 'manager' });
    const got = await scim('GET', `/Users/${sso.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.externalId, 'okta-vera');
    assert.equal((await scim('GET', q('userName eq "vera.d@corp.example"'))).body.Resources[0].id, String(sso.id));
    assert.deepEqual(await accountsWithEmail('vera@example.com'), [sso.id], 'no second account');
    const account = (await c.t.request('GET', `/api/users/${sso.id}`)).body;
    assert.equal(account.user_id, sso.user_id, 'user_id stays');
    assert.equal(account.provisioned_by, 'sso', 'provisioned_by stays');
    assert.equal(account.name, 'Vera Directory');
    assert.equal(account.email, 'vera@example.com');
    assert.equal(account.role, 'manager');
    const events = await eventsOf(sso.id);
    const attached = events.find((e) => e.action === 'user.scim_attached');
    assert.ok(attached, 'user.scim_attached is audited');
    assert.equal(attached.actor.id, c.syncId);
    assert.match(attached.reason, /verified/);
    assert.deepEqual(attached.changes.scim_attached, { before: false, after: true });
    assert.deepEqual(attached.changes.name, { before: 'Vera Early', after: 'Vera Directory' });
    assert.equal(attached.changes.scim.after.externalId, 'okta-vera');
    assert.ok(events.some((e) => e.action === 'user.updated' && e.actor.id === c.syncId && e.changes.role?.after === 'manager'), 'the role goes through the users service');

    assert.equal((await c.t.request('GET', '/api/users/me', { token: sso.token })).status, 200);
    const off = await scim('PATCH', `/Users/${sso.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.active, false);
    assert.equal((await c.t.request('GET', `/api/users/${sso.id}`)).body.active, false, 'deprovisioning reaches the real account');
    assert.equal((await c.t.request('GET', '/api/users/me', { token: sso.token })).status, 401);
  });

  test('an SSO account whose verified email has capitals outside ASCII is attached by the same email in lower case, on both databases', async () => {
    const sso = await ssoAccount('Émile Early', 'ÉMILE.Zola@Example.com', true);
    const res = await scim('POST', '/Users', user('emile.z@corp.example', { externalId: 'okta-emile', emails: [{ value: 'émile.zola@example.com', type: 'work', primary: true }] }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.id, String(sso.id), 'the account that signed in first, not a second one');
    // the one-at-a-time path (findAttachableSsoAccounts) too
    const other = await ssoAccount('Örjan Early', 'ÖRJAN@Example.com', true);
    assert.deepEqual((await findAttachableSsoAccounts(c.t.db.kysely, 'örjan@example.com')).map((r) => r.id), [other.id]);
  });

  test('an email the IdP did not verify is never attached: a new, separate account as before', async () => {
    for (const [n, verified] of [[1, false], [2, 'default']] as const) {
      const sso = await ssoAccount(`Ursula ${n}`, `ursula${n}@example.com`, verified);
      const res = await scim('POST', '/Users', user(`ursula${n}@corp.example`, { emails: [{ value: `ursula${n}@example.com`, primary: true }], active: false }));
      assert.equal(res.status, 201, res.text);
      assert.notEqual(res.body.id, String(sso.id));
      assert.deepEqual(await accountsWithEmail(`ursula${n}@example.com`), [sso.id, Number(res.body.id)]);
      assert.equal((await c.t.request('GET', `/api/users/${res.body.id}`)).body.provisioned_by, 'scim');
      assertScimError(await scim('GET', `/Users/${sso.id}`), 404);
      const untouched = (await c.t.request('GET', `/api/users/${sso.id}`)).body;
      assert.equal(untouched.active, true);
      assert.equal(untouched.name, `Ursula ${n}`);
      assert.ok(!(await eventsOf(sso.id)).some((e) => e.action === 'user.scim_attached'));
    }
  });

  test('two candidate accounts with that email: neither is taken, a new account is made', async () => {
    const a = await ssoAccount('Twin A', 'twin@example.com', true);
    const b = await ssoAccount('Twin B', 'TWIN@example.com', true);
    const res = await scim('POST', '/Users', user('twin@corp.example', { emails: [{ value: 'twin@example.com' }] }));
    assert.equal(res.status, 201, res.text);
    assert.ok(![String(a.id), String(b.id)].includes(res.body.id));
    assert.equal((await accountsWithEmail('twin@example.com')).length, 3);
    assertScimError(await scim('GET', `/Users/${a.id}`), 404);
    assertScimError(await scim('GET', `/Users/${b.id}`), 404);
  });

  test('an account already linked to SCIM (attached or detached) is never taken by another userName', async () => {
    const sso = await ssoAccount('Linked', 'linked@example.com', true);
    const first = await scim('POST', '/Users', user('linked@corp.example', { emails: [{ value: 'linked@example.com' }] }));
    assert.equal(first.body.id, String(sso.id));
    const second = await scim('POST', '/Users', user('linked.other@corp.example', { emails: [{ value: 'linked@example.com' }] }));
    assert.equal(second.status, 201, second.text);
    assert.notEqual(second.body.id, String(sso.id));
    assert.equal((await scim('GET', `/Users/${sso.id}`)).body.userName, 'linked@corp.example');

    // a SCIM account that later signed in through SSO is linked too
    const scimFirst = await scim('POST', '/Users', user('scimfirst@corp.example', { emails: [{ value: 'scimfirst@example.com' }] }));
    await c.t.db.kysely.insertInto('sso_identities')
      .values({ issuer: 'https://idp.example', subject: 'scimfirst', user_id: Number(scimFirst.body.id), created_at: new Date().toISOString(), last_login_at: null, email_verified: 1 })
      .execute();
    const third = await scim('POST', '/Users', user('scimfirst.other@corp.example', { emails: [{ value: 'scimfirst@example.com' }] }));
    assert.notEqual(third.body.id, scimFirst.body.id);

    // detached by a DELETE: only its own userName re-attaches it
    const gone = await ssoAccount('Gone', 'gone@example.com', true);
    assert.equal((await scim('POST', '/Users', user('gone@corp.example', { emails: [{ value: 'gone@example.com' }] }))).body.id, String(gone.id));
    assert.equal((await scim('DELETE', `/Users/${gone.id}`)).status, 204);
    assert.equal((await c.t.request('POST', `/api/users/${gone.id}/reactivate`)).status, 200);
    const other = await scim('POST', '/Users', user('gone.other@corp.example', { emails: [{ value: 'gone@example.com' }] }));
    assert.notEqual(other.body.id, String(gone.id));
    assert.equal((await scim('POST', '/Users', user('gone@corp.example'))).body.id, String(gone.id));
  });

  test('a deactivated account is not attached (nor reactivated): a new account is made', async () => {
    const sso = await ssoAccount('Former', 'former@example.com', true);
    assert.equal((await c.t.request('DELETE', `/api/users/${sso.id}`)).status, 200);
    const res = await scim('POST', '/Users', user('former@corp.example', { emails: [{ value: 'former@example.com' }] }));
    assert.equal(res.status, 201, res.text);
    assert.notEqual(res.body.id, String(sso.id));
    assert.equal((await c.t.request('GET', `/api/users/${sso.id}`)).body.active, false);
  });

  test('a failed attach changes nothing: the token owner cannot attach and deactivate itself', async () => {
    const self = await ssoAccount('Self Admin', 'selfadmin@example.com', true);
    await c.t.db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', self.id).execute();
    const res = await scim('POST', '/Users', user('selfadmin@corp.example', { emails: [{ value: 'selfadmin@example.com' }], active: false }), {}, self.token);
    assertScimError(res, 403);
    assert.match(res.body.detail, /deactivates themselves/);
    assertScimError(await scim('GET', `/Users/${self.id}`), 404);
    assert.ok(!(await eventsOf(self.id)).some((e) => e.action === 'user.scim_attached'), 'rolled back with the audit event');
  });
});
