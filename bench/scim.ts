// SCIM provisioning at directory scale, over HTTP against a real `warden serve` process:
// 10,000 users (POST /Users), 100 groups of 100 members (POST /Groups, then one PATCH adding the
// members, as Okta and Entra ID push groups), then filtered lookups at that size, with a baseline
// in the same run (GET /ServiceProviderConfig: authenticated, no SCIM query).
//
//   node bench/scim.ts                                             # SQLite (temp data dir)
//   WARDEN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/scim.ts   # PostgreSQL
//
// With WARDEN_DATABASE_URL the run uses a fresh database created on that server (dropped after).
// Figures go into bench/README.md under "SCIM provisioning", one sub-section per database.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { backendPids, cpuOfAll, cpuSeconds, freePort, machine, requestPool, SERVER_CORE } from './lib.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const USERS = Number(process.env.BENCH_SCIM_USERS ?? 10_000);
const GROUPS = Number(process.env.BENCH_SCIM_GROUPS ?? 100);
const MEMBERS = Number(process.env.BENCH_SCIM_MEMBERS ?? 100);
const LOOKUPS = Number(process.env.BENCH_SCIM_LOOKUPS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_SCIM_CONCURRENCY ?? 8);

/** A database for this run: a temp SQLite dir, or a new database on the PostgreSQL server of WARDEN_DATABASE_URL. */
async function prepareDatabase(): Promise<{ dialect: 'sqlite' | 'postgres'; env: Record<string, string>; drop(): Promise<void> }> {
  const url = process.env.WARDEN_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-bench-scim-'));
    return { dialect: 'sqlite', env: { WARDEN_DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `warden_bench_scim_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    env: { WARDEN_DATABASE_URL: u.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

interface Timed {
  seconds: number;
  latencies: number[];
  failures: number;
  /** CPU seconds the server process used meanwhile, and (PostgreSQL) its database's backends. */
  serverCpu?: number;
  dbCpu?: number;
}

/** `run` with the CPU time the server (and the PostgreSQL backends of its database) spent on it: figures robust to a shared machine's other load. */
async function withCpu(serverPid: number, backends: (() => Promise<number[]>) | null, run: () => Promise<Timed>): Promise<Timed> {
  const dbBefore = backends ? cpuOfAll(await backends()) : null;
  const before = cpuSeconds(serverPid);
  const t = await run();
  t.serverCpu = cpuSeconds(serverPid) - before;
  if (backends && dbBefore) {
    let db = 0;
    for (const [p, after] of cpuOfAll(await backends())) db += after - (dbBefore.get(p) ?? 0);
    t.dbCpu = db;
  }
  return t;
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1) : '-';
}

function row(name: string, n: number, t: Timed): string {
  const us = (cpu: number | undefined) => (cpu === undefined ? '–' : Math.round((cpu / n) * 1e6).toLocaleString('en'));
  return `| ${name} | ${n.toLocaleString('en')} | ${t.seconds.toFixed(1)} | ${Math.round(n / t.seconds)} | ${pct(t.latencies, 50)} | ${pct(t.latencies, 99)} | ${us(t.serverCpu)} | ${us(t.dbCpu)} | ${t.failures} |`;
}

function writeReadme(dialect: 'sqlite' | 'postgres', markdown: string): void {
  const file = path.join(ROOT, 'bench', 'README.md');
  let text = fs.readFileSync(file, 'utf8');
  const sub = (d: string) => [`<!-- bench:scim-${d}:start -->`, `<!-- bench:scim-${d}:end -->`];
  if (!text.includes('<!-- bench:scim:start -->')) {
    const skeleton = [
      '<!-- bench:scim:start -->',
      '## SCIM provisioning',
      '',
      `What a directory does on its first sync, over HTTP against a real \`warden serve\` process (log level warn) on the same machine: ${USERS.toLocaleString('en')} users created with \`POST /Users\`, ${GROUPS} groups pushed as Okta and Entra ID do (\`POST /Groups\` with no members, then one \`PATCH\` adding ${MEMBERS} members), then filtered lookups at that size. ${CONCURRENCY} requests in flight, one SCIM-only Admin token. Baseline in the same run: \`GET /ServiceProviderConfig\` (authenticated, no SCIM query). Commands: \`node bench/scim.ts\` (SQLite) and \`WARDEN_DATABASE_URL=postgres://… node bench/scim.ts\` (PostgreSQL, on a fresh database it creates and drops).`,
      '',
      '### SQLite',
      '',
      ...sub('sqlite'),
      '',
      '### PostgreSQL',
      '',
      ...sub('postgres'),
      '<!-- bench:scim:end -->',
    ].join('\n');
    text = text.includes('<!-- bench: scim -->') ? text.replace('<!-- bench: scim -->', skeleton) : `${text.trimEnd()}\n\n${skeleton}\n`;
  }
  const [start, end] = sub(dialect);
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = text.slice(0, i) + `${start}\n${markdown.trim()}\n${end}` + text.slice(j + end.length);
  fs.writeFileSync(file, text);
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

async function main(): Promise<void> {
  const loadAtStart = load();
  const database = await prepareDatabase();
  const db = openDatabase({ databaseUrl: database.env.WARDEN_DATABASE_URL ?? null, dataDir: database.env.WARDEN_DATA_DIR ?? os.tmpdir() });
  await migrateToLatest(db);
  const boot = await bootstrapAdmin(db, null);
  await db.close();

  const port = await freePort();
  // BENCH_SCIM_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops
  const prof = process.env.BENCH_SCIM_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SCIM_CPU_PROF] : [];
  // The server on its own core, as the other benches pin theirs (bench/lib.ts startPinned), when
  // taskset exists: under `npm run bench` this process is on core 1, and an unpinned child would
  // inherit that affinity and share the core with the load it is measured under. taskset execs
  // node, so server.pid stays the server's own pid (its CPU time is read from /proc).
  const pinned = spawnSync('taskset', ['-c', SERVER_CORE, 'true'], { stdio: 'ignore' }).status === 0;
  const command = [process.execPath, ...prof, path.join(ROOT, 'bin', 'warden.js'), 'serve'];
  if (pinned) command.unshift('taskset', '-c', SERVER_CORE);
  const server = spawn(command[0], command.slice(1), {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...database.env, WARDEN_PORT: String(port), WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'warn', WARDEN_AUTH_FAILURE_LIMIT: '100000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 600 || server.exitCode !== null) throw new Error('warden serve did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    const api = (method: string, p: string, body: unknown, token: string, type = 'application/json') =>
      fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const syncRes = await api('POST', '/api/users', { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' }, boot.token);
    if (syncRes.status !== 201) throw new Error(`creating the directory user: ${syncRes.status} ${await syncRes.text()}`);
    const sync = (await syncRes.json()) as { id: number };
    const tok = await (await api('POST', '/api/user-tokens', { name: 'directory', expires_in_days: 30, user_id: sync.id, scim_only: true }, boot.token)).json() as { token: string };
    const scim = (method: string, p: string, body?: unknown) => api(method, `/api/scim/v2${p}`, body, tok.token, 'application/scim+json');

    await requestPool(500, CONCURRENCY, () => scim('GET', '/ServiceProviderConfig')); // warm-up: JIT, connections
    const backends = database.env.WARDEN_DATABASE_URL ? await backendPids(database.env.WARDEN_DATABASE_URL) : null;
    const cpu = (run: () => Promise<Timed>) => withCpu(server.pid!, backends, run);
    const baseline = await cpu(() => requestPool(LOOKUPS, CONCURRENCY, () => scim('GET', '/ServiceProviderConfig')));
    const ids: string[] = new Array(USERS);
    const users = await cpu(() => requestPool(USERS, CONCURRENCY, async (i) => {
      const res = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        userName: `user${i}@bench.example`, externalId: `ext-${i}`, active: true, displayName: `User ${i}`,
        name: { givenName: 'User', familyName: `N${i}` }, emails: [{ value: `user${i}@bench.example`, type: 'work', primary: true }],
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `D${i % 20}` },
      });
      const clone = res.clone();
      if (res.status === 201) ids[i] = ((await clone.json()) as { id: string }).id;
      return res;
    }));
    const groupIds: string[] = new Array(GROUPS);
    const groups = await cpu(() => requestPool(GROUPS, CONCURRENCY, async (g) => {
      const created = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${g}`, externalId: `grp-${g}`, members: [] });
      if (created.status !== 201) return created;
      groupIds[g] = ((await created.json()) as { id: string }).id;
      const members = Array.from({ length: MEMBERS }, (_, k) => ({ value: ids[(g * MEMBERS + k) % USERS] }));
      return scim('PATCH', `/Groups/${groupIds[g]}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Add', path: 'members', value: members }] });
    }));
    const rand = () => crypto.randomInt(USERS);
    const byUserName = await cpu(() => requestPool(LOOKUPS, CONCURRENCY, () => scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "USER${rand()}@bench.example"`)}`)));
    const byEmail = await cpu(() => requestPool(LOOKUPS, CONCURRENCY, () => scim('GET', `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "user${rand()}@bench.example"`)}`)));
    const byGroupName = await cpu(() => requestPool(LOOKUPS, CONCURRENCY, () => scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "Group ${crypto.randomInt(GROUPS)}"`)}`)));
    const groupRead = await cpu(() => requestPool(Math.min(LOOKUPS, 500), CONCURRENCY, () => scim('GET', `/Groups/${groupIds[crypto.randomInt(GROUPS)]}`)));

    const markdown = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; ${pinned ? `server pinned to core ${SERVER_CORE} (\`taskset -c ${SERVER_CORE}\`)` : 'server not pinned (no taskset)'}; load average (1/5/15 min) at the start ${loadAtStart}, at the end ${load()} — the machine is shared: compare each row with the baseline of the same run.`,
      '',
      '| step | requests | total s | req/s | p50 ms | p99 ms | server CPU µs/req | PostgreSQL backends CPU µs/req | failed |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      row('baseline: `GET /ServiceProviderConfig`', LOOKUPS, baseline),
      row(`\`POST /Users\` (${USERS.toLocaleString('en')} users)`, USERS, users),
      row(`\`POST /Groups\` + \`PATCH\` add ${MEMBERS} members (${GROUPS} groups)`, GROUPS, groups),
      row(`\`GET /Users?filter=userName eq "…"\` at ${USERS.toLocaleString('en')} users`, LOOKUPS, byUserName),
      row('`GET /Users?filter=emails[type eq "work"].value eq "…"`', LOOKUPS, byEmail),
      row(`\`GET /Groups?filter=displayName eq "…"&excludedAttributes=members\``, LOOKUPS, byGroupName),
      row(`\`GET /Groups/{id}\` (${MEMBERS} members)`, Math.min(LOOKUPS, 500), groupRead),
      '',
      `Provisioning ${USERS.toLocaleString('en')} users and ${GROUPS} groups of ${MEMBERS} took ${(users.seconds + groups.seconds).toFixed(1)} s in all.`,
    ].join('\n');
    console.log(`\n## SCIM provisioning [${database.dialect}]\n\n${markdown}\n`);
    writeReadme(database.dialect, markdown);
    if (users.failures || groups.failures || byUserName.failures || byEmail.failures) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await database.drop();
  }
}

await main();
