// A directory pushing a large group must not freeze the server (issue 17 §5): a PATCH adding
// 2,000 members to a group blocked the event loop for 0.3–1.5 s (its add compared every new
// member with every present one). The probe is a 5 ms timer; its worst gap over the request is
// how long nothing else (a /healthz, a forward-auth check) could have been answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { nameKey } from '../http/text.ts';
import { chunks } from '../db/batch.ts';

const MEMBERS = 2_000;
/** Generous: the add took ~700 ms before, ~50–150 ms after, on a shared, loaded 2-core machine. */
const BOUND_MS = 150;

describeEachDatabase('SCIM: a 2,000-member group PATCH', (dialect) => {
  let t: TestApp;
  let token: string;
  let ids: number[];
  before(async () => {
    t = await startTestApp(dialect);
    const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
    token = (await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } })).body.token;
    // 2,000 provisioned users, written directly (creating them over HTTP is not what is measured)
    const now = new Date().toISOString();
    const names = Array.from({ length: MEMBERS }, (_, i) => `member${i}@large.example`);
    for (const batch of chunks(names, 500)) {
      await t.db.kysely.insertInto('users').values(batch.map((n) => ({
        user_id: n, type: 'personal', name: n, email: n, role: 'member', owner_id: null, purpose: null, provisioned_by: 'scim',
        created_at: now, created_by: null, updated_at: now, deactivated_at: null,
      }))).execute();
    }
    const rows = await t.db.kysely.selectFrom('users').select(['id', 'user_id']).where('provisioned_by', '=', 'scim').orderBy('id').execute();
    for (const batch of chunks(rows, 500)) {
      await t.db.kysely.insertInto('scim_users').values(batch.map((r) => ({
        user_id: r.id, user_name: r.user_id, user_name_key: nameKey(r.user_id), external_id: null, display_name: null, formatted_name: null,
        family_name: null, given_name: null, middle_name: null, honorific_prefix: null, honorific_suffix: null,
        attributes: JSON.stringify({ userName: r.user_id }), created_at: now, updated_at: now, detached_at: null,
      }))).execute();
    }
    ids = rows.map((r) => r.id);
    assert.equal(ids.length, MEMBERS);
  });
  after(async () => t.close());

  const scim = (method: string, url: string, body?: unknown) =>
    t.request(method, `/api/scim/v2${url}`, { token, headers: { 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  /** The request's result and the event loop's worst stall (ms) while it ran. */
  async function probed<T>(run: () => Promise<T>): Promise<{ result: T; worstMs: number }> {
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    try {
      const result = await run();
      worst = Math.max(worst, performance.now() - last);
      return { result, worstMs: worst };
    } finally {
      clearInterval(timer);
    }
  }

  test(`adding ${MEMBERS} members in one PATCH is applied, audited once, and never stalls the event loop ${BOUND_MS} ms`, async () => {
    const stalls: number[] = [];
    // the best of three groups: one stall from a neighbour's load on the shared machine is not ours
    for (let round = 0; round < 3; round++) {
      const group = await scim('POST', '/Groups', { displayName: `Large ${round}` });
      assert.equal(group.status, 201, group.text);
      const { result: res, worstMs } = await probed(() => scim('PATCH', `/Groups/${group.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: 'members', value: ids.map((id) => ({ value: String(id) })) }],
      }));
      assert.equal(res.status, 200, res.text.slice(0, 300));
      assert.equal(res.body.members.length, MEMBERS);
      stalls.push(worstMs);
      const team = await t.request('GET', `/api/teams/${group.body.id}`);
      assert.equal(team.body.users.length, MEMBERS);
      const events = (await t.request('GET', `/api/audit-events?target_id=${group.body.id}&action=team.updated`)).body.items;
      assert.equal(events.length, 1);
      assert.equal(events[0].changes.user_ids.after.length, MEMBERS);
    }
    console.log(`# event loop worst stall per 2,000-member PATCH [${dialect}]: ${stalls.map((s) => s.toFixed(0)).join(', ')} ms`);
    assert.ok(Math.min(...stalls) < BOUND_MS, `worst stalls ${stalls.map((s) => s.toFixed(0)).join(', ')} ms; the best must be under ${BOUND_MS} ms`);
  });
});
