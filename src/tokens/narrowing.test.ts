// Issue 17 §1: a credential's narrowing binds everything done with it, including the tokens it
// mints. The matrix is generated from the action catalog, so a new action is covered by itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type Reply, type TestApp } from '../../test/support.ts';
import { ACTIONS, ACTION_NAMES, type ActionName } from '../access/model.ts';

const INSIDE = '192.0.2.10';
const OUTSIDE = '198.51.100.1';
const NETWORK = '192.0.2.0/24';
/** A network inside NETWORK. */
const PART_OF_NETWORK = '192.0.2.128/25';
const DAY = 86_400_000;

/** The actions that issue a token (create and rotate): their results are checked, not only their decision. */
const MINTING: ActionName[] = ['personal_tokens.manage', 'service_tokens.manage'];

/** Every other action of the catalog, and the minting ones: narrow enough to tell named from unnamed. */
const SOME_ACTIONS: ActionName[] = ACTION_NAMES.filter((a, i) => i % 2 === 0 || MINTING.includes(a));

interface Narrowing {
  actions?: ActionName[];
  datastores?: boolean;
  networks?: boolean;
}

const NARROWINGS: Record<string, Narrowing> = {
  none: {},
  actions: { actions: SOME_ACTIONS },
  datastores: { datastores: true },
  networks: { networks: true },
  combined: { actions: SOME_ACTIONS, datastores: true, networks: true },
};

/**
 * The rule docs/tokens.md states, written out independently of the code: the owner here is an Admin
 * (allowed everything), so only the narrowing decides. An actions list allows only what it names;
 * a datastore narrowing allows datastore actions only on its datastores and platform actions only
 * when the actions list names them; networks change nothing from inside them.
 */
function expected(n: Narrowing, action: ActionName, onNarrowedDatastore: boolean): boolean {
  if (n.actions && !n.actions.includes(action)) return false;
  if (n.datastores) return ACTIONS[action].kind === 'platform' ? n.actions !== undefined : onNarrowedDatastore;
  return true;
}

type Restrictions = { actions: string[] | null; datastore_ids: number[] | null; allowed_cidrs: string[] | null } | null;

describeEachDatabase('narrowing × action catalog', (dialect) => {
  let t: TestApp;
  let admin: { id: number; user_id: string; token: string };
  let robot: { id: number; user_id: string; token: string };
  let dsA: number;
  let dsB: number;
  let seq = 0;
  before(async () => {
    t = await startTestApp(dialect);
    admin = await t.personalUser('Matrix Admin', 'admin');
    robot = await t.serviceUser('Matrix Robot');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    dsA = await mk('Matrix A');
    dsB = await mk('Matrix B');
    await t.request('POST', '/api/teams', { body: { name: 'Matrix Team', permission: 'editor', user_ids: [robot.id], datastore_ids: [dsA, dsB] } });
  });
  after(async () => t.close());

  const bodyOf = (n: Narrowing) => ({
    ...(n.actions ? { actions: n.actions } : {}),
    ...(n.datastores ? { datastore_ids: [dsA] } : {}),
    ...(n.networks ? { allowed_cidrs: [NETWORK] } : {}),
  });
  /** A PAT of the Admin with this narrowing, for 10 days (its owner's own PAT lasts 30). */
  const narrowed = async (n: Narrowing) => {
    const res = await t.request('POST', '/api/user-tokens', { token: admin.token, body: { name: `narrow-${++seq}`, expires_in_days: 10, ...bodyOf(n) } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: number; token: string; expires_at: string; restrictions: Restrictions };
  };
  const as = (token: string, method: string, url: string, body?: unknown) => t.request(method, url, { token, ip: INSIDE, body });

  /** Asserts a minted token is never wider than the credential that minted it, in any dimension. */
  const assertWithin = (minted: { restrictions: Restrictions; expires_at: string | null }, caller: { restrictions: Restrictions; expires_at: string }, what: string) => {
    if (caller.restrictions === null) return;
    const c = caller.restrictions;
    const m = minted.restrictions;
    assert.ok(m !== null, `${what}: an unrestricted token minted by a narrowed one`);
    if (c.actions) assert.ok(m.actions !== null && m.actions.every((a) => c.actions!.includes(a)), `${what}: actions ${m.actions} ⊄ ${c.actions}`);
    if (c.datastore_ids) assert.ok(m.datastore_ids !== null && m.datastore_ids.every((d) => c.datastore_ids!.includes(d)), `${what}: datastores ${m.datastore_ids}`);
    if (c.allowed_cidrs) assert.ok(m.allowed_cidrs !== null && m.allowed_cidrs.every((x) => c.allowed_cidrs!.includes(x) || x === PART_OF_NETWORK), `${what}: networks ${m.allowed_cidrs}`);
    assert.ok(minted.expires_at !== null && minted.expires_at <= caller.expires_at, `${what}: expires ${minted.expires_at} after ${caller.expires_at}`);
  };

  for (const [kind, n] of Object.entries(NARROWINGS)) {
    test(`${kind}: every action of the catalog is decided by the one rule (authorize and forward-auth)`, async () => {
      const tok = await narrowed(n);
      for (const action of ACTION_NAMES) {
        const places = ACTIONS[action].kind === 'datastore' ? [dsA, dsB] : [undefined];
        for (const ds of places) {
          const want = expected(n, action, ds === dsA);
          const decided = await as(tok.token, 'POST', '/api/authorize', { action, ...(ds ? { datastore_id: ds } : {}) });
          assert.equal(decided.status, 200, `${action} ${ds}: ${decided.text}`);
          assert.deepEqual([decided.body.allowed, decided.body.reason], [want, want ? 'admin' : 'token_restricted'], `${kind} ${action} on ${ds}`);
          const fa = await as(tok.token, 'GET', `/api/forward-auth?action=${action}${ds ? `&datastore_id=${ds}` : ''}`);
          assert.equal(fa.status, want ? 200 : 403, `forward-auth ${kind} ${action} on ${ds}`);
        }
      }
      if (n.networks) assert.equal((await t.request('POST', '/api/authorize', { token: tok.token, ip: OUTSIDE, body: { action: 'users.read' } })).status, 401, 'outside its networks');
    });

    test(`${kind}: Warden's own platform routes follow the same decision`, async () => {
      const tok = await narrowed(n);
      const probes: Partial<Record<ActionName, [string, string, unknown?]>> = {
        'users.read': ['GET', '/api/users'],
        'teams.read': ['GET', '/api/teams'],
        'audit.read': ['GET', '/api/audit-events'],
        'settings.manage': ['GET', '/api/webhooks'],
        'service_tokens.manage': ['GET', '/api/user-tokens/service'],
        'service_users.manage': ['POST', '/api/users', { name: `Probe ${kind} ${dialect}` }],
        'teams.manage': ['POST', '/api/teams', { name: `Probe ${kind}`, permission: 'viewer' }],
        'datastores.create': ['POST', '/api/datastores', { name: `Probe ${kind}`, kind: 'source' }],
      };
      for (const [action, [method, url, body]] of Object.entries(probes) as [ActionName, [string, string, unknown?]][]) {
        const res = await as(tok.token, method, url, body);
        const want = expected(n, action, false);
        assert.equal(res.status < 300, want, `${kind} ${action}: ${method} ${url} → ${res.status} ${res.text.slice(0, 200)}`);
        if (!want) assert.equal(res.status, 403);
      }
    });

    test(`${kind}: a token minted or rotated with it is never wider, in any dimension`, async () => {
      const tok = await narrowed(n);
      const mints: Record<string, Record<string, unknown>> = { 'personal_tokens.manage': {}, 'service_tokens.manage': { user_id: robot.id } };
      for (const action of MINTING) {
        const allowed = expected(n, action, false);
        const mint = (extra: Record<string, unknown>) => as(tok.token, 'POST', '/api/user-tokens', { name: `m-${++seq}`, expires_in_days: 5, ...mints[action], ...extra });
        // naming no restriction: the caller's, inherited
        const plain = await mint({});
        if (!allowed) {
          assert.equal(plain.status, 403, `${kind} ${action}: ${plain.text}`);
          continue;
        }
        assert.equal(plain.status, 201, `${kind} ${action}: ${plain.text}`);
        assert.deepEqual(plain.body.restrictions, tok.restrictions, `${kind} ${action}: inherits the caller's narrowing`);
        assertWithin(plain.body, tok, `${kind} ${action}`);
        if (n.networks) assert.equal((await t.request('GET', '/api/users/me', { token: plain.body.token, ip: OUTSIDE })).status, 401, 'the minted token inherits the networks');
        // asking for more in each narrowed dimension: 403 naming it
        const wider: [string, Record<string, unknown>][] = [];
        if (n.actions) wider.push(['actions', { actions: ACTION_NAMES }]);
        if (n.datastores) wider.push(['datastore_ids', { datastore_ids: [dsA, dsB] }]);
        if (n.networks) wider.push(['allowed_cidrs', { allowed_cidrs: ['0.0.0.0/0'] }]);
        if (tok.restrictions) wider.push(['expires_in_days', { expires_in_days: 30 }], ['expires_in_days', { expires_in_days: null }]);
        for (const [dimension, extra] of wider) {
          const res = await mint(extra);
          assert.equal(res.status, 403, `${kind} ${action} ${JSON.stringify(extra)}: ${res.text}`);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
          assert.equal(res.body.type, 'https://warden.dev/problems/forbidden/wider-than-credential');
          assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), [dimension]);
          assert.match(res.body.detail, new RegExp(dimension === 'expires_in_days' ? 'expires' : dimension === 'allowed_cidrs' ? 'used only from' : dimension));
        }
        // asking for less is fine, and exactly what was asked
        if (tok.restrictions) {
          const narrower = await mint({ actions: n.actions ? [n.actions[0]] : ['datastore.read'], ...(n.datastores ? { datastore_ids: [dsA] } : {}), ...(n.networks ? { allowed_cidrs: [PART_OF_NETWORK] } : {}), expires_in_days: 1 });
          assert.equal(narrower.status, 201, narrower.text);
          assertWithin(narrower.body, tok, `${kind} ${action} narrower`);
        }
        // rotating what it minted: the successor is the minted token's equal, never outliving the caller
        const rotated = await as(tok.token, 'POST', `/api/user-tokens/${plain.body.id}/rotate`, { overlap_hours: 0 });
        assert.equal(rotated.status, 201, rotated.text);
        assert.deepEqual(rotated.body.successor.restrictions, plain.body.restrictions);
        assertWithin(rotated.body.successor, tok, `${kind} ${action} rotated`);
      }
    });
  }
});

describeEachDatabase('a narrowed credential never mints a wider one (the issue\'s reproductions)', (dialect) => {
  let t: TestApp;
  let person: { id: number; user_id: string; token: string };
  let ds1: number;
  let ds2: number;
  let seq = 0;
  before(async () => {
    t = await startTestApp(dialect);
    person = await t.personalUser('Narrow Person', 'member');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    ds1 = await mk('Repro 1');
    ds2 = await mk('Repro 2');
    await t.request('POST', '/api/teams', { body: { name: 'Repro Team', permission: 'author', user_ids: [person.id], datastore_ids: [ds1, ds2] } });
  });
  after(async () => t.close());

  const pat = async (body: Record<string, unknown>, days = 30) => {
    const res = await t.request('POST', '/api/user-tokens', { token: person.token, body: { name: `p-${++seq}`, expires_in_days: days, ...body } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const create = (token: string, body: Record<string, unknown>, ip?: string) =>
    t.request('POST', '/api/user-tokens', { token, ip, body: { name: `c-${++seq}`, expires_in_days: 5, ...body } });
  const forward = (token: string, ds: number) => t.request('GET', `/api/forward-auth?action=datastore.read&datastore_id=${ds}`, { token });

  test('a PAT narrowed to datastore 1 alone cannot issue tokens (a platform action it does not name): 403, nothing created', async () => {
    const narrow = await pat({ datastore_ids: [ds1] });
    const res = await create(narrow.token, {});
    assert.equal(res.status, 403, res.text);
    assert.match(res.body.detail, new RegExp(`narrowed to datastore ${ds1}: it takes no platform action such as personal_tokens\\.manage unless its actions name it`));
    const mine = (await t.request('GET', '/api/user-tokens', { token: person.token })).body.items;
    assert.ok(!mine.some((x: { name: string }) => x.name === `c-${seq}`));
  });

  test('a PAT narrowed to datastore 1 that may manage tokens issues one that inherits datastore 1 (works on 1, not on 2); asking for 2 is 403 naming datastore_ids', async () => {
    const narrow = await pat({ actions: ['datastore.read', 'personal_tokens.manage'], datastore_ids: [ds1] });
    const res = await create(narrow.token, {});
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.restrictions, { actions: ['personal_tokens.manage', 'datastore.read'], datastore_ids: [ds1], allowed_cidrs: null });
    assert.equal((await forward(res.body.token, ds1)).status, 200);
    assert.equal((await forward(res.body.token, ds2)).status, 403);
    const wider = await create(narrow.token, { datastore_ids: [ds2] });
    assert.equal(wider.status, 403);
    assert.deepEqual(wider.body.errors, [{ path: 'datastore_ids', message: wider.body.detail }]);
    assert.match(wider.body.detail, new RegExp(`narrowed to datastore_ids ${ds1}; the new token would also reach datastore ${ds2}`));
    const more = await create(narrow.token, { actions: ['datastore.read', 'checks.manage'] });
    assert.deepEqual([more.status, more.body.errors[0].path], [403, 'actions']);
    assert.match(more.body.detail, /would also allow checks\.manage/);
  });

  test('a PAT narrowed to a network issues only tokens bound to that network (or a part of it)', async () => {
    const narrow = await pat({ allowed_cidrs: ['127.0.0.0/8'] });
    const res = await create(narrow.token, {});
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.restrictions, { actions: null, datastore_ids: null, allowed_cidrs: ['127.0.0.0/8'] });
    const fromElsewhere = await t.request('GET', '/api/users/me', { token: res.body.token, ip: '203.0.113.7' });
    assert.equal(fromElsewhere.status, 401, 'the minted token does not work from anywhere');
    assert.equal((await create(narrow.token, { allowed_cidrs: ['127.0.0.1/32'] })).status, 201);
    const moved = await create(narrow.token, { allowed_cidrs: ['10.0.0.0/8'] });
    assert.deepEqual([moved.status, moved.body.errors[0].path], [403, 'allowed_cidrs']);
    assert.match(moved.body.detail, /used only from 127\.0\.0\.0\/8; the new token would also work from 10\.0\.0\.0\/8/);
  });

  test('an Admin service token narrowed to one datastore issues service tokens for others only within it', async () => {
    const admin = await t.serviceUser('Narrow Admin', 'admin');
    const other = await t.serviceUser('Other Robot');
    await t.request('POST', '/api/teams', { body: { name: 'Other Team', permission: 'viewer', user_ids: [other.id], datastore_ids: [ds1, ds2] } });
    const only = (await t.request('POST', '/api/user-tokens', { body: { name: 'ds-only', expires_in_days: 30, user_id: admin.id, datastore_ids: [ds1] } })).body;
    const refused = await create(only.token, { user_id: other.id });
    assert.equal(refused.status, 403, 'datastore narrowing alone names no platform action');
    const managing = (await t.request('POST', '/api/user-tokens', { body: { name: 'ds-manage', expires_in_days: 30, user_id: admin.id, actions: ['datastore.read', 'service_tokens.manage'], datastore_ids: [ds1] } })).body;
    const issued = await create(managing.token, { user_id: other.id, name: 'for-other' });
    assert.equal(issued.status, 201, issued.text);
    assert.deepEqual(issued.body.restrictions.datastore_ids, [ds1]);
    assert.equal((await forward(issued.body.token, ds2)).status, 403);
    const wider = await create(managing.token, { user_id: other.id, datastore_ids: [ds1, ds2] });
    assert.deepEqual([wider.status, wider.body.errors[0].path], [403, 'datastore_ids']);
    const audit = (await t.request('GET', `/api/audit-events?action=token.created&target_id=${issued.body.id}`)).body.items[0];
    assert.deepEqual(audit.changes.datastore_ids.after, [ds1], 'the audit log records the inherited narrowing');
  });

  test('expiry: a narrowed token issues nothing that outlives it (403 naming expires_in_days); a console session or unnarrowed token is not bound', async () => {
    const narrow = await pat({ actions: ['personal_tokens.manage', 'datastore.read'] }, 10);
    const late = await create(narrow.token, { expires_in_days: 11 });
    assert.deepEqual([late.status, late.body.errors[0].path], [403, 'expires_in_days']);
    assert.match(late.body.detail, /may not outlive it \(ask for at most 9 days\)/);
    const never = await create(narrow.token, { expires_in_days: null });
    assert.deepEqual([never.status, never.body.errors[0].path], [403, 'expires_in_days']);
    assert.match(never.body.detail, /would never expire/);
    assert.equal((await create(narrow.token, { expires_in_days: 9 })).status, 201);
    const unnarrowed = await pat({}, 10);
    assert.equal((await create(unnarrowed.token, { expires_in_days: 60 })).status, 201, 'an unnarrowed token acts as its owner');
  });

  test('rotation by a narrowed token: itself keeps its narrowing and end; a wider token is 403 naming the dimension; a later successor is 403 naming expires_in_days', async () => {
    const narrow = await pat({ actions: ['personal_tokens.manage', 'datastore.read'], datastore_ids: [ds1] }, 10);
    const wide = await pat({}, 30);
    const refused = await t.request('POST', `/api/user-tokens/${wide.id}/rotate`, { token: narrow.token, body: {} });
    assert.deepEqual([refused.status, refused.body.errors[0].path], [403, 'actions']);
    assert.match(refused.body.detail, new RegExp(`token ${wide.id} would also allow every other action`));
    assert.equal((await t.request('GET', `/api/user-tokens/${wide.id}`, { token: person.token })).body.rotated_to, null, 'nothing rotated');
    const later = await t.request('POST', `/api/user-tokens/${narrow.id}/rotate`, { token: narrow.token, body: { expires_in_days: 30 } });
    assert.deepEqual([later.status, later.body.errors[0].path], [403, 'expires_in_days']);
    const self = await t.request('POST', `/api/user-tokens/${narrow.id}/rotate`, { token: narrow.token, body: { overlap_hours: 1 } });
    assert.equal(self.status, 201, self.text);
    assert.deepEqual(self.body.successor.restrictions, narrow.restrictions);
    assert.ok(self.body.successor.expires_at <= narrow.expires_at, 'a narrowed token gets a new secret by rotating itself, not a longer life');
    // the person (unnarrowed) may still give the successor a new lifetime
    const byPerson = await t.request('POST', `/api/user-tokens/${self.body.successor.id}/rotate`, { token: person.token, body: { expires_in_days: 30 } });
    assert.equal(byPerson.status, 201);
    assert.ok(Date.parse(byPerson.body.successor.expires_at) - Date.now() > 29 * DAY);
  });

  test('"read" with datastore_ids means the reads of those datastores, not the platform\'s', async () => {
    const reader = await pat({ actions: ['read'], datastore_ids: [ds1] });
    assert.deepEqual(reader.restrictions.actions, ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'datastore' && (a.endsWith('.read') || a === 'datastore.preview')));
    const platformRead: Reply = await t.request('GET', '/api/users', { token: (await t.request('POST', '/api/user-tokens', { body: { name: 'adm-read', expires_in_days: 1, user_id: (await t.serviceUser('Read Admin', 'admin')).id, actions: ['read'], datastore_ids: [ds1] } })).body.token });
    assert.equal(platformRead.status, 403, 'an Admin\'s datastore read token does not read the users list');
  });

  test('the CLI login\'s token is issued only through a console session: a bearer token cannot confirm one', async () => {
    const narrow = await pat({ datastore_ids: [ds1] });
    const res = await t.request('POST', '/api/cli/authorize', {
      token: narrow.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback&state=s&hostname=h&code_challenge=' + 'A'.repeat(43) + '&code_challenge_method=S256&csrf_token=x',
    });
    assert.equal(res.status, 401, res.text);
  });
});
