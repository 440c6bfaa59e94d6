// The profile of what remains (not part of `npm run bench`): a pinned, cached `warden serve` with
// --cpu-prof under load on a small data set (2,000 tokens, all cached after the warm-up).
//   node bench/profile.ts sqlite|postgres fa|az|me|healthz
// writes /tmp/warden-prof/*.cpuprofile (open it in Chrome DevTools, or sum self time by file).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { measure, freePort, pinSelf, ROOT, benchDatabases } from './lib.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedAccessDataSet } from './seed.ts';
pinSelf();
const which = process.argv[2] ?? 'sqlite';
const route = process.argv[3] ?? 'fa';
const d = (await benchDatabases()).find((x) => x.name === which)!;
const { env, drop } = await d.env();
const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
await migrateToLatest(db);
const data = await seedAccessDataSet(db, { users: 2000, teams: 200, datastores: 1000 });
await db.close();
const port = await freePort();
const profDir = '/tmp/warden-prof';
fs.rmSync(profDir, { recursive: true, force: true });
const proc = spawn('taskset', ['-c', '0', process.execPath, '--cpu-prof', `--cpu-prof-dir=${profDir}`, `${ROOT}bin/warden.js`, 'serve'], { env: { PATH: process.env.PATH!, ...env, WARDEN_PORT: String(port), WARDEN_LOG_LEVEL: 'warn', WARDEN_ENV: 'production', WARDEN_AUTH_FAILURE_LIMIT: '1000000', WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }, stdio: 'inherit' });
const url = `http://127.0.0.1:${port}`;
for (;;) {
  const up = await fetch(url + '/healthz').then((r) => r.ok, () => false);
  if (up) break;
  await new Promise((r) => setTimeout(r, 100));
}
const server = { url, proc, stop: async () => {} };
const A = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
const f = await measure({ name: route, server, path: '/x', durationSeconds: 10, warmupSeconds: 3, perRequest: (i): { headers?: Record<string, string>; body?: string; path?: string } => {
  const u = (i * 7919) % data.tokens.length; const mine = data.reachable[u]; const ds = mine.length ? mine[(i * 31) % mine.length] : data.datastoreIds[0];
  if (route === 'me') return { headers: { authorization: `Bearer ${data.tokens[u]}` }, path: '/api/users/me' };
  if (route === 'healthz') return { path: '/healthz' };
  if (route === 'az') return { headers: { authorization: `Bearer ${data.tokens[u]}`, 'content-type': 'application/json' }, path: '/api/authorize', body: `{"action":"${A[i % 5]}","datastore_id":${ds}}` };
  return { headers: { authorization: `Bearer ${data.tokens[u]}` }, path: `/api/forward-auth?action=${A[i % 5]}&datastore_id=${ds}` };
}, method: route === 'az' ? 'POST' : 'GET' });
console.log(f);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
await drop();
