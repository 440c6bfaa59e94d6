// The audit log proves itself (issue 12 §4): a hash chain per database that detects edits,
// deletions and insertions made directly in the database, through the API and `warden audit
// verify`; concurrent writers cannot fork it; the migration hashes existing events; the export
// streams the events with their hashes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describeEachDatabase, createTestDb, startTestApp, type TestApp } from '../../test/support.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bootstrapAdmin } from '../users/bootstrap.ts';
import { eventHash, verifyChain } from './chain.ts';
import { recordAudit, recordAudits } from './service.ts';
import { systemContext } from '../access/principal.ts';
import { inNewTransaction } from '../db/transaction.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/warden.js', import.meta.url).pathname;

describeEachDatabase('audit chain', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }); });
  after(async () => t.close());

  const verify = async () => (await t.request('GET', '/api/audit-events/verify')).body;
  const lastIds = async (n: number) => (await t.db.kysely.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(n).execute()).map((r) => r.id).reverse();

  test('an intact log verifies, with its head; concurrent changes do not fork the chain', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => t.request('POST', '/api/users', { body: { name: `Chain Bot ${i}` } })));
    const report = await verify();
    assert.equal(report.ok, true, JSON.stringify(report.first_failure));
    const [last] = await lastIds(1);
    const total = Number((await t.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(report.checked, total);
    assert.equal(report.head.id, last);
    assert.match(report.head.hash, /^[0-9a-f]{64}$/);
    const member = await t.serviceUser('Chain Member');
    assert.equal((await t.request('GET', '/api/audit-events/verify', { token: member.token })).status, 403);
  });

  test('events written in bulk (recordAudits) are linked and hashed in order, between single ones (recordAudit), and the chain verifies', async () => {
    const ctx = systemContext('chain-test');
    const entry = (n: number) => ({ action: 'user.updated' as const, targetType: 'user', targetId: null, reason: `bulk ${n}`, changes: { n: { before: null, after: n } } });
    const [before] = await lastIds(1);
    await inNewTransaction(t.db.kysely, async (trx) => {
      await recordAudits(trx, [0, 1, 2].map((n) => ({ ctx, entry: entry(n) }))); // the transaction's first: takes the lock, reads the head
      await recordAudit(trx, ctx, entry(3));
      await recordAudits(trx, [4, 5].map((n) => ({ ctx, entry: entry(n) }))); // links to what this transaction wrote last
      await recordAudits(trx, []);
    });
    await recordAudit(t.db.kysely, ctx, entry(6)); // and a later transaction links to them
    const rows = await t.db.kysely.selectFrom('audit_events').selectAll().where('id', '>', before).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.reason), [0, 1, 2, 3, 4, 5, 6].map((n) => `bulk ${n}`));
    for (const [k, r] of rows.entries()) {
      assert.equal(r.hash, eventHash(r.prev_hash!, r), `event ${r.id} hashed as its content says`);
      if (k > 0) assert.equal(r.prev_hash, rows[k - 1].hash, `event ${r.id} links to the one before`);
      assert.equal(r.credential_kind, 'system');
      assert.equal(r.credential_hint, 'chain-test');
    }
    const report = await verify();
    assert.equal(report.ok, true, JSON.stringify(report.first_failure));
    assert.equal(report.head.id, rows.at(-1)!.id);
  });

  test('an edit, a deletion and an insertion made directly in the database are each detected at their event', async () => {
    const k = t.db.kysely;
    await t.serviceUser('Tamper Target One');
    await t.serviceUser('Tamper Target Two');
    const [a, b, c] = await lastIds(3);

    // Edit: someone rewrites why a change was made.
    const original = await k.selectFrom('audit_events').selectAll().where('id', '=', b).executeTakeFirstOrThrow();
    await k.updateTable('audit_events').set({ reason: 'nothing to see here' }).where('id', '=', b).execute();
    let report = await verify();
    assert.deepEqual([report.ok, report.first_failure.id, report.first_failure.problem], [false, b, 'edited']);
    assert.equal(report.head.id, a, 'the head is the last event that matched');
    await k.updateTable('audit_events').set({ reason: original.reason }).where('id', '=', b).execute();
    assert.equal((await verify()).ok, true);

    // Deletion: the next event no longer follows the one before.
    await k.deleteFrom('audit_events').where('id', '=', b).execute();
    report = await verify();
    assert.deepEqual([report.ok, report.first_failure.id, report.first_failure.problem], [false, c, 'broken_link']);
    assert.match(report.first_failure.detail, new RegExp(`does not follow event ${a}`));
    await k.insertInto('audit_events').values(original).execute();
    assert.equal((await verify()).ok, true);

    // Insertion: a row that Warden did not write.
    const forged = await k.insertInto('audit_events').values({ at: new Date().toISOString(), actor_id: null, action: 'user.reviewed', target_type: 'user', target_id: 1, reason: 'forged', changes: '{}', request_id: null, ip: null }).returning('id').executeTakeFirstOrThrow();
    report = await verify();
    assert.deepEqual([report.ok, report.first_failure.id, report.first_failure.problem], [false, forged.id, 'missing_hash']);
    // …also when it copies a hash from elsewhere: it does not match its own content.
    await k.updateTable('audit_events').set({ prev_hash: original.prev_hash, hash: original.hash }).where('id', '=', forged.id).execute();
    report = await verify();
    assert.deepEqual([report.first_failure.id, report.first_failure.problem], [forged.id, 'edited']);
    await k.deleteFrom('audit_events').where('id', '=', forged.id).execute();
    assert.equal((await verify()).ok, true);
  });

  test('the export streams NDJSON oldest first, with each event\'s hashes; after_id resumes', async () => {
    const res = await t.request('GET', '/api/audit-events/export');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
    const lines = res.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    const total = Number((await t.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(lines.length, total);
    assert.ok(lines.every((l, i) => i === 0 || l.id > lines[i - 1].id), 'oldest first');
    assert.ok(lines.every((l, i) => i === 0 || l.prev_hash === lines[i - 1].hash), 'a receiver can follow the chain');
    // The same shape as the list, plus the chain. The list's target_name is a reading aid (the
    // target's current name, outside the chain); the export is the record as hashed, without it.
    const listed = (await t.request('GET', `/api/audit-events?size=1`)).body.items[0];
    const exported = lines.find((l) => l.id === listed.id);
    assert.ok(!('target_name' in exported), 'the export carries only what the chain hashes');
    const { target_name: _name, ...listedRecord } = listed;
    assert.deepEqual({ ...exported, prev_hash: undefined, hash: undefined }, { ...listedRecord, prev_hash: undefined, hash: undefined });
    const resumed = (await t.request('GET', `/api/audit-events/export?after_id=${lines[lines.length - 3].id}`)).text.trimEnd().split('\n');
    assert.equal(resumed.length, 2);
    const created = (await t.request('GET', '/api/audit-events/export?action=user.created')).text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(created.length > 0 && created.every((e) => e.action === 'user.created'));
    const member = await t.serviceUser('Export Member');
    assert.equal((await t.request('GET', '/api/audit-events/export', { token: member.token })).status, 403);
  });
});

describeEachDatabase('audit chain on the database', (dialect) => {
  test('the migration hashes the events that were there before it; `warden audit verify` checks the database, exit 0 or 1 naming the event', async () => {
    const testDb = await createTestDb(dialect);
    try {
      await migrateToLatest(testDb.db, '0010_notifications');
      const k = testDb.db.kysely as any;
      for (let i = 1; i <= 5; i++) {
        await k.insertInto('audit_events').values({ at: new Date(Date.UTC(2025, 0, i)).toISOString(), actor_id: null, action: 'user.created', target_type: 'user', target_id: i, reason: null, changes: '{}', request_id: null, ip: null }).execute();
      }
      await migrateToLatest(testDb.db);
      await bootstrapAdmin(testDb.db, null);
      const report = await verifyChain(testDb.db.kysely);
      assert.deepEqual([report.ok, report.checked], [true, 7]);

      const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', ...testDb.env };
      const ok = await run(process.execPath, [BIN, 'audit', 'verify'], { env });
      assert.match(ok.stdout, /audit chain intact: 7 events, head event 7 [0-9a-f]{64}/);
      await sql`update audit_events set target_id = 99 where id = 3`.execute(testDb.db.kysely);
      const broken = await run(process.execPath, [BIN, 'audit', 'verify'], { env }).then(() => null, (err) => err);
      assert.equal(broken.code, 1);
      assert.match(broken.stdout, /audit chain broken at event 3 \(edited\)/);
      const json = await run(process.execPath, [BIN, 'audit', 'verify', '--json'], { env }).then(() => null, (err) => err);
      assert.equal(JSON.parse(json.stdout).first_failure.id, 3);
    } finally {
      await testDb.drop();
    }
  });
});
