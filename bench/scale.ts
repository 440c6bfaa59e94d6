// Issue 13's benchmark: the request path at scale (1,000,000 tokens, 100,000 users, 10,000 teams,
// 50,000 datastores), per database, in one run with the bare Fastify baseline and, when available,
// Warden as it was before the caches (the commit BENCH_BEFORE, default the one before issue 13's
// first commit, unpacked with `git archive`), on the same data.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { backendPids, benchDatabases, unpackCommit, freePort, measure, ROOT, rssMb, startPinned, table, type Figures, type Server } from './lib.ts';
import { AT_SCALE, datastoreFor, seedAtScale, seedIntrospectionClient, type ScaleDataSet } from './seed.ts';
import { shareOfTop, uniformDraws, zipfDraws } from './draws.ts';

const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];
const DRAWS = 1 << 22;
/** Warm-up before a measured run of a cached server: long enough for the caches to reach their steady state. */
/** BENCH_SCALE shrinks the data set (e.g. 0.01 for a quick check of the benchmark itself). */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SIZES = { users: Math.round(AT_SCALE.users * SCALE), tokensPerUser: AT_SCALE.tokensPerUser, teams: Math.max(10, Math.round(AT_SCALE.teams * SCALE)), datastores: Math.max(10, Math.round(AT_SCALE.datastores * SCALE)) };
const BARE_SECONDS = Number(process.env.BENCH_BARE_SECONDS ?? 4);
const CACHE_WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
/**
 * Before the Zipf runs, the cached server answers this long of the same draw: a node that has run
 * for a while holds the popular entries; a fresh one misses on every first sight (the 100,000th
 * most popular token is first drawn after about 1.4 million requests).
 */
const PREWARM_SECONDS = Number(process.env.BENCH_PREWARM_SECONDS ?? 60);
/** V8's own young generation on this machine (it sizes it by the machine's memory): 64 MB per semi-space. `warden serve` runs with 8 (bin/warden.js). */
const V8_DEFAULT_SEMI_SPACE_MB = 64;

export interface ScaleResult {
  markdown: string;
  /** Per database, the figures by row name (for the summary and the Better Auth ratio). */
  figures: Record<string, Record<string, Figures>>;
}

/** The commit to measure as "before", unpacked next to the tree (no worktree, nothing written into .git). */
function prepareBefore(): { dir: string; commit: string } | null {
  const wanted = process.env.BENCH_BEFORE ?? 'e1c893b^';
  return unpackCommit(wanted, 'BENCH_BEFORE');
}

/** The steady set: this many tokens, drawn uniformly, all cached after the warm-up (the "cached" rows). */
export const STEADY_TOKENS = Number(process.env.BENCH_STEADY_TOKENS ?? 10_000);
export type Draw = 'steady' | 'zipf' | 'first' | 'uniform';
export const DRAW_LABEL: Record<Draw, string> = { steady: `steady (${STEADY_TOKENS.toLocaleString('en-US')} tokens, all cached)`, zipf: 'Zipf', first: 'first sight', uniform: 'uniform' };

/**
 * What request i asks: a token by the draw, a datastore its owner reaches (4 in 5) or any datastore
 * by the draw, an action. "first": every request a token this node has not seen (walking the token
 * list from its end, which the Zipf draw's permutation almost never reaches and no run before it
 * touched).
 */
function requestsOf(data: ScaleDataSet, draw: Draw) {
  const n = data.tokens.length;
  const tokenDraws = draw === 'zipf' ? zipfDraws(n, DRAWS, 7) : draw === 'uniform' ? uniformDraws(n, DRAWS, 7) : draw === 'steady' ? uniformDraws(Math.min(STEADY_TOKENS, n), DRAWS, 7) : Int32Array.from({ length: Math.min(DRAWS, n) }, (_, i) => n - 1 - i);
  const datastoreDraws = draw === 'zipf' ? zipfDraws(data.datastoreIds.length, DRAWS, 11) : uniformDraws(data.datastoreIds.length, DRAWS, 11);
  // Runs continue the sequence where the previous one stopped (autocannon asks for requests one at
  // a time), so a measured run is never a replay of its own warm-up.
  let next = 0;
  return {
    tokenDraws,
    at(_i: number) {
      const i = next++;
      const token = tokenDraws[i % tokenDraws.length];
      const datastore = datastoreFor(data, token, i, data.datastoreIds[datastoreDraws[i % DRAWS]]);
      return { token: data.tokens[token], datastore, action: ACTIONS[i % ACTIONS.length] };
    },
  };
}

/**
 * Before a server's steady rows: every datastore asked once (forward-auth, with the steady tokens in
 * turn), then every steady token's `/users/me` and its introspection (by `gateway`, the
 * introspection client), so that the steady rows are what they are called, all cached. Their draw reaches every datastore (four in five through the owner's teams, the
 * fifth any), and at 50,000 datastores a 10-s warm-up leaves many of them unread: the third full
 * run's PostgreSQL steady rows hit only 72–94% in the datastore cache (each miss a round trip),
 * which its summary wrongly put down to whole-cache drops. The hit column shows what was cached.
 */
async function fillSteady(server: Server, data: ScaleDataSet, gateway: string): Promise<void> {
  const steady = Math.min(STEADY_TOKENS, data.tokens.length);
  const paths: { path: string; token: string; form?: string }[] = [];
  data.datastoreIds.forEach((id, k) => paths.push({ path: `/api/forward-auth?action=datastore.read&datastore_id=${id}`, token: data.tokens[k % steady] }));
  for (let k = 0; k < steady; k++) paths.push({ path: '/api/users/me', token: data.tokens[k] });
  for (let k = 0; k < steady; k++) paths.push({ path: '/api/oauth/introspect', token: gateway, form: `token=${data.tokens[k]}` });
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const { path: p, token, form } = paths[next++];
      const res = await fetch(server.url + p, form === undefined
        ? { headers: { authorization: `Bearer ${token}` } }
        : { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      await res.arrayBuffer();
      if (res.status >= 500) throw new Error(`filling the caches: ${p} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** The floor server's data (bench/floor-server.ts): the steady tokens with their owners' teams, every datastore's teams. */
function floorData(data: ScaleDataSet, roleOf: (user: number) => string): string {
  const file = path.join(os.tmpdir(), `warden-floor-${process.pid}.json`);
  const tokens: [string, string, number[]][] = [];
  for (let t = 0; t < Math.min(STEADY_TOKENS, data.tokens.length); t++) {
    const u = data.ownerOf[t];
    tokens.push([data.tokens[t], roleOf(u), Array.from(data.teamsOf.subarray(data.teamsStart[u], data.teamsStart[u + 1]))]);
  }
  const teamsOfDatastore = new Map<number, number[]>();
  for (let team = 0; team + 1 < data.datastoresStart.length; team++) {
    for (let k = data.datastoresStart[team]; k < data.datastoresStart[team + 1]; k++) {
      const id = data.datastoresOf[k];
      let list = teamsOfDatastore.get(id);
      if (!list) teamsOfDatastore.set(id, (list = []));
      list.push(team);
    }
  }
  fs.writeFileSync(file, JSON.stringify({ tokens, datastores: [...teamsOfDatastore] }));
  return file;
}

async function metricsText(url: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await (await fetch(url)).text()).split('\n')) {
    if (!line.startsWith('warden_cache_lookups_total') && !line.startsWith('warden_cache_invalidations_total')) continue;
    const [key, value] = [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))];
    out.set(key, value);
  }
  return out;
}

/** Hit ratios over the measured run, per cache, from the server's /metrics. */
function hitRatios(metricsUrl: string) {
  return async () => {
    const before = await metricsText(metricsUrl);
    return async () => {
      const after = await metricsText(metricsUrl);
      const parts: string[] = [];
      for (const cache of ['tokens', 'users', 'datastores', 'user_views']) {
        const delta = (result: string) => (after.get(`warden_cache_lookups_total{cache="${cache}",result="${result}"}`) ?? 0) - (before.get(`warden_cache_lookups_total{cache="${cache}",result="${result}"}`) ?? 0);
        const all = delta('hit') + delta('miss') + delta('bypass');
        if (all > 0) parts.push(`${cache} ${((100 * delta('hit')) / all).toFixed(0)}%${delta('bypass') > 0 ? ` (${((100 * delta('bypass')) / all).toFixed(1)}% untrusted)` : ''}`);
      }
      // every cache dropped at once: the listener lost (or regained) its connection or its lease
      const key = 'warden_cache_invalidations_total{source="reset"}';
      const resets = (after.get(key) ?? 0) - (before.get(key) ?? 0);
      if (resets > 0) parts.push(`${resets} full drop${resets === 1 ? '' : 's'}`);
      return parts.join(', ');
    };
  };
}

const readySeconds: Record<string, number> = {};

export async function benchScale(): Promise<ScaleResult> {
  const before = prepareBefore();
  const sections: string[] = [];
  const figures: ScaleResult['figures'] = {};
  const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
  const bareIdleRss = rssMb(bare.proc.pid!);
  try {
    for (const database of await benchDatabases()) {
      const { env, drop } = await database.env();
      const title = database.name === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      try {
        // The schema as the "before" code knows it (it refuses migrations it does not know); the
        // current server migrates the rest when it starts.
        if (before) execFileSync(process.execPath, [path.join(before.dir, 'bin', 'warden.js'), 'migrate'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
        else {
          const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
          await migrateToLatest(db);
          await db.close();
        }
        const started = performance.now();
        const data = await seedAtScale(database.name === 'sqlite' ? { sqliteFile: path.join(env.WARDEN_DATA_DIR, 'warden.db') } : { postgresUrl: env.WARDEN_DATABASE_URL }, SIZES);
        const seedSeconds = (performance.now() - started) / 1000;
        // The introspection client (an Admin service user), as bench/hot-ab.ts seeds it.
        const clientDb = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
        const gateway = await seedIntrospectionClient(clientDb);
        await clientDb.close();
        console.log(`${title}: seeded ${data.tokens.length} tokens, ${SIZES.users} users, ${SIZES.teams} teams, ${SIZES.datastores} datastores in ${seedSeconds.toFixed(1)} s`);
        // The default configuration, as shipped: log level info with its access line per request
        // (to a file, bench/lib.ts), metrics on (WARDEN_METRICS_PORT, below), the scheduler running.
        const serverEnv = { ...env, WARDEN_ENV: 'production' };
        const alsoCpuOf = env.WARDEN_DATABASE_URL ? await backendPids(env.WARDEN_DATABASE_URL) : undefined;
        const draws = { steady: requestsOf(data, 'steady'), zipf: requestsOf(data, 'zipf'), first: requestsOf(data, 'first'), uniform: requestsOf(data, 'uniform') };
        const rows: Figures[] = [];
        rows.push(await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }));
        const bareUs = rows[0].cpuUsPerRequest;

        // Each run is preceded by a short run of the bare route: its ratio is to that neighbour.
        const withBare = (run: () => Promise<Figures>) => async () => {
          const b = await measure({ name: 'bare', server: bare, path: '/bare', durationSeconds: BARE_SECONDS });
          const f = await run();
          f.bareUs = b.cpuUsPerRequest;
          f.load = os.loadavg()[0];
          return f;
        };
        const routes = (server: Server, label: string, draw: Draw, extra: Partial<Parameters<typeof measure>[0]>) => {
          const r = draws[draw];
          const tag = DRAW_LABEL[draw];
          return [
            () => measure({ name: `${label} \`GET /api/users/me\`, ${tag}`, server, path: '/api/users/me', alsoCpuOf, ...extra, perRequest: (i) => ({ headers: { authorization: `Bearer ${r.at(i).token}` } }) }),
            () => measure({
              name: `${label} \`POST /api/authorize\`, ${tag}`, server, path: '/api/authorize', method: 'POST', alsoCpuOf, ...extra,
              perRequest: (i) => {
                const q = r.at(i);
                return { headers: { authorization: `Bearer ${q.token}`, 'content-type': 'application/json' }, body: `{"action":"${q.action}","datastore_id":${q.datastore}}` };
              },
            }),
            () => measure({
              name: `${label} \`GET /api/forward-auth\`, ${tag}`, server, path: '/api/forward-auth', alsoCpuOf, ...extra,
              perRequest: (i) => {
                const q = r.at(i);
                return { headers: { authorization: `Bearer ${q.token}` }, path: `/api/forward-auth?action=${q.action}&datastore_id=${q.datastore}` };
              },
            }),
          ];
        };

        // Token introspection (RFC 7662) of the drawn token, by the introspection client.
        const introspection = (server: Server, label: string, draw: Draw, extra: Partial<Parameters<typeof measure>[0]>) => {
          const r = draws[draw];
          return () => measure({
            name: `${label} \`POST /api/oauth/introspect\`, ${DRAW_LABEL[draw]}`, server, path: '/api/oauth/introspect', method: 'POST', alsoCpuOf, ...extra,
            perRequest: (i) => ({ headers: { authorization: `Bearer ${gateway}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${r.at(i).token}` }),
          });
        };

        // The floor: node:http with SHA-256, a Map lookup and decide(), on the steady tokens.
        const floorFile = floorData(data, (u) => (u % 20 === 19 ? 'manager' : 'member'));
        const floor = await startPinned(`${ROOT}bench/floor-server.ts`, [], { FLOOR_DATA: floorFile }, '/ready');
        try {
          const [, , fa] = routes(floor, '`node:http` floor (SHA-256 + Map + `decide()`):', 'steady', { alsoCpuOf: undefined });
          rows.push(await withBare(fa)());
        } finally {
          await floor.stop();
          fs.rmSync(floorFile, { force: true });
        }

        if (before) {
          const old = await startPinned(path.join(before.dir, 'bin', 'warden.js'), ['serve'], { ...serverEnv, WARDEN_LOG_LEVEL: 'warn' });
          try {
            for (const run of routes(old, `before (${before.commit}, log level warn)`, 'zipf', {})) rows.push(await withBare(run)());
          } finally {
            await old.stop();
          }
        }
        const metricsPort = await freePort();
        // One start first, not measured: in a checkout, the first start after a change fills Node's
        // compile cache (its TypeScript stripper: ~25 MB and ~1 s more); the package never pays it.
        await (await startPinned(`${ROOT}bin/warden.js`, ['serve'], serverEnv, '/readyz')).stop();
        const startedAt = performance.now();
        const server = await startPinned(`${ROOT}bin/warden.js`, ['serve'], { ...serverEnv, WARDEN_METRICS_PORT: String(metricsPort) }, '/readyz');
        readySeconds[database.name] = (performance.now() - startedAt) / 1000;
        const idleRss = rssMb(server.proc.pid!);
        let peakRss = 0;
        try {
          rows.push(await withBare(() => measure({ name: 'Warden `GET /healthz` (no auth)', server, path: '/healthz' }))());
          const around = hitRatios(`http://127.0.0.1:${metricsPort}/metrics`);
          await fillSteady(server, data, gateway);
          for (const draw of ['steady', 'first'] as const) {
            const extra = { warmupSeconds: draw === 'steady' ? CACHE_WARMUP_SECONDS : 1, around };
            for (const run of [...routes(server, 'Warden', draw, extra), ...(draw === 'steady' ? [introspection(server, 'Warden', draw, extra)] : [])]) {
              const f = await withBare(run)();
              peakRss = Math.max(peakRss, f.rssMb);
              rows.push(f);
            }
          }
          const [, , prewarmRun] = routes(server, 'prewarm', 'zipf', { warmupSeconds: 1, durationSeconds: PREWARM_SECONDS, around });
          const p = await prewarmRun();
          console.log(`prewarmed ${p.requests} requests (${p.note})`);
          for (const draw of ['zipf', 'uniform'] as const) {
            for (const run of routes(server, 'Warden', draw, { warmupSeconds: CACHE_WARMUP_SECONDS, around })) {
              const f = await withBare(run)();
              peakRss = Math.max(peakRss, f.rssMb);
              rows.push(f);
            }
          }
        } finally {
          await server.stop();
        }
        // Cached forward-auth on a server started differently (steady draw).
        const variant = async (label: string, extraEnv: Record<string, string>) => {
          const other = await startPinned(`${ROOT}bin/warden.js`, ['serve'], { ...serverEnv, WARDEN_METRICS_PORT: String(metricsPort), ...extraEnv });
          try {
            await fillSteady(other, data, gateway);
            const [, , forwardAuth] = routes(other, label, 'steady', { warmupSeconds: CACHE_WARMUP_SECONDS, around: hitRatios(`http://127.0.0.1:${metricsPort}/metrics`) });
            rows.push(await withBare(forwardAuth)());
          } finally {
            await other.stop();
          }
        };
        // What the access line and the metrics cost: the same server at level warn, without metrics.
        await variant('Warden, `WARDEN_LOG_LEVEL=warn`:', { WARDEN_LOG_LEVEL: 'warn' });
        // `warden serve` runs Node with an 8 MB young generation (bin/warden.js); V8's own, sized by the
        // machine's memory, trades memory for (maybe) CPU: the same server with V8's size.
        await variant(`Warden at V8's default young generation (\`NODE_OPTIONS=--max-semi-space-size=${V8_DEFAULT_SEMI_SPACE_MB}\`):`, { NODE_OPTIONS: `--max-semi-space-size=${V8_DEFAULT_SEMI_SPACE_MB}` });
        figures[database.name] = Object.fromEntries(rows.map((r) => [r.name, r]));
        const zipfTop = shareOfTop(draws.zipf.tokenDraws.subarray(0, 1_000_000), Math.min(100_000, data.tokens.length / 10));
        const md = `### ${title}\n\nData set seeded in ${seedSeconds.toFixed(1)} s. Server RSS ${idleRss.toFixed(0)} MB at ready, ${readySeconds[database.name].toFixed(2)} s from start to \`/readyz\`, at most ${peakRss.toFixed(0)} MB under load with ${data.tokens.length.toLocaleString('en-US')} tokens (caches at their default bounds: 100,000 tokens, 100,000 users, 50,000 datastores); the bare route's process (an empty Node 24 and Fastify) ${bareIdleRss.toFixed(0)} MB when started. The Zipf draw puts ${(100 * zipfTop).toFixed(0)}% of requests on the 100,000 most asked-for tokens.\n\n${table(rows, bareUs)}`;
        console.log(`\n${md}`);
        sections.push(md);
      } finally {
        await drop();
      }
    }
  } finally {
    await bare.stop();
  }
  return { markdown: sections.join('\n\n'), figures };
}
