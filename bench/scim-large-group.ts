// Issue 17 §5: a directory pushing a large group must not freeze the server. A real `warden serve`
// (pinned to the server core) gets one SCIM PATCH adding 2,000 members to a group while a client
// probes GET /healthz back to back; the probe's worst latency during the PATCH is how long any
// other request (a forward-auth check) could have waited. Baseline in the same run: the probe with
// no PATCH. "Before": the same data and probe against Warden before the fix (BENCH_SCIM_BEFORE,
// default the parent of the commit that made the add linear; `none` to skip), unpacked with
// `git archive` as bench/scale.ts does.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nameKey } from '../src/http/text.ts';
import { chunks } from '../src/db/batch.ts';
import { benchDatabases, unpackCommit, ROOT, startPinned } from './lib.ts';

const MEMBERS = Number(process.env.BENCH_SCIM_GROUP_MEMBERS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_SCIM_GROUP_ROUNDS ?? 3);

function prepareBefore(): { dir: string; commit: string } | null {
  const wanted = process.env.BENCH_SCIM_BEFORE ?? (() => {
    try {
      const fix = execFileSync('git', ['log', '--format=%h', '-1', '--grep=^SCIM PATCH: multi-valued add'], { cwd: ROOT, encoding: 'utf8' }).trim();
      return fix ? `${fix}^` : 'none';
    } catch {
      return 'none';
    }
  })();
  return unpackCommit(wanted, 'BENCH_SCIM_BEFORE');
}

/** The admin token and the ids of MEMBERS provisioned (SCIM) users, written directly. */
async function seed(env: Record<string, string>, root: string, untilMigration?: string): Promise<{ token: string; ids: number[] }> {
  // The schema and the Admin are made by the Warden under test's own code (an older one writes older rows).
  const { openDatabase } = (await import(path.join(root, 'src', 'db', 'connection.ts'))) as typeof import('../src/db/connection.ts');
  const { migrateToLatest } = (await import(path.join(root, 'src', 'db', 'migrate.ts'))) as typeof import('../src/db/migrate.ts');
  const { bootstrapAdmin } = (await import(path.join(root, 'src', 'users', 'bootstrap.ts'))) as typeof import('../src/users/bootstrap.ts');
  const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? os.tmpdir() });
  try {
    await migrateToLatest(db, untilMigration);
    const boot = await bootstrapAdmin(db, null);
    const now = new Date().toISOString();
    const names = Array.from({ length: MEMBERS }, (_, i) => `member${i}@large.example`);
    for (const batch of chunks(names, 500)) {
      await db.kysely.insertInto('users').values(batch.map((n) => ({
        user_id: n, type: 'personal', name: n, email: n, role: 'member', owner_id: null, purpose: null, provisioned_by: 'scim',
        created_at: now, created_by: null, updated_at: now, deactivated_at: null,
      }))).execute();
    }
    const rows = await db.kysely.selectFrom('users').select(['id', 'user_id']).where('provisioned_by', '=', 'scim').orderBy('id').execute();
    for (const batch of chunks(rows, 500)) {
      await db.kysely.insertInto('scim_users').values(batch.map((r) => ({
        user_id: r.id, user_name: r.user_id, user_name_key: nameKey(r.user_id), external_id: null, display_name: null, formatted_name: null,
        family_name: null, given_name: null, middle_name: null, honorific_prefix: null, honorific_suffix: null,
        attributes: JSON.stringify({ userName: r.user_id }), created_at: now, updated_at: now, detached_at: null,
      }))).execute();
    }
    return { token: boot.token, ids: rows.map((r) => r.id) };
  } finally {
    await db.close();
  }
}

/** GET /healthz back to back until `stop` resolves; each answer's latency (ms). */
async function probe(url: string, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => { done = true; });
  const out: number[] = [];
  while (!done) {
    const t0 = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

interface Round { patchMs: number; worstMs: number; p50Ms: number }

async function measureServer(script: string, env: Record<string, string>, token: string, ids: number[], tag: string): Promise<{ idle: number; rounds: Round[] }> {
  const server = await startPinned(script, ['serve'], { ...env, WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'warn', WARDEN_AUTH_FAILURE_LIMIT: '100000' });
  try {
    const scim = (method: string, p: string, body?: unknown) => fetch(`${server.url}/api/scim/v2${p}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    // warm-up: JIT and connections, on a small group
    for (let i = 0; i < 3; i++) {
      const g = (await (await scim('POST', '/Groups', { displayName: `${tag} warm ${i}` })).json()) as { id: string };
      await (await scim('PATCH', `/Groups/${g.id}`, { Operations: [{ op: 'add', path: 'members', value: ids.slice(0, 200).map((id) => ({ value: String(id) })) }] })).arrayBuffer();
    }
    const idleLatencies = await probe(server.url, new Promise((r) => setTimeout(r, 1000)));
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const g = (await (await scim('POST', '/Groups', { displayName: `${tag} large ${round}` })).json()) as { id: string };
      const t0 = performance.now();
      const patch = scim('PATCH', `/Groups/${g.id}`, { Operations: [{ op: 'Add', path: 'members', value: ids.map((id) => ({ value: String(id) })) }] })
        .then(async (res) => {
          if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
          await res.arrayBuffer();
          return performance.now() - t0;
        });
      const [latencies, patchMs] = await Promise.all([probe(server.url, patch), patch]);
      const sorted = [...latencies].sort((a, b) => a - b);
      rounds.push({ patchMs, worstMs: sorted.at(-1) ?? 0, p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0 });
    }
    return { idle: Math.max(...idleLatencies), rounds };
  } finally {
    await server.stop();
  }
}

/** The name of the last migration in a Warden checkout (src/db/migrations/NNNN_name.ts). */
function lastMigration(dir: string): string {
  const names = fs.readdirSync(path.join(dir, 'src', 'db', 'migrations')).filter((f) => /^\d{4}_.*\.ts$/.test(f)).sort();
  return names.at(-1)!.replace(/\.ts$/, '');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the scenario on each database (now and, when available, before); returns the Markdown table. */
export async function benchScimLargeGroup(): Promise<string> {
  const before = prepareBefore();
  const lines = [
    `| database | Warden | PATCH ms (median of ${ROUNDS}) | \`/healthz\` worst ms during the PATCH (median; each round) | \`/healthz\` p50 ms during | \`/healthz\` worst ms, no PATCH |`,
    '|---|---|---:|---:|---:|---:|',
  ];
  const servers: { label: string; root: string; until?: string }[] = [];
  // The older Warden gets a database of its own at its own last migration: it refuses one a newer
  // Warden migrated further.
  if (before) servers.push({ label: `before (${before.commit})`, root: before.dir, until: lastMigration(before.dir) });
  servers.push({ label: 'now', root: ROOT });
  for (const database of await benchDatabases()) {
    for (const { label, root, until } of servers) {
      const { env, drop } = await database.env();
      try {
        const { token, ids } = await seed(env, root, until);
        const r = await measureServer(path.join(root, 'bin', 'warden.js'), env, token, ids, label);
        const row = `| ${database.name === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${label} | ${median(r.rounds.map((x) => x.patchMs)).toFixed(0)} | ${median(r.rounds.map((x) => x.worstMs)).toFixed(0)} (${r.rounds.map((x) => x.worstMs.toFixed(0)).join(', ')}) | ${median(r.rounds.map((x) => x.p50Ms)).toFixed(1)} | ${r.idle.toFixed(1)} |`;
        console.log(row);
        lines.push(row);
      } finally {
        await drop();
      }
    }
  }
  return lines.join('\n');
}
