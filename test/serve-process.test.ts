// How operators run Warden: `npm start` (and `node bin/warden.js serve` under a process manager)
// stops cleanly when signalled, the start log names the real addresses, and stdout is JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, freePortPair } from './ports.ts';

const ROOT = path.join(import.meta.dirname, '..');


function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

function start(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** The pid of the `node bin/warden.js serve` process that `npm start` runs. */
function serverPidUnder(npmPid: number): number | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === npmPid && cmd.includes('bin/warden.js')) return Number(entry);
    } catch {
      // the process went away meanwhile
    }
  }
  return null;
}

test('SIGTERM to the `npm start` process drains and stops the server: no orphan holds the port', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-npm-start-'));
  const { child, output } = start('npm', ['start', '--silent'], { WARDEN_ENV: 'test', WARDEN_PORT: String(port), WARDEN_DATA_DIR: dir, WARDEN_LOG_LEVEL: 'info' });
  try {
    await until('the server to listen', () => output().includes('Warden listening'), 60_000);
    const server = serverPidUnder(child.pid!);
    assert.ok(server, `the server runs as npm's direct child (exec): ${output().slice(0, 500)}`);
    child.kill('SIGTERM');
    await until('the server process to exit', () => !alive(server!));
    assert.equal(await portOpen(port), false, 'the port is free');
    assert.match(output(), /draining requests and closing/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    const orphan = serverPidUnder(1);
    if (orphan) process.kill(orphan, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('`warden serve` on all interfaces logs each real address, and stdout holds only JSON lines', async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-serve-'));
  const { child, output } = start(process.execPath, ['bin/warden.js', 'serve'], { WARDEN_ENV: 'development', WARDEN_HOST: '0.0.0.0', WARDEN_PORT: String(port), WARDEN_DATA_DIR: dir, WARDEN_LOG_LEVEL: 'info' });
  try {
    await until('the server to listen', () => output().includes('Warden listening'), 60_000);
    // the development sign-in warns through oidc-provider on first use
    await fetch(`http://127.0.0.1:${port}/api/auth/login`, { redirect: 'manual' });
    const login = await fetch(`http://127.0.0.1:${port + 1}/`).catch(() => null);
    void login;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(child.exitCode, 0);
    const lines = output().trim().split('\n');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    const listening = lines.map((l) => JSON.parse(l)).find((l) => typeof l.msg === 'string' && l.msg.startsWith('Warden listening'));
    assert.ok(listening.addresses.includes(`http://127.0.0.1:${port}`), JSON.stringify(listening.addresses));
    assert.ok(!listening.msg.includes('0.0.0.0'), 'names addresses a person can open');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('`warden serve` runs Node with --max-semi-space-size=8 (same pid), unless the operator set a semi-space size', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /--max-semi-space-size=8/],
    // the operator's own size (NODE_OPTIONS) is left alone: no re-exec, no second flag
    [{ NODE_OPTIONS: '--max-semi-space-size=32' }, /^(?!.*--max-semi-space-size)/],
  ];
  for (const [env, expected] of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-serve-'));
    // Port 0: a port picked free beforehand can be taken by another test's server meanwhile.
    const { child, output } = start(process.execPath, ['bin/warden.js', 'serve'], { WARDEN_ENV: 'production', WARDEN_PORT: '0', WARDEN_DATA_DIR: dir, WARDEN_LOG_LEVEL: 'info', ...env });
    try {
      await until('the server to listen', () => {
        if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output()}`);
        return output().includes('Warden listening');
      }, 60_000);
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
      assert.match(cmdline, /bin\/warden\.js serve/, 'the process we started is the server');
      assert.match(cmdline, expected, `${JSON.stringify(env)}: ${cmdline}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a port already in use stops `warden serve` with one line naming the setting, metrics port included', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const busy = (taken.address() as net.AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-serve-'));
  try {
    for (const [env, setting] of [[{ WARDEN_PORT: String(busy) }, 'WARDEN_PORT'], [{ WARDEN_PORT: String(await freePort()), WARDEN_METRICS_PORT: String(busy) }, 'WARDEN_METRICS_PORT']] as const) {
      const { child, output } = start(process.execPath, ['bin/warden.js', 'serve'], { WARDEN_ENV: 'production', WARDEN_DATA_DIR: dir, WARDEN_LOG_LEVEL: 'warn', ...env });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(code, 1, output());
      assert.match(output(), new RegExp(`warden: 127\\.0\\.0\\.1:${busy} is already in use \\(${setting}\\)`));
      assert.match(output(), new RegExp(`hint: stop what listens there, or set another ${setting}`));
    }
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs `warden serve` until it exits on its own (killed after `ms`): its exit code, output and run time. */
async function serveUntilExit(env: Record<string, string>, options: { ms?: number; probePort?: number } = {}): Promise<{ code: number | null; output: string; seconds: number; sawOpen: boolean }> {
  const began = Date.now();
  const { child, output } = start(process.execPath, ['bin/warden.js', 'serve'], { WARDEN_LOG_LEVEL: 'info', ...env });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.ms ?? 90_000);
  let sawOpen = false;
  const probe = options.probePort ? setInterval(() => void portOpen(options.probePort!).then((open) => (sawOpen ||= open)), 250) : null;
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (probe) clearInterval(probe);
  return { code, output: output(), seconds: (Date.now() - began) / 1000, sawOpen };
}

const PG_URL = process.env.WARDEN_TEST_DATABASE_URL;

test('`warden serve` on a PostgreSQL that is unreachable, missing or refuses the migration retries ~10 s (logged), exits 1 and stops the development sign-in it started', { skip: PG_URL ? false : 'WARDEN_TEST_DATABASE_URL is not set' }, async () => {
  const { default: pg } = await import('pg');
  const suffix = Math.random().toString(16).slice(2, 10);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  // A database whose user may connect but not create tables (PostgreSQL 15: public schema is the owner's).
  await admin.query(`create role warden_norights_${suffix} login`);
  await admin.query(`create database warden_refused_${suffix}`);
  const url = (database: string, user?: string, port?: number) => {
    const u = new URL(PG_URL!);
    u.pathname = `/${database}`;
    if (user) u.username = user;
    if (port) u.port = String(port);
    return u.toString();
  };
  const cases = [
    { what: 'unreachable', databaseUrl: url('test', undefined, await freePort()), reason: /ECONNREFUSED/ },
    { what: 'missing', databaseUrl: url(`warden_missing_${suffix}`), reason: new RegExp(`database "warden_missing_${suffix}" does not exist`) },
    { what: 'refuses the migration', databaseUrl: url(`warden_refused_${suffix}`, `warden_norights_${suffix}`), reason: /permission denied/ },
  ];
  try {
    // Each case's development sign-in listens on its port + 1: pairs whose successor is free, taken one
    // after the other so that no case's pair overlaps another's.
    const ports: number[] = [];
    while (ports.length < cases.length) {
      const port = await freePortPair();
      if (!ports.some((p) => Math.abs(p - port) <= 1)) ports.push(port);
    }
    const runs = await Promise.all(cases.map((c, i) => serveUntilExit({ WARDEN_ENV: 'development', WARDEN_PORT: String(ports[i]), WARDEN_DATABASE_URL: c.databaseUrl }, { probePort: ports[i]! + 1 })));
    for (const [i, c] of cases.entries()) {
      const run = runs[i]!;
      assert.equal(run.code, 1, `${c.what}: exits 1 instead of hanging: ${run.output}`);
      assert.ok(run.seconds >= 9, `${c.what}: retried for the window first (${run.seconds} s)`);
      assert.match(run.output, /database not ready \(PostgreSQL .*attempt 1\)/, `${c.what}: each retry is logged`);
      assert.match(run.output, c.reason, c.what);
      assert.match(run.output, /warden: cannot use the PostgreSQL database postgres:\/\/.*gave up after \d+ attempts in 10 s/, c.what);
      // The development OpenID Provider on WARDEN_PORT + 1 had started, and is stopped with it.
      assert.ok(run.sawOpen, `${c.what}: the development sign-in listened while the database was retried`);
      assert.equal(await portOpen(ports[i]! + 1), false, `${c.what}: the development sign-in no longer listens`);
      assert.equal(await portOpen(ports[i]!), false, `${c.what}: the API port never opened`);
    }
  } finally {
    await admin.query(`drop database if exists warden_refused_${suffix} with (force)`);
    await admin.query(`drop role if exists warden_norights_${suffix}`);
    await admin.end();
  }
});

test('`warden serve` with an unusable WARDEN_DATA_DIR exits 1 at once, naming the directory and the database file', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-datadir-'));
  const aFile = path.join(base, 'a-file');
  fs.writeFileSync(aFile, 'not a directory');
  const fileIsDirectory = path.join(base, 'db-is-a-dir');
  fs.mkdirSync(path.join(fileIsDirectory, 'warden.db'), { recursive: true });
  const notADatabase = path.join(base, 'garbage');
  fs.mkdirSync(notADatabase);
  fs.writeFileSync(path.join(notADatabase, 'warden.db'), 'x'.repeat(4096));
  try {
    for (const dir of [aFile, path.join(aFile, 'below'), fileIsDirectory, notADatabase]) {
      const port = await freePort();
      const run = await serveUntilExit({ WARDEN_ENV: 'development', WARDEN_PORT: String(port), WARDEN_DATA_DIR: dir });
      assert.equal(run.code, 1, `${dir}: ${run.output}`);
      assert.ok(run.output.includes(`warden: WARDEN_DATA_DIR ${dir} is not usable: cannot open or migrate the SQLite database ${path.join(dir, 'warden.db')}: `), run.output);
      assert.equal(await portOpen(port + 1), false, 'the development sign-in is stopped');
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the access log is buffered yet complete: an idle line is out within a second or two, and every request answered before SIGTERM has exactly one line', async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-access-log-'));
  const { child, output } = start(process.execPath, ['bin/warden.js', 'serve'], { WARDEN_ENV: 'production', WARDEN_PORT: String(port), WARDEN_DATA_DIR: dir, WARDEN_LOG_LEVEL: 'info', WARDEN_LOG_FORMAT: 'json' });
  const lines = () => output().trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string; reqId?: string });
  try {
    await until('the server to listen', () => output().includes('Warden listening'), 60_000);
    await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'x-request-id': 'idle-1' } });
    // Far below the 64 KB that write out a full buffer: only the timer writes this line.
    await until('the idle request\'s line', () => lines().some((l) => l.reqId === 'idle-1' && l.msg === 'request'), 5_000);
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    const statuses = await Promise.all(ids.map((id) => fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'x-request-id': id } }).then((r) => r.status)));
    assert.ok(statuses.every((s) => s === 200));
    child.kill('SIGTERM'); // at once: most of these lines are still in the buffer
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(child.exitCode, 0, output().slice(-2000));
    const perId = new Map<string, number>();
    for (const l of lines()) if (l.msg === 'request' && l.reqId) perId.set(l.reqId, (perId.get(l.reqId) ?? 0) + 1);
    for (const id of ['idle-1', ...ids]) assert.equal(perId.get(id), 1, `exactly one access line for ${id}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
