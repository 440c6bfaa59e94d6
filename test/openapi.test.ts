// The OpenAPI document is generated from the route schemas; every API route is described.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => { t = await startTestApp('sqlite'); });
after(async () => t.close());

test('GET /api/openapi.json is OpenAPI 3.1 with the core paths, public, and lists the action catalog', async () => {
  const res = await t.request('GET', '/api/openapi.json', { token: null });
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, '3.1.0');
  for (const p of ['/api/users', '/api/users/me', '/api/users/{id}', '/api/users/{id}/reactivate', '/api/users/{id}/review', '/api/user-tokens', '/api/user-tokens/service', '/api/user-tokens/{id}', '/api/audit-events']) {
    assert.ok(res.body.paths[p], `${p} is documented`);
  }
  assert.match(res.body.info.description, /`datastore\.add_enrichment`/);
  const authorize = res.body.paths['/api/authorize'].post.description as string;
  const { ACTION_NAMES } = await import('../src/access/model.ts');
  for (const action of ACTION_NAMES) assert.ok(authorize.includes(`\`${action}\``), `POST /api/authorize lists ${action}`);
});

test('every documented operation has a summary, a success response schema and problem responses', async () => {
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.summary, `${where} has a summary`);
      const codes = Object.keys(op.responses ?? {});
      assert.ok(codes.some((c) => c.startsWith('2') || c.startsWith('3')), `${where} documents its success response`);
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (path.startsWith('/api/') && !isPublic) assert.ok(codes.includes('401'), `${where} documents 401 (or declares security: [])`);
    }
  }
});

test('the interactive reference is served at /api/docs without a token', async () => {
  const res = await t.request('GET', '/api/docs/', { token: null });
  assert.equal(res.status, 200);
  assert.match(res.text, /swagger/i);
});
