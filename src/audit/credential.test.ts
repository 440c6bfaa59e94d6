// Every audit event names the credential that acted (issue 21 §3): a token by its id and display
// hint, a SCIM-only token as scim, a console session by its id and a fingerprint (never its
// secret, never its stored hash), Warden's own work as system; the credential is hashed into new
// events while older events keep their hash; "what did this token do" is a filter of the list and
// the export.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describeEachDatabase, createTestDb, startTestApp, type TestApp } from '../../test/support.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bootstrapAdmin } from '../users/bootstrap.ts';
import { settleEndedAccess } from '../users/service.ts';
import { hashToken, PREFIX } from '../tokens/format.ts';
import { hashSessionId, signIn } from '../sso/service.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../sso/session.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { verifyChain } from './chain.ts';

interface Credential { kind: string; id: number | null; hint: string | null }
interface Event { id: number; action: string; target_type: string; target_id: number | null; credential: Credential | null }

describeEachDatabase('the credential in every audit event', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock();
  before(async () => {
    clock.set(Date.now());
    t = await startTestApp(dialect, { WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }, { clock });
  });
  after(async () => t.close());

  const tokenRow = (secret: string) => t.db.kysely.selectFrom('tokens').select(['id', 'hint']).where('hash', '=', hashToken(secret)).executeTakeFirstOrThrow();
  const events = async (query: string): Promise<Event[]> => {
    const res = await t.request('GET', `/api/audit-events?size=200&${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };
  /** What must never appear: the secret part of a token (all but its prefix). */
  const secretPart = (token: string) => token.slice(PREFIX.personal.length);

  test('a service token and a personal token are named by id and display hint, never the secret', async () => {
    const admin = await t.serviceUser('Credential Admin', 'admin');
    const adminToken = await tokenRow(admin.token);
    const made = await t.request('POST', '/api/users', { token: admin.token, body: { name: 'Made By Service Token' } });
    assert.equal(made.status, 201);
    const [created] = await events(`action=user.created&target_id=${made.body.id}`);
    assert.deepEqual(created.credential, { kind: 'token', id: adminToken.id, hint: adminToken.hint });
    assert.match(created.credential!.hint!, /^wdn_svc_\w{4}…$/);

    const person = await t.personalUser('Pat Holder');
    const pat = await tokenRow(person.token);
    const own = await t.request('POST', '/api/user-tokens', { token: person.token, body: { name: 'second', expires_in_days: 7 } });
    assert.equal(own.status, 201, own.text);
    const [issued] = await events(`action=token.created&target_id=${own.body.id}`);
    assert.deepEqual(issued.credential, { kind: 'token', id: pat.id, hint: pat.hint });
    assert.match(pat.hint, /^wdn_pat_/);

    const text = (await t.request('GET', '/api/audit-events?size=200')).text + (await t.request('GET', '/api/audit-events/export')).text;
    for (const secret of [admin.token, person.token, own.body.token]) assert.ok(!text.includes(secretPart(secret)), 'no token secret in the log');
  });

  test('a SCIM-only token is kind scim, with its id and hint', async () => {
    const sync = await t.request('POST', '/api/users', { body: { name: 'Credential Directory', role: 'admin', reason: 'SCIM' } });
    const scim = (await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } })).body.token as string;
    const row = await tokenRow(scim);
    const res = await t.request('POST', '/api/scim/v2/Users', {
      token: scim, headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scim.credential@example.com', active: true }),
    });
    assert.equal(res.status, 201, res.text);
    const mine = await events(`credential_token_id=${row.id}`);
    assert.ok(mine.length >= 1);
    assert.ok(mine.some((e) => e.action === 'user.created'));
    for (const e of mine) assert.deepEqual(e.credential, { kind: 'scim', id: row.id, hint: row.hint });
    assert.deepEqual((await events(`credential_kind=scim`)).map((e) => e.id), mine.map((e) => e.id));
  });

  test('a console session is named by its id and a fingerprint, neither its secret nor its stored hash', async () => {
    const policy = { sessionHours: 8, sessionIdleMinutes: 60, initialAdmins: [] };
    const claims = { issuer: 'https://idp.example.com', subject: 'cred-1', email: 'session.person@example.com', emailVerified: true, name: 'Session Person' };
    const { user, session } = await signIn(t.db, policy, claims, { requestId: 'req-sign-in', ip: '192.0.2.9', userAgent: 'test' }, null);
    const stored = await t.db.kysely.selectFrom('sessions').select(['id', 'hash']).where('hash', '=', hashSessionId(session.secret)).executeTakeFirstOrThrow();
    const cookie = `${SESSION_COOKIE}=${session.secret}; ${CSRF_COOKIE}=${session.csrf}`;
    const res = await t.request('POST', '/api/user-tokens', { token: null, headers: { cookie, [CSRF_HEADER]: session.csrf }, body: { name: 'from-console', expires_in_days: 7 } });
    assert.equal(res.status, 201, res.text);

    const [issued] = await events(`action=token.created&target_id=${res.body.id}`);
    assert.equal(issued.credential!.kind, 'session');
    assert.equal(issued.credential!.id, stored.id);
    const hint = issued.credential!.hint!;
    assert.match(hint, /^[0-9a-f]{16}$/);
    for (const secret of [session.secret, stored.hash, session.csrf]) assert.ok(!secret.includes(hint) && !hint.includes(secret.slice(0, 8)), 'the fingerprint is neither the secret nor the stored hash');
    // The sign-in's own events: the session by its fingerprint (its id once it exists).
    const signedIn = await events(`target_type=session&target_id=${stored.id}`);
    assert.deepEqual(signedIn.map((e) => [e.action, e.credential]), [['session.created', { kind: 'session', id: stored.id, hint }]]);
    const [account] = await events(`action=user.created&target_id=${user.id}`);
    assert.deepEqual(account.credential, { kind: 'session', id: null, hint }, 'made at sign-in, before the session had an id');
    assert.ok(!(await events('credential_kind=session')).some((e) => e.credential!.kind !== 'session'));

    const text = (await t.request('GET', '/api/audit-events?size=200')).text + (await t.request('GET', '/api/audit-events/export')).text;
    for (const secret of [session.secret, stored.hash, session.csrf]) assert.ok(!text.includes(secret), 'no session secret, stored hash or CSRF token in the log');
  });

  test('Warden\'s own work is system, naming the part: bootstrap, the scheduler, the exposure worker', async () => {
    const [boot] = await events(`action=user.created&target_id=${t.adminId}`);
    assert.deepEqual(boot.credential, { kind: 'system', id: null, hint: 'bootstrap' });

    const person = await t.personalUser('Briefly Admin');
    const until = new Date(clock.now() + 60_000).toISOString();
    assert.equal((await t.request('PUT', `/api/users/${person.id}`, { body: { role: 'admin', until, reason: 'incident' } })).status, 200);
    clock.set(Date.parse(until));
    await settleEndedAccess(t.db, clock.now());
    const [expired] = await events(`action=access.elevation_expired&target_id=${person.id}`);
    assert.deepEqual(expired.credential, { kind: 'system', id: null, hint: 'scheduler' });

    const leaky = await t.personalUser('Leaky Credential');
    const leakyRow = await tokenRow(leaky.token);
    assert.equal((await t.request('POST', '/api/credentials/revoke', { token: null, body: { credentials: [leaky.token] } })).status, 202);
    let revoked: Event | undefined;
    for (let i = 0; i < 100 && !revoked; i++) {
      [revoked] = await events(`action=token.revoked&target_id=${leakyRow.id}`);
      if (!revoked) await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(revoked?.credential, { kind: 'system', id: null, hint: 'exposure-worker' });
  });

  test('credential_token_id lists what one token did, and only that; the export carries the credential and the same filter', async () => {
    const a = await t.serviceUser('Filter Actor A', 'admin');
    const b = await t.serviceUser('Filter Actor B', 'admin');
    const rowA = await tokenRow(a.token);
    for (const n of [1, 2, 3]) await t.request('POST', '/api/users', { token: a.token, body: { name: `By A ${n}` } });
    await t.request('POST', '/api/users', { token: b.token, body: { name: 'By B' } });
    const res = await t.request('GET', `/api/audit-events?credential_token_id=${rowA.id}&size=2`);
    assert.equal(res.body.total, 3);
    assert.equal(res.body.items.length, 2);
    assert.equal(res.body.items[0].changes.name.after, 'By A 3', 'newest first');
    assert.ok(res.body.items.every((e: Event) => e.credential!.id === rowA.id && e.credential!.kind === 'token'));
    assert.equal((await t.request('GET', '/api/audit-events?credential_token_id=999999')).body.total, 0);
    for (const bad of ['abc', '0', '-1']) assert.equal((await t.request('GET', `/api/audit-events?credential_token_id=${bad}`)).status, 422, bad);
    assert.equal((await t.request('GET', '/api/audit-events?credential_kind=password')).status, 422);

    const exported = (await t.request('GET', `/api/audit-events/export?credential_token_id=${rowA.id}`)).text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(exported.map((e) => e.changes.name.after), ['By A 1', 'By A 2', 'By A 3']);
    for (const e of exported) assert.deepEqual(e.credential, { kind: 'token', id: rowA.id, hint: rowA.hint });
    const all = (await t.request('GET', '/api/audit-events/export')).text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(all.every((e) => e.credential !== null && typeof e.credential.kind === 'string'), 'every event written now names its credential');
  });

  test('the credential is hashed: changing, moving or clearing it on a new event breaks verification at that event', async () => {
    const k = t.db.kysely;
    await t.serviceUser('Tamper Credential');
    const last = await k.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.ok(last.credential_kind);
    assert.equal((await verifyChain(k)).ok, true);
    for (const change of [{ credential_id: 424242 }, { credential_hint: 'wdn_svc_Fake…' }, { credential_kind: 'system' }, { credential_kind: null, credential_id: null, credential_hint: null }]) {
      await k.updateTable('audit_events').set(change).where('id', '=', last.id).execute();
      const report = await verifyChain(k);
      assert.deepEqual([report.ok, report.first_failure?.id, report.first_failure?.problem], [false, last.id, 'edited'], JSON.stringify(change));
      await k.updateTable('audit_events').set({ credential_kind: last.credential_kind, credential_id: last.credential_id, credential_hint: last.credential_hint }).where('id', '=', last.id).execute();
    }
    assert.equal((await verifyChain(k)).ok, true);
  });
});

describeEachDatabase('the credential across the upgrade', (dialect) => {
  test('events written before keep their hash and show credential null; new ones name theirs; the chain verifies across both; tampering with a new credential is caught', async () => {
    const testDb = await createTestDb(dialect);
    try {
      await migrateToLatest(testDb.db, '0014_exposure_reports');
      // Events as the version before wrote them: hashed over the ten fields it knew (computed here
      // independently of chain.ts, so that a change to the old form would fail this test).
      const k = testDb.db.kysely;
      let prev = '0'.repeat(64);
      for (let i = 1; i <= 3; i++) {
        const e = { at: new Date(Date.UTC(2026, 0, i)).toISOString(), actor_id: null, action: 'user.created', target_type: 'user', target_id: i, reason: null, changes: '{}', request_id: `req-${i}`, ip: null };
        const { id } = await (k as any).insertInto('audit_events').values({ ...e, prev_hash: prev }).returning('id').executeTakeFirstOrThrow();
        const hash = crypto.createHash('sha256').update(prev).update('\n')
          .update(JSON.stringify([id, e.at, e.actor_id, e.action, e.target_type, e.target_id, e.reason, e.changes, e.request_id, e.ip])).digest('hex');
        await (k as any).updateTable('audit_events').set({ hash }).where('id', '=', id).execute();
        prev = hash;
      }
      await migrateToLatest(testDb.db);
      const old = await k.selectFrom('audit_events').select(['id', 'hash', 'credential_kind']).orderBy('id').execute();
      assert.ok(old.length === 3 && old.every((e) => e.credential_kind === null));
      const before = await verifyChain(k);
      assert.deepEqual([before.ok, before.head?.hash], [true, prev], 'the old events verify with the hashes the old version gave them');
      await bootstrapAdmin(testDb.db, null); // written now: credential system/bootstrap
      const fresh = await k.selectFrom('audit_events').selectAll().where('id', '>', old[old.length - 1].id).orderBy('id').execute();
      assert.ok(fresh.length >= 1);
      for (const e of fresh) assert.deepEqual([e.credential_kind, e.credential_id, e.credential_hint], ['system', null, 'bootstrap']);
      const report = await verifyChain(k);
      assert.deepEqual([report.ok, report.checked], [true, old.length + fresh.length]);

      // An old event given a credential now does not match its hash either.
      await sql`update audit_events set credential_kind = 'token', credential_id = 1 where id = ${old[0].id}`.execute(k);
      const forged = await verifyChain(k);
      assert.deepEqual([forged.first_failure?.id, forged.first_failure?.problem], [old[0].id, 'edited']);
      await sql`update audit_events set credential_kind = null, credential_id = null where id = ${old[0].id}`.execute(k);
      await sql`update audit_events set credential_hint = 'scheduler' where id = ${fresh[0].id}`.execute(k);
      const tampered = await verifyChain(k);
      assert.deepEqual([tampered.first_failure?.id, tampered.first_failure?.problem], [fresh[0].id, 'edited']);
    } finally {
      await testDb.drop();
    }
  });
});
