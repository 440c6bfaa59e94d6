// The profile of first sight (not part of `npm run bench`): a pinned `warden serve` with
// --cpu-prof (through NODE_OPTIONS) under first-sight load, every request a token it has not seen
// (the walk of bench/first-sight-ab.ts, one server), on the scale data set.
//   node bench/first-sight-profile.ts sqlite|postgres fa|me|az [seconds=10]
// BENCH_SCALE as bench/first-sight-ab.ts. Writes /tmp/warden-first-prof/*.cpuprofile; sum it with
// bench/profile-summary.ts.
import fs from 'node:fs';
import path from 'node:path';
import { measure, freePort, pinSelf, benchDatabases, startPinned, ROOT } from './lib.ts';
import { AT_SCALE, scaleRequest, seedAtScale } from './seed.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

pinSelf();
const [which = 'sqlite', route = 'fa', secondsArg = '10'] = process.argv.slice(2);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const sizes = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };
const d = (await benchDatabases()).find((x) => x.name === which)!;
const { env, drop } = await d.env();
const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
await migrateToLatest(db);
await db.close();
const data = await seedAtScale(which === 'sqlite' ? { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') } : { postgresUrl: env.WARDEN_DATABASE_URL }, sizes);
const n = data.tokens.length;
const profDir = '/tmp/warden-first-prof';
fs.rmSync(profDir, { recursive: true, force: true });
const server = await startPinned(`${ROOT}bin/warden.js`, ['serve'], { ...env, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(await freePort()), NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir}` }, '/readyz');
let k = 0;
try {
  const f = await measure({
    name: route, server, path: '/x', method: route === 'az' ? 'POST' : 'GET', durationSeconds: Number(secondsArg), warmupSeconds: 1,
    perRequest: (): { headers?: Record<string, string>; body?: string; path?: string } => {
      const i = k++;
      const t = n - 1 - (i % n);
      return scaleRequest(data, t, i, route);
    },
  });
  console.log(`${which} ${route}: ${f.cpuUsPerRequest.toFixed(1)} µs server CPU per request, ${f.rps.toFixed(0)} req/s, non-2xx ${f.non2xx}, ${k} requests of ${n} tokens${k > n ? ' (reused tokens: raise BENCH_SCALE)' : ''}`);
} finally {
  await server.stop();
  await drop();
}
console.log(fs.readdirSync(profDir).map((f) => path.join(profDir, f)).join('\n'));
