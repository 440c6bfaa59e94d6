// Where a SCIM request's CPU goes (not part of `npm run bench`): a real `warden serve` pinned to a
// core with --cpu-prof, driven by bench/scim.ts's own requests, 8 in flight. The data is seeded
// first through an unprofiled server, so the profile holds only the route asked for.
//   node bench/scim-profile.ts [create|username|email|group|groupid|spc] [requests]
//   WARDEN_DATABASE_URL=postgres://… node bench/scim-profile.ts …   (a fresh database, dropped after)
// `create`: POST /Users of new users (after BENCH_SCIM_USERS existing ones, default 2,000);
// `username`, `email`, `group`: the lookups of bench/scim.ts at BENCH_SCIM_USERS users (default
// 10,000; `group` with 100 groups of 100; `groupid`: GET /Groups/{id} of those); `spc`: the baseline, GET /ServiceProviderConfig.
// Writes /tmp/warden-scim-prof/*.cpuprofile; `node bench/profile-summary.ts <file>` sums it.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { benchDatabases, cpuSeconds, freePort, requestPool, SERVER_CORE } from './lib.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const [mode = 'create', nArg] = process.argv.slice(2);
const N = Number(nArg ?? 3000);
const USERS = Number(process.env.BENCH_SCIM_USERS ?? (mode === 'create' ? 2000 : 10_000));
const GROUPS = 100;
const MEMBERS = 100;
const CONCURRENCY = 8;
const profDir = '/tmp/warden-scim-prof';

async function startServer(env: Record<string, string>, profile: boolean) {
  const port = await freePort();
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const proc = spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...prof, path.join(ROOT, 'bin', 'warden.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, WARDEN_PORT: String(port), WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'warn', WARDEN_AUTH_FAILURE_LIMIT: '100000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    if (tries > 600 || proc.exitCode !== null) throw new Error('warden serve did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, proc,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    },
  };
}

const pool = async (n: number, one: (i: number) => Promise<Response>): Promise<number[]> => (await requestPool(n, CONCURRENCY, one)).latencies;

const userBody = (i: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  userName: `user${i}@bench.example`, externalId: `ext-${i}`, active: true, displayName: `User ${i}`,
  name: { givenName: 'User', familyName: `N${i}` }, emails: [{ value: `user${i}@bench.example`, type: 'work', primary: true }],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `D${i % 20}` },
});

// A fresh database (bench/lib.ts): PostgreSQL when WARDEN_DATABASE_URL is set (on BENCH_DATABASE_URL's server), else SQLite.
const database = await (await benchDatabases()).find((d) => d.name === (process.env.WARDEN_DATABASE_URL ? 'postgres' : 'sqlite'))!.env();
const db = openDatabase({ databaseUrl: database.env.WARDEN_DATABASE_URL ?? null, dataDir: database.env.WARDEN_DATA_DIR ?? os.tmpdir() });
await migrateToLatest(db);
const boot = await bootstrapAdmin(db, null);
await db.close();
fs.rmSync(profDir, { recursive: true, force: true });
try {
  // seed through an unprofiled server
  let server = await startServer(database.env, false);
  const api = (base: string, method: string, p: string, body: unknown, token: string, type = 'application/json') =>
    fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const sync = (await (await api(server.base, 'POST', '/api/users', { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' }, boot.token)).json()) as { id: number };
  const tok = ((await (await api(server.base, 'POST', '/api/user-tokens', { name: 'directory', expires_in_days: 30, user_id: sync.id, scim_only: true }, boot.token)).json()) as { token: string }).token;
  let scim = (method: string, p: string, body?: unknown) => api(server.base, method, `/api/scim/v2${p}`, body, tok, 'application/scim+json');
  const ids: string[] = new Array(USERS);
  await pool(USERS, async (i) => {
    const res = await scim('POST', '/Users', userBody(i));
    if (res.status === 201) ids[i] = ((await res.clone().json()) as { id: string }).id;
    return res;
  });
  const groupIds: string[] = [];
  if (mode === 'group' || mode === 'groupid') {
    await pool(GROUPS, async (g) => {
      const created = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${g}`, externalId: `grp-${g}`, members: [] });
      groupIds[g] = ((await created.clone().json()) as { id: string }).id;
      const members = Array.from({ length: MEMBERS }, (_, k) => ({ value: ids[(g * MEMBERS + k) % USERS] }));
      return scim('PATCH', `/Groups/${groupIds[g]}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Add', path: 'members', value: members }] });
    });
  }
  await server.stop();

  server = await startServer(database.env, true);
  scim = (method: string, p: string, body?: unknown) => api(server.base, method, `/api/scim/v2${p}`, body, tok, 'application/scim+json');
  const rand = (n: number) => crypto.randomInt(n);
  let created = USERS;
  const one = (): Promise<Response> => {
    if (mode === 'create') return scim('POST', '/Users', userBody(created++));
    if (mode === 'username') return scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "USER${rand(USERS)}@bench.example"`)}`);
    if (mode === 'email') return scim('GET', `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "user${rand(USERS)}@bench.example"`)}`);
    if (mode === 'groupid') return scim('GET', `/Groups/${groupIds[rand(GROUPS)]}`);
    if (mode === 'group') return scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "Group ${rand(GROUPS)}"`)}`);
    return scim('GET', '/ServiceProviderConfig');
  };
  await pool(Math.min(500, N), one); // warm-up
  const before = cpuSeconds(server.proc.pid!);
  const t0 = performance.now();
  const lat = await pool(N, one);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(server.proc.pid!) - before;
  lat.sort((a, b) => a - b);
  console.log(`${mode}: ${N} requests in ${seconds.toFixed(2)} s, server CPU ${Math.round((cpu / N) * 1e6)} µs/req, p50 ${lat[Math.floor(lat.length / 2)].toFixed(2)} ms; load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  await server.stop();
  // bin/warden.js re-executes itself (execve, same pid) with a V8 flag: the server's profile is the larger file
  const files = fs.readdirSync(profDir).map((f) => path.join(profDir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  console.log(`profile: ${files[0]}`);
} finally {
  await database.drop();
}
