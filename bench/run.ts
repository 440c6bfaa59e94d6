// `npm run bench`: runs the benchmarks and writes their figures into bench/README.md.
// BENCH_SECONDS (default 8) sets the measured seconds per route, BENCH_WARMUP_SECONDS (default 10)
// the warm-up of cached servers, BENCH_CONNECTIONS (default 50) the load, BENCH_DATABASE_URL the
// PostgreSQL server, BENCH_BEFORE the commit measured as "before" (`none` to skip).
// `npm run bench -- scale|multinode|memory|scim|scim-group|exchange` runs one part.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { benchScale } from './scale.ts';
import { benchBetterAuth } from './better-auth.ts';
import { benchMultiNode } from './multi-node.ts';
import { benchCacheMemory } from './cache-memory.ts';
import { benchScimLargeGroup } from './scim-large-group.ts';
import { benchExchange } from './exchange.ts';
import { benchDatabases, CONNECTIONS, machine, pinSelf, ROOT, table, writeSection } from './lib.ts';

pinSelf();
const when = new Date().toISOString().slice(0, 10);
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const header = () => `Measured ${when} at commit ${commit} on ${machine()}; server pinned to core 0 (\`taskset -c 0\`), autocannon (${CONNECTIONS} connections) on core 1, ${process.env.BENCH_SECONDS ?? 8} s per route after a warm-up (1 s; ${process.env.BENCH_WARMUP_SECONDS ?? 10} s for Warden's cached runs, so that the caches reach their steady state). Load average at the start of this part (1/5/15 min): ${load()} — the machine is shared, so figures move from run to run. Command: \`npm run bench\`.`;

const only = process.argv[2];
if (!only || only === 'scale') {
  const head = header();
  const scale = await benchScale();
  const ba = await benchBetterAuth();
  let anchor: string;
  if (ba) {
    const baUs = ba[0].cpuUsPerRequest;
    const ratios = Object.entries(scale.figures).map(([db, rows]) => {
      const fa = rows['Warden `GET /api/forward-auth`, Zipf'];
      const total = fa ? fa.cpuUsPerRequest + (fa.dbCpuUsPerRequest ?? 0) : NaN;
      return `${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${(baUs / total).toFixed(1)}× less CPU per request than Better Auth (forward-auth, Zipf, ${total.toFixed(0)} µs vs ${baUs.toFixed(0)} µs)`;
    });
    anchor = `### Better Auth's API-key check, same run and settings\n\nThe anchor of \`../shared/anchors/better-auth-bench\` (better-auth 1.7.5, its SQLite in WAL mode, 10,000 keys drawn uniformly), its server pinned and loaded exactly as Warden's above.\n\n${table(ba, scale.figures.sqlite?.['bare Fastify route (baseline)']?.cpuUsPerRequest)}\n\n${ratios.map((r) => `- ${r}`).join('\n')}`;
    console.log(`\n${anchor}`);
  } else {
    anchor = '### Better Auth\n\nThe anchor (`../shared/anchors/better-auth-bench`) was not found in this run: no side-by-side figures.';
  }
  writeSection('scale', `## The request path at scale\n\n${head} Data set: 1,000,000 service tokens over 100,000 users (19 in 20 members, the rest managers), 10,000 teams at random levels, every user in 1–5 teams, 50,000 datastores each in 1–3 teams. Each request draws a token (Zipf with exponent 1 over the million, or uniform: the cold worst case); forward-auth and authorize ask about a datastore the token's owner reaches through a team (4 in 5) or any datastore (drawn the same way), for one of five datastore actions: denials (403/404) are correct answers and counted as non-2xx. "× bare" is the total CPU per request (on PostgreSQL with its backends) over the bare route's. "cache hits" are the server's own counters over the measured run. The "before" rows are the same data and load against Warden before the caches (no cache hit column).\n\n${scale.markdown}\n\n${anchor}`);
}
if (!only || only === 'multinode') {
  const head = header();
  const figures = await benchMultiNode();
  if (figures) writeSection('multinode', `## Cross-node invalidation\n\n${head}\n\n${figures}`);
}
if (!only || only === 'memory') {
  const m = await benchCacheMemory();
  console.log(`\n${m.markdown}`);
  writeSection('memory', `## Memory per cache entry\n\nMeasured ${when} at commit ${commit} on ${machine()}. The caches of \`src/cache\` filled from a seeded SQLite file (20,000 users with 5 tokens each, 2,000 teams, 20,000 datastores); V8's used heap after full collections, before and after each batch. Besides the entries, V8 keeps room to grow: under load a node's RSS is well above the sum (see the RSS column above). Command: \`npm run bench -- memory\`.\n\n${m.markdown}`);
}
if (!only || only === 'scim') {
  // Provisioning at directory scale (bench/scim.ts writes its own section), once per database.
  for (const database of await benchDatabases()) {
    const env = { ...process.env } as Record<string, string>;
    delete env.WARDEN_DATABASE_URL;
    if (database.name === 'postgres') env.WARDEN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    execFileSync(process.execPath, [`${ROOT}bench/scim.ts`], { env, stdio: 'inherit' });
  }
}
if (!only || only === 'scim' || only === 'scim-group') {
  const head = `Measured ${when} at commit ${commit} on ${machine()}; load average at the start (1/5/15 min): ${load()}. Command: \`npm run bench -- scim-group\`.`;
  const figures = await benchScimLargeGroup();
  writeSection('scim-group', `## A large SCIM group change\n\n${head} A real \`warden serve\` pinned to core 0 on a fresh database with 2,000 provisioned users gets one \`PATCH /Groups/{id}\` adding all 2,000 as members (as Okta and Entra ID push a group) while a client on core 1 sends \`GET /healthz\` back to back: the probe's worst latency is how long any other request waited behind the PATCH. Three rounds, each on a new group, after a warm-up; baseline in the same run: the probe alone for 1 s. "before" is the same data and probe against the commit before the PATCH's add became linear (\`BENCH_SCIM_BEFORE\`). Before, the PATCH compared each new member with every member already in the list (2,000 × 2,000) and, on SQLite, ran from start to end without letting the event loop turn; now the add is linear and the change lets other requests run between its phases (still one transaction). The baseline's own worst latency shows how noisy the shared machine was.\n\n${figures}`);
}
if (!only || only === 'exchange') {
  const loadAtStart = load();
  const figures = await benchExchange();
  const head = `Measured ${when} at commit ${commit} on ${machine()}; server pinned to core 0 (\`taskset -c 0\`), autocannon (${CONNECTIONS} connections) on core 1, ${process.env.BENCH_SECONDS ?? 8} s per route after a 1 s warm-up (2 s for \`/api/users/me\`; each exchange row also after its 2 s calibration run). Load average (1/5/15 min) at the start of this part: ${loadAtStart}; at its end: ${load()}; each row's 1-minute load beside it — the machine is shared, so figures move from run to run. Command: \`npm run bench -- exchange\` (also part of \`npm run bench\`).`;
  writeSection('exchange', `## Token exchange (workload identity)\n\n${head}\n\nA real \`warden serve\` (as shipped: log level info, its access lines to a file) on a fresh database; one service user trusts two OpenID issuers running on loopback in the load generator's process (test/oidc-issuers.ts, the tests' own): one shaped like GitHub Actions (RS256 keys, every token with its own \`jti\`), one like a Kubernetes service-account issuer (ES256, no \`jti\`: each token is single use by its SHA-256). Before each run the load generator mints one subject JWT per request it will send (sized by a 2 s calibration run, which is also the warm-up), so every request is a new token: \`POST /api/oauth/token\` with \`grant_type=urn:ietf:params:oauth:grant-type:token-exchange\` verifies the signature with the issuer's cached keys, checks the claims and the trust, remembers the \`jti\` (or hash) in the database, issues a 15-minute Warden token and writes its audit event, in one transaction. "non-2xx" must be 0 (a replayed or refused token would count there); "issuer fetches during the run" must be 0 (keys cached: discovery and JWKS were fetched once, by a first exchange before the runs). Baselines in the same run: the bare Fastify route, and \`GET /api/users/me\` with one cached service token (authentication from memory, no database). "× bare" is the total CPU per request (on PostgreSQL with its backends) over the bare route's, measured just before each row.\n\n${figures}`);
}
