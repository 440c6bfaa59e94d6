// Cross-node propagation: three real `warden serve` processes on one PostgreSQL; each of issue 13's
// five kinds of change is made on node A, and nodes B and C (which hold the state before in their
// caches) are probed until they answer accordingly. The same measurement as test/alone/multi-node.test.ts,
// with more changes.
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { measurePropagation, percentile, setUpChangeKinds, startNode, waitListening } from '../test/multi-node-support.ts';

const ROUNDS = Number(process.env.BENCH_MULTI_NODE_ROUNDS ?? 100);
/** Busy processes, one pinned to each core, while the changes are measured: the machine under full CPU load (issue 24). */
const BURNERS = Number(process.env.BENCH_MULTI_NODE_BURNERS ?? os.availableParallelism());

function burn(): ChildProcess[] {
  return Array.from({ length: BURNERS }, (_, i) => spawn('taskset', ['-c', String(i % os.availableParallelism()), process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

export async function benchMultiNode(): Promise<string | null> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch {
    console.warn('PostgreSQL not reachable: no multi-node figures');
    return null;
  }
  const name = `warden_bench_nodes_${crypto.randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.toString(), dataDir: '/tmp', poolSize: 2 });
  const nodes = [];
  let burners: ChildProcess[] = [];
  try {
    await migrateToLatest(db);
    const token = (await bootstrapAdmin(db, null)).token;
    for (const n of ['A', 'B', 'C']) nodes.push(await startNode(n, { WARDEN_DATABASE_URL: url.toString() }));
    await Promise.all(nodes.map((n) => waitListening(n)));
    const kinds = await setUpChangeKinds(nodes[0], token);
    burners = burn();
    const loadBefore = os.loadavg()[0];
    const rows: string[] = [];
    const everything: number[] = [];
    let stale = 0;
    for (const kind of kinds) {
      const { deny, allow } = await measurePropagation(kind, nodes[0], nodes.slice(1), ROUNDS);
      const all = [...deny.latencies, ...allow.latencies];
      everything.push(...all);
      stale += deny.staleAllows;
      rows.push(`| ${kind.name} | ${2 * ROUNDS} | ${all.length} | ${percentile(all, 50).toFixed(1)} | ${percentile(all, 99).toFixed(1)} | ${Math.max(...all).toFixed(1)} | ${deny.staleAllows} | ${deny.flaps + allow.flaps} |`);
      console.log(rows.at(-1));
    }
    const loadAfter = os.loadavg()[0];
    rows.push(`| **all** | ${2 * ROUNDS * kinds.length} | ${everything.length} | ${percentile(everything, 50).toFixed(1)} | ${percentile(everything, 99).toFixed(1)} | ${Math.max(...everything).toFixed(1)} | ${stale} | |`);
    return [
      `Three \`warden serve\` processes (not pinned: they share both cores with PostgreSQL, the probing process and ${BURNERS} busy processes, one pinned to each core, that keep the machine under full CPU load while the changes are measured; 1-minute load average ${loadBefore.toFixed(1)} at the start of the measurement, ${loadAfter.toFixed(1)} at its end) on one PostgreSQL. Each change is made through node A's API (alternately denying and allowing again); after A acknowledges it, B and C are probed (\`GET /api/forward-auth\`, 1 ms apart) until they answer accordingly. Latency: from A's acknowledgement to the first answer that reflects the change, so it includes a probe's round trip. "Stale allows": answers still allowing that were sent 100 ms or more after a denying change was acknowledged.`,
      '',
      '| change made on A | changes | answers measured (B and C) | p50 ms | p99 ms | max ms | stale allows | answers back to the old state |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
  } finally {
    for (const b of burners) b.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.stop()));
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
