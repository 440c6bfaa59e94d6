// The browser tests' harness: a real `node bin/warden.js serve` process (development sign-in, its
// own database), Debian's Chromium driven by playwright-core, sign-in through the development
// OpenID Provider, axe-core on each page, and screenshots at desktop and phone widths.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser as Chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestDb, type TestDb } from '../support.ts';
import type { DialectName } from '../../src/db/connection.ts';
import { bootstrapAdmin } from '../../src/users/bootstrap.ts';

// Browser globals inside page.evaluate(): the server's tsconfig has no DOM library, and these
// declarations stay in this module.
declare const window: any;
declare const document: any;
declare const requestAnimationFrame: (callback: (time: number) => void) => void;
declare const Node: any;

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_INDEX = path.join(ROOT, 'web/dist/index.html');

/**
 * Whether the browser tests can run. Without Chromium they skip loudly; with CI=true a missing
 * Chromium (or an unbuilt console) is a failure, never a skip.
 */
export function browserTestsSkipReason(): string | false {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium is not installed at ${CHROMIUM}: install the Debian package \`chromium\` (apt-get install chromium)`);
  if (!fs.existsSync(DIST_INDEX)) missing.push('the console is not built (web/dist): run `npm run build`');
  if (missing.length === 0) return false;
  const message = `CONSOLE BROWSER TESTS NOT RUN: ${missing.join('; ')}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n\n`);
  return message;
}

async function freePortPair(): Promise<number> {
  // The development OpenID Provider listens on WARDEN_PORT + 1 (or any free port if that is taken).
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (port < 65000) return port;
  }
}

export interface Warden {
  url: string;
  db: TestDb;
  dialect: DialectName;
  /** A one-day Admin service token (the bootstrap Admin), for setting things up through the API. */
  adminToken: string;
  api(method: string, pathname: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  output(): string;
  stop(): Promise<void>;
}

export async function startWarden(dialect: DialectName, env: Record<string, string> = {}): Promise<Warden> {
  const db = await createTestDb(dialect, { migrated: true }); // serve would migrate it first thing
  const port = await freePortPair();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/warden.js'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      WARDEN_ENV: 'development',
      WARDEN_HOST: '127.0.0.1',
      WARDEN_PORT: String(port),
      WARDEN_LOG_LEVEL: 'warn',
      WARDEN_AUTH_FAILURE_LIMIT: '100000',
      ...db.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`warden serve exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok && output.includes('DEVELOPMENT SIGN-IN')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`warden serve did not become ready in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const boot = await bootstrapAdmin(db.db, null);
  const warden: Warden = {
    url,
    db,
    dialect,
    adminToken: boot.token,
    async api(method, pathname, options = {}) {
      const token = options.token === undefined ? boot.token : options.token;
      const res = await fetch(url + pathname, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: res.status, body };
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      await db.drop();
    },
  };
  return warden;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages that mean trouble: CSP refusals and uncaught errors. */
  problems: string[];
  close(): Promise<void>;
}

// One Chromium per test file and group (a database's suite): launching it costs about a second on
// this machine, and each journey needs only what a fresh browser context gives (its own cookies,
// storage, permissions and downloads, as a new incognito window has). Suites that run at the same
// time use different groups, so that they share no browser-wide state (the clipboard). A group's
// browser starts with its first context and closes with its last one, so that nothing keeps the
// test process alive.
const shared = new Map<string, { browser: Promise<Chromium>; contexts: number }>();

function sharedChromium(group: string): Promise<Chromium> {
  let entry = shared.get(group);
  if (!entry) {
    const browser = chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    entry = { browser, contexts: 0 };
    shared.set(group, entry);
  }
  entry.contexts++;
  return entry.browser;
}

async function releaseChromium(group: string): Promise<void> {
  const entry = shared.get(group);
  if (!entry || --entry.contexts > 0) return;
  shared.delete(group);
  await (await entry.browser).close();
}

/**
 * A fresh browser context (a new profile: no cookies, no storage) with its page, in the Chromium of
 * `group` in this file (suites running at the same time pass different groups).
 */
export async function openBrowser(group = ''): Promise<Browser> {
  let context: BrowserContext;
  try {
    context = await (await sharedChromium(group)).newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', reducedMotion: 'reduce', acceptDownloads: true });
  } catch (err) {
    await releaseChromium(group).catch(() => undefined);
    throw err;
  }
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  let closed = false;
  return {
    context,
    page,
    problems,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await releaseChromium(group);
      }
    },
  };
}

/** Signs in through the console's button and the development OpenID Provider's login form. */
export async function signIn(page: Page, warden: Warden, login: string, pathname = '/'): Promise<void> {
  await page.goto(warden.url + pathname);
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await page.waitForURL((u) => !u.href.startsWith(warden.url) || u.pathname === pathname);
  if (!page.url().startsWith(warden.url)) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
  }
  await page.waitForURL((u) => u.href.startsWith(warden.url) && u.pathname === pathname.split('?')[0]);
  await page.getByRole('button', { name: /^Account: / }).waitFor();
}

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core on the page as it is: the serious and critical violations (there must be none). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (no inline script);
  // once per document (the console moves between pages without reloading).
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = window.axe as { run(ctx: unknown, o: object): Promise<{ violations: AxeViolation[] }> };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export class Screens {
  dir: string;
  /** false: capture() only waits for the page to settle (the journeys' checks still run). */
  checks: boolean;
  taken: string[] = [];
  timings: Record<string, number> = {};
  constructor(prefix: string, options: { checks?: boolean } = {}) {
    this.checks = options.checks ?? true;
    this.dir = this.checks ? fs.mkdtempSync(path.join(os.tmpdir(), `warden-console-${prefix}-`)) : '';
  }

  /**
   * Checks the page with axe and takes its screenshots at 1280×800 and at 390 px wide. axe runs at
   * the desktop width, and at the phone width too when `phoneAxe` is set (the phone layout adds the
   * navigation drawer and its button, the same on every page: checking it on a few pages is enough,
   * and axe is the slow part of the suite).
   */
  async capture(page: Page, name: string, options: { phoneAxe?: boolean } = {}): Promise<void> {
    if (!this.checks) return settle(page);
    const started = Date.now();
    for (const [label, size] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
      if (label === 'phone') {
        await page.setViewportSize(size);
        await page.waitForFunction((width) => window.innerWidth === width, size.width, { polling: 'raf' }); // the layout at the new width
      }
      await settle(page);
      if (label === 'desktop' || options.phoneAxe) {
        const violations = await seriousViolations(page);
        assert.deepEqual(violations, [], `axe: serious or critical violations on "${name}" (${label}):\n${JSON.stringify(violations, null, 2)}`);
      }
      // Notifications of earlier steps (checked by axe above) would cover the page in the picture.
      const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
      for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 500 }).catch(() => undefined);
      const file = path.join(this.dir, `${name}.${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      this.taken.push(file);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // A picture the caller takes next (users-100k.viewport.png) must show the desktop layout, not
    // a frame still laid out at the phone width.
    await settle(page);
    this.timings[name] = Date.now() - started;
    if (process.env.CONSOLE_TEST_TIMINGS) process.stdout.write(`capture ${name}: ${this.timings[name]} ms\n`);
  }

  /** Total time spent checking and photographing, for the suite's report. */
  spentMs(): number {
    return Object.values(this.timings).reduce((a, b) => a + b, 0);
  }
}

/** Waits until the console has no request in flight, no loader showing, and has painted. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window.wardenConsole ? window.wardenConsole.busy() === 0 : document.readyState === 'complete') && !document.querySelector('.mantine-Loader-root'),
    undefined,
    { timeout: 10_000, polling: 50 },
  ).catch(() => undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Whether `needle` is anywhere in React's state or props under #root (both fiber trees, current
 * and alternate): proves a secret left React, not just the DOM.
 */
export async function reactHolds(page: Page, needle: string): Promise<boolean> {
  return page.evaluate((secret) => {
    const root = document.getElementById('root') as Record<string, unknown>;
    const containerKey = Object.keys(root).find((k) => k.startsWith('__reactContainer$'));
    if (!containerKey) throw new Error('no React root on #root');
    const seen = new Set<unknown>();
    const holds = (value: unknown, depth: number): boolean => {
      if (typeof value === 'string') return value.includes(secret);
      if (value === null || typeof value !== 'object' || depth > 60 || seen.has(value)) return false;
      if (value instanceof Node) return false; // DOM nodes are checked separately
      seen.add(value);
      for (const key of Object.keys(value as object)) {
        if (key === 'return' || key === '_owner' || key === 'stateNode') continue;
        try {
          if (holds((value as Record<string, unknown>)[key], depth + 1)) return true;
        } catch {
          // a getter that throws holds nothing of ours
        }
      }
      return false;
    };
    const fibers: unknown[] = [root[containerKey]];
    const visited = new Set<unknown>();
    while (fibers.length) {
      const fiber = fibers.pop() as Record<string, unknown> | null;
      if (!fiber || visited.has(fiber)) continue;
      visited.add(fiber);
      for (const field of ['memoizedState', 'memoizedProps', 'pendingProps', 'updateQueue']) {
        if (holds(fiber[field], 0)) return true;
      }
      fibers.push(fiber.child, fiber.sibling, fiber.alternate);
    }
    return false;
  }, needle);
}
