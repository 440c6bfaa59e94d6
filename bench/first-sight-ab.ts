// A same-run A/B of first sight (not part of `npm run bench`): every request a token the server has
// not seen, on the scale data set, against a "before" commit and the bare route, in alternating
// rounds. Both servers are started afresh each round (empty caches); each walks its own half of the
// tokens down from its end (the "before" server the upper half, this tree the lower), so neither
// ever sees a token twice, and both see the same owners in the same order (token t's owner is
// t mod users, and the halves are a whole number of users apart).
//   node bench/first-sight-ab.ts [sqlite|postgres] [before-commit] [rounds]
// BENCH_SCALE (default 1: 1,000,000 tokens), FIRST_AB_SECONDS (default 3), FIRST_AB_ROUTES=fa,me,az.
// On PostgreSQL it then measures the token-with-owner statement alone, named against unnamed
// prepared statement, alternating (client CPU + backend CPU per statement).
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { measure, freePort, pinSelf, ROOT, benchDatabases, startPinned, unpackCommit, backendPids, cpuOfAll, type Server } from './lib.ts';
import { AT_SCALE, scaleRequest, seedAtScale } from './seed.ts';
import { hashToken } from '../src/tokens/format.ts';
import { tokenWithOwnerByHash } from '../src/cache/store.ts';
import type { Database } from '../src/db/types.ts';

pinSelf();
const [which = 'sqlite', beforeRef = '3df8f33', roundsArg = '3'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const seconds = Number(process.env.FIRST_AB_SECONDS ?? 3);
const routes = (process.env.FIRST_AB_ROUTES ?? 'fa,me,az').split(',');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const sizes = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };

const d = (await benchDatabases()).find((x) => x.name === which)!;
const { env, drop } = await d.env();
const before = unpackCommit(beforeRef, 'before');
if (!before) throw new Error(`no commit ${beforeRef}`);
execFileSync(process.execPath, [path.join(before.dir, 'bin', 'warden.js'), 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
const data = await seedAtScale(which === 'sqlite' ? { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') } : { postgresUrl: env.WARDEN_DATABASE_URL }, sizes);
const n = data.tokens.length;
console.log(`${which}: seeded ${n} tokens over ${sizes.users} users`);

/** Request k of server `half`: its k-th unseen token, a datastore its owner reaches (4 in 5) or any. */
const walkers = [0, 0];
const HALF = Math.floor(n / 2 / sizes.users) * sizes.users;
/** Requests that had to reuse a token (the walk ran past the data set): reported, they are not first sights. */
let reused = 0;
const request = (route: string, half: number) => (): { headers?: Record<string, string>; body?: string; path?: string } => {
  const k = walkers[half]++;
  if (k >= HALF) reused++;
  const t = n - 1 - (k % HALF) - half * HALF;
  return scaleRequest(data, t, k, route);
};

const alsoCpuOf = env.WARDEN_DATABASE_URL ? await backendPids(env.WARDEN_DATABASE_URL) : undefined;
const serverEnv = async () => ({ ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(await freePort()) });
const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
const labels = [`before ${before.commit}`, 'after'];
const scripts = [path.join(before.dir, 'bin', 'warden.js'), `${ROOT}bin/warden.js`];
const sums = new Map<string, number[]>();
try {
  // One start of each first, not measured: fills Node's compile cache.
  for (const s of scripts) await (await startPinned(s, ['serve'], await serverEnv(), '/readyz')).stop();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const servers: Server[] = [];
    try {
      for (const i of [0, 1]) servers[i] = await startPinned(scripts[i], ['serve'], await serverEnv(), '/readyz');
      for (const route of routes) {
        const b = await measure({ name: 'bare', server: bare, path: '/bare', durationSeconds: seconds });
        for (const i of order) {
          const f = await measure({ name: labels[i], server: servers[i], path: '/x', method: route === 'az' ? 'POST' : 'GET', durationSeconds: seconds, warmupSeconds: 1, alsoCpuOf, perRequest: request(route, i) });
          const total = f.cpuUsPerRequest + (f.dbCpuUsPerRequest ?? 0);
          const key = `${route} ${labels[i]}`;
          sums.set(key, [...(sums.get(key) ?? []), total / b.cpuUsPerRequest]);
          console.log(`round ${r} ${route} ${labels[i]}: ${total.toFixed(1)} µs (server ${f.cpuUsPerRequest.toFixed(1)}, backends ${(f.dbCpuUsPerRequest ?? 0).toFixed(1)}; bare ${b.cpuUsPerRequest.toFixed(1)}) = ${(total / b.cpuUsPerRequest).toFixed(2)}× bare, ${f.rps.toFixed(0)} req/s, non-2xx ${f.non2xx}, errors ${f.errors}, p99 ${f.p99} ms, load ${os.loadavg()[0].toFixed(1)}`);
        }
      }
    } finally {
      for (const s of servers) await s?.stop();
    }
  }
  console.log(`\n${which}, ${rounds} rounds, ${seconds} s each, ${walkers[0] + walkers[1]} tokens walked of ${n}${reused ? ` (${reused} requests reused a token: raise BENCH_SCALE)` : ''}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  for (const [key, ratios] of sums) {
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(`${key.padEnd(24)} median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}×  (${ratios.map((x) => x.toFixed(2)).join(', ')})`);
  }
  if (env.WARDEN_DATABASE_URL) await statementForms(env.WARDEN_DATABASE_URL);
} finally {
  await bare.stop();
  await drop();
}

/**
 * The token-with-owner statement alone, 50 in flight over a pool of 10 (Warden's default), named
 * (parsed and planned once per connection) against unnamed (parsed and planned each time),
 * alternating; this process's CPU plus the backends', per statement.
 */
async function statementForms(url: string): Promise<void> {
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  const { sql } = tokenWithOwnerByHash.bind(kysely, '');
  await kysely.destroy();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const pids = await backendPids(url);
  const hashes = data.tokens.slice(0, Math.min(n, 200_000)).map(hashToken);
  let next = 0;
  const run = async (named: boolean, ms: number) => {
    const backendsBefore = cpuOfAll(await pids());
    const cpuBefore = process.cpuUsage();
    let count = 0;
    const until = performance.now() + ms;
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (performance.now() < until) {
        const values = [hashes[next++ % hashes.length]];
        await pool.query(named ? { name: 'ab_token_with_owner', text: sql, values } : { text: sql, values });
        count++;
      }
    }));
    const cpu = process.cpuUsage(cpuBefore);
    let backends = 0;
    for (const [p, after] of cpuOfAll(await pids())) backends += after - (backendsBefore.get(p) ?? 0);
    return { client: (cpu.user + cpu.system) / count, backend: (backends * 1e6) / count, count };
  };
  try {
    await run(true, 1000);
    await run(false, 1000);
    const results: Record<string, number[]> = { named: [], unnamed: [] };
    for (let r = 0; r < 6; r++) {
      for (const named of r % 2 === 0 ? [true, false] : [false, true]) {
        const f = await run(named, 2000);
        results[named ? 'named' : 'unnamed'].push(f.client + f.backend);
        console.log(`statement round ${r} ${named ? 'named' : 'unnamed'}: ${(f.client + f.backend).toFixed(1)} µs (client ${f.client.toFixed(1)}, backend ${f.backend.toFixed(1)}), ${f.count} statements`);
      }
    }
    for (const [form, v] of Object.entries(results)) console.log(`${form.padEnd(8)} median ${[...v].sort((a, b) => a - b)[Math.floor(v.length / 2)].toFixed(1)} µs per statement (${v.map((x) => x.toFixed(1)).join(', ')})`);
  } finally {
    await pool.end();
  }
}
