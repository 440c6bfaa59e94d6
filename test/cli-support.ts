// Helpers of the CLI tests: a real `warden serve` process on a test database, `warden` processes
// with a clean environment (their own XDG_CONFIG_HOME), a cookie-jar browser for the browser
// login, and a record of everything the CLI printed, so that a test can prove no secret leaked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from './support.ts';
import type { DialectName } from '../src/db/connection.ts';
import { freePort } from './ports.ts';
export { freePort };

export const BIN = new URL('../bin/warden.js', import.meta.url).pathname;

export interface ServeProcess {
  child: ChildProcess;
  /** The first address it listens on, from its "Warden listening on" line. */
  url: string;
  /** Everything it printed so far. */
  output: () => string;
}

/**
 * A real `warden serve` process (port 0, log level info, a clean environment plus `env`), once it
 * says where it listens. Killed, with what it printed, when it does not start in time.
 */
export async function spawnServe(env: Record<string, string>, { timeoutMs = 30_000, cwd }: { timeoutMs?: number; cwd?: string } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), WARDEN_ENV: 'test', WARDEN_PORT: '0', WARDEN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const listening = /Warden listening on (http:\/\/[^\s,]+)/;
  const deadline = Date.now() + timeoutMs;
  while (!listening.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const url = listening.exec(out)?.[1];
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`warden serve did not start: ${out}`);
  }
  return { child, url, output: () => out };
}


export interface Serve {
  url: string;
  db: TestDb;
  /** The environment the server runs with (the database), for operator commands. */
  env: Record<string, string>;
  log: () => string;
  stop(): Promise<void>;
}

/** `warden serve` on a fresh database; waits for its "listening" line. */
export async function startServe(dialect: DialectName, extra: Record<string, string> = {}): Promise<Serve> {
  const db = await createTestDb(dialect);
  const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), WARDEN_ENV: 'test', WARDEN_PORT: '0', WARDEN_LOG_LEVEL: 'info', WARDEN_AUTH_FAILURE_LIMIT: '100000', ...db.env, ...extra };
  const { child, url, output: log } = await spawnServe(env, { timeoutMs: 60_000 }); // generous: a loaded machine starts slowly
  return {
    url: extra.WARDEN_PUBLIC_URL ?? url,
    db,
    env: { ...db.env, WARDEN_ENV: env.WARDEN_ENV },
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 8000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await db.drop().catch(() => {});
    },
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  input?: string;
  /** This run may print a secret (tokens create --secret-only/--json, auth token, a raw api call). */
  secretAllowed?: boolean;
  timeoutMs?: number;
}

/** Every run's output, for the "no secret anywhere" test. */
export const transcript: { args: string[]; output: string; secretAllowed: boolean }[] = [];

/** A `warden` process with only the environment given (plus PATH and HOME). */
export function cli(args: string[], options: CliOptions = {}): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      transcript.push({ args, output: stdout + stderr, secretAllowed: Boolean(options.secretAllowed) });
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running `warden` process (audit --follow, auth login) whose output is read as it comes. */
export function cliProcess(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.on('close', () => transcript.push({ args, output: out, secretAllowed: false }));
  return {
    child,
    output: () => out,
    async waitFor(re, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`waited for ${re} in: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A fresh config home: XDG_CONFIG_HOME for one CLI "user". */
export function configHome(): { dir: string; env: Record<string, string>; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-cli-cfg-'));
  return { dir, env: { XDG_CONFIG_HOME: dir }, file: path.join(dir, 'warden', 'credentials.json') };
}

/** A Warden token, or a webhook signing secret. */
export const SECRET = /wdn_(pat|svc)_[0-9A-Za-z]{38}|whsec_[A-Za-z0-9+/=_-]{16,}/;

/** Asserts that no run, except those allowed to, printed a token. */
export function assertNoSecretPrinted(): void {
  const leaks = transcript.filter((t) => !t.secretAllowed && SECRET.test(t.output));
  assert.deepEqual(leaks.map((t) => `warden ${t.args.join(' ')}`), [], 'no command printed a secret');
}

export function json(run: Run): any {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

interface Cookie { name: string; value: string; path: string; host: string }

/** Just enough of a browser: host-scoped cookies, redirects, a history of every URL it visited. */
export class Browser {
  cookies = new Map<string, Cookie>();
  history: string[] = [];

  #store(url: URL, headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const c: Cookie = { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), path: '/', host: url.hostname };
      let expired = false;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') c.path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const key = `${c.host} ${c.name} ${c.path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, c);
    }
  }

  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<{ status: number; url: string; headers: Headers; text: string }> {
    const u = new URL(url);
    this.history.push(u.href);
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = [...this.cookies.values()].filter((c) => c.host === u.hostname && u.pathname.startsWith(c.path)).map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
    this.#store(u, res.headers);
    return { status: res.status, url: u.href, headers: res.headers, text: await res.text() };
  }

  /** Follows redirects; `stopAt` returns the URL instead of requesting it. */
  async go(url: string, init: { method?: string; body?: URLSearchParams } = {}, stopAt?: (u: URL) => boolean): Promise<{ status: number; url: string; text: string; stoppedAt?: string }> {
    let page = await this.request(url, init);
    for (let i = 0; i < 20 && page.status >= 300 && page.status < 400; i++) {
      const next = new URL(page.headers.get('location')!, page.url);
      if (stopAt?.(next)) return { ...page, stoppedAt: next.href };
      page = await this.request(next.href);
    }
    return page;
  }
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

export function formOf(page: { text: string; url: string }): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(action, `a form on ${page.url}: ${page.text.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]] = unescape(m[2]);
  return { action: new URL(unescape(action), page.url).href, fields };
}
