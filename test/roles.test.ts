// Role × endpoint: what an admin, a manager and a member service token may do on the core endpoints.
// Expectations come from the role table of shared/spec/access-model.md §2.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import type { Role } from '../src/access/model.ts';

type Case = { method: string; url: (ids: Ids) => string; body?: (ids: Ids) => unknown; minRole: Role; okStatus: number };
type Ids = { target: number; token: number };

const cases: Case[] = [
  { method: 'GET', url: () => '/api/users', minRole: 'manager', okStatus: 200 },
  { method: 'GET', url: (i) => `/api/users/${i.target}`, minRole: 'manager', okStatus: 200 },
  { method: 'POST', url: () => '/api/users', body: () => ({ name: `Made ${Math.random()}` }), minRole: 'admin', okStatus: 201 },
  { method: 'PUT', url: (i) => `/api/users/${i.target}`, body: () => ({ purpose: 'changed' }), minRole: 'admin', okStatus: 200 },
  { method: 'POST', url: (i) => `/api/users/${i.target}/review`, body: () => ({}), minRole: 'admin', okStatus: 200 },
  { method: 'DELETE', url: (i) => `/api/users/${i.target}`, minRole: 'admin', okStatus: 200 },
  { method: 'POST', url: (i) => `/api/users/${i.target}/reactivate`, minRole: 'admin', okStatus: 200 },
  { method: 'POST', url: () => '/api/user-tokens', body: (i) => ({ name: `t${Math.random()}`, expires_in_days: 1, user_id: i.target }), minRole: 'admin', okStatus: 201 },
  { method: 'GET', url: () => '/api/user-tokens/service', minRole: 'admin', okStatus: 200 },
  { method: 'GET', url: (i) => `/api/user-tokens/${i.token}`, minRole: 'admin', okStatus: 200 },
  { method: 'PUT', url: (i) => `/api/user-tokens/${i.token}`, body: () => ({ revoked: false }), minRole: 'admin', okStatus: 200 },
  { method: 'GET', url: () => '/api/audit-events', minRole: 'admin', okStatus: 200 },
  { method: 'GET', url: () => '/api/users/me', minRole: 'member', okStatus: 200 },
];

const rank: Record<Role, number> = { member: 0, manager: 1, admin: 2 };

describeEachDatabase('role × endpoint', (dialect) => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let ids: Ids;
  before(async () => {
    t = await startTestApp(dialect);
    for (const role of ['admin', 'manager', 'member'] as Role[]) tokens[role] = (await t.serviceUser(`Role ${role}`, role)).token;
    const target = await t.serviceUser('Matrix Target');
    const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'matrix', expires_in_days: 1, user_id: target.id } });
    ids = { target: target.id, token: tok.body.id };
  });
  after(async () => t.close());

  for (const c of cases) {
    for (const role of ['admin', 'manager', 'member'] as Role[]) {
      const allowed = rank[role] >= rank[c.minRole];
      test(`${role} ${c.method} ${c.url({ target: 0, token: 0 }).replace(/\/0\b/, '/{id}')} → ${allowed ? 'allowed' : 'denied'}`, async () => {
        const res = await t.request(c.method, c.url(ids), { token: tokens[role], body: c.body?.(ids) });
        if (allowed) assert.equal(res.status, c.okStatus, res.text);
        // Tokens of others are invisible (404) to non-Admins; everything else is forbidden (403).
        else assert.equal(res.status, c.url(ids).startsWith('/api/user-tokens/') && c.method !== 'POST' && !c.url(ids).endsWith('/service') ? 404 : 403, res.text);
      });
    }
  }
});

// Team actions × role, with a maintainer column (issue 21 §2, WARDEN_TEAM_MAINTAINERS=on): a
// maintainer of team A (whatever their role) changes A's members and maintainers and nothing else,
// never their own membership and never another team's.
type Subject = 'admin' | 'manager' | 'member' | 'maintainer' | 'manager maintainer';
type TeamIds = { a: number; b: number; c: number; x: number; y: number; self: Record<Subject, number> };
type TeamCase = {
  name: string;
  method: string;
  url: (i: TeamIds, s: Subject) => string;
  body?: (i: TeamIds, s: Subject) => unknown;
  /** Brings the fixture to the state the case starts from (as the bootstrap Admin). */
  setup?: (t: TestApp, i: TeamIds) => Promise<void>;
  allowed: Subject[];
  okStatus: number;
};
const MAINTAINERS: Subject[] = ['maintainer', 'manager maintainer'];
const member = (t: TestApp, team: number, user: number) => t.request('POST', `/api/teams/${team}/members`, { body: { user_id: user } });
const teamCases: TeamCase[] = [
  { name: 'add a member to A', method: 'POST', url: (i) => `/api/teams/${i.a}/members`, body: (i) => ({ user_id: i.x }), setup: async (t, i) => { await t.request('DELETE', `/api/teams/${i.a}/members/${i.x}`); }, allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'remove a member from A', method: 'DELETE', url: (i) => `/api/teams/${i.a}/members/${i.x}`, setup: async (t, i) => { await member(t, i.a, i.x); }, allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'replace A\'s members (PUT user_ids)', method: 'PUT', setup: async (t, i) => { await t.request('DELETE', `/api/teams/${i.a}/members/${i.y}`); }, url: (i) => `/api/teams/${i.a}`, body: (i) => ({ user_ids: [...Object.values(i.self).filter((id) => id !== i.self.admin && id !== i.self.manager && id !== i.self.member), i.y] }), allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'make a member of A a maintainer', method: 'POST', url: (i) => `/api/teams/${i.a}/maintainers`, body: (i) => ({ user_id: i.y }), setup: async (t, i) => { await member(t, i.a, i.y); await t.request('DELETE', `/api/teams/${i.a}/maintainers/${i.y}`); }, allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'unmake a maintainer of A', method: 'DELETE', url: (i) => `/api/teams/${i.a}/maintainers/${i.y}`, setup: async (t, i) => { await member(t, i.a, i.y); await t.request('POST', `/api/teams/${i.a}/maintainers`, { body: { user_id: i.y } }); }, allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'rename A', method: 'PUT', url: (i) => `/api/teams/${i.a}`, body: () => ({ name: `A ${Math.random()}` }), allowed: ['admin'], okStatus: 200 },
  { name: 'change A\'s level', method: 'PUT', url: (i) => `/api/teams/${i.a}`, body: () => ({ permission: 'author' }), allowed: ['admin'], okStatus: 200 },
  { name: 'change A\'s datastores', method: 'PUT', url: (i) => `/api/teams/${i.a}`, body: () => ({ datastore_ids: [] }), allowed: ['admin'], okStatus: 200 },
  { name: 'delete C', method: 'DELETE', url: (i) => `/api/teams/${i.c}`, allowed: ['admin'], okStatus: 204 },
  { name: 'add a member to B (not maintained)', method: 'POST', url: (i) => `/api/teams/${i.b}/members`, body: (i) => ({ user_id: i.x }), setup: async (t, i) => { await t.request('DELETE', `/api/teams/${i.b}/members/${i.x}`); }, allowed: ['admin'], okStatus: 200 },
  { name: 'add themselves to B', method: 'POST', url: (i) => `/api/teams/${i.b}/members`, body: (i, s) => ({ user_id: i.self[s] }), allowed: [], okStatus: 200 },
  { name: 'remove themselves from A', method: 'DELETE', url: (i, s) => `/api/teams/${i.a}/members/${i.self[s]}`, setup: async (t, i) => { for (const s of MAINTAINERS) await member(t, i.a, i.self[s]); }, allowed: [], okStatus: 200 },
  { name: 'find people to add to A', method: 'GET', url: (i) => `/api/teams/${i.a}/member-candidates?q=Subject`, allowed: ['admin', ...MAINTAINERS], okStatus: 200 },
  { name: 'find people to add to B (not maintained)', method: 'GET', url: (i) => `/api/teams/${i.b}/member-candidates?q=Subject`, allowed: ['admin'], okStatus: 200 },
  { name: 'read A', method: 'GET', url: (i) => `/api/teams/${i.a}`, allowed: ['admin', 'manager', ...MAINTAINERS], okStatus: 200 },
];

describeEachDatabase('team action × role, with a maintainer column', (dialect) => {
  let t: TestApp;
  const tokens = {} as Record<Subject, string>;
  let ids: TeamIds;
  const subjects: Subject[] = ['admin', 'manager', 'member', 'maintainer', 'manager maintainer'];
  before(async () => {
    t = await startTestApp(dialect, { WARDEN_TEAM_MAINTAINERS: 'on' });
    const self = {} as Record<Subject, number>;
    for (const s of subjects) {
      const role: Role = s === 'admin' ? 'admin' : s.startsWith('manager') ? 'manager' : 'member';
      const u = await t.personalUser(`Subject ${s}`, role);
      self[s] = u.id;
      tokens[s] = u.token;
    }
    const team = async (name: string) => (await t.request('POST', '/api/teams', { body: { name, permission: 'viewer', user_ids: MAINTAINERS.map((s) => self[s]) } })).body.id as number;
    ids = { a: await team('A'), b: await team('B'), c: 0, x: (await t.personalUser('X')).id, y: (await t.personalUser('Y')).id, self };
    for (const s of MAINTAINERS) assert.equal((await t.request('POST', `/api/teams/${ids.a}/maintainers`, { body: { user_id: self[s] } })).status, 200);
  });
  after(async () => t.close());

  for (const c of teamCases) {
    for (const s of subjects) {
      const allowed = c.allowed.includes(s);
      test(`${s}: ${c.name} → ${allowed ? 'allowed' : 'denied'}`, async () => {
        if (c.name === 'delete C') ids.c = (await t.request('POST', '/api/teams', { body: { name: `C ${Math.random()}`, permission: 'viewer' } })).body.id;
        await c.setup?.(t, ids);
        const res = await t.request(c.method, c.url(ids, s), { token: tokens[s], body: c.body?.(ids, s) });
        assert.equal(res.status, allowed ? c.okStatus : 403, res.text);
        if (allowed && c.method !== 'GET') {
          const [event] = (await t.request('GET', `/api/audit-events?target_type=team&target_id=${c.url(ids, s).split('/')[3]}&size=1`)).body.items;
          assert.equal(event.actor.id, ids.self[s], 'audited with the one who acted');
        }
      });
    }
  }

  test('the team object lists its maintainers; a maintainer\'s user object lists what they maintain', async () => {
    const team = (await t.request('GET', `/api/teams/${ids.a}`)).body;
    assert.deepEqual(team.maintainers.map((m: { id: number }) => m.id).sort(), MAINTAINERS.map((s) => ids.self[s]).sort());
    const me = (await t.request('GET', '/api/users/me', { token: tokens.maintainer })).body;
    assert.deepEqual(me.maintains.map((m: { id: number }) => m.id), [ids.a]);
  });

  test('a maintainer who stops being a member stops being a maintainer; only members become maintainers', async () => {
    await t.request('DELETE', `/api/teams/${ids.a}/members/${ids.x}`);
    const notMember = await t.request('POST', `/api/teams/${ids.a}/maintainers`, { body: { user_id: ids.x } });
    assert.equal(notMember.status, 422, notMember.text);
    await member(t, ids.a, ids.y);
    await t.request('POST', `/api/teams/${ids.a}/maintainers`, { body: { user_id: ids.y } });
    await t.request('DELETE', `/api/teams/${ids.a}/members/${ids.y}`);
    await member(t, ids.a, ids.y);
    const team = (await t.request('GET', `/api/teams/${ids.a}`)).body;
    assert.ok(!team.maintainers.some((m: { id: number }) => m.id === ids.y), 'leaving the team ended the maintainership');
  });
});

describeEachDatabase('team maintainers off (the default)', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());
  test('an Admin cannot make maintainers (409) and a member cannot change a team (403)', async () => {
    const m = await t.personalUser('Off Member');
    const team = (await t.request('POST', '/api/teams', { body: { name: 'Off', permission: 'viewer', user_ids: [m.id] } })).body.id;
    const res = await t.request('POST', `/api/teams/${team}/maintainers`, { body: { user_id: m.id } });
    assert.equal(res.status, 409, res.text);
    assert.match(res.body.detail, /WARDEN_TEAM_MAINTAINERS/);
    const other = await t.personalUser('Other');
    assert.equal((await t.request('POST', `/api/teams/${team}/members`, { token: m.token, body: { user_id: other.id } })).status, 403);
    assert.equal((await t.request('POST', `/api/teams/${team}/members`, { body: { user_id: other.id } })).status, 200, 'an Admin adds members through the new route too');
  });
});
