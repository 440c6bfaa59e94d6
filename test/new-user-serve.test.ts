// What a new user meets first with `warden serve` in development (issue 18 §3): /metrics on the
// API port is a problem+json 404 (not the console's HTML), the CLI and bootstrap's hint follow
// WARDEN_URL / WARDEN_PORT, and the development sign-in page loads nothing from outside.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, spawnServe, type ServeProcess } from './cli-support.ts';
import { browserTestsSkipReason, openBrowser } from './console/harness.ts';
import { freePortPair } from './ports.ts';

let serve: ServeProcess;
let port: number;
let dataDir: string;

before(async () => {
  port = await freePortPair();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-new-user-'));
  serve = await spawnServe({ WARDEN_ENV: 'development', WARDEN_PORT: String(port), WARDEN_DATA_DIR: dataDir }, { timeoutMs: 60_000 });
});
after(async () => {
  if (serve?.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await new Promise((resolve) => serve.child.once('exit', resolve));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('/metrics on the API port answers a problem+json 404, not the console\'s HTML', async () => {
  for (const url of ['/metrics', '/metrics?name[]=up']) {
    const res = await fetch(`http://127.0.0.1:${port}${url}`);
    assert.equal(res.status, 404, url);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, url);
    assert.equal(((await res.json()) as { status: number }).status, 404);
  }
  // The console's deep links still open the app.
  const app = await fetch(`http://127.0.0.1:${port}/metrics-dashboard`);
  assert.equal(app.status, 200);
});

test('the CLI without --url or WARDEN_URL talks to localhost on WARDEN_PORT; bootstrap\'s hint names WARDEN_URL when it is set', async () => {
  const doctor = await cli(['doctor', '--json'], { env: { WARDEN_PORT: String(port) } });
  const checks = JSON.parse(doctor.stdout).checks as { name: string; status: string; detail: string }[];
  assert.equal(checks.find((c) => c.name === 'instance')?.detail, `http://localhost:${port} (from default)`);
  assert.equal(checks.find((c) => c.name === 'reachable')?.status, 'ok', doctor.stdout);

  const viaUrl = `http://127.0.0.1:${port}`;
  const boot = await cli(['bootstrap'], { env: { WARDEN_DATA_DIR: dataDir, WARDEN_ENV: 'development', WARDEN_URL: `${viaUrl}/` }, secretAllowed: true });
  assert.equal(boot.code, 0, boot.stderr);
  assert.ok(boot.stdout.includes(`warden auth login --with-token --url ${viaUrl}   (then paste it)`), boot.stdout);
  assert.ok(boot.stdout.includes(`${viaUrl}/api/users/me`), boot.stdout);
});

const skip = browserTestsSkipReason();

test('the development sign-in page, loaded in Chromium, requests nothing but loopback (no web fonts)', { skip }, async () => {
  const browser = await openBrowser();
  const outside: string[] = [];
  const requested: string[] = [];
  try {
    const loopback = (href: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(href).hostname);
    // Every request, redirects included (a route sees only the first of a redirect chain)...
    browser.context.on('request', (request) => {
      requested.push(request.url());
      if (!loopback(request.url())) outside.push(request.url());
    });
    // ...and none leaves the machine even when the test fails.
    await browser.context.route('**/*', (route) => (loopback(route.request().url()) ? route.continue() : route.abort()));
    await browser.page.goto(`http://localhost:${port}/api/auth/login`);
    await browser.page.waitForSelector('input[name="login"]');
    await browser.page.waitForLoadState('networkidle');
    assert.ok(requested.some((u) => u.startsWith(`http://127.0.0.1:${port + 1}/`)), `the sign-in page of the development provider was loaded: ${requested.join(', ')}`);
    assert.deepEqual(outside, [], 'no request leaves the machine');
    const html = await browser.page.content();
    assert.doesNotMatch(html, /fonts\.googleapis\.com/);
  } finally {
    await browser.close();
  }
});
