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

// The operations that legitimately document no 4xx (they take no input): redocly.yaml switches
// operation-4xx-response off for them, and this list is where the exception lives.
const NO_4XX = new Set(['GET /healthz', 'GET /readyz', 'GET /api/info', 'GET /api/auth/session', 'GET /.well-known/oauth-authorization-server', 'GET /.well-known/authzen-configuration']);
/** The error shapes a 4xx may have: Warden's problem, SCIM's error (RFC 7644), and OAuth's (RFC 6749 §5.2: the token and introspection endpoints). */
const ERROR_SCHEMAS = new Set(['#/components/schemas/Problem', '#/components/schemas/ScimError', '#/components/schemas/OAuthError', '#/components/schemas/OAuthProblem']);
const OPERATION_ID = /^[a-z][a-zA-Z0-9]*$/;

/** Every way an operation falls short of what generators and readers need, one line per route. */
function operationProblems(doc: any): string[] {
  const { OPENAPI_TAGS } = tagsModule;
  const known = new Set<string>(OPENAPI_TAGS.map((t) => t.name));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      const lacks: string[] = [];
      if (typeof op.operationId !== 'string') lacks.push('no operationId (camelCase verb+noun, e.g. listUsers, in the route\'s schema)');
      else if (!OPERATION_ID.test(op.operationId)) lacks.push(`operationId "${op.operationId}" is not camelCase letters and digits`);
      else if (seen.has(op.operationId)) lacks.push(`operationId "${op.operationId}" is also used by ${seen.get(op.operationId)}`);
      else seen.set(op.operationId, where);
      if (!Array.isArray(op.tags) || op.tags.length !== 1) lacks.push(`tags must be exactly one capability tag, got ${JSON.stringify(op.tags)}`);
      else if (!known.has(op.tags[0])) lacks.push(`tag "${op.tags[0]}" is not in src/http/openapi-tags.ts (add it there with a description)`);
      if (!op.summary) lacks.push('no summary');
      if (!op.description) lacks.push('no description');
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => c.startsWith('2') || c.startsWith('3'))) lacks.push('no success (2xx or 3xx) response');
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (path.startsWith('/api/') && !isPublic && !codes.includes('401')) lacks.push('no 401 response (or declare security: [])');
      if (!NO_4XX.has(where) && !codes.some((c) => c.startsWith('4'))) lacks.push('no 4xx response (errors(...) from src/http/schemas.ts)');
      for (const code of codes.filter((c) => c.startsWith('4') || c.startsWith('5'))) {
        const content = op.responses[code].content ?? {};
        const schemas = Object.values<any>(content).map((c) => c.schema?.$ref);
        if (!schemas.some((r) => ERROR_SCHEMAS.has(r))) lacks.push(`${code} is not the shared Problem schema`);
      }
      if (lacks.length) problems.push(`${where}: ${lacks.join('; ')}`);
    }
  }
  return problems;
}

let tagsModule: typeof import('../src/http/openapi-tags.ts');
before(async () => { tagsModule = await import('../src/http/openapi-tags.ts'); });

test('every operation has a unique camelCase operationId, one known tag, a summary, a description, a success response and its 4xx as Problem', async () => {
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  const problems = operationProblems(doc);
  assert.deepEqual(problems, [], `OpenAPI operations to fix:\n${problems.join('\n')}`);
});

test('the check names the route and what it lacks: a missing and a duplicate operationId, an unknown tag', () => {
  const doc = {
    paths: {
      '/api/things': {
        get: { operationId: 'listThings', tags: ['users'], summary: 's', description: 'd', responses: { 200: {}, 401: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } } },
        post: { tags: ['gadgets'], summary: 's', description: 'd', responses: { 201: {}, 401: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } } } },
      },
      '/api/things/{id}': {
        get: { operationId: 'listThings', tags: ['users'], summary: 's', responses: { 200: {} } },
      },
    },
  };
  const problems = operationProblems(doc);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /^POST \/api\/things: no operationId .*; tag "gadgets" is not in src\/http\/openapi-tags\.ts/);
  assert.match(problems[1], /^GET \/api\/things\/\{id\}: operationId "listThings" is also used by GET \/api\/things; no description; no 401 response .*; no 4xx response/);
});

test('the document: global tags with descriptions (each used), servers, licence and contact, named schemas $ref\'d, string enums as enum', async () => {
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  const used = new Set(Object.values<any>(doc.paths).flatMap((item) => Object.values<any>(item).flatMap((op) => op.tags ?? [])));
  assert.deepEqual(doc.tags.map((tag: any) => tag.name), tagsModule.OPENAPI_TAGS.map((tag) => tag.name));
  for (const tag of doc.tags) {
    assert.ok(tag.description, `tag ${tag.name} has a description`);
    assert.ok(used.has(tag.name), `tag ${tag.name} is used by some operation`);
  }
  assert.equal(doc.servers[0].url, t.app.warden.config.publicUrl);
  assert.equal(doc.info.license.identifier, 'Apache-2.0');
  assert.ok(doc.info.contact.url);
  for (const name of ['User', 'Token', 'Team', 'Datastore', 'Webhook', 'Problem', 'Decision', 'AuditEvent', 'UserPage', 'TokenPage', 'TeamPage', 'DatastorePage', 'AuditEventPage', 'CreateTokenRequest']) {
    assert.ok(doc.components.schemas[name], `components/schemas/${name}`);
  }
  const json = (op: any, code: number) => op.responses[code].content['application/json'].schema;
  assert.deepEqual(json(doc.paths['/api/users'].get, 200), { $ref: '#/components/schemas/UserPage' });
  assert.deepEqual(json(doc.paths['/api/authorize'].post, 200), { $ref: '#/components/schemas/Decision' });
  assert.deepEqual(doc.paths['/api/user-tokens'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/CreateTokenRequest' });
  const role = doc.components.schemas.User.properties.role;
  assert.equal(role.type, 'string');
  assert.deepEqual(role.enum, ['member', 'manager', 'admin']);
  // No anyOf made only of one-value consts or enums anywhere: generators make one enum of each.
  const oneValueUnions: string[] = [];
  (function walk(node: any, at: string) {
    if (node === null || typeof node !== 'object') return;
    const branches = node.anyOf ?? node.oneOf;
    const values = Array.isArray(branches) ? branches.filter((b: any) => b.type !== 'null') : [];
    if (values.length > 1 && values.every((b: any) => 'const' in b || (Array.isArray(b.enum) && b.enum.length === 1))) oneValueUnions.push(at);
    for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
  })(doc, '#');
  assert.deepEqual(oneValueUnions, [], 'unions of one-value branches');
});

test('the NDJSON audit export is described: application/x-ndjson with the schema of one line', async () => {
  const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
  const ok = doc.paths['/api/audit-events/export'].get.responses['200'];
  assert.deepEqual(Object.keys(ok.content), ['application/x-ndjson']);
  assert.deepEqual(ok.content['application/x-ndjson'].schema, { $ref: '#/components/schemas/AuditExportLine' });
  const line = doc.components.schemas.AuditExportLine;
  for (const field of ['id', 'at', 'actor', 'action', 'prev_hash', 'hash']) assert.ok(line.properties[field], `an export line has ${field}`);
});

test('the interactive reference is served at /api/docs without a token', async () => {
  const res = await t.request('GET', '/api/docs/', { token: null });
  assert.equal(res.status, 200);
  assert.match(res.text, /swagger/i);
});
