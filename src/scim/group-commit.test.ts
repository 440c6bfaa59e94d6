// Concurrent SCIM creates share a transaction (db/group-commit.ts, issue 24): each is answered as if
// it ran alone. A batch with a create that fails (a userName taken in the same batch) still commits
// every other create and answers the failing one 409; every created user has its audit event and
// the audit chain verifies; the caches hear of each new user.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { groupCommitStats } from '../db/group-commit.ts';
import { verifyChain } from '../audit/chain.ts';

describeEachDatabase('SCIM: concurrent creates in group commit', (dialect) => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await startTestApp(dialect);
    const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
    token = (await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } })).body.token;
  });
  after(async () => t.close());

  const create = (userName: string, i: number) => t.request('POST', '/api/scim/v2/Users', {
    token, headers: { 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: `ext-${i}`, displayName: `Person ${i}`, emails: [{ value: userName, type: 'work', primary: true }] }),
  });

  test('forty creates at once: batched, each answered 201 with its own user, all audited, the chain intact', async () => {
    const before = groupCommitStats(t.db.kysely);
    const names = Array.from({ length: 40 }, (_, i) => `person${i}@batch.example`);
    const replies = await Promise.all(names.map((n, i) => create(n, i)));
    const after = groupCommitStats(t.db.kysely);
    for (const [i, r] of replies.entries()) {
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.userName, names[i]);
      assert.equal(r.body.externalId, `ext-${i}`);
      assert.equal(r.headers.etag, r.body.meta.version);
      // what the create answered is what a read answers
      const read = await t.request('GET', `/api/scim/v2/Users/${r.body.id}`, { token });
      assert.equal(read.status, 200);
      assert.equal(read.headers.etag, r.headers.etag);
      assert.deepEqual(read.body, r.body);
    }
    assert.equal(new Set(replies.map((r) => r.body.id)).size, 40);
    assert.equal(after.units - before.units, 40);
    assert.ok(after.batches - before.batches < 40, `the creates shared transactions (${after.batches - before.batches} batches for 40)`);
    const events = await t.db.kysely.selectFrom('audit_events').select('target_id').where('action', '=', 'user.created').where('target_id', 'in', replies.map((r) => Number(r.body.id))).execute();
    assert.equal(events.length, 40, 'one user.created event per user');
    const chain = await verifyChain(t.db.kysely);
    assert.equal(chain.ok, true, JSON.stringify(chain.first_failure));
  });

  test('a batch with a failing create: the others commit, the duplicate answers 409 alone', async () => {
    const before = groupCommitStats(t.db.kysely);
    const names = ['dup@batch.example', 'a@batch.example', 'dup@batch.example', 'b@batch.example', 'DUP@batch.example', 'c@batch.example'];
    const replies = await Promise.all(names.map((n, i) => create(n, 100 + i)));
    const after = groupCommitStats(t.db.kysely);
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 409, 201, 409, 201], replies.map((r) => r.text).join('\n'));
    assert.equal(replies[2].body.scimType, 'uniqueness');
    assert.ok(after.fallbacks > before.fallbacks, 'the failing batch ran again unit by unit');
    for (const n of ['dup@batch.example', 'a@batch.example', 'b@batch.example', 'c@batch.example']) {
      const found = await t.request('GET', `/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${n}"`)}`, { token });
      assert.equal(found.body.totalResults, 1, n);
    }
    const dupEvents = await t.db.kysely.selectFrom('audit_events as e').innerJoin('users as u', 'u.id', 'e.target_id')
      .select('e.id').where('e.action', '=', 'user.created').where('u.user_id', '=', 'dup@batch.example').execute();
    assert.equal(dupEvents.length, 1, 'the rolled-back batch left no event behind');
    assert.equal((await verifyChain(t.db.kysely)).ok, true);
  });

  test('a new user is known to the API at once (the caches heard of it)', async () => {
    const r = await create('cached@batch.example', 200);
    assert.equal(r.status, 201);
    const viaApi = await t.request('GET', `/api/users/${r.body.id}`);
    assert.equal(viaApi.status, 200, viaApi.text);
    assert.equal(viaApi.body.user_id, 'cached@batch.example');
  });
});
