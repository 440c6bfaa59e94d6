// Concurrent SCIM creates share a transaction (db/group-commit.ts, issue 24): each is answered as if
// it ran alone. A batch with a create that fails (a userName taken in the same batch) still commits
// every other create and answers the failing one 409; every created user has its audit event and
// the audit chain verifies; the caches hear of each new user.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { groupCommitStats } from '../db/group-commit.ts';
import { verifyChain } from '../audit/chain.ts';
import { systemContext } from '../access/principal.ts';
import { ScimError } from './errors.ts';
import { createScimUser, deleteScimUser, type Versioned } from './service.ts';

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

  test('a batch with duplicates: the others commit, each duplicate answers 409 as after the first, without running the batch again', async () => {
    const before = groupCommitStats(t.db.kysely);
    const names = ['dup@batch.example', 'a@batch.example', 'dup@batch.example', 'b@batch.example', 'DUP@batch.example', 'c@batch.example'];
    const replies = await Promise.all(names.map((n, i) => create(n, 100 + i)));
    const after = groupCommitStats(t.db.kysely);
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 409, 201, 409, 201], replies.map((r) => r.text).join('\n'));
    assert.equal(replies[2].body.scimType, 'uniqueness');
    assert.equal(replies[2].body.detail, 'userName "dup@batch.example" is already taken');
    assert.equal(replies[4].body.detail, 'userName "DUP@batch.example" is already taken');
    assert.equal(after.fallbacks, before.fallbacks, 'decided inside the batch: nothing ran twice');
    for (const n of ['dup@batch.example', 'a@batch.example', 'b@batch.example', 'c@batch.example']) {
      const found = await t.request('GET', `/api/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${n}"`)}`, { token });
      assert.equal(found.body.totalResults, 1, n);
    }
    const dupEvents = await t.db.kysely.selectFrom('audit_events as e').innerJoin('users as u', 'u.id', 'e.target_id')
      .select('e.id').where('e.action', '=', 'user.created').where('u.user_id', '=', 'dup@batch.example').execute();
    assert.equal(dupEvents.length, 1, 'the rolled-back batch left no event behind');
    assert.equal((await verifyChain(t.db.kysely)).ok, true);
  });

  const body = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    userName, externalId: 'same-ext', active: false, displayName: 'Same Person', name: { givenName: 'Same', familyName: 'Person' },
    emails: [{ value: userName, type: 'work', primary: true }, { value: `home.${userName}`, type: 'home' }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'D1' },
    'urn:ietf:params:scim:schemas:extension:warden:2.0:User': { role: 'manager' },
    ...extra,
  });
  const post = (b: unknown) => t.request('POST', '/api/scim/v2/Users', { token, headers: { 'content-type': 'application/scim+json' }, body: JSON.stringify(b) });
  /** An answer without what differs between two users by necessity (id, userName, emails, times, tag). */
  const shape = (doc: Record<string, unknown>) => {
    const { id: _id, userName: _u, emails: _e, meta, ...rest } = doc as { id: string; userName: string; emails: unknown; meta: Record<string, unknown> } & Record<string, unknown>;
    return { ...rest, metaKeys: Object.keys(meta), resourceType: meta.resourceType, createdIsModified: meta.created === meta.lastModified };
  };
  const createdEvent = async (id: number) => {
    const e = await t.db.kysely.selectFrom('audit_events').selectAll().where('action', '=', 'user.created').where('target_id', '=', id).executeTakeFirstOrThrow();
    const changes = JSON.parse(e.changes) as Record<string, { before: unknown; after: unknown }>;
    delete changes.user_id;
    delete changes.email;
    delete (changes.scim.after as Record<string, unknown>).userName;
    delete (changes.scim.after as Record<string, unknown>).emails;
    return { actor_id: e.actor_id, target_type: e.target_type, reason: e.reason, credential_kind: e.credential_kind, credential_id: e.credential_id, changes };
  };

  test('a create in a batch of eight answers, stores and audits what a create on its own does', async () => {
    const lone = await post(body('lone@same.example'));
    assert.equal(lone.status, 201, lone.text);
    const before = groupCommitStats(t.db.kysely);
    const heard: { kind: string; id: number | null }[] = [];
    const stop = t.db.changes.subscribe((changes) => heard.push(...changes));
    const batch = await Promise.all(Array.from({ length: 8 }, (_, i) => post(body(`batched${i}@same.example`))));
    stop();
    const after = groupCommitStats(t.db.kysely);
    assert.ok(after.setRuns > before.setRuns, 'the creates ran together');
    // the caches heard of each new user, by its id, and of nothing wider
    assert.deepEqual(batch.map((r) => Number(r.body.id)).filter((id) => !heard.some((c) => c.kind === 'user' && c.id === id)), []);
    assert.equal(heard.some((c) => c.kind === 'all'), false, JSON.stringify(heard));
    for (const r of batch) {
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(shape(r.body), shape(lone.body));
      assert.equal(r.body.active, false);
      assert.deepEqual(r.body['urn:ietf:params:scim:schemas:extension:warden:2.0:User'], { role: 'manager' });
      assert.deepEqual(r.body.emails, [{ value: r.body.userName, type: 'work', primary: true }, { value: `home.${r.body.userName}`, type: 'home' }]);
      const read = await t.request('GET', `/api/scim/v2/Users/${r.body.id}`, { token });
      assert.deepEqual(read.body, r.body);
      assert.deepEqual(await createdEvent(Number(r.body.id)), await createdEvent(Number(lone.body.id)));
      // the emails were stored: the filtered lookup finds the user by the second one
      const byEmail = await t.request('GET', `/api/scim/v2/Users?filter=${encodeURIComponent(`emails[type eq "home"].value eq "home.${r.body.userName}"`)}`, { token });
      assert.deepEqual(byEmail.body.Resources.map((u: { id: string }) => u.id), [r.body.id]);
    }
    assert.equal((await verifyChain(t.db.kysely)).ok, true);
  });

  test('one batch with every path: re-attach, SSO attach, a user_id taken, duplicates of each, plain creates', async () => {
    // a detached SCIM user (re-attached by its userName), an SSO account (attached by its verified email), a plain account (its user_id taken)
    const detached = await post(body('detached@paths.example'));
    assert.equal((await t.request('DELETE', `/api/scim/v2/Users/${detached.body.id}`, { token })).status, 204);
    const sso = await t.personalUser('sso-person', 'member', 'sso.person@paths.example');
    const now = new Date().toISOString();
    await t.db.kysely.insertInto('sso_identities').values({ issuer: 'https://idp.example', subject: 'sso-person', user_id: sso.id, created_at: now, last_login_at: now, email_verified: 1 }).execute();
    const plain = await t.personalUser('plain-person', 'member', 'plain@paths.example');
    const attached = await post(body('attached@paths.example'));
    assert.equal(attached.status, 201, attached.text);

    const before = groupCommitStats(t.db.kysely);
    const asks = [
      body('new1@paths.example'),
      body('detached@paths.example'),
      body('sso.newname@paths.example', { emails: [{ value: 'SSO.Person@paths.example', type: 'work', primary: true }] }),
      body(plain.user_id),
      body('attached@paths.example'),
      body('NEW1@paths.example'),
      body('new2@paths.example'),
    ];
    const replies = await Promise.all(asks.map((b) => post(b)));
    const after = groupCommitStats(t.db.kysely);
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 201, 409, 409, 409, 201], replies.map((r) => r.text).join('\n'));
    assert.equal(replies[1].body.id, detached.body.id, 're-attached');
    assert.equal(replies[2].body.id, String(sso.id), 'attached to the SSO account');
    assert.equal(replies[3].body.detail, `A Warden account with user_id "${plain.user_id}" already exists`);
    assert.equal(replies[4].body.detail, 'userName "attached@paths.example" is already taken');
    assert.equal(replies[5].body.detail, 'userName "NEW1@paths.example" is already taken');
    assert.equal(after.fallbacks, before.fallbacks);
    for (const r of replies.filter((x) => x.status === 201)) {
      const read = await t.request('GET', `/api/scim/v2/Users/${r.body.id}`, { token });
      assert.deepEqual(read.body, r.body);
    }
    const actions = await t.db.kysely.selectFrom('audit_events').select(['action', 'target_id']).where('target_id', 'in', replies.filter((r) => r.status === 201).map((r) => Number(r.body.id))).where('id', '>', 0).where('action', 'in', ['user.created', 'user.scim_attached']).orderBy('id').execute();
    assert.equal(actions.filter((a) => a.action === 'user.scim_attached' && a.target_id === Number(detached.body.id)).length, 1);
    assert.equal(actions.filter((a) => a.action === 'user.scim_attached' && a.target_id === sso.id).length, 1);
    assert.equal((await verifyChain(t.db.kysely)).ok, true);
  });

  test('the one-at-a-time form (a batch that fell back) answers, stores and audits what the set form does', async () => {
    const ctx = systemContext('test');
    const base = 'https://warden.example/api/scim/v2';
    const detached = await createScimUser(t.db, ctx, body('again@forms.example'), base);
    await deleteScimUser(t.db, ctx, detached.resource.id as string, {}, base);
    // called in one tick: one batch. Its second re-attach of the same userName fails inside it (the
    // first attached it): the batch rolls back and each create runs alone, one at a time
    let before = groupCommitStats(t.db.kysely);
    const alone = await Promise.allSettled(['again@forms.example', 'again@forms.example', 'one0@forms.example', 'one1@forms.example'].map((n) => createScimUser(t.db, ctx, body(n), base)));
    let after = groupCommitStats(t.db.kysely);
    assert.equal(after.fallbacks - before.fallbacks, 1, 'the batch fell back');
    assert.deepEqual(alone.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refused = (alone[1] as PromiseRejectedResult).reason as ScimError;
    assert.ok(refused instanceof ScimError && refused.scimType === 'uniqueness', String(refused));
    assert.equal((alone[0] as PromiseFulfilledResult<Versioned>).value.resource.id, detached.resource.id, 're-attached');

    before = groupCommitStats(t.db.kysely);
    const together = await Promise.all(['set0@forms.example', 'set1@forms.example'].map((n) => createScimUser(t.db, ctx, body(n), base)));
    after = groupCommitStats(t.db.kysely);
    assert.equal(after.setRuns - before.setRuns, 1, 'one set');
    assert.equal(after.fallbacks, before.fallbacks);
    for (const [k, r] of together.entries()) {
      const one = (alone[2 + k] as PromiseFulfilledResult<Versioned>).value;
      assert.deepEqual(shape(r.resource), shape(one.resource));
      assert.deepEqual(await createdEvent(Number(r.resource.id)), await createdEvent(Number(one.resource.id)));
      const read = await t.request('GET', `/api/scim/v2/Users/${r.resource.id}`, { token });
      assert.equal(read.headers.etag, r.etag);
    }
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
