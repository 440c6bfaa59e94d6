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
