// GET /api/audit-events/export streams 1,000,000 events from a real `warden serve` without the
// server's memory (its resident set, read from /proc) growing past 100 MB over its baseline: the
// server after a first, smaller export (V8 grows its heap to the allocation rate of an export
// once; what matters is that nothing grows with the number of events). Both figures are printed.
// The events are seeded by direct SQL; the client counts lines without keeping them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { DATABASES, createTestDb, type TestDb } from './support.ts';
import { spawnServe } from './cli-support.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';

const EVENTS = 1_000_000;
const MB = 1024 * 1024;

async function seed(testDb: TestDb): Promise<void> {
  const changes = '{"role":{"before":"member","after":"manager"},"team_ids":{"before":[1],"after":[1,2]}}';
  if (testDb.db.dialect === 'postgres') {
    await sql`insert into audit_events (at, actor_id, action, target_type, target_id, reason, changes, request_id, ip)
      select timestamptz '2025-01-01T00:00:00Z' + n * interval '1 second', null, 'user.updated', 'user', n % 1000 + 1, 'seeded for the export test', ${changes}, 'req-' || n, '192.0.2.1'
      from generate_series(1, ${EVENTS}::int) as n`.execute(testDb.db.kysely);
  } else {
    await sql`with recursive c(n) as (select 1 union all select n + 1 from c where n < ${EVENTS})
      insert into audit_events (at, actor_id, action, target_type, target_id, reason, changes, request_id, ip)
      select strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || n || ' seconds'), null, 'user.updated', 'user', n % 1000 + 1, 'seeded for the export test', ${changes}, 'req-' || n, '192.0.2.1' from c`.execute(testDb.db.kysely);
  }
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const serve = (env: Record<string, string>) => spawnServe({ WARDEN_SCHEDULER_INTERVAL_SECONDS: '0', ...env }, { timeoutMs: 60_000 });

/** Streams the export, counting lines and bytes without keeping them. */
async function countExport(url: string, token: string, query = ''): Promise<{ lines: number; bytes: number; last: string }> {
  const res = await fetch(`${url}/api/audit-events/export${query}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  let lines = 0;
  let bytes = 0;
  let tail = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    tail = (tail + Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2000))).toString('utf8')).slice(-2000);
  }
  return { lines, bytes, last: tail.trimEnd().split('\n').pop()! };
}

for (const dialect of DATABASES) {
  test(`[${dialect}] the export streams 1,000,000 events with the server's memory under 100 MB over its baseline`, async () => {
    const testDb = await createTestDb(dialect);
    let node: { child: ChildProcess; url: string } | null = null;
    try {
      await migrateToLatest(testDb.db);
      const seeded = performance.now();
      await seed(testDb);
      const { token } = await bootstrapAdmin(testDb.db, null);
      const total = Number((await testDb.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      console.log(`# [${dialect}] seeded ${total} events in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
      node = await serve(testDb.env);
      const pid = node.child.pid!;
      // Cold: the server after start and one small export (modules loaded, statements prepared).
      await countExport(node.url, token, `?after_id=${total - 5000}`);
      await new Promise((r) => setTimeout(r, 500));
      const cold = rssOf(pid);
      // Baseline: the peak of a smaller export (the last 100,000 events), where V8 sizes its heap for
      // an export's allocation rate. Constant memory means the full export, ten times the events,
      // adds nothing that grows with their number on top of that. (The resident size some time
      // after an export is no baseline: V8 may or may not have given its heap back by then, and on
      // PostgreSQL that moved the same export's growth between 51 and 112 MB.)
      let peak = rssOf(pid);
      const sampler = setInterval(() => { peak = Math.max(peak, rssOf(pid)); }, 25);
      await countExport(node.url, token, `?after_id=${total - 100_000}`);
      const baseline = peak;
      const started = performance.now();
      const result = await countExport(node.url, token);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, rssOf(pid));
      console.log(`# [${dialect}] exported ${result.lines} events (${(result.bytes / MB).toFixed(0)} MB NDJSON) in ${seconds.toFixed(1)} s; server RSS cold ${(cold / MB).toFixed(0)} MB, baseline ${(baseline / MB).toFixed(0)} MB (the peak of a 100,000-event export), peak ${(peak / MB).toFixed(0)} MB: growth ${((peak - baseline) / MB).toFixed(1)} MB over the baseline (${((peak - cold) / MB).toFixed(1)} MB over cold)`);
      assert.equal(result.lines, total);
      assert.ok(result.lines >= EVENTS);
      assert.equal(JSON.parse(result.last).id, total, 'the last line is the newest event');
      assert.ok(peak - baseline < 100 * MB, `memory grew ${((peak - baseline) / MB).toFixed(1)} MB`);
    } finally {
      node?.child.kill('SIGKILL');
      await testDb.drop();
    }
  });
}
