// SCIM as an independent client sees it: /Schemas and /ResourceTypes valid by RFC 7643 §7, the
// remove examples of RFC 7644 §3.5.2.2 and the search example of §3.4.3 reshaped onto Warden,
// and every removal (PATCH remove, PUT omission) stored, versioned and audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type Reply, type TestApp } from '../../test/support.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const WARDEN = 'urn:ietf:params:scim:schemas:extension:warden:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

interface Ctx {
  t: TestApp;
  token: string;
  scim(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Ctx> {
  const t = await startTestApp(dialect);
  const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
  const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } });
  assert.equal(tok.status, 201, tok.text);
  const token = tok.body.token as string;
  return {
    t,
    token,
    scim: (method, url, body, headers = {}) => t.request(method, `/api/scim/v2${url}`, {
      token,
      headers: body === undefined ? headers : { 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  };
}

// ------------------------------------------------------------------ RFC 7643 §7 walk

type Attr = Record<string, unknown>;
const TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];

/** Every problem of one attribute definition (and its sub-attributes), by RFC 7643 §7 and §2.2. */
function problemsOf(a: Attr, where: string, depth = 0): string[] {
  const out: string[] = [];
  const at = `${where}.${String(a.name)}`;
  const need = (ok: boolean, what: string) => { if (!ok) out.push(`${at}: ${what}`); };
  need(typeof a.name === 'string' && /^[A-Za-z$][\w$-]*$/.test(a.name), 'name is an ATTRNAME');
  need(TYPES.includes(a.type as string), `type is one of ${TYPES.join(', ')}`);
  need(typeof a.multiValued === 'boolean', 'multiValued is a boolean');
  need(typeof a.description === 'string' && a.description.trim() !== '', 'description is a non-empty string');
  need(typeof a.required === 'boolean', 'required is a boolean');
  if (a.type === 'string' || a.type === 'reference' || a.type === 'binary') need(typeof a.caseExact === 'boolean', 'caseExact is a boolean');
  need(['readOnly', 'readWrite', 'immutable', 'writeOnly'].includes(a.mutability as string), 'mutability is valid');
  need(['always', 'never', 'default', 'request'].includes(a.returned as string), 'returned is valid');
  need(['none', 'server', 'global'].includes(a.uniqueness as string), 'uniqueness is valid');
  if (a.canonicalValues !== undefined) need(Array.isArray(a.canonicalValues) && a.canonicalValues.every((v) => typeof v === 'string'), 'canonicalValues is an array of strings');
  if (a.type === 'reference') {
    need(Array.isArray(a.referenceTypes) && a.referenceTypes.length > 0 && a.referenceTypes.every((v) => typeof v === 'string' && v !== ''), 'referenceTypes is a non-empty array of strings');
  } else {
    need(a.referenceTypes === undefined, 'referenceTypes only on a reference');
  }
  if (a.type === 'complex') {
    // RFC 7643 §2.3.8: a complex attribute has sub-attributes, and none of them is complex
    need(depth === 0, 'a sub-attribute is not complex');
    need(Array.isArray(a.subAttributes) && a.subAttributes.length > 0, 'subAttributes is a non-empty array');
    const names = new Set<string>();
    for (const s of (a.subAttributes as Attr[] | undefined) ?? []) {
      need(!names.has(String(s.name).toLowerCase()), `sub-attribute ${String(s.name)} is defined once`);
      names.add(String(s.name).toLowerCase());
      out.push(...problemsOf(s, at, depth + 1));
    }
  } else {
    need(a.subAttributes === undefined, 'subAttributes only on a complex attribute');
  }
  return out;
}

describeEachDatabase('SCIM discovery is valid RFC 7643', (dialect) => {
  let c: Ctx;
  before(async () => { c = await setUp(dialect); });
  after(async () => c.t.close());

  test('every attribute definition in /Schemas has the fields RFC 7643 §7 requires; every reference has referenceTypes', async () => {
    const res = await c.scim('GET', '/Schemas');
    assert.equal(res.status, 200);
    assert.equal(res.body.totalResults, res.body.Resources.length);
    const problems: string[] = [];
    for (const schema of res.body.Resources as Attr[]) {
      const id = String(schema.id);
      if (!/^urn:/.test(id)) problems.push(`${id}: id is a URN`);
      if (typeof schema.name !== 'string' || typeof schema.description !== 'string') problems.push(`${id}: name and description`);
      if (!Array.isArray(schema.attributes) || schema.attributes.length === 0) problems.push(`${id}: attributes`);
      const names = new Set<string>();
      for (const a of (schema.attributes as Attr[]) ?? []) {
        if (names.has(String(a.name).toLowerCase())) problems.push(`${id}.${String(a.name)} is defined twice`);
        names.add(String(a.name).toLowerCase());
        problems.push(...problemsOf(a, id));
      }
      // each schema is also served alone, the same
      const one = await c.scim('GET', `/Schemas/${id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body.attributes, schema.attributes);
    }
    assert.deepEqual(problems, []);
    // the attribute the independent tester crashed on
    const user = (res.body.Resources as Attr[]).find((s) => s.id === CORE)!;
    const photos = (user.attributes as Attr[]).find((a) => a.name === 'photos')!;
    assert.deepEqual((photos.subAttributes as Attr[]).find((s) => s.name === 'value')!.referenceTypes, ['external']);
  });

  test('every resource type names an endpoint and schemas that /Schemas serves', async () => {
    const schemas = new Set(((await c.scim('GET', '/Schemas')).body.Resources as Attr[]).map((s) => s.id));
    const res = await c.scim('GET', '/ResourceTypes');
    assert.equal(res.status, 200);
    for (const rt of res.body.Resources as Attr[]) {
      assert.deepEqual(rt.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ResourceType']);
      assert.equal(typeof rt.id, 'string');
      assert.equal(typeof rt.name, 'string');
      assert.match(String(rt.endpoint), /^\/[A-Z]\w+$/);
      assert.ok(schemas.has(rt.schema), `${String(rt.schema)} is in /Schemas`);
      for (const ext of rt.schemaExtensions as Attr[]) {
        assert.ok(schemas.has(ext.schema), `${String(ext.schema)} is in /Schemas`);
        assert.equal(typeof ext.required, 'boolean');
      }
      assert.equal((await c.scim('GET', `/ResourceTypes/${String(rt.id)}`)).body.endpoint, rt.endpoint);
      // the endpoint answers a list
      assert.equal((await c.scim('GET', `${String(rt.endpoint)}?count=1`)).status, 200);
    }
  });
});

// ------------------------------------------------------------------ removals

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase('SCIM removal: PATCH remove and PUT omission remove, version and audit', (dialect) => {
  let c: Ctx;
  before(async () => { c = await setUp(dialect); });
  after(async () => c.t.close());

  const full = (userName: string) => ({
    schemas: [CORE, ENTERPRISE],
    userName,
    externalId: `ext-${userName}`,
    displayName: 'Barbara Jensen',
    nickName: 'Babs',
    title: 'Tour Guide',
    name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' },
    emails: [{ value: userName, type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }],
    phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
    x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }, { value: 'MIIBOTHERCERT' }],
    [ENTERPRISE]: { department: 'Tour Operations', costCenter: '4130', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
  });
  const makeUser = async (userName: string) => {
    const res = await c.scim('POST', '/Users', full(userName));
    assert.equal(res.status, 201, res.text);
    return res.body.id as string;
  };
  const patch = (kind: 'Users' | 'Groups', id: string, ops: unknown[]) => c.scim('PATCH', `/${kind}/${id}`, { schemas: [PATCH], Operations: ops });
  const updates = async (id: string, action = 'user.updated') =>
    (await c.t.request('GET', `/api/audit-events?target_id=${id}&action=${action}`)).body.items as { changes: Record<string, { before: unknown; after: unknown }> }[];

  /** Removes with `ops` alone and checks: gone on GET, new ETag and lastModified, one audit event naming `key` (after: null unless said). */
  async function removesAndAudits(id: string, ops: unknown[], check: (doc: Record<string, any>) => void, key: string, before: unknown, afterValue: unknown = null) {
    const old = await c.scim('GET', `/Users/${id}`);
    const events = (await updates(id)).length;
    await wait(5); // lastModified has millisecond resolution
    const res = await patch('Users', id, ops);
    assert.equal(res.status, 200, res.text);
    const now = await c.scim('GET', `/Users/${id}`);
    check(res.body);
    check(now.body);
    assert.notEqual(now.headers.etag, old.headers.etag, 'the ETag changes');
    assert.ok(now.body.meta.lastModified > old.body.meta.lastModified, `lastModified moves on: ${old.body.meta.lastModified} → ${now.body.meta.lastModified}`);
    const after = await updates(id);
    assert.equal(after.length, events + 1, 'one audit event');
    assert.deepEqual(after[0].changes[key], { before, after: afterValue }, JSON.stringify(after[0].changes));
  }

  test('remove a single-valued attribute (nickName) on its own', async () => {
    const id = await makeUser('rm1@example.com');
    await removesAndAudits(id, [{ op: 'remove', path: 'nickName' }], (d) => assert.equal(d.nickName, undefined), 'scim.nickName', 'Babs');
  });

  test('remove a multi-valued attribute (phoneNumbers) on its own', async () => {
    const id = await makeUser('rm2@example.com');
    await removesAndAudits(id, [{ op: 'remove', path: 'phoneNumbers' }], (d) => assert.equal(d.phoneNumbers, undefined), 'scim.phoneNumbers', [{ value: '555-555-8377', type: 'work' }]);
  });

  test('RFC 7644 §3.5.2.2: remove emails[type eq "work" and value ew "example.com"] removes that email only, and the account\'s email follows', async () => {
    const id = await makeUser('rm3@example.com');
    const res = await patch('Users', id, [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }]);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.emails, [{ value: 'babs@jensen.org', type: 'home' }]);
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.email, 'babs@jensen.org');
    const [event] = await updates(id);
    assert.deepEqual(event.changes.email, { before: 'rm3@example.com', after: 'babs@jensen.org' });
    assert.ok(event.changes['scim.emails']);
  });

  test('RFC 7644 §3.5.2.2: remove x509Certificates[value eq "…"] removes that value; removing the last leaves the attribute unassigned', async () => {
    const id = await makeUser('rm4@example.com');
    let res = await patch('Users', id, [{ op: 'remove', path: 'x509Certificates[value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"]' }]);
    assert.deepEqual(res.body.x509Certificates, [{ value: 'MIIBOTHERCERT' }]);
    await removesAndAudits(id, [{ op: 'remove', path: 'x509Certificates[value eq "MIIBOTHERCERT"]' }], (d) => assert.equal(d.x509Certificates, undefined), 'scim.x509Certificates', [{ value: 'MIIBOTHERCERT' }]);
    res = await c.scim('GET', `/Users/${id}`);
    assert.equal(res.body.x509Certificates, undefined);
  });

  test('remove a sub-attribute (name.middleName) and the last sub-attributes (the whole name becomes unassigned)', async () => {
    const id = await makeUser('rm5@example.com');
    await removesAndAudits(id, [{ op: 'remove', path: 'name.middleName' }], (d) => assert.deepEqual(d.name, { givenName: 'Barbara', familyName: 'Jensen' }), 'scim.name', { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' }, { givenName: 'Barbara', familyName: 'Jensen' });
    const res = await patch('Users', id, [{ op: 'remove', path: 'name.givenName' }, { op: 'remove', path: 'name.familyName' }]);
    assert.equal(res.body.name, undefined);
  });

  test('remove an extension attribute, then the whole extension', async () => {
    const id = await makeUser('rm6@example.com');
    await removesAndAudits(id, [{ op: 'remove', path: `${ENTERPRISE}:department` }], (d) => assert.equal(d[ENTERPRISE].department, undefined), `scim.${ENTERPRISE}`,
      { department: 'Tour Operations', costCenter: '4130', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } }, { costCenter: '4130', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } });
    await removesAndAudits(id, [{ op: 'remove', path: ENTERPRISE }], (d) => {
      assert.equal(d[ENTERPRISE], undefined);
      assert.ok(!d.schemas.includes(ENTERPRISE));
    }, `scim.${ENTERPRISE}`, { costCenter: '4130', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } });
  });

  test('remove externalId and displayName: the account\'s name falls back to the name components', async () => {
    const id = await makeUser('rm7@example.com');
    await removesAndAudits(id, [{ op: 'remove', path: 'externalId' }], (d) => assert.equal(d.externalId, undefined), 'scim.externalId', 'ext-rm7@example.com');
    const res = await patch('Users', id, [{ op: 'remove', path: 'displayName' }]);
    assert.equal(res.body.displayName, undefined);
    assert.equal((await c.t.request('GET', `/api/users/${id}`)).body.name, 'Barbara Jensen');
    assert.deepEqual((await updates(id))[0].changes['scim.displayName'], { before: 'Barbara Jensen', after: null });
    // a filter on the removed attribute no longer finds the user
    assert.equal((await c.scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-rm7@example.com"')}`)).body.totalResults, 0);
  });

  test('removing the required userName is 400 mutability and changes nothing', async () => {
    const id = await makeUser('rm8@example.com');
    const old = await c.scim('GET', `/Users/${id}`);
    const res = await patch('Users', id, [{ op: 'remove', path: 'nickName' }, { op: 'remove', path: 'userName' }]);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.scimType, 'mutability');
    assert.equal((await c.scim('GET', `/Users/${id}`)).headers.etag, old.headers.etag);
  });

  test('removing active or the Warden role is ignored by design: the account stays active with its role, no event', async () => {
    const id = await makeUser('rm9@example.com');
    assert.equal((await patch('Users', id, [{ op: 'replace', path: `${WARDEN}:role`, value: 'manager' }])).body[WARDEN].role, 'manager');
    const old = await c.scim('GET', `/Users/${id}`);
    const events = (await c.t.request('GET', `/api/audit-events?target_id=${id}`)).body.total;
    for (const path of ['active', `${WARDEN}:role`, WARDEN]) {
      const res = await patch('Users', id, [{ op: 'remove', path }]);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.active, true);
      assert.equal(res.body[WARDEN].role, 'manager');
      assert.equal(res.headers.etag, old.headers.etag);
    }
    const account = (await c.t.request('GET', `/api/users/${id}`)).body;
    assert.equal(account.active, true);
    assert.equal(account.role, 'manager');
    assert.equal((await c.t.request('GET', `/api/audit-events?target_id=${id}`)).body.total, events);
  });

  test('a PUT that omits attributes (and changes nothing else) clears them, with a new version and an audit event', async () => {
    const id = await makeUser('rm10@example.com');
    const old = await c.scim('GET', `/Users/${id}`);
    const body = full('rm10@example.com') as Record<string, unknown>;
    delete body.nickName;
    delete body.phoneNumbers;
    delete body[ENTERPRISE];
    await wait(5);
    const res = await c.scim('PUT', `/Users/${id}`, body);
    assert.equal(res.status, 200, res.text);
    for (const doc of [res.body, (await c.scim('GET', `/Users/${id}`)).body]) {
      assert.equal(doc.nickName, undefined);
      assert.equal(doc.phoneNumbers, undefined);
      assert.equal(doc[ENTERPRISE], undefined);
      assert.equal(doc.title, 'Tour Guide');
    }
    assert.notEqual(res.headers.etag, old.headers.etag);
    assert.ok(res.body.meta.lastModified > old.body.meta.lastModified);
    const [event] = await updates(id);
    assert.deepEqual(Object.keys(event.changes).sort(), ['scim.nickName', 'scim.phoneNumbers', `scim.${ENTERPRISE}`]);
    assert.deepEqual(event.changes['scim.nickName'], { before: 'Babs', after: null });
  });

  test('RFC 7644 §3.5.2.2 on a group: remove one member, remove all members, replace members by remove + add; externalId removal is versioned and audited', async () => {
    const u = [await makeUser('gm1@example.com'), await makeUser('gm2@example.com'), await makeUser('gm3@example.com')];
    const created = await c.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Tour Guides', externalId: 'tg-1', members: u.map((value) => ({ value })) });
    assert.equal(created.status, 201, created.text);
    const g = created.body.id as string;
    const members = (res: Reply) => ((res.body.members ?? []) as { value: string }[]).map((m) => m.value);
    const teamUsers = async () => ((await c.t.request('GET', `/api/teams/${g}`)).body.users as { id: number }[]).map((x) => String(x.id)).sort();

    // "members[value eq \"2819c223-…\"]": the RFC's spelling, without a space before the quote
    let res = await patch('Groups', g, [{ op: 'remove', path: `members[value eq"${u[0]}"]` }]);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(members(res), [u[1], u[2]]);
    assert.deepEqual(await teamUsers(), [u[1], u[2]].sort());

    res = await patch('Groups', g, [{ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [{ display: 'Babs', $ref: `/Users/${u[0]}`, value: u[0] }] }]);
    assert.deepEqual(members(res), [u[0]]);

    await wait(5);
    const old = await c.scim('GET', `/Groups/${g}`);
    res = await patch('Groups', g, [{ op: 'remove', path: 'members' }]);
    assert.deepEqual(members(res), []); // unassigned and [] are the same state (RFC 7643 §2.5)
    assert.deepEqual(await teamUsers(), []);
    const membership = (await c.t.request('GET', `/api/audit-events?target_id=${g}&action=team.updated`)).body.items[0];
    assert.deepEqual(membership.changes.user_ids, { before: [Number(u[0])], after: [] });
    assert.ok(res.body.meta.lastModified > old.body.meta.lastModified);

    await wait(5);
    const beforeExt = await c.scim('GET', `/Groups/${g}`);
    res = await patch('Groups', g, [{ op: 'remove', path: 'externalId' }]);
    assert.equal(res.body.externalId, undefined);
    assert.notEqual(res.headers.etag, beforeExt.headers.etag);
    assert.ok(res.body.meta.lastModified > beforeExt.body.meta.lastModified, `lastModified moves on: ${beforeExt.body.meta.lastModified} → ${res.body.meta.lastModified}`);
    const ext = (await c.t.request('GET', `/api/audit-events?target_id=${g}&action=team.scim_updated`)).body.items[0];
    assert.deepEqual(ext.changes.external_id, { before: 'tg-1', after: null });

    const required = await patch('Groups', g, [{ op: 'remove', path: 'displayName' }]);
    assert.equal(required.status, 400);
    assert.equal(required.body.scimType, 'mutability');
  });
});

// ------------------------------------------------------------------ search across types

describeEachDatabase('SCIM POST /.search across Users and Groups (RFC 7644 §3.4.3)', (dialect) => {
  let c: Ctx;
  const ids: Record<string, string> = {};
  before(async () => {
    c = await setUp(dialect);
    for (const [userName, displayName] of [['jsmith@example.com', 'Smith, James'], ['bsmith@example.com', 'Smith, Barbara'], ['bjensen@example.com', 'Babs Jensen']]) {
      ids[userName] = (await c.scim('POST', '/Users', { schemas: [CORE], userName, displayName })).body.id;
    }
    for (const displayName of ['Smith Family', 'Jensen Family']) {
      ids[displayName] = (await c.scim('POST', '/Groups', { schemas: [GROUP], displayName })).body.id;
    }
  });
  after(async () => c.t.close());

  const search = (body: unknown) => c.scim('POST', '/.search', body);

  test('the RFC\'s example: displayName sw "smith" finds users and groups, with only the attributes asked for', async () => {
    const res = await search({ schemas: [SEARCH], attributes: ['displayName', 'userName'], filter: 'displayName sw "smith"', startIndex: 1, count: 10 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'application/scim+json; charset=utf-8');
    assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    assert.equal(res.body.totalResults, 3);
    assert.equal(res.body.startIndex, 1);
    assert.equal(res.body.itemsPerPage, 3);
    assert.deepEqual(res.body.Resources, [
      { schemas: [CORE, WARDEN], id: ids['jsmith@example.com'], userName: 'jsmith@example.com', displayName: 'Smith, James' },
      { schemas: [CORE, WARDEN], id: ids['bsmith@example.com'], userName: 'bsmith@example.com', displayName: 'Smith, Barbara' },
      { schemas: [GROUP], id: ids['Smith Family'], displayName: 'Smith Family' },
    ]);
  });

  test('startIndex and count page across the two types, Users first', async () => {
    const page = async (startIndex: number, count: number) => {
      const res = await search({ schemas: [SEARCH], filter: 'displayName sw "smith"', startIndex, count, attributes: ['displayName'] });
      assert.equal(res.body.totalResults, 3);
      return (res.body.Resources as { displayName: string }[]).map((r) => r.displayName);
    };
    assert.deepEqual(await page(1, 2), ['Smith, James', 'Smith, Barbara']);
    assert.deepEqual(await page(2, 2), ['Smith, Barbara', 'Smith Family']);
    assert.deepEqual(await page(3, 2), ['Smith Family']);
    assert.deepEqual(await page(4, 2), []);
    assert.deepEqual(await page(1, 0), []);
  });

  test('without a filter everything is found; a filter on an attribute only Users have finds only Users', async () => {
    const all = await search({ schemas: [SEARCH] });
    assert.equal(all.body.totalResults, 5); // three Users and two Groups (the Directory Sync account is no SCIM User)
    const byUserName = await search({ schemas: [SEARCH], filter: 'userName eq "bjensen@example.com"' });
    assert.equal(byUserName.status, 200, byUserName.text);
    assert.deepEqual(byUserName.body.Resources.map((r: { id: string }) => r.id), [ids['bjensen@example.com']]);
    const meta = await search({ schemas: [SEARCH], filter: 'displayName ew "Family"', excludedAttributes: ['members'] });
    assert.deepEqual(meta.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType), ['Group', 'Group']);
  });

  test('bad searches are 400 SCIM errors: a malformed filter, an attribute no type has, sortBy across types, a body that is no object', async () => {
    for (const [body, scimType] of [
      [{ filter: 'displayName sw' }, 'invalidFilter'],
      [{ filter: 'noSuchThing eq "x"' }, 'invalidFilter'],
      [{ filter: 'displayName sw "s"', sortBy: 'displayName' }, 'invalidValue'],
      [['not', 'an', 'object'], 'invalidSyntax'],
      [{ count: 'ten' }, 'invalidValue'],
    ] as const) {
      const res = await search(body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.scimType, scimType, JSON.stringify(body));
    }
  });
});
