// What a node's heap holds under sustained uniform load: `warden serve` (as memory-load.ts runs it)
// answering forward-auth drawn uniformly over a data set larger than the caches' bounds, then a heap
// snapshot written by the server itself (--heapsnapshot-signal; V8 collects garbage first, so the
// snapshot is the live data). bench/heap-summary.ts attributes the snapshot by constructor and by
// what retains it.
//
//   SNAP_DIR=/tmp/memsnap node bench/memory-snapshot.ts      SQLite at LOAD_SCALE (default 1)
//
// The data set is seeded once into SNAP_DIR (kept, with the tokens' secrets, for the next run);
// the snapshot is written there too. LOAD_SECONDS (default 40) of load before the snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, measure, ROOT, rssMb, serverPid, startPinned, takeHeapSnapshot } from './lib.ts';
import { AT_SCALE, seedAtScale } from './seed.ts';
import { uniformDraws } from './draws.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const SCALE = Number(process.env.LOAD_SCALE ?? 1);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 40);
const DIR = process.env.SNAP_DIR ?? '/tmp/memsnap';
const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];

const dataDir = path.join(DIR, 'data');
const saved = path.join(DIR, 'data-set.json');
let data: { tokens: string[]; datastoreIds: number[] };
if (fs.existsSync(saved)) data = JSON.parse(fs.readFileSync(saved, 'utf8'));
else {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openDatabase({ databaseUrl: null, dataDir });
  await migrateToLatest(db);
  await db.close();
  const sizes = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };
  const seeded = await seedAtScale({ sqliteFile: path.join(dataDir, 'warden.db') }, sizes);
  data = { tokens: seeded.tokens, datastoreIds: [...seeded.datastoreIds] };
  fs.writeFileSync(saved, JSON.stringify(data));
}
const tokenDraws = uniformDraws(data.tokens.length, 1 << 22, 7);
const datastoreDraws = uniformDraws(data.datastoreIds.length, 1 << 22, 11);
let next = 0;

const metricsPort = await freePort();
const setting = process.env.SNAP_SETTING ?? '';
const flags = [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${DIR}`, ...setting.split(' ').filter(Boolean)];
const server = await startPinned(flags[0], [...flags.slice(1), path.join(ROOT, 'bin', 'warden.js'), 'serve'], { WARDEN_DATA_DIR: dataDir, WARDEN_ENV: 'production', WARDEN_METRICS_PORT: String(metricsPort) }, '/readyz');
try {
  const pid = serverPid(server);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const f = await measure({
    name: 'uniform', server, path: '/api/forward-auth', warmupSeconds: 1, durationSeconds: SECONDS,
    perRequest: () => {
      const i = next++;
      return { headers: { authorization: `Bearer ${data.tokens[tokenDraws[i % tokenDraws.length]]}` }, path: `/api/forward-auth?action=${ACTIONS[i % 5]}&datastore_id=${data.datastoreIds[datastoreDraws[i % datastoreDraws.length]]}` };
    },
  });
  clearInterval(sampler);
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const lines = metrics.split('\n').filter((l) => /^warden_(nodejs_heap|nodejs_external|cache_entries|process_resident)/.test(l));
  console.log(`peak ${peak.toFixed(0)} MB, end ${rssMb(pid).toFixed(0)} MB, ${f.cpuUsPerRequest.toFixed(0)} µs/req, ${f.rps.toFixed(0)} req/s, ${f.non2xx} non-2xx`);
  console.log(lines.join('\n'));
  const file = await takeHeapSnapshot(pid, DIR);
  console.log(`snapshot ${file} (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB)`);
} finally {
  await server.stop();
}
