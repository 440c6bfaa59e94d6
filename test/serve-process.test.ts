// How operators run Warden: `npm start` (and `node bin/warden.js serve` under a process manager)
// stops cleanly when signalled, the start log names the real addresses, and stdout is JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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
