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
import fs from 'node:fs';
import path from 'node:path';
import { benchDatabases, cpuSeconds, freePort, measure, ROOT, rssMb, serverPid, startPinned } from './lib.ts';
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
    const figures = new Map(SETTINGS.map((s) => [s, { peak: [] as number[], end: [] as number[], us: [] as number[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const setting of SETTINGS) {
        // V8 flags outside Node's NODE_OPTIONS list go on the command line, before the script.
        const script = path.join(ROOT, 'bin', 'warden.js');
        const metricsPort = await freePort();
        const serverEnv = { ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(metricsPort) };
        const server = setting ? await startPinned(setting, [script, 'serve'], serverEnv, '/readyz') : await startPinned(script, ['serve'], serverEnv, '/readyz');
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
          const g = figures.get(setting)!;
          g.peak.push(peak);
          g.end.push(rssMb(pid));
          g.us.push(f.cpuUsPerRequest);
          console.log(`round ${round + 1} ${setting || 'as shipped'}: peak ${peak.toFixed(0)} MB, end ${g.end.at(-1)!.toFixed(0)} MB, ${f.cpuUsPerRequest.toFixed(0)} µs/req (${(cpuSeconds(pid) - cpu).toFixed(1)} s CPU), ${f.rps.toFixed(0)} req/s, ${memory}, load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
        } finally {
          await server.stop();
        }
      }
    }
    console.log(`\n${database.name}, ${data.tokens.length.toLocaleString('en-US')} tokens drawn uniformly, forward-auth, ${SECONDS} s per run, medians of ${ROUNDS}:\n`);
    console.log('| V8 setting | peak RSS MB | RSS at end MB | server CPU µs/req |\n|---|---:|---:|---:|');
    for (const [s, g] of figures) console.log(`| ${s ? `\`${s}\`` : 'as shipped (`--max-semi-space-size=8`)'} | ${median(g.peak).toFixed(0)} | ${median(g.end).toFixed(0)} | ${median(g.us).toFixed(0)} |`);
  } finally {
    await drop();
  }
}
