// Property-based hostile input: for every operation of the OpenAPI document, fast-check generates
// values aimed at the edges that once answered 500 — integers past 2^31-1 (PostgreSQL integer),
// leap-second and year-0000 date-times, long arrays of huge ids — for every integer, date-time and
// array field (body, query and path), on both databases. Nothing a client sends may answer 5xx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

type Schema = Record<string, any>;

const HUGE_INTS = [0, -1, 2_147_483_647, 2_147_483_648, 4_294_967_296, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e21, 1.5, -0];
const HOSTILE_DATES = [
  '2016-12-31T23:59:60Z', '1998-12-31T23:59:60.999Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00+14:00', '2026-01-01T00:00:00-23:59',
  '2026-01-01t00:00:00z', '+275760-09-13T00:00:00Z', '2026-01-01T00:00:00.123456789Z', '1970-01-01T00:00:00Z',
];
const HOSTILE_IDS = ['0', '-1', '2147483648', '99999999999999999999', '1e3', '0x10', '%201', '1.0', '%E2%80%AE1', '00000000001'];

function resolve(doc: Schema, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()]);
  return s;
}

const isDate = (s: Schema) => s.type === 'string' && s.format === 'date-time';

/** A hostile value for a field of this schema, or null when the field is neither integer, date-time nor array. */
function hostile(doc: Schema, raw: Schema): fc.Arbitrary<unknown> | null {
  const s = resolve(doc, raw);
  const branches = (s.anyOf ?? s.oneOf ?? [s]).map((b: Schema) => resolve(doc, b));
  const options: fc.Arbitrary<unknown>[] = [];
  for (const b of branches) {
    if (b.type === 'integer' || b.type === 'number') options.push(fc.constantFrom(...HUGE_INTS), fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number));
    if (isDate(b)) options.push(fc.constantFrom(...HOSTILE_DATES), fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) }).map((d) => d.toISOString()));
    if (b.type === 'array') {
      const item = hostile(doc, b.items) ?? fc.string();
      options.push(fc.array(item, { maxLength: 30 }), fc.constant(Array.from({ length: Math.min(b.maxItems ?? 5000, 5000) }, (_, i) => 2_147_483_648 + i)));
    }
  }
  return options.length ? fc.oneof(...options) : null;
}

/** A plausible value for a required field, so the hostile one is what the server must handle. */
function plausible(doc: Schema, raw: Schema): unknown {
  const s = resolve(doc, raw);
  const b = resolve(doc, (s.anyOf ?? s.oneOf ?? [s])[0]);
  if (b.const !== undefined) return b.const;
  if (Array.isArray(b.enum)) return b.enum[0];
  switch (b.type) {
    case 'string': return isDate(b) ? new Date().toISOString() : `prop ${Math.random().toString(36).slice(2, 8)}`;
    case 'integer': case 'number': return 1;
    case 'boolean': return false;
    case 'array': return [];
    case 'null': return null;
    default: return {};
  }
}

interface Case {
  label: string;
  run: (t: TestApp) => fc.IAsyncProperty<any> | null;
}

function casesFrom(doc: Schema): Case[] {
  const cases: Case[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (path === '/api/auth/logout') continue;
      const params: Schema[] = op.parameters ?? [];
      const query = params.filter((p) => p.in === 'query');
      const pathParams = params.filter((p) => p.in === 'path');
      const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
      const url = (ids: Record<string, string>, q: Record<string, unknown>) => {
        const filled = path.replace(/\{(\w+)\}/g, (_, n) => ids[n] ?? 'me');
        const search = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
        return filled + (search ? `?${search}` : '');
      };
      const fields: { where: 'query' | 'body' | 'path'; name: string; gen: fc.Arbitrary<unknown> }[] = [];
      for (const p of query) {
        const gen = hostile(doc, p.schema);
        if (gen) fields.push({ where: 'query', name: p.name, gen });
      }
      for (const p of pathParams) fields.push({ where: 'path', name: p.name, gen: fc.constantFrom(...HOSTILE_IDS) });
      for (const [name, prop] of Object.entries<Schema>(body.properties ?? {})) {
        const gen = hostile(doc, prop);
        if (gen) fields.push({ where: 'body', name, gen });
      }
      if (fields.length === 0) continue;
      const required: string[] = body.required ?? [];
      cases.push({
        label: `${method.toUpperCase()} ${path}`,
        run: (t) => fc.asyncProperty(fc.constantFrom(...fields), fc.anything(), async (field, _noise) => {
          const value = fc.sample(field.gen, 1)[0];
          const ids: Record<string, string> = {};
          const q: Record<string, unknown> = {};
          const b: Record<string, unknown> = Object.fromEntries(required.map((r) => [r, plausible(doc, body.properties[r])]));
          if (field.where === 'path') ids[field.name] = String(value);
          else if (field.where === 'query') q[field.name] = Array.isArray(value) ? value.join(',') : value;
          else b[field.name] = value;
          const res = await t.request(method.toUpperCase(), url(ids, q), method === 'get' ? {} : { body: b });
          assert.ok(res.status < 500, `${method.toUpperCase()} ${url(ids, q)} ${JSON.stringify(b).slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`);
        }),
      });
    }
  }
  return cases;
}

describeEachDatabase('hostile input, generated from the OpenAPI document', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('every integer, date-time and array field of every operation: never 5xx', async () => {
    const doc = (await t.request('GET', '/api/openapi.json', { token: null })).body;
    const cases = casesFrom(doc);
    assert.ok(cases.length > 25, `${cases.length} operations with such fields`);
    for (const c of cases) await fc.assert(c.run(t)!, { numRuns: 25, seed: 20261201 });
  });

  test('SCIM: a user with 6,000 emails and a group with 40,000 unknown members get 400, not 500', async () => {
    const scim = await t.request('POST', '/api/user-tokens', { body: { name: 'scim-props', expires_in_days: 1, user_id: t.adminId, scim_only: true } });
    const headers = { 'content-type': 'application/scim+json' };
    const emails = Array.from({ length: 6000 }, (_, i) => ({ value: `u${i}@example.com`, type: 'work' }));
    const user = await t.request('POST', '/api/scim/v2/Users', { token: scim.body.token, headers, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'many@example.com', emails } });
    assert.equal(user.status, 400, user.text.slice(0, 300));
    assert.match(user.body.detail, /at most 100/);
    const members = Array.from({ length: 40_000 }, (_, i) => ({ value: String(100_000 + i) }));
    const group = await t.request('POST', '/api/scim/v2/Groups', { token: scim.body.token, headers, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Huge', members } });
    assert.equal(group.status, 400, group.text.slice(0, 300));
  });

  test('audit since/until: a leap second is the last millisecond of its minute; year 0000 is 422', async () => {
    const leap = await t.request('GET', `/api/audit-events?since=${encodeURIComponent('2016-12-31T23:59:60Z')}`);
    assert.equal(leap.status, 200);
    const zero = await t.request('GET', `/api/audit-events?until=${encodeURIComponent('0000-01-01T00:00:00Z')}`);
    assert.equal(zero.status, 422);
    assert.match(zero.body.detail, /0001 and 9999/);
  });
});
