// A quick same-run A/B of the cached hot routes (not part of `npm run bench`): the bare Fastify
// route, a "before" commit and this tree, each at the default configuration (log level info with
// its access line, metrics on), on a small data set (every token cached after the warm-up), in
// alternating rounds so that the machine's drift touches every server alike.
//   node bench/hot-ab.ts [sqlite|postgres] [before-commit] [rounds]
// HOT_AB_ROUTES=fa,me,az,in chooses the routes, HOT_AB_SECONDS the seconds per measure (default 3),
// HOT_AB_ENV_A / HOT_AB_ENV_B extra env (JSON) for the "before" / "after" servers.
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { measure, freePort, pinSelf, ROOT, benchDatabases, startPinned, unpackCommit, backendPids, type Server } from './lib.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedAccessDataSet, seedIntrospectionClient } from './seed.ts';

pinSelf();
const [which = 'sqlite', beforeRef = 'HEAD', roundsArg = '3'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const seconds = Number(process.env.HOT_AB_SECONDS ?? 3);
const routes = (process.env.HOT_AB_ROUTES ?? 'fa,me,az,in').split(',');
const d = (await benchDatabases()).find((x) => x.name === which)!;
const { env, drop } = await d.env();
const before = unpackCommit(beforeRef, 'before');
if (before) execFileSync(process.execPath, [path.join(before.dir, 'bin', 'warden.js'), 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
await migrateToLatest(db);
const data = await seedAccessDataSet(db, { users: 2000, teams: 200, datastores: 1000 });
// The introspection client: an Admin service user's token.
const gateway = await seedIntrospectionClient(db);
await db.close();

const A = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
const pickToken = (i: number) => data.tokens[(i * 7919) % data.tokens.length];
const pickDatastore = (i: number) => {
  const mine = data.reachable[(i * 7919) % data.tokens.length];
  return mine.length ? mine[(i * 31) % mine.length] : data.datastoreIds[0];
};
let n = 0;
const request = (route: string) => (): { headers?: Record<string, string>; body?: string; path?: string } => {
  const i = n++;
  const token = pickToken(i);
  if (route === 'me') return { headers: { authorization: `Bearer ${token}` }, path: '/api/users/me' };
  if (route === 'az') return { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, path: '/api/authorize', body: `{"action":"${A[i % 5]}","datastore_id":${pickDatastore(i)}}` };
  if (route === 'in') return { headers: { authorization: `Bearer ${gateway}`, 'content-type': 'application/x-www-form-urlencoded' }, path: '/api/oauth/introspect', body: `token=${token}` };
  return { headers: { authorization: `Bearer ${token}` }, path: `/api/forward-auth?action=${A[i % 5]}&datastore_id=${pickDatastore(i)}` };
};

const alsoCpuOf = env.WARDEN_DATABASE_URL ? await backendPids(env.WARDEN_DATABASE_URL) : undefined;
const serverEnv = async (extra: string | undefined) => ({ ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(await freePort()), ...(extra ? JSON.parse(extra) : {}) });
const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
const servers: [string, Server][] = [];
try {
  if (before) servers.push([`before ${before.commit}`, await startPinned(path.join(before.dir, 'bin', 'warden.js'), ['serve'], await serverEnv(process.env.HOT_AB_ENV_A), '/readyz')]);
  servers.push(['after', await startPinned(`${ROOT}bin/warden.js`, ['serve'], await serverEnv(process.env.HOT_AB_ENV_B), '/readyz')]);
  // Warm-up: every token into every server's caches, the JIT warm.
  for (const [, s] of servers) for (const route of routes) await measure({ name: 'warm', server: s, path: '/x', method: route === 'az' || route === 'in' ? 'POST' : 'GET', durationSeconds: 3, warmupSeconds: 2, perRequest: request(route) });
  const sums = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const route of routes) {
      const b = await measure({ name: 'bare', server: bare, path: '/bare', durationSeconds: seconds });
      // Each server's place in the round alternates (A B, then B A): the one measured right after
      // the bare route is not always the same.
      for (const [label, s] of r % 2 === 0 ? servers : [...servers].reverse()) {
        const f = await measure({ name: label, server: s, path: '/x', method: route === 'az' || route === 'in' ? 'POST' : 'GET', durationSeconds: seconds, alsoCpuOf, perRequest: request(route) });
        const total = f.cpuUsPerRequest + (f.dbCpuUsPerRequest ?? 0);
        const key = `${route} ${label}`;
        sums.set(key, [...(sums.get(key) ?? []), total / b.cpuUsPerRequest]);
        console.log(`round ${r} ${route} ${label}: ${total.toFixed(1)} µs (bare ${b.cpuUsPerRequest.toFixed(1)}) = ${(total / b.cpuUsPerRequest).toFixed(2)}× bare, non-2xx ${f.non2xx}, errors ${f.errors}, p99 ${f.p99} ms, load ${os.loadavg()[0].toFixed(1)}`);
      }
    }
  }
  console.log(`\n${which}, ${rounds} rounds, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  for (const [key, ratios] of sums) {
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(`${key.padEnd(24)} median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}×  (${ratios.map((x) => x.toFixed(2)).join(', ')})`);
  }
} finally {
  for (const [, s] of servers) await s.stop();
  await bare.stop();
  await drop();
}
