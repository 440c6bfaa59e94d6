// SCIM filters (RFC 7644 §3.4.2.2) against a reference: random users and groups are provisioned
// through the SCIM API, then seeded random filters are answered by the server (the filter translated
// to SQL, filter.ts) and by a small evaluator over the resources the server itself returned
// (this file). The two must find the same resources, on SQLite and PostgreSQL. A failure names the
// filter; the generator is seeded, so it fails the same way again.
//
// The reference's rules are RFC 7643/7644's where they speak and Warden's documented choices where
// they do not (docs/scim.md): attributes whose caseExact is false compare case-insensitively (Unicode
// lower case, as PostgreSQL's lower() in a UTF-8 database); an unassigned attribute matches `ne` and
// `not`, and nothing else; `pr` is an assigned, non-empty value; a comparison on a multi-valued
// attribute matches when one of its values does; `emails[…]` when one email meets the whole
// condition; gt/ge/lt/le compare the lower-cased strings by code point.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { scimClient, type ScimRequest } from '../../test/scim-support.ts';
import { seeded } from '../../test/seeded.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type Doc = Record<string, any>;
type Op = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
const OPS: Op[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** One attribute the filters use: how to read it from a resource, and whether case matters. */
interface Attr { path: string; kind: 'string' | 'boolean'; caseExact: boolean; values: (d: Doc) => unknown[]; multi: boolean }

const USER_ATTRS: Attr[] = [
  { path: 'userName', kind: 'string', caseExact: false, multi: false, values: (d) => [d.userName] },
  { path: 'displayName', kind: 'string', caseExact: false, multi: false, values: (d) => [d.displayName] },
  { path: 'name.givenName', kind: 'string', caseExact: false, multi: false, values: (d) => [d.name?.givenName] },
  { path: 'name.familyName', kind: 'string', caseExact: false, multi: false, values: (d) => [d.name?.familyName] },
  { path: 'externalId', kind: 'string', caseExact: true, multi: false, values: (d) => [d.externalId] },
  { path: 'emails.value', kind: 'string', caseExact: false, multi: true, values: (d) => (d.emails ?? []).map((e: Doc) => e.value) },
  { path: 'emails.type', kind: 'string', caseExact: false, multi: true, values: (d) => (d.emails ?? []).map((e: Doc) => e.type) },
  { path: 'emails', kind: 'string', caseExact: false, multi: true, values: (d) => (d.emails ?? []).map((e: Doc) => e.value) },
  { path: 'active', kind: 'boolean', caseExact: false, multi: false, values: (d) => [d.active] },
];
const GROUP_ATTRS: Attr[] = [
  { path: 'displayName', kind: 'string', caseExact: false, multi: false, values: (d) => [d.displayName] },
  { path: 'externalId', kind: 'string', caseExact: true, multi: false, values: (d) => [d.externalId] },
  { path: 'members.display', kind: 'string', caseExact: false, multi: true, values: (d) => (d.members ?? []).map((m: Doc) => m.display) },
];

const assigned = (v: unknown) => v !== undefined && v !== null && v !== '';
const fold = (s: string, caseExact: boolean) => (caseExact ? s : s.toLowerCase());

function compareOne(op: Op, value: unknown, want: string | boolean, caseExact: boolean): boolean {
  if (typeof want === 'boolean') return op === 'eq' ? value === want : value !== want;
  if (!assigned(value)) return false;
  const [a, b] = [fold(String(value), caseExact), fold(want, caseExact)];
  // by code point, as the databases compare (PostgreSQL: collate "C"; SQLite: binary UTF-8)
  const order = (x: string, y: string) => { const xs = [...x].map((c) => c.codePointAt(0)!); const ys = [...y].map((c) => c.codePointAt(0)!); for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (xs[i] !== ys[i]) return xs[i] - ys[i]; return xs.length - ys.length; };
  switch (op) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'co': return a.includes(b);
    case 'sw': return a.startsWith(b);
    case 'ew': return a.endsWith(b);
    case 'gt': return order(a, b) > 0;
    case 'ge': return order(a, b) >= 0;
    case 'lt': return order(a, b) < 0;
    case 'le': return order(a, b) <= 0;
  }
}

/** A filter as text, and its meaning on a resource. */
interface F { text: string; matches: (d: Doc) => boolean }

function comparison(attr: Attr, op: Op, want: string | boolean): F {
  const literal = typeof want === 'boolean' ? String(want) : JSON.stringify(want);
  return {
    text: `${attr.path} ${op} ${literal}`,
    matches: (d) => {
      const values = attr.values(d);
      if (attr.multi) return values.some((v) => compareOne(op, v, want, attr.caseExact));
      // single-valued: an unassigned attribute is "not equal" to anything
      if (op === 'ne' && typeof want === 'string' && !assigned(values[0])) return true;
      return compareOne(op, values[0], want, attr.caseExact);
    },
  };
}

describeEachDatabase('SCIM filters agree with a reference evaluator on random data', (dialect) => {
  let t: TestApp;
  let users: Doc[] = [];
  let groups: Doc[] = [];
  const { random, pick } = seeded(0x5c1f7e57);

  let scim: ScimRequest;

  // Small alphabets, so that random filters match some resources and miss others; case variants,
  // letters outside ASCII, LIKE's wildcards and an apostrophe among them.
  const syllables = ['an', 'AN', 'bo', 'Bo', 'é', 'É', 'ka', 'KA', 'li', '_', '%', 'o\'', 'ß', 'zz', 'Ö', 'ö', 'x'];
  const word = (n = 1 + Math.floor(random() * 3)) => Array.from({ length: n }, () => pick(syllables)).join('');

  before(async () => {
    t = await startTestApp(dialect);
    scim = await scimClient(t);
    const created: string[] = [];
    for (let i = 0; created.length < 40 && i < 200; i++) {
      const userName = `${word()}${i}@${pick(['example.com', 'Example.COM', 'exämple.org'])}`;
      const emails = Array.from({ length: Math.floor(random() * 3) }, (_x, j) => ({ value: `${word()}.${j}@${pick(['mail.test', 'MAIL.test'])}`, type: pick(['work', 'home', 'Work', 'other']), ...(j === 0 ? { primary: true } : {}) }));
      const body: Doc = { schemas: [CORE], userName, active: random() < 0.7, ...(emails.length ? { emails } : {}) };
      if (random() < 0.7) body.displayName = `${word()} ${word()}`;
      if (random() < 0.6) body.name = { ...(random() < 0.8 ? { givenName: word() } : {}), ...(random() < 0.8 ? { familyName: word() } : {}) };
      if (random() < 0.5) body.externalId = `${pick(['ext', 'EXT'])}-${word()}`;
      const res = await scim('POST', '/Users', body);
      if (res.status === 409) continue; // a userName that folds to one already taken
      assert.equal(res.status, 201, res.text);
      created.push(res.body.id);
    }
    for (let g = 0; g < 12; g++) {
      const members = created.filter(() => random() < 0.2).map((value) => ({ value }));
      const res = await scim('POST', '/Groups', { schemas: [GROUP], displayName: `${word()} ${g}`, ...(random() < 0.5 ? { externalId: `g-${word()}` } : {}), members });
      if (res.status === 409) continue;
      assert.equal(res.status, 201, res.text);
    }
    // The reference reads what the server says it holds.
    users = (await scim('GET', '/Users?count=1000')).body.Resources;
    groups = (await scim('GET', '/Groups?count=1000')).body.Resources;
    assert.ok(users.length >= 40 && groups.length >= 10, `${users.length} users, ${groups.length} groups`);
  });
  after(async () => t?.close());

  /** A value to compare with: most often a piece of a real one (in another case now and then), else a word. */
  function valueFor(attr: Attr, resources: Doc[]): string | boolean {
    if (attr.kind === 'boolean') return random() < 0.5;
    const real = resources.flatMap((d) => attr.values(d)).filter(assigned).map(String);
    if (!real.length || random() < 0.2) return word();
    let v = pick(real);
    const cut = random();
    if (cut < 0.3) v = v.slice(0, 1 + Math.floor(random() * v.length));
    else if (cut < 0.5) v = v.slice(Math.floor(random() * v.length));
    if (random() < 0.3) v = random() < 0.5 ? v.toUpperCase() : v.toLowerCase();
    return v;
  }

  function randomFilter(attrs: Attr[], resources: Doc[], depth = 0): F {
    const r = random();
    if (depth < 2 && r < 0.15) {
      const [a, b] = [randomFilter(attrs, resources, depth + 1), randomFilter(attrs, resources, depth + 1)];
      return { text: `(${a.text}) and (${b.text})`, matches: (d) => a.matches(d) && b.matches(d) };
    }
    if (depth < 2 && r < 0.3) {
      const [a, b] = [randomFilter(attrs, resources, depth + 1), randomFilter(attrs, resources, depth + 1)];
      return { text: `(${a.text}) or (${b.text})`, matches: (d) => a.matches(d) || b.matches(d) };
    }
    if (depth < 2 && r < 0.4) {
      const a = randomFilter(attrs, resources, depth + 1);
      return { text: `not (${a.text})`, matches: (d) => !a.matches(d) };
    }
    const attr = pick(attrs);
    if (r < 0.47) return { text: `${attr.path} pr`, matches: (d) => (attr.path === 'active' ? true : attr.values(d).some(assigned)) };
    if (attrs === USER_ATTRS && r < 0.55) {
      // a value filter: one email meets the whole condition
      const type = valueFor(USER_ATTRS[6], resources) as string;
      const op = pick(OPS);
      const value = valueFor(USER_ATTRS[5], resources) as string;
      return {
        text: `emails[type eq ${JSON.stringify(type)} and value ${op} ${JSON.stringify(value)}]`,
        matches: (d) => (d.emails ?? []).some((e: Doc) => compareOne('eq', e.type, type, false) && compareOne(op, e.value, value, false)),
      };
    }
    const op = attr.kind === 'boolean' ? pick(['eq', 'ne'] as Op[]) : pick(OPS);
    return comparison(attr, op, valueFor(attr, resources));
  }

  for (const [kind, attrs] of [['Users', USER_ATTRS], ['Groups', GROUP_ATTRS]] as const) {
    test(`${kind}: 150 random filters find what the reference finds`, async () => {
      const resources = kind === 'Users' ? users : groups;
      const mismatches: string[] = [];
      let nonEmpty = 0;
      for (let i = 0; i < 150; i++) {
        const f = randomFilter(attrs, resources);
        const res = await scim('GET', `/${kind}?${new URLSearchParams({ filter: f.text, count: '1000', attributes: 'id' })}`);
        assert.equal(res.status, 200, `${f.text}: ${res.text}`);
        const got = res.body.Resources.map((d: Doc) => d.id).sort();
        const want = resources.filter((d) => f.matches(d)).map((d) => d.id).sort();
        if (want.length) nonEmpty++;
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          const name = (id: string) => resources.find((d) => d.id === id)?.[kind === 'Users' ? 'userName' : 'displayName'];
          mismatches.push(`${f.text}: only the server found [${got.filter((id: string) => !want.includes(id)).map(name).join(', ')}], only the reference [${want.filter((id) => !got.includes(id)).map(name).join(', ')}]`);
        }
      }
      assert.deepEqual(mismatches, []);
      assert.ok(nonEmpty >= 40, `${nonEmpty} of 150 filters matched something`);
    });
  }
});
