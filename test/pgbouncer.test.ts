// docs/operations.md's PgBouncer recipe ("Through a connection pooler"), run as printed through a
// real PgBouncer (Debian's pgbouncer): two real `warden serve` nodes reach PostgreSQL only through
// it in session mode: migrations, tokens used through forward-auth and answered from trusted caches,
// each change made on one node seen by the other through LISTEN without a stale allow, SCIM's
// creates and filtered lookups and a user's view (statements prepared by name), POST /api/authorize.
// Then the same database through the same PgBouncer in transaction mode, and in statement mode:
// `warden serve` refuses to start, saying why. PostgreSQL only (WARDEN_TEST_DATABASE_URL); without
// pgbouncer this skips loudly, and under CI=true either missing fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { findSystemProgram } from './system-programs.ts';
import { freePort, recipe, recipeDir, startProcess, substitute, type RunningProxy } from './forward-auth-recipes.ts';
import { api, measurePropagation, metricOf, setUpChangeKinds, startNode, waitListening, type WardenNode } from './multi-node-support.ts';

const PG_URL = process.env.WARDEN_TEST_DATABASE_URL;
if (!PG_URL && process.env.CI === 'true') throw new Error('CI=true and WARDEN_TEST_DATABASE_URL is not set: the PgBouncer test needs PostgreSQL');
const PGBOUNCER = findSystemProgram('pgbouncer', 'pgbouncer', [process.env.PGBOUNCER_BIN, '/usr/sbin/pgbouncer']);
const OPERATIONS = path.join(import.meta.dirname, '..', 'docs', 'operations.md');
const ROOT = path.join(import.meta.dirname, '..');

/** The database line the recipe assumes (docs/operations.md says so); the test replaces exactly it. */
const ASSUMED_DATABASE = 'warden = host=127.0.0.1 port=5432 dbname=warden';

interface Bouncer {
  /** WARDEN_DATABASE_URL through PgBouncer, in the recipe's mode (session) and in the two others. */
  session: string;
  transaction: string;
  statement: string;
  stop(): Promise<void>;
}

/**
 * PgBouncer on 127.0.0.1 with the recipe as printed, its database line pointed at `dbName`, two more
 * entries for the same database in transaction and statement mode, and what the recipe leaves to the reader
 * (listening address, authentication) filled in: trust, as the test's PostgreSQL.
 */
async function startPgbouncer(dbName: string): Promise<Bouncer> {
  const dir = recipeDir('pgbouncer');
  const port = await freePort();
  const server = new URL(PG_URL!);
  const target = `host=${server.hostname} port=${server.port || 5432} dbname=${dbName}`;
  const userlist = path.join(dir, 'userlist.txt');
  fs.writeFileSync(userlist, `"${decodeURIComponent(server.username)}" ""\n`);
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(ini, [
    substitute(recipe('pgbouncer', fs.readFileSync(OPERATIONS, 'utf8')), [[ASSUMED_DATABASE, [`${dbName} = ${target}`, ...['transaction', 'statement'].map((mode) => `${dbName}_${mode} = ${target} pool_mode=${mode}`)].join('\n')]]),
    'listen_addr = 127.0.0.1', `listen_port = ${port}`, 'unix_socket_dir =',
    'auth_type = trust', `auth_file = ${userlist}`, 'max_client_conn = 100',
    '',
  ].join('\n'));
  for (const f of [userlist, ini]) fs.chmodSync(f, 0o644);
  // PgBouncer refuses to run as root: as root it is told to drop to nobody (the files are readable by all).
  const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), ini];
  const running: RunningProxy = await startProcess('pgbouncer', PGBOUNCER.path!, args, port, { cwd: dir });
  const urlOf = (database: string) => {
    const url = new URL(PG_URL!);
    url.host = `127.0.0.1:${port}`;
    url.pathname = `/${database}`;
    return url.toString();
  };
  return { session: urlOf(dbName), transaction: urlOf(`${dbName}_transaction`), statement: urlOf(`${dbName}_statement`), stop: () => running.stop() };
}

/** `warden serve` run until it exits (within `timeoutMs`): its exit code and everything it wrote. */
function serveUntilExit(env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin/warden.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WARDEN_ENV: 'production', WARDEN_SCHEDULER_INTERVAL_SECONDS: '0', WARDEN_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

describe('Warden through PgBouncer (docs/operations.md)', { skip: !PG_URL ? 'WARDEN_TEST_DATABASE_URL is not set (PostgreSQL only)' : PGBOUNCER.skip }, () => {
  const dbName = `warden_pgbouncer_${crypto.randomBytes(5).toString('hex')}`;
  let bouncer: Bouncer | undefined;
  const nodes: WardenNode[] = [];
  let admin: string;

  before(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    bouncer = await startPgbouncer(dbName);
    // Both at once on the empty database, through PgBouncer: one applies the migrations, the other waits for its lock.
    const env = { WARDEN_DATABASE_URL: bouncer.session };
    nodes.push(...await Promise.all(['A', 'B'].map((name) => startNode(name, env))));
    const db = openDatabase({ databaseUrl: bouncer.session, dataDir: '/tmp', poolSize: 1 });
    try {
      admin = (await bootstrapAdmin(db, null)).token;
    } finally {
      await db.close();
    }
    await Promise.all(nodes.map((n) => waitListening(n)));
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await bouncer?.stop();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  });

  test('session mode: each change made on A is seen by B through LISTEN, its caches trusted, never a stale allow', async () => {
    const [a, b] = nodes;
    const kinds = await setUpChangeKinds(a, admin);
    const hits = () => metricOf(b, 'warden_cache_lookups_total', 'cache="tokens",result="hit"');
    const heard = () => metricOf(b, 'warden_cache_invalidations_total', 'source="notify"');
    const [hitsBefore, heardBefore] = [(await hits()) ?? 0, (await heard()) ?? 0];
    for (const kind of kinds) {
      // Each: deny, then allow again, made on A; B (whose caches hold the state before) probed until it answers accordingly.
      const { deny, allow } = await measurePropagation(kind, a, [b], 1);
      assert.equal(deny.staleAllows, 0, `${kind.name}: B allowed 100 ms or more after the change was acknowledged`);
      assert.equal(deny.timeouts + allow.timeouts, 0, `${kind.name}: B never reflected the change`);
      assert.equal(deny.flaps + allow.flaps, 0, `${kind.name}: B went back to the state before the change`);
    }
    assert.ok(((await hits()) ?? 0) > hitsBefore, 'B answered tokens from its cache (trusted)');
    assert.ok(((await heard()) ?? 0) > heardBefore, 'B heard the changes through LISTEN');
    assert.equal(await metricOf(b, 'warden_cache_listener_up'), 1);
  });

  test('session mode: SCIM creates and filtered lookups, a user\'s view and authorize, on both nodes, never a 5xx', async () => {
    const [a, b] = nodes;
    const sync = await api(a, admin, 'POST', '/api/users', { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' });
    assert.equal(sync.status, 201);
    const tok = await api(a, admin, 'POST', '/api/user-tokens', { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true });
    assert.equal(tok.status, 201);
    const scim = async (node: WardenNode, method: string, url: string, body?: unknown) => {
      const res = await fetch(`${node.url}/api/scim/v2${url}`, {
        method,
        headers: { authorization: `Bearer ${tok.body.token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.status < 500, `${method} ${url} on ${node.name}: ${res.status} ${text}`);
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    // Creates several at a time, on each node: they share a transaction (one batch of creates).
    const ids: string[] = [];
    for (const node of nodes) {
      for (let round = 0; round < 2; round++) {
        const created = await Promise.all(Array.from({ length: 8 }, (_, i) => scim(node, 'POST', '/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${node.name.toLowerCase()}${round}-${i}@example.com`, active: true,
        })));
        for (const r of created) assert.equal(r.status, 201, JSON.stringify(r.body));
        ids.push(...created.map((r) => r.body.id as string));
      }
    }
    // Filtered lookups, more than a node has pooled connections, alternating nodes.
    for (let i = 0; i < 24; i++) {
      const node = nodes[i % 2];
      const userName = `${nodes[(i >> 1) % 2].name.toLowerCase()}${i % 2}-${i % 8}@example.com`;
      const found = await scim(node, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.Resources.map((r: { userName: string }) => r.userName), [userName]);
    }
    const group = await scim(a, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Pooled', members: ids.slice(0, 3).map((value) => ({ value })) });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    for (const node of [a, b, a, b]) {
      const found = await scim(node, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "Pooled"')}`);
      assert.deepEqual(found.body.Resources.map((g: { members: { value: string }[] }) => g.members.map((m) => m.value).sort()), [ids.slice(0, 3).sort()]);
    }
    // A SCIM account's view (GET /api/users/:id) and a decision about it, through both nodes.
    const person = (await api(a, admin, 'GET', `/api/users?search=${encodeURIComponent('a0-0@example.com')}`)).body.items[0];
    for (const node of [a, b, a, b]) {
      const view = await api(node, admin, 'GET', `/api/users/${person.id}`);
      assert.equal(view.status, 200, JSON.stringify(view.body));
      assert.deepEqual(view.body.teams.map((t: { name: string }) => t.name).sort(), ['Pooled', 'Public'].sort());
      const decision = await api(node, admin, 'POST', '/api/authorize', { action: 'users.read', user_id: person.id });
      assert.equal(decision.status, 200, JSON.stringify(decision.body));
      assert.equal(decision.body.allowed, false);
    }
  });

  test('transaction and statement mode: `warden serve` refuses to start, at once, saying why', async () => {
    await Promise.all((['transaction', 'statement'] as const).map(async (mode) => {
      const run = await serveUntilExit({ WARDEN_DATABASE_URL: bouncer![mode], WARDEN_PORT: String(await freePort()), WARDEN_METRICS_PORT: String(await freePort()) }, 15_000);
      assert.equal(run.code, 1, `${mode}: ${run.output}`);
      assert.match(run.output, /does not keep a session per connection/, mode);
      assert.match(run.output, /pool_mode = session/, mode);
      assert.ok(run.ms < 10_000, `${mode}: refused at once, not retried: ${run.ms} ms`);
    }));
  });
});
