// Same-tick volleys: every mutating route, fired N times at once (identical or conflicting
// requests), answers each one with something other than 5xx. The route list comes from the app's
// own registered routes, so a new mutating route fails this test until it has a row in VOLLEYS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type Reply, type TestApp } from './support.ts';

/** How many requests each volley fires in the same tick. */
const N = 8;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Req {
  url: string;
  body?: unknown;
  /** Default: the bootstrap Admin's token; null: none. */
  token?: string | null;
  headers?: Record<string, string>;
}

interface Fixtures {
  t: TestApp;
  /** A SCIM-only token of an Admin service user. */
  scim: string;
  /** A fresh name on every call. */
  unique(prefix: string): string;
  api(method: string, url: string, body?: unknown): Promise<any>;
}

type Volley = (method: string, f: Fixtures) => Promise<Req[]>;

const times = (req: Req | ((i: number) => Req), n = N): Req[] => Array.from({ length: n }, (_, i) => (typeof req === 'function' ? req(i) : req));
const scimHeaders = { 'content-type': 'application/scim+json' };

async function admins(f: Fixtures, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await f.api('POST', '/api/users', { name: f.unique('Volley Admin'), role: 'admin', reason: 'volley' })).id);
  return ids;
}

async function scimAdmins(f: Fixtures, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await f.t.request('POST', '/api/scim/v2/Users', {
      token: f.scim, headers: scimHeaders,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${f.unique('volley')}@example.com`, 'urn:ietf:params:scim:schemas:extension:warden:2.0:User': { role: 'admin' } }),
    });
    assert.equal(res.status, 201, res.text);
    ids.push(res.body.id);
  }
  return ids;
}

async function serviceToken(f: Fixtures): Promise<{ id: number; token: string; userId: number }> {
  const user = await f.api('POST', '/api/users', { name: f.unique('Volley Bot') });
  const tok = await f.api('POST', '/api/user-tokens', { name: 'volley', expires_in_days: 30, user_id: user.id });
  return { id: tok.id, token: tok.token, userId: user.id };
}

const patchOp = (operations: unknown[]) => JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });

/** What each mutating route is fired with, by "METHOD url" as registered. */
const VOLLEYS: Record<string, Volley> = {
  'POST /api/users': async (_m, f) => times({ url: '/api/users', body: { name: f.unique('Same Name') } }),
  'PUT /api/users/:id': async (_m, f) => {
    const ids = await admins(f, 3);
    return times((i) => ({ url: `/api/users/${ids[i % ids.length]}`, body: { role: 'member' } }));
  },
  'DELETE /api/users/:id': async (_m, f) => {
    const ids = await admins(f, 3);
    return times((i) => ({ url: `/api/users/${ids[i % ids.length]}`, body: { reason: 'volley' } }));
  },
  'POST /api/users/:id/reactivate': async (_m, f) => {
    const [id] = await admins(f, 1);
    await f.api('DELETE', `/api/users/${id}`, { reason: 'volley' });
    return times({ url: `/api/users/${id}/reactivate`, body: {} });
  },
  'POST /api/users/:id/review': async (_m, f) => {
    const { userId } = await serviceToken(f);
    return times((i) => ({ url: `/api/users/${userId}/review`, body: { decision: i % 2 ? 'deactivate' : 'keep', note: 'volley' } }));
  },
  'POST /api/user-tokens': async (_m, f) => {
    const { userId } = await serviceToken(f);
    return times({ url: '/api/user-tokens', body: { name: 'same', expires_in_days: 30, user_id: userId } });
  },
  'PUT /api/user-tokens/:id': async (_m, f) => {
    const { id } = await serviceToken(f);
    return times((i) => ({ url: `/api/user-tokens/${id}`, body: { revoked: i % 2 === 0 } }));
  },
  'DELETE /api/user-tokens/:id': async (_m, f) => {
    const { id } = await serviceToken(f);
    await f.api('PUT', `/api/user-tokens/${id}`, { revoked: true });
    return times({ url: `/api/user-tokens/${id}` });
  },
  'POST /api/user-tokens/:id/rotate': async (_m, f) => {
    const { id } = await serviceToken(f);
    return times({ url: `/api/user-tokens/${id}/rotate`, body: { overlap_hours: 1 } });
  },
  'POST /api/oauth/introspect': async (_m, f) => {
    const { token } = await serviceToken(f);
    return times({ url: '/api/oauth/introspect', body: { token } });
  },
  'POST /api/credentials/revoke': async (_m, f) => {
    const { token } = await serviceToken(f);
    return times({ url: '/api/credentials/revoke', token: null, body: { credentials: [token] } });
  },
  'POST /api/cli/authorize': async () => times({ url: '/api/cli/authorize', token: null, body: { redirect_uri: 'http://127.0.0.1:9/cb', state: 's', code_challenge: 'c', csrf_token: 'x', hostname: 'h' } }),
  'POST /api/cli/token': async () => times({ url: '/api/cli/token', token: null, body: { code: 'nope', state: 's', code_verifier: 'v'.repeat(43) } }),
  'POST /api/authorize': async () => times({ url: '/api/authorize', body: { action: 'users.read' } }),
  'POST /api/auth/logout': async () => times({ url: '/api/auth/logout', token: null, body: {} }),
  'POST /api/teams': async (_m, f) => times({ url: '/api/teams', body: { name: f.unique('Same Team'), permission: 'reporter' } }),
  'PUT /api/teams/:id': async (_m, f) => {
    const team = await f.api('POST', '/api/teams', { name: f.unique('Volley Team'), permission: 'reporter' });
    const { userId } = await serviceToken(f);
    return times((i) => ({ url: `/api/teams/${team.id}`, body: i % 2 ? { name: f.unique('Renamed'), user_ids: [userId] } : { permission: 'editor', user_ids: [] } }));
  },
  'DELETE /api/teams/:id': async (_m, f) => {
    const team = await f.api('POST', '/api/teams', { name: f.unique('Doomed Team'), permission: 'reporter' });
    return times({ url: `/api/teams/${team.id}` });
  },
  'POST /api/datastores': async (_m, f) => times({ url: '/api/datastores', body: { name: f.unique('same_store'), kind: 'source' } }),
  'PUT /api/datastores/:id': async (_m, f) => {
    const ds = await f.api('POST', '/api/datastores', { name: f.unique('store'), kind: 'source' });
    const team = await f.api('POST', '/api/teams', { name: f.unique('Store Team'), permission: 'reporter' });
    return times((i) => ({ url: `/api/datastores/${ds.id}`, body: i % 2 ? { team_ids: [team.id] } : { name: f.unique('store'), team_ids: [] } }));
  },
  'DELETE /api/datastores/:id': async (_m, f) => {
    const ds = await f.api('POST', '/api/datastores', { name: f.unique('doomed_store'), kind: 'source' });
    return times({ url: `/api/datastores/${ds.id}` });
  },
  'POST /api/webhooks': async () => times({ url: '/api/webhooks', body: { url: 'https://hooks.example.invalid/same', events: ['user.deactivated'] } }),
  'PUT /api/webhooks/:id': async (_m, f) => {
    const hook = await f.api('POST', '/api/webhooks', { url: 'https://hooks.example.invalid/a', events: ['user.deactivated'] });
    return times((i) => ({ url: `/api/webhooks/${hook.id}`, body: { enabled: i % 2 === 0, events: ['user.deactivated', 'token.revoked'] } }));
  },
  'DELETE /api/webhooks/:id': async (_m, f) => {
    const hook = await f.api('POST', '/api/webhooks', { url: 'https://hooks.example.invalid/b', events: ['user.deactivated'] });
    return times({ url: `/api/webhooks/${hook.id}` });
  },
  'POST /api/webhooks/:id/rotate-secret': async (_m, f) => {
    const hook = await f.api('POST', '/api/webhooks', { url: 'https://hooks.example.invalid/c', events: ['user.deactivated'] });
    return times({ url: `/api/webhooks/${hook.id}/rotate-secret`, body: {} });
  },
  'POST /api/webhooks/:id/test': async (_m, f) => {
    const hook = await f.api('POST', '/api/webhooks', { url: 'https://hooks.example.invalid/d', events: ['user.deactivated'] });
    return times({ url: `/api/webhooks/${hook.id}/test`, body: {} });
  },
  '* /api/forward-auth': async () => times({ url: '/api/forward-auth', headers: { 'x-forwarded-uri': '/anything' } }),
  '* /api/forward-auth/*': async () => times({ url: '/api/forward-auth/some/path' }),
  // SCIM: the directory demotes and deprovisions Admins while writing their rows.
  'POST /api/scim/v2/Users': async (_m, f) => {
    const userName = `${f.unique('same')}@example.com`;
    return times({ url: '/api/scim/v2/Users', token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }) });
  },
  'PUT /api/scim/v2/Users/:id': async (_m, f) => {
    const ids = await scimAdmins(f, 4);
    return times((i) => ({
      url: `/api/scim/v2/Users/${ids[i % ids.length]}`, token: f.scim, headers: scimHeaders,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${f.unique('put')}@example.com`, active: false, 'urn:ietf:params:scim:schemas:extension:warden:2.0:User': { role: 'member' } }),
    }));
  },
  'PATCH /api/scim/v2/Users/:id': async (_m, f) => {
    const ids = await scimAdmins(f, 4);
    return times((i) => ({
      url: `/api/scim/v2/Users/${ids[i % ids.length]}`, token: f.scim, headers: scimHeaders,
      body: patchOp(i % 2
        ? [{ op: 'replace', value: { displayName: f.unique('Demoted'), 'urn:ietf:params:scim:schemas:extension:warden:2.0:User': { role: 'member' } } }]
        : [{ op: 'replace', value: { displayName: f.unique('Gone'), active: false } }]),
    }));
  },
  'DELETE /api/scim/v2/Users/:id': async (_m, f) => {
    const ids = await scimAdmins(f, 4);
    return times((i) => ({ url: `/api/scim/v2/Users/${ids[i % ids.length]}`, token: f.scim }));
  },
  'POST /api/scim/v2/Users/.search': async (_m, f) => times({ url: '/api/scim/v2/Users/.search', token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "volley"' }) }),
  'POST /api/scim/v2/Groups': async (_m, f) => {
    const displayName = f.unique('Same Group');
    return times({ url: '/api/scim/v2/Groups', token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName }) });
  },
  'PUT /api/scim/v2/Groups/:id': async (_m, f) => {
    const group = await scimGroup(f);
    const members = await scimAdmins(f, 2);
    return times((i) => ({
      url: `/api/scim/v2/Groups/${group}`, token: f.scim, headers: scimHeaders,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: f.unique('Put Group'), members: i % 2 ? members.map((value) => ({ value })) : [] }),
    }));
  },
  'PATCH /api/scim/v2/Groups/:id': async (_m, f) => {
    const group = await scimGroup(f);
    const members = await scimAdmins(f, 2);
    return times((i) => ({
      url: `/api/scim/v2/Groups/${group}`, token: f.scim, headers: scimHeaders,
      body: patchOp(i % 2 ? [{ op: 'add', path: 'members', value: members.map((value) => ({ value })) }] : [{ op: 'remove', path: `members[value eq "${members[0]}"]` }]),
    }));
  },
  'DELETE /api/scim/v2/Groups/:id': async (_m, f) => {
    const group = await scimGroup(f);
    return times({ url: `/api/scim/v2/Groups/${group}`, token: f.scim });
  },
  'POST /api/scim/v2/.search': async (_m, f) => times({ url: '/api/scim/v2/.search', token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "volley"' }) }),
  'POST /api/scim/v2/Groups/.search': async (_m, f) => times({ url: '/api/scim/v2/Groups/.search', token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }) }),
  'POST /api/users/:id/workload-identities': async (_m, f) => {
    const { userId } = await serviceToken(f);
    const name = f.unique('same-trust').replaceAll(' ', '-');
    return times({ url: `/api/users/${userId}/workload-identities`, body: { name, issuer: 'https://issuer.example', audience: 'warden', subject: 'repo:acme/etl:*' } });
  },
  'DELETE /api/users/:id/workload-identities/:wid': async (_m, f) => {
    const { userId } = await serviceToken(f);
    const wid = await f.api('POST', `/api/users/${userId}/workload-identities`, { name: f.unique('gone').replaceAll(' ', '-'), issuer: 'https://issuer.example', audience: 'warden', subject: 'repo:acme/etl:*' });
    return times({ url: `/api/users/${userId}/workload-identities/${wid.id}` });
  },
  'POST /api/oauth/token': async (_m, f) => {
    const { token, userId } = await serviceToken(f);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: String(userId), client_secret: token }).toString();
    return times({ url: '/api/oauth/token', token: null, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  },
  'POST /api/directory-mappings': async (_m, f) => {
    const team = await f.api('POST', '/api/teams', { name: f.unique('Mapped Team'), permission: 'viewer' });
    const group = f.unique('Same Group');
    return times((i) => ({ url: '/api/directory-mappings', body: i % 2 ? { group, team_id: team.id } : { group, role: 'manager', reason: 'volley' } }));
  },
  'DELETE /api/directory-mappings/:id': async (_m, f) => {
    const team = await f.api('POST', '/api/teams', { name: f.unique('Unmapped Team'), permission: 'viewer' });
    const mapping = await f.api('POST', '/api/directory-mappings', { group: f.unique('Gone Group'), team_id: team.id });
    return times({ url: `/api/directory-mappings/${mapping.id}` });
  },
  'POST /api/teams/:id/members': async (_m, f) => {
    const team = await f.api('POST', '/api/teams', { name: f.unique('Member Team'), permission: 'viewer' });
    const { userId } = await serviceToken(f);
    return times({ url: `/api/teams/${team.id}/members`, body: { user_id: userId } });
  },
  'DELETE /api/teams/:id/members/:user_id': async (_m, f) => {
    const { userId } = await serviceToken(f);
    const team = await f.api('POST', '/api/teams', { name: f.unique('Leaving Team'), permission: 'viewer', user_ids: [userId] });
    return times({ url: `/api/teams/${team.id}/members/${userId}` });
  },
  'POST /api/teams/:id/maintainers': async (_m, f) => {
    const { userId } = await serviceToken(f);
    const team = await f.api('POST', '/api/teams', { name: f.unique('Maintained Team'), permission: 'viewer', user_ids: [userId] });
    return times({ url: `/api/teams/${team.id}/maintainers`, body: { user_id: userId } });
  },
  'DELETE /api/teams/:id/maintainers/:user_id': async (_m, f) => {
    const { userId } = await serviceToken(f);
    const team = await f.api('POST', '/api/teams', { name: f.unique('Unmaintained Team'), permission: 'viewer', user_ids: [userId] });
    await f.api('POST', `/api/teams/${team.id}/maintainers`, { user_id: userId });
    return times({ url: `/api/teams/${team.id}/maintainers/${userId}` });
  },
  '* /api/scim/v2/*': async (_m, f) => times({ url: '/api/scim/v2/Nothing/here', token: f.scim, headers: scimHeaders, body: '{}' }),
};

async function scimGroup(f: Fixtures): Promise<string> {
  const res = await f.t.request('POST', '/api/scim/v2/Groups', { token: f.scim, headers: scimHeaders, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: f.unique('Volley Group') }) });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

/** Routes whose volleys are refused by design (no session, no code, no such endpoint). */
const REFUSED_WHOLE = new Set(['/api/cli/authorize', '/api/cli/token', '/api/auth/logout', '/api/scim/v2/*']);

function volleyFor(method: string, url: string): Volley | undefined {
  return VOLLEYS[`${method} ${url}`] ?? VOLLEYS[`* ${url}`];
}

/** Fires the requests in the same tick and waits for every answer. */
function fire(t: TestApp, method: string, reqs: Req[]): Promise<Reply[]> {
  return Promise.all(reqs.map((r) => t.request(method, r.url, {
    token: r.token,
    body: r.body === undefined ? undefined : r.body,
    headers: { ...(r.body !== undefined && typeof r.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...r.headers },
  })));
}

describeEachDatabase('same-tick volleys on every mutating route', (dialect) => {
  let f: Fixtures;
  before(async () => {
    const t = await startTestApp(dialect, { WARDEN_EXPOSURE_REPORT_LIMIT: '100000', WARDEN_TEAM_MAINTAINERS: 'on' });
    let counter = 0;
    const api = async (method: string, url: string, body?: unknown) => {
      const res = await t.request(method, url, { body });
      assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${res.text}`);
      return res.body;
    };
    const sync = await api('POST', '/api/users', { name: 'Volley Directory', role: 'admin', reason: 'SCIM provisioning' });
    const scim = (await api('POST', '/api/user-tokens', { name: 'directory', expires_in_days: 30, user_id: sync.id, scim_only: true })).token;
    f = { t, scim, unique: (prefix) => `${prefix} ${++counter}`, api };
  });
  after(async () => f.t.close());

  test('every mutating route has a volley (a new route needs a row in VOLLEYS)', () => {
    const missing = f.t.app.routeMethods.routes().filter(([m, url]) => MUTATING.has(m) && url.startsWith('/api/') && !volleyFor(m, url));
    assert.deepEqual(missing, []);
  });

  test('no volley is answered with a 5xx', async () => {
    const failures: string[] = [];
    for (const [method, url] of f.t.app.routeMethods.routes()) {
      const volley = MUTATING.has(method) && url.startsWith('/api/') ? volleyFor(method, url) : undefined;
      if (!volley) continue;
      const replies = await fire(f.t, method, await volley(method, f));
      for (const r of replies) if (r.status >= 500) failures.push(`${method} ${url}: ${r.status} ${r.text}`);
      // A volley refused whole (a wrong body) would test nothing: at least one request does its work.
      if (!REFUSED_WHOLE.has(url) && !replies.some((r) => r.status < 300)) failures.push(`${method} ${url}: nothing succeeded (${replies[0].status} ${replies[0].text})`);
    }
    assert.deepEqual(failures, []);
  });

  test('concurrent rotations of one token: one successor, every other answer 409 naming it', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await serviceToken(f);
      const replies = await fire(f.t, 'POST', times({ url: `/api/user-tokens/${id}/rotate`, body: { overlap_hours: 1 } }, 16));
      const created = replies.filter((r) => r.status === 201);
      assert.equal(created.length, 1, replies.map((r) => `${r.status} ${r.text}`).join('\n'));
      const successor = created[0].body.successor.id;
      for (const r of replies.filter((x) => x.status !== 201)) {
        assert.equal(r.status, 409, r.text);
        assert.match(r.body.detail, new RegExp(`successor is token ${successor}\\b`));
      }
    }
  });

  test('SCIM rounds demoting and deprovisioning Admins at once never deadlock; some Admin always remains', async () => {
    for (let round = 0; round < 5; round++) {
      const ids = await scimAdmins(f, 4);
      const reqs = ids.flatMap((id, i) => [
        { url: `/api/scim/v2/Users/${id}`, token: f.scim, headers: scimHeaders, body: patchOp([{ op: 'replace', value: { displayName: f.unique('Round'), active: i % 2 === 0 } }]) },
        { url: `/api/scim/v2/Users/${id}`, token: f.scim, headers: scimHeaders, body: patchOp([{ op: 'replace', value: { 'urn:ietf:params:scim:schemas:extension:warden:2.0:User': { role: 'member' } } }]) },
      ]);
      const replies = await fire(f.t, 'PATCH', reqs);
      assert.deepEqual(replies.filter((r) => r.status >= 500).map((r) => r.text), []);
    }
    const active = await f.t.request('GET', '/api/users?role=admin&size=200');
    assert.ok(active.body.items.some((u: { active?: boolean; deactivated_at?: string | null }) => u.deactivated_at === null || u.active === true));
  });

  // Last: it leaves the instance with one Admin.
  test('two Admins demoting each other at once: one wins, the other is refused, one Admin remains', async () => {
    const a = await f.t.serviceUser('Admin A', 'admin');
    const b = await f.t.serviceUser('Admin B', 'admin');
    const others = (await f.t.request('GET', '/api/users?role=admin&size=200')).body.items.filter((u: { id: number }) => u.id !== a.id && u.id !== b.id);
    for (const u of others) assert.equal((await f.t.request('DELETE', `/api/users/${u.id}`, { token: a.token, body: { reason: 'leave two' } })).status, 200);
    const replies = await Promise.all(Array.from({ length: N }, (_, i) => {
      const [actor, target] = i % 2 ? [a, b] : [b, a];
      return f.t.request('PUT', `/api/users/${target.id}`, { token: actor.token, body: { role: 'member' } });
    }));
    assert.deepEqual(replies.filter((r) => r.status >= 500).map((r) => r.text), []);
    const admins = await f.t.db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('deactivated_at', 'is', null).execute();
    assert.equal(admins.length, 1, JSON.stringify(replies.map((r) => [r.status, r.body?.detail])));
  });
});
