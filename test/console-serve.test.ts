// How the server serves the console: caching, deep links, the API's own 404s and routes left as
// they were, the security headers, and a clear page when the console was not built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/http/context.ts';
import { registerConsole } from '../src/console/routes.ts';
import { startTestApp, type TestApp } from './support.ts';

const SCRIPT = 'console.log("warden console");\n'.repeat(50);

/** A built console as Vite lays it out: index.html, hashed assets with .br/.gz copies, a public file. */
function fixtureDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-console-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js.br'), zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js.gz'), zlib.gzipSync(SCRIPT));
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function consoleOnly(distDir: string, publicUrl = 'http://localhost:8080'): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const ctx = { config: loadConfig({ WARDEN_ENV: 'test', WARDEN_PUBLIC_URL: publicUrl }) } as AppContext;
  await registerConsole(app, ctx, { distDir });
  app.setNotFoundHandler((_request, reply) => reply.status(404).type('application/problem+json').send({ status: 404 }));
  await app.ready();
  return app;
}

function assertSecurityHeaders(headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/, 'scripts only from the console\'s own origin');
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/, 'no inline script');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'over plain http this would blank the page');
  assert.equal(headers['referrer-policy'], 'same-origin');
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(headers['x-content-type-options'], 'nosniff');
}

describe('console files', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = fixtureDist();
    app = await consoleOnly(dist);
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('/ answers index.html, never cached without revalidation, with the security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.body, /<div id="root">/);
    assertSecurityHeaders(res.headers);
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
  });

  test('deep links answer the app, query strings included', async () => {
    for (const url of ['/users/12', '/tokens?tab=service', '/teams/3/history', '/index.html', '/audit?action=token.revoked']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<div id="root">/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
  });

  test('hashed assets are cached for a year as immutable, precompressed when the browser accepts it', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    assert.equal(plain.statusCode, 200);
    assert.match(String(plain.headers['content-type']), /javascript/);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.body, SCRIPT);
    assertSecurityHeaders(plain.headers);
    const br = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), SCRIPT);
  });

  test('files outside assets/ are revalidated; a missing asset is a 404, not the app', async () => {
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['cache-control'], 'no-cache');
    const missing = await app.inject({ method: 'GET', url: '/assets/index-Missing1.js' });
    assert.equal(missing.statusCode, 404);
  });

  test('HTTPS deployments also get Strict-Transport-Security', async () => {
    const secure = await consoleOnly(dist, 'https://warden.example.com');
    try {
      const res = await secure.inject({ method: 'GET', url: '/users' });
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
      assert.doesNotMatch(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
    } finally {
      await secure.close();
    }
  });
});

describe('console not built', () => {
  test('/ and deep links answer a short page saying how to build it, never a crash', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-console-none-'));
    const app = await consoleOnly(path.join(empty, 'dist'));
    try {
      for (const url of ['/', '/users/3']) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, /not built/);
        assert.match(res.body, /npm run build/);
        assertSecurityHeaders(res.headers);
      }
    } finally {
      await app.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('console inside the whole app', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
  });
  after(async () => t.close());

  test('unknown /api paths stay problem+json 404, without the console\'s headers', async () => {
    for (const url of ['/api/nope', '/api', '/api/users/1/nothing-here']) {
      const res = await t.request('GET', url);
      assert.equal(res.status, 404, url);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, url);
      assert.equal(res.headers['content-security-policy'], undefined, url);
    }
  });

  test('/healthz, /readyz, /api/openapi.json and /api/docs keep their behaviour', async () => {
    assert.deepEqual((await t.request('GET', '/healthz', { token: null })).body, { status: 'ok' });
    assert.deepEqual((await t.request('GET', '/readyz', { token: null })).body, { status: 'ok' });
    const openapi = await t.request('GET', '/api/openapi.json', { token: null });
    assert.equal(openapi.body.openapi, '3.1.0');
    assert.ok(!Object.keys(openapi.body.paths).some((p) => p === '/' || p === '/*'), 'the console routes are not API operations');
    const docs = await t.request('GET', '/api/docs/', { token: null });
    assert.ok(docs.status === 200 && /swagger/i.test(docs.text), `/api/docs/ answers the reference (${docs.status})`);
  });

  test('/ answers HTML (the console, or the page saying how to build it) and a deep link too', async () => {
    for (const url of ['/', '/users/12', '/tokens?tab=service']) {
      const res = await t.request('GET', url, { token: null });
      assert.equal(res.status, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assertSecurityHeaders(res.headers);
    }
  });

  test('a mutation on a console path is no route (404), not the app', async () => {
    const res = await t.request('POST', '/users/12', { body: {} });
    assert.equal(res.status, 404);
  });
});
