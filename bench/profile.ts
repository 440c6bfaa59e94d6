// The profile of what remains (not part of `npm run bench`): a pinned, cached `warden serve` with
// --cpu-prof under load, on the small data set (2,000 tokens, all cached after the warm-up) or at
// scale (1,000,000 tokens, a Zipf or uniform draw).
//   node bench/profile.ts sqlite|postgres fa|az|me|in|healthz [small|zipf|uniform] [node flags…]
// (`in`: token introspection by an Admin service user, as bench/hot-ab.ts asks it)
// PROFILE_LOG_LEVEL=warn profiles without the access line; the server's standard output goes to a
// file in the temporary directory (removed at the end), as in the bench.
// writes /tmp/warden-prof/*.cpuprofile (open it in Chrome DevTools, or sum self time by file).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, freePort, pinSelf, ROOT, benchDatabases } from './lib.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedAccessDataSet, seedAtScale, seedIntrospectionClient } from './seed.ts';
import { uniformDraws, zipfDraws } from './draws.ts';

pinSelf();
const [which = 'sqlite', route = 'fa', set = 'small', ...nodeFlags] = process.argv.slice(2);
const d = (await benchDatabases()).find((x) => x.name === which)!;
const { env, drop } = await d.env();
const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
await migrateToLatest(db);
const A = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
let pickToken: (i: number) => string;
let pickDatastore: (i: number) => number;
if (set === 'small') {
  const data = await seedAccessDataSet(db, { users: 2000, teams: 200, datastores: 1000 });
  pickToken = (i) => data.tokens[(i * 7919) % data.tokens.length];
  pickDatastore = (i) => {
    const mine = data.reachable[(i * 7919) % data.tokens.length];
    return mine.length ? mine[(i * 31) % mine.length] : data.datastoreIds[0];
  };
} else {
  await db.close();
  const data = await seedAtScale(env.WARDEN_DATABASE_URL ? { postgresUrl: env.WARDEN_DATABASE_URL } : { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') });
  const draws = set === 'zipf' ? zipfDraws(data.tokens.length, 1 << 22, 7) : uniformDraws(data.tokens.length, 1 << 22, 7);
  pickToken = (i) => data.tokens[draws[i % draws.length]];
  pickDatastore = (i) => data.datastoreIds[(i * 104729) % data.datastoreIds.length];
}
const gatewayDb = set === 'small' ? db : openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
const gateway = await seedIntrospectionClient(gatewayDb);
await gatewayDb.close();
const port = await freePort();
const metricsPort = await freePort();
const profDir = '/tmp/warden-prof';
fs.rmSync(profDir, { recursive: true, force: true });
// Standard output (one access line per request at info) goes to a file, as in the bench
// (lib.ts startPinned): a terminal or a pipe read by this process would cost the server differently.
const logFile = path.join(os.tmpdir(), `warden-profile-stdout-${process.pid}.log`);
const logFd = fs.openSync(logFile, 'w');
const proc = spawn('taskset', ['-c', '0', process.execPath, ...nodeFlags, '--cpu-prof', `--cpu-prof-dir=${profDir}`, `${ROOT}bin/warden.js`, 'serve'], {
  env: { PATH: process.env.PATH!, ...env, WARDEN_PORT: String(port), WARDEN_LOG_LEVEL: process.env.PROFILE_LOG_LEVEL ?? 'info', WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(metricsPort) },
  stdio: ['ignore', logFd, 'inherit'],
});
fs.closeSync(logFd);
const url = `http://127.0.0.1:${port}`;
for (;;) {
  const up = await fetch(url + '/healthz').then((r) => r.ok, () => false);
  if (up) break;
  await new Promise((r) => setTimeout(r, 100));
}
const server = { url, proc, stop: async () => {} };
let n = 0;
const f = await measure({
  name: route, server, path: '/x', durationSeconds: Number(process.env.PROFILE_SECONDS ?? 10), warmupSeconds: 5, method: route === 'az' || route === 'in' ? 'POST' : 'GET',
  perRequest: (): { headers?: Record<string, string>; body?: string; path?: string } => {
    const i = n++;
    const token = pickToken(i);
    const ds = pickDatastore(i);
    if (route === 'me') return { headers: { authorization: `Bearer ${token}` }, path: '/api/users/me' };
    if (route === 'healthz') return { path: '/healthz' };
    if (route === 'in') return { headers: { authorization: `Bearer ${gateway}`, 'content-type': 'application/x-www-form-urlencoded' }, path: '/api/oauth/introspect', body: `token=${token}` };
    if (route === 'az') return { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, path: '/api/authorize', body: `{"action":"${A[i % 5]}","datastore_id":${ds}}` };
    return { headers: { authorization: `Bearer ${token}` }, path: `/api/forward-auth?action=${A[i % 5]}&datastore_id=${ds}` };
  },
});
console.log(f);
const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
console.log(metrics.split('\n').filter((l) => /^warden_(cache_entries|cache_hit_ratio|nodejs_heap_size|nodejs_gc_duration_seconds_sum|process_resident|last_used)/.test(l)).join('\n'));
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
console.log(`server stdout: ${fs.statSync(logFile).size} bytes (${logFile}, removed)`);
fs.rmSync(logFile, { force: true });
await drop();
