// A node's memory under sustained load, by V8 setting: `warden serve` (pinned as in bench/scale.ts,
// default configuration) answering cached-and-uncached forward-auth drawn uniformly over a data set
// larger than the caches' bounds (the churn of bench/scale.ts's uniform rows), its RSS sampled
// every 100 ms. Each setting is started LOAD_ROUNDS times, rounds alternated, so that outside load
// falls on every setting alike; the figures are medians: peak RSS, RSS at the end, CPU per request.
//
//   node bench/memory-load.ts                      SQLite, a data set at scale 0.3 (300,000 tokens)
//   LOAD_SCALE=1 LOAD_DATABASE=postgres node bench/memory-load.ts
//   LOAD_SETTINGS='--heap-growing-percent=20;--max-semi-space-size=16' node bench/memory-load.ts
//
// The first setting is always Warden as shipped (no NODE_OPTIONS: bin/warden.js's own
// `--max-semi-space-size=8`); each other is given to Node on its command line (`node <setting>
// bin/warden.js serve`, which keeps it when it re-executes itself with its own flag).
//
//   LOAD_BEFORE=<commit>   also that commit's Warden (unpacked with git archive, as bench/hot-ab.ts
//                          does; or the directory of another checkout), each setting against it,
//                          rounds alternated, on the same data set
//   LOAD_SNAPSHOT=1        after each run, the live data: the server writes a heap snapshot
//                          (--heapsnapshot-signal; V8 collects garbage first) and its objects' sizes
//                          are summed (bench/heap-summary.ts attributes such a snapshot)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabases, cpuSeconds, freePort, measure, ROOT, rssMb, serverPid, startPinned, takeHeapSnapshot, unpackCommit } from './lib.ts';
import { AT_SCALE, seedAtScale } from './seed.ts';
import { uniformDraws } from './draws.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const SCALE = Number(process.env.LOAD_SCALE ?? 0.3);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 2);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 40);
const SETTINGS = ['', ...(process.env.LOAD_SETTINGS ?? '--heap-growing-percent=20;--heap-growing-percent=50').split(';').filter(Boolean)];
const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** LOAD_BEFORE: a commit, or the directory of another checkout (its own node_modules installed). */
function beforeTree(wanted: string | undefined): { dir: string; commit: string } | null {
  if (!wanted) return null;
  if (fs.existsSync(path.join(wanted, 'bin', 'warden.js'))) {
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: wanted, encoding: 'utf8' }).stdout.trim() || path.basename(wanted);
    return { dir: wanted, commit };
  }
  return unpackCommit(wanted, 'LOAD_BEFORE');
}
const before = beforeTree(process.env.LOAD_BEFORE);
const TREES = [...(before ? [{ name: `before (${before.commit})`, root: before.dir }] : []), { name: 'now', root: ROOT }];
const SNAPSHOT = process.env.LOAD_SNAPSHOT === '1';
const snapshotDir = SNAPSHOT ? fs.mkdtempSync(path.join(os.tmpdir(), 'warden-load-snapshot-')) : '';

/** The sum of the objects' sizes in a heap snapshot (its "nodes" array, read without parsing the file as one string). */
function snapshotBytes(file: string): number {
  const buf = fs.readFileSync(file);
  const start = buf.indexOf('"nodes":[', 0, 'latin1');
  const meta = JSON.parse(buf.toString('utf8', 0, start).replace(/,\s*$/, '') + '}').snapshot.meta;
  const fields: string[] = meta.node_fields;
  const self = fields.indexOf('self_size');
  let total = 0;
  let v = 0;
  let k = 0;
  let inNum = false;
  for (let i = start + 9; ; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      inNum = true;
    } else {
      if (inNum) {
        if (k % fields.length === self) total += v;
        k++;
        v = 0;
        inNum = false;
      }
      if (c === 93) break;
    }
  }
  return total;
}

/** Asks the server for a heap snapshot and answers its live data in MB (the file removed). */
async function liveMb(pid: number): Promise<number> {
  const file = await takeHeapSnapshot(pid, snapshotDir);
  const mb = snapshotBytes(file) / 2 ** 20;
  fs.rmSync(file);
  return mb;
}

for (const database of (await benchDatabases()).filter((d) => d.name === (process.env.LOAD_DATABASE ?? 'sqlite'))) {
  const { env, drop } = await database.env();
  try {
    const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
    await migrateToLatest(db);
    await db.close();
    const sizes = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };
    const data = await seedAtScale(database.name === 'sqlite' ? { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') } : { postgresUrl: env.WARDEN_DATABASE_URL }, sizes);
    const tokenDraws = uniformDraws(data.tokens.length, 1 << 22, 7);
    const datastoreDraws = uniformDraws(data.datastoreIds.length, 1 << 22, 11);
    let next = 0;
    const variants = SETTINGS.flatMap((setting) => TREES.map((tree) => ({ setting, tree, label: `${setting || 'as shipped'}${TREES.length > 1 ? `, ${tree.name}` : ''}` })));
    const figures = new Map(variants.map((v) => [v.label, { peak: [] as number[], end: [] as number[], us: [] as number[], live: [] as number[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { setting, tree, label } of variants) {
        // V8 flags outside Node's NODE_OPTIONS list go on the command line, before the script.
        const script = path.join(tree.root, 'bin', 'warden.js');
        const metricsPort = await freePort();
        const serverEnv = { ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(metricsPort) };
        const node = [...(setting ? [setting] : []), ...(SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []), script, 'serve'];
        const server = await startPinned(node[0], node.slice(1), serverEnv, '/readyz');
        try {
          const pid = serverPid(server);
          let peak = 0;
          const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
          const cpu = cpuSeconds(pid);
          const f = await measure({
            name: setting, server, path: '/api/forward-auth', warmupSeconds: 1, durationSeconds: SECONDS,
            perRequest: () => {
              const i = next++;
              return { headers: { authorization: `Bearer ${data.tokens[tokenDraws[i % tokenDraws.length]]}` }, path: `/api/forward-auth?action=${ACTIONS[i % 5]}&datastore_id=${data.datastoreIds[datastoreDraws[i % datastoreDraws.length]]}` };
            },
          });
          clearInterval(sampler);
          // Where the memory is at the end: V8's heap (used and held, by space) and memory outside it.
          const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
          const mb = (name: string) => {
            const m = new RegExp(`^warden_${name.replace(/[{}"]/g, (c) => `\\${c}`)} ([0-9.e+]+)$`, 'm').exec(metrics);
            return m ? (Number(m[1]) / 2 ** 20).toFixed(0) : '?';
          };
          const memory = `heap used ${mb('nodejs_heap_size_used_bytes')} of ${mb('nodejs_heap_size_total_bytes')} MB (old space ${mb('nodejs_heap_space_size_used_bytes{space="old"}')} of ${mb('nodejs_heap_space_size_total_bytes{space="old"}')}, new ${mb('nodejs_heap_space_size_total_bytes{space="new"}')}), external ${mb('nodejs_external_memory_bytes')} MB`;
          const g = figures.get(label)!;
          g.peak.push(peak);
          g.end.push(rssMb(pid));
          g.us.push(f.cpuUsPerRequest);
          const entries = ['tokens', 'users', 'datastores'].map((c) => new RegExp(`^warden_cache_entries\\{cache="${c}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? '?').join('/');
          if (SNAPSHOT) g.live.push(await liveMb(pid));
          console.log(`round ${round + 1} ${label}: peak ${peak.toFixed(0)} MB, end ${g.end.at(-1)!.toFixed(0)} MB, ${f.cpuUsPerRequest.toFixed(0)} µs/req (${(cpuSeconds(pid) - cpu).toFixed(1)} s CPU), ${f.rps.toFixed(0)} req/s, ${memory}, entries ${entries}${SNAPSHOT ? `, live ${g.live.at(-1)!.toFixed(0)} MB` : ''}, load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
        } finally {
          await server.stop();
        }
      }
    }
    console.log(`\n${database.name}, ${data.tokens.length.toLocaleString('en-US')} tokens drawn uniformly, forward-auth, ${SECONDS} s per run, medians of ${ROUNDS}:\n`);
    console.log(`| V8 setting | peak RSS MB | RSS at end MB |${SNAPSHOT ? ' live data MB |' : ''} server CPU µs/req |\n|---|---:|---:|${SNAPSHOT ? '---:|' : ''}---:|`);
    for (const [l, g] of figures) console.log(`| ${l.replace(/^as shipped/, 'as shipped (`--max-semi-space-size=8`)')} | ${median(g.peak).toFixed(0)} | ${median(g.end).toFixed(0)} |${SNAPSHOT ? ` ${median(g.live).toFixed(0)} |` : ''} ${median(g.us).toFixed(0)} |`);
  } finally {
    await drop();
  }
}
if (SNAPSHOT) fs.rmSync(snapshotDir, { recursive: true, force: true });
