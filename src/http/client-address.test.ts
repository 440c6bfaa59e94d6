// The client-address rule as a function of (socket peer, X-Forwarded-For, WARDEN_TRUST_PROXY);
// test/proxy-trust-nginx.test.ts proves it behind a real nginx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { deriveClientAddress, parseProxyTrust, plainAddress, trustedHop } from './client-address.ts';
import { createTestDb } from '../../test/support.ts';
import { loadConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildApp } from './app.ts';

const derive = (trust: string, peer: string, xff?: string | string[]) => deriveClientAddress(peer, xff, trustedHop(parseProxyTrust(trust)));

test('without trusted proxies the client is the connection\'s peer, whatever X-Forwarded-For says', () => {
  assert.equal(derive('false', '198.51.100.7', '10.20.1.2'), '198.51.100.7');
  assert.equal(derive('', '127.0.0.1', '10.20.1.2'), '127.0.0.1');
});

test('behind nginx the client is the entry nginx appended, never the one the client wrote (the left-most)', () => {
  // nginx's $proxy_add_x_forwarded_for: the client's own header, then the address nginx saw.
  assert.equal(derive('127.0.0.1', '127.0.0.1', '10.20.1.2, 198.51.100.7'), '198.51.100.7');
  assert.equal(derive('true', '::ffff:127.0.0.1', '10.20.1.2, 198.51.100.7'), '198.51.100.7');
  assert.equal(derive('127.0.0.1', '127.0.0.1', '198.51.100.7'), '198.51.100.7');
  assert.equal(derive('127.0.0.1', '127.0.0.1'), '127.0.0.1', 'a request from the proxy itself');
});

test('a chain of trusted proxies is walked right to left to the first address that is not one of them', () => {
  assert.equal(derive('10.0.0.0/8', '10.0.0.2', '1.2.3.4, 203.0.113.5, 10.0.0.1'), '203.0.113.5');
  assert.equal(derive('10.0.0.2, 10.0.0.1', '10.0.0.2', '1.2.3.4, 203.0.113.5, 10.0.0.1'), '203.0.113.5');
  // every entry a trusted proxy: the left-most is the nearest thing to a client
  assert.equal(derive('10.0.0.0/8', '10.0.0.2', '10.9.9.9, 10.0.0.1'), '10.9.9.9');
});

test('X-Forwarded-For from a peer that is not a trusted proxy is ignored', () => {
  assert.equal(derive('10.0.0.0/8', '198.51.100.7', '10.20.1.2'), '198.51.100.7');
  assert.equal(derive('true', '192.0.2.1', '127.0.0.1'), '192.0.2.1', 'true trusts a proxy on this host only');
  assert.equal(derive('1', '192.0.2.1', '10.20.1.2'), '10.20.1.2', 'a bare hop count believes any peer: nothing may reach Warden around the proxy');
});

test('true is one proxy on this host: the entry it appends is the client, even a client on this host', () => {
  assert.equal(derive('true', '127.0.0.1', '10.20.1.2, 127.0.0.2'), '127.0.0.2');
  assert.equal(derive('true', '::1', '10.20.1.2, 198.51.100.7'), '198.51.100.7');
  assert.equal(derive('true', '127.0.0.1'), '127.0.0.1');
});

test('a hop count means exactly that many proxies (not "trust nothing", not "trust all")', () => {
  assert.equal(derive('1', '192.0.2.50', '10.20.1.2, 203.0.113.5'), '203.0.113.5');
  assert.equal(derive('2', '192.0.2.50', '10.20.1.2, 203.0.113.5, 10.0.0.1'), '203.0.113.5');
  assert.equal(derive('1', '192.0.2.50'), '192.0.2.50');
  assert.equal(derive('3', '192.0.2.50', '203.0.113.5'), '203.0.113.5', 'fewer entries than hops: the left-most');
});

test('X-Forwarded-For as several header lines is one list', () => {
  assert.equal(derive('127.0.0.1', '127.0.0.1', ['10.20.1.2', '198.51.100.7']), '198.51.100.7');
});

test('an entry that is not an address stops the walk at the proxy that passed it on; ports and brackets are dropped', () => {
  assert.equal(derive('127.0.0.1', '127.0.0.1', '198.51.100.7, unknown'), '127.0.0.1');
  assert.equal(derive('10.0.0.0/8', '10.0.0.2', 'x, 10.0.0.1'), '10.0.0.1');
  assert.equal(derive('127.0.0.1', '127.0.0.1', ''), '127.0.0.1');
  assert.equal(derive('127.0.0.1', '127.0.0.1', '198.51.100.7:5123'), '198.51.100.7');
  assert.equal(derive('127.0.0.1', '127.0.0.1', '[2001:db8::1]:443'), '2001:db8::1');
  assert.equal(plainAddress('::ffff:198.51.100.7'), '198.51.100.7');
  assert.equal(plainAddress('1.2.3.4.5'), null);
  assert.equal(plainAddress('<script>'), null);
});

test('an IPv4-mapped peer is its IPv4 address (one client, one key)', () => {
  assert.equal(derive('false', '::ffff:198.51.100.7'), '198.51.100.7');
  assert.equal(derive('127.0.0.0/8', '::ffff:127.0.0.1', '::ffff:198.51.100.7'), '198.51.100.7');
});

test('property: whatever the client writes into X-Forwarded-For, behind a trusted proxy the answer is the address the proxy saw', () => {
  const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.nat(255)).filter(([a]) => a !== 127).map((p) => p.join('.'));
  const spoof = fc.oneof(ipv4, fc.constant('127.0.0.1'), fc.constant('::1'), fc.string({ maxLength: 20 }).map((s) => s.replaceAll(',', '')));
  fc.assert(fc.property(fc.array(spoof, { maxLength: 6 }), ipv4, (written, real) => {
    const header = [...written, real].join(', ');
    return derive('127.0.0.1', '127.0.0.1', header) === real && derive('1', '127.0.0.1', header) === real;
  }), { numRuns: 500 });
});

test('no code reads request.ip (Fastify\'s idea of the client): every consumer uses request.clientAddress', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('client-address.ts')) {
        if (/\b(request|req)\.ips?\b/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(root, p));
      }
    }
  };
  walk(root);
  assert.deepEqual(offenders, []);
});

test('the access log records the derived client address, and X-Forwarded-Proto counts only from a trusted proxy', async () => {
  const testDb = await createTestDb('sqlite');
  await migrateToLatest(testDb.db);
  let log = '';
  const stream = new Writable({ write(chunk, _enc, done) { log += String(chunk); done(); } });
  const app = await buildApp({ config: loadConfig({ WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'info', WARDEN_TRUST_PROXY: '127.0.0.1' }), db: testDb.db, logger: { stream } });
  try {
    await app.inject({ method: 'GET', url: '/healthz', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.20.1.2, 198.51.100.7', 'x-real-ip': '10.20.1.2' } });
    await app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '10.20.1.2' } });
    const addresses = log.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.msg === 'request').map((l) => l.req.remoteAddress);
    assert.deepEqual(addresses, ['198.51.100.7', '203.0.113.9']);
    const csp = async (remoteAddress: string) => String((await app.inject({ method: 'GET', url: '/api/docs/', remoteAddress, headers: { 'x-forwarded-proto': 'https' } })).headers['content-security-policy']);
    assert.match(await csp('127.0.0.1'), /upgrade-insecure-requests/, 'from the trusted proxy');
    assert.doesNotMatch(await csp('203.0.113.9'), /upgrade-insecure-requests/, 'from anyone else');
  } finally {
    await app.close();
    await testDb.drop();
  }
});
