// A node at ready: RSS and seconds from start to /readyz of `warden serve` (pinned as in
// bench/scale.ts, default settings, metrics on), median of READY_RUNS starts per database, on a
// migrated, empty database, or one seeded as bench/scale.ts seeds it when READY_SCALE is set (1: the
// full data set; 0.1 a tenth). `node bench/ready.ts`; READY_BEFORE=<commit> measures that commit too,
// start for start alternated with this tree (A/B in the same run); READY_NODE_OPTIONS is passed
// to every start (NODE_OPTIONS); READY_DATABASE=sqlite or postgres measures only that one;
// READY_COLD=1 starts each with an empty compile cache (as the first start after a change is).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabases, freePort, ROOT, rssMb, startPinned, unpackCommit } from './lib.ts';
import { AT_SCALE, seedAtScale } from './seed.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const RUNS = Number(process.env.READY_RUNS ?? 5);
const SCALE = process.env.READY_SCALE ? Number(process.env.READY_SCALE) : null;
const before = process.env.READY_BEFORE ? unpackCommit(process.env.READY_BEFORE, 'READY_BEFORE') : null;
const trees = [{ name: 'this tree', dir: ROOT }, ...(before ? [{ name: `before (${before.commit})`, dir: before.dir }] : [])];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const database of (await benchDatabases()).filter((d) => !process.env.READY_DATABASE || d.name === process.env.READY_DATABASE)) {
  const { env, drop } = await database.env();
  try {
    const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
    await migrateToLatest(db);
    await db.close();
    if (SCALE !== null) {
      const sizes = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };
      await seedAtScale(database.name === 'sqlite' ? { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') } : { postgresUrl: env.WARDEN_DATABASE_URL }, sizes);
    }
    const figures = new Map(trees.map((t) => [t.name, { rss: [] as number[], seconds: [] as number[] }]));
    for (let i = 0; i < RUNS; i++) {
      for (const tree of trees) {
        const started = performance.now();
        const server = await startPinned(path.join(tree.dir, 'bin', 'warden.js'), ['serve'], {
          ...env,
          WARDEN_ENV: 'production',
          WARDEN_METRICS_PORT: String(await freePort()),
          ...(process.env.READY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.READY_NODE_OPTIONS } : {}),
          ...(process.env.READY_COLD ? { NODE_COMPILE_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'warden-ready-cache-')) } : {}),
        }, '/readyz');
        const f = figures.get(tree.name)!;
        f.seconds.push((performance.now() - started) / 1000);
        f.rss.push(rssMb(server.proc.pid!));
        await server.stop();
      }
    }
    for (const [name, f] of figures) {
      console.log(`${database.name}${SCALE === null ? '' : ` (data set at scale ${SCALE})`} ${name}: ${median(f.rss).toFixed(1)} MB at ready (${f.rss.map((x) => x.toFixed(0)).join(' ')}), ${median(f.seconds).toFixed(2)} s to /readyz (${f.seconds.map((x) => x.toFixed(2)).join(' ')}); load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    }
  } finally {
    await drop();
  }
}
