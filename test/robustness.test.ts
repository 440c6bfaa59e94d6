// Nothing a client can send yields a 500: every documented operation gets hostile bodies,
// parameters and headers, as an Admin and without a credential.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

describeEachDatabase('hostile input', (dialect) => {
let t: TestApp;
before(async () => { t = await startTestApp(dialect); });
after(async () => t.close());

const hostileBodies: unknown[] = [
  {}, [], 'string', 42, null, true,
  { name: '' }, { name: 'x'.repeat(10_000) }, { name: 'a\u0000b', description: '\u0000' }, { name: '\u0000\u202e\ud83d\ude00' }, { name: { $ne: 1 } },
  { id: -1, user_id: 'x', role: 'superadmin', team_ids: ['a'], expires_in_days: 1e308, revoked: 'yes' },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
  { user_id: 2 ** 53, datastore_id: -5, action: 'users.read', permission: 'owner', user_ids: [1, 1, 1e9] },
  { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'explode', path: '[[[' }] },
];
const hostileIds = ['0', '-1', '99999999999999999999', 'abc', '1.5', '%00', "1'--", '2147483648'];
const hostileQueries = ['?q=%00', '?page=-1', '?size=0', '?sort=;drop table users', '?q=%', '?active=maybe', '?filter=userName%20eq', '?since=notadate', '?team=abc', '?user_id=%27%20or%201%3D1', '?action=nope&datastore_id=abc'];

test('no operation answers 5xx to hostile input', async () => {
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  const failures: string[] = [];
  let requests = 0;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (path === '/api/auth/logout') continue; // would end nothing; covered by SSO tests
      const urls = path.includes('{') ? hostileIds.map((id) => path.replace(/\{[^}]+\}/g, id)) : [path];
      for (const base of urls) {
        for (const query of ['', ...hostileQueries]) {
          const bodies = method === 'get' || method === 'head' ? [undefined] : hostileBodies;
          for (const body of bodies) {
            for (const token of [undefined, null]) {
              requests++;
              const res = await t.request(method.toUpperCase(), base + query, { body, token });
              if (res.status >= 500) failures.push(`${method.toUpperCase()} ${base}${query} ${JSON.stringify(body)?.slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`);
            }
          }
        }
      }
    }
  }
  assert.ok(requests > 500, `sent ${requests} requests`);
  assert.deepEqual(failures, []);
});

test('wrong content types and malformed JSON get 4xx problems', async () => {
  const cases: [string, Record<string, string>][] = [
    ['{"name": ', { 'content-type': 'application/json' }],
    ['name=x', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['<xml/>', { 'content-type': 'text/xml' }],
    ['\xff\xfe', { 'content-type': 'application/json' }],
  ];
  for (const [payload, headers] of cases) {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', payload, headers: { ...headers, authorization: `Bearer ${t.adminToken}` } });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${headers['content-type']} → ${res.statusCode}`);
    assert.match(String(res.headers['content-type']), /problem\+json/);
  }
});

test('every operation that takes a body: malformed JSON, a form, another media type and an oversized body are 4xx in the operation\'s own error form, never 5xx', async () => {
  // A route whose response schema documents another error shape (OAuth's `error` members) once
  // answered 500 here: Fastify's refusal did not fit the schema.
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  const cases: [string, string][] = [
    ['{"name": ', 'application/json'], ['token=x&grant_type=', 'application/json'], ['\xff\xfe', 'application/json'],
    ['name=x', 'application/x-www-form-urlencoded'], ['%ZZ=%', 'application/x-www-form-urlencoded'],
    ['<xml/>', 'text/xml'], ['x', 'text/plain'], ['{}', 'application/json; charset=latin1'],
    [`{"name":"${'x'.repeat(1024 * 1024)}"}`, 'application/json'], [`token=${'x'.repeat(1024 * 1024)}`, 'application/x-www-form-urlencoded'],
  ];
  const failures: string[] = [];
  const operations: string[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of Object.keys(item).filter((m) => ['post', 'put', 'patch'].includes(m))) {
      if (path === '/api/auth/logout') continue;
      operations.push(`${method.toUpperCase()} ${path}`);
      const url = path.replace(/\{[^}]+\}/g, '1');
      for (const [payload, type] of cases) {
        for (const token of [t.adminToken, null]) {
          const res = await t.app.inject({ method: method.toUpperCase() as 'POST', url, payload, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
          const what = `${method.toUpperCase()} ${url} (${type}, ${payload.length} bytes${token ? '' : ', no token'}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(what);
          else if (res.statusCode >= 400) {
            const contentType = String(res.headers['content-type']);
            const body = JSON.parse(res.body);
            const oauth = typeof body.error === 'string' && typeof body.error_description === 'string';
            const problem = /problem\+json/.test(contentType) && typeof body.type === 'string' && typeof body.detail === 'string';
            const scim = /scim\+json/.test(contentType) && typeof body.detail === 'string';
            if (!(problem || oauth || scim)) failures.push(`${what}: neither a problem nor an OAuth or SCIM error`);
            if (path.startsWith('/api/oauth/') && !oauth) failures.push(`${what}: an OAuth endpoint's refusal without error and error_description`);
          }
        }
      }
    }
  }
  // docs/api.md: a 413 names the operation's limit, a 415 the media type it reads.
  const refusal = async (url: string, type: string, payload: string) => {
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type, authorization: `Bearer ${t.adminToken}` } });
    const body = JSON.parse(res.body);
    return { status: res.statusCode, text: String(body.error_description ?? body.detail) };
  };
  assert.deepEqual(await refusal('/api/oauth/token', 'application/x-www-form-urlencoded', `grant_type=${'x'.repeat(70 * 1024)}`), { status: 413, text: 'The request body is larger than 64 KB' });
  assert.deepEqual(await refusal('/api/users', 'application/json', `{"name":"${'x'.repeat(1100 * 1024)}"}`), { status: 413, text: 'The request body is larger than 1 MB' });
  // SCIM's 413 is its Error schema, without a scimType (RFC 7644 §3.12 defines none for it).
  const scim413 = await t.app.inject({ method: 'POST', url: '/api/scim/v2/Users', payload: `{"userName":"${'x'.repeat(1100 * 1024)}"}`, headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${t.adminToken}` } });
  assert.equal(scim413.statusCode, 413);
  assert.deepEqual(JSON.parse(scim413.body), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413', detail: 'The request body is larger than 1 MB' });
  assert.deepEqual(await refusal('/api/oauth/token', 'text/plain', 'x'), { status: 415, text: 'Send the body form-encoded, with the header Content-Type: application/x-www-form-urlencoded' });
  assert.deepEqual(await refusal('/api/oauth/introspect', 'text/plain', 'x'), { status: 415, text: 'Send the body form-encoded, with the header Content-Type: application/x-www-form-urlencoded' });
  assert.deepEqual(await refusal('/api/users', 'text/plain', 'x'), { status: 415, text: 'Send the body as JSON, with the header Content-Type: application/json' });
  for (const op of ['POST /api/oauth/introspect', 'POST /api/oauth/token', 'POST /api/users', 'PATCH /api/scim/v2/Users/{id}', 'POST /access/v1/evaluation']) assert.ok(operations.includes(op), `${op} in ${operations.join(', ')}`);
  assert.deepEqual(failures, []);
});
});
