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
//   LOAD_SMAPS=<prefix>     the server's /proc/<pid>/smaps at the end of each run, to <prefix>-<round>-<variant>.smaps
//   LOAD_ROUTES=me,az,fa   the routes, in turn, LOAD_SECONDS each on the same server (the scale
//                          bench's uniform rows: `/users/me`, authorize, forward-auth); default fa
//
// Where the memory is at the peak: the server's resident memory split as the kernel counts it
// (/proc/<pid>/status: anonymous, file-backed such as code and mapped files, shared memory such as
// SQLite's WAL index), and what V8 said at that moment (bench/memory-probe.ts, loaded into every
// server alike): its heap by space, memory outside the heap (external, of it array buffers).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabases, cpuSeconds, freePort, measure, ROOT, serverPid, startPinned, takeHeapSnapshot, unpackCommit } from './lib.ts';
import { AT_SCALE, datastoreFor, seedAtScale } from './seed.ts';
import { uniformDraws } from './draws.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const SCALE = Number(process.env.LOAD_SCALE ?? 0.3);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 2);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 40);
const SETTINGS = ['', ...(process.env.LOAD_SETTINGS ?? '--heap-growing-percent=20;--heap-growing-percent=50').split(';').filter(Boolean)];
const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
const ROUTES = (process.env.LOAD_ROUTES ?? 'fa').split(',').filter(Boolean);
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

/** The kernel's split of a process's resident memory, MB: anonymous, file-backed, shared memory. */
function rssSplit(pid: number): { rss: number; anon: number; file: number; shmem: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
}
interface Probe { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; spaces: Record<string, { size: number; used: number }> }
function readProbe(file: string): Probe | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
const MB = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(0));
/** What V8 held at a sample: its heap's spaces (size, used) and memory outside the heap. */
function describe(p: Probe | null): string {
  if (!p) return 'no probe';
  const sp = (n: string) => `${MB(p.spaces[n]?.size)}/${MB(p.spaces[n]?.used)}`;
  return `heap ${MB(p.heapTotal)} MB (used ${MB(p.heapUsed)}; size/used: old ${sp('old_space')}, new ${sp('new_space')}, code ${sp('code_space')}, large ${sp('large_object_space')}), external ${MB(p.external)} MB (array buffers ${MB(p.arrayBuffers)})`;
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
    const figures = new Map(variants.map((v) => [v.label, { peak: [] as number[], anon: [] as number[], file: [] as number[], end: [] as number[], us: [] as number[], live: [] as number[], byRoute: {} as Record<string, number[]> }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { setting, tree, label } of variants) {
        // V8 flags outside Node's NODE_OPTIONS list go on the command line, before the script.
        const script = path.join(tree.root, 'bin', 'warden.js');
        const metricsPort = await freePort();
        const probeFile = path.join(os.tmpdir(), `warden-memory-probe-${process.pid}-${metricsPort}.json`);
        const serverEnv = { ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(metricsPort), MEMORY_PROBE_FILE: probeFile, NODE_OPTIONS: `--import=${path.join(ROOT, 'bench', 'memory-probe.ts')}` };
        const node = [...(setting ? [setting] : []), ...(SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []), script, 'serve'];
        const server = await startPinned(node[0], node.slice(1), serverEnv, '/readyz');
        try {
          const pid = serverPid(server);
          let peak = { rss: 0, anon: 0, file: 0, shmem: 0 };
          let atPeak: Probe | null = null;
          const sampler = setInterval(() => {
            const now = rssSplit(pid);
            if (now.rss > peak.rss) {
              peak = now;
              atPeak = readProbe(probeFile);
            }
          }, 100);
          const perRoute: string[] = [];
          let requests = 0;
          const cpu = cpuSeconds(pid);
          for (const [k, route] of ROUTES.entries()) {
            const f = await measure({
              name: `${setting} ${route}`, server, path: '/', method: route === 'az' ? 'POST' : 'GET', warmupSeconds: 1, durationSeconds: SECONDS,
              perRequest: (): { headers: Record<string, string>; path: string; body?: string } => {
                const i = next++;
                const t = tokenDraws[i % tokenDraws.length];
                const other = data.datastoreIds[datastoreDraws[i % datastoreDraws.length]];
                const q = { token: data.tokens[t], datastore: datastoreFor(data, t, i, other), action: ACTIONS[i % 5] };
                if (route === 'me') return { headers: { authorization: `Bearer ${q.token}` }, path: '/api/users/me' };
                if (route === 'az') return { headers: { authorization: `Bearer ${q.token}`, 'content-type': 'application/json' }, path: '/api/authorize', body: `{"action":"${q.action}","datastore_id":${q.datastore}}` };
                return { headers: { authorization: `Bearer ${q.token}` }, path: `/api/forward-auth?action=${q.action}&datastore_id=${q.datastore}` };
              },
            });
            const g = figures.get(label)!;
            (g.byRoute[k] ??= []).push(f.cpuUsPerRequest);
            requests += f.requests;
            perRoute.push(`${route} ${f.cpuUsPerRequest.toFixed(0)} µs/req ${f.rps.toFixed(0)} req/s (non-2xx ${f.non2xx}, errors ${f.errors}) RSS ${f.rssMb.toFixed(0)}`);
          }
          clearInterval(sampler);
          const atEnd = rssSplit(pid);
          const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
          const g = figures.get(label)!;
          g.peak.push(peak.rss);
          g.anon.push(peak.anon);
          g.file.push(peak.file);
          g.end.push(atEnd.rss);
          g.us.push(((cpuSeconds(pid) - cpu) / requests) * 1e6);
          const entries = ['tokens', 'users', 'datastores'].map((c) => new RegExp(`^warden_cache_entries\\{cache="${c}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? '?').join('/');
          if (process.env.LOAD_SMAPS) fs.writeFileSync(`${process.env.LOAD_SMAPS}-${round + 1}-${variants.findIndex((v) => v.label === label)}.smaps`, fs.readFileSync(`/proc/${pid}/smaps`));
          if (SNAPSHOT) g.live.push(await liveMb(pid));
          console.log(`round ${round + 1} ${label}: peak ${peak.rss.toFixed(0)} MB (anon ${peak.anon.toFixed(0)}, file ${peak.file.toFixed(0)}, shmem ${peak.shmem.toFixed(0)}; at the peak ${describe(atPeak)}), end ${atEnd.rss.toFixed(0)} MB (anon ${atEnd.anon.toFixed(0)}, file ${atEnd.file.toFixed(0)}, shmem ${atEnd.shmem.toFixed(0)}; ${describe(readProbe(probeFile))}), ${g.us.at(-1)!.toFixed(0)} µs/req over ${ROUTES.join('+')} [${perRoute.join('; ')}], entries ${entries}${SNAPSHOT ? `, live ${g.live.at(-1)!.toFixed(0)} MB` : ''}, load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
        } finally {
          await server.stop();
          fs.rmSync(probeFile, { force: true });
        }
      }
    }
    console.log(`\n${database.name}, ${data.tokens.length.toLocaleString('en-US')} tokens drawn uniformly, ${ROUTES.join(' then ')} (${SECONDS} s each) per run, medians of ${ROUNDS}:\n`);
    console.log(`| V8 setting | peak RSS MB | of it anonymous | of it file-backed | RSS at end MB |${SNAPSHOT ? ' live data MB |' : ''} server CPU µs/req (${ROUTES.join(' / ')}) |\n|---|---:|---:|---:|---:|${SNAPSHOT ? '---:|' : ''}---:|`);
    for (const [l, g] of figures) console.log(`| ${l.replace(/^as shipped/, 'as shipped (`--max-semi-space-size=8`)')} | ${median(g.peak).toFixed(0)} | ${median(g.anon).toFixed(0)} | ${median(g.file).toFixed(0)} | ${median(g.end).toFixed(0)} |${SNAPSHOT ? ` ${median(g.live).toFixed(0)} |` : ''} ${median(g.us).toFixed(0)} (${ROUTES.map((_, k) => median(g.byRoute[k]).toFixed(0)).join(' / ')}) |`);
  } finally {
    await drop();
  }
}
if (SNAPSHOT) fs.rmSync(snapshotDir, { recursive: true, force: true });
