// The outbound guard: every spelling of a refused address is refused at configuration, and at
// connection on the address actually resolved (a name that turns into 127.0.0.1 later is refused,
// and a refused connection never reaches the listener); the allow list opens exactly what it names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundFailed, OutboundRefused, createOutbound, parseAllowList, refusalOf, type Resolver } from './outbound.ts';

const none = parseAllowList('');

const LOOPBACK_SPELLINGS = ['127.0.0.1', 'localhost', '2130706433', '0x7f000001', '0177.0.0.1', '127.1', '0.0.0.0', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::]', 'sub.localhost', 'localhost.'];
const OTHER_REFUSED = ['169.254.169.254', '100.100.100.200', '10.0.0.1', '172.16.5.4', '192.168.0.1', '[fd00::1]', '[fe80::1]', '224.0.0.1', '[ff02::1]', '255.255.255.255', '[64:ff9b::a9fe:a9fe]', '[2002:7f00:1::]', '[::10.0.0.1]'];
const PUBLIC = ['8.8.8.8', '[2606:4700:4700::1111]', 'siem.example.com', '[::ffff:8.8.8.8]', '100.63.255.255', '172.32.0.1'];

test('at configuration every spelling of loopback and of the private, link-local, CGNAT, unique-local and multicast networks is refused', () => {
  const guard = createOutbound({ allow: none });
  for (const host of [...LOOPBACK_SPELLINGS, ...OTHER_REFUSED]) {
    const checked = guard.checkUrl(`http://${host}:8080/hook`);
    assert.ok('error' in checked, `${host} is refused`);
    assert.match(checked.error, /WARDEN_OUTBOUND_ALLOW_NETWORKS/);
  }
  for (const host of PUBLIC) assert.ok('url' in guard.checkUrl(`https://${host}/hook`), `${host} is accepted`);
  assert.ok('error' in guard.checkUrl('ftp://example.com/'));
  assert.ok('error' in guard.checkUrl('not a url'));
});

test('refusalOf names the network, and sees IPv4 inside IPv6', () => {
  assert.equal(refusalOf('127.0.0.1'), 'loopback');
  assert.equal(refusalOf('::1'), 'loopback');
  assert.equal(refusalOf('::ffff:127.0.0.1'), 'loopback (IPv4 in IPv6)');
  assert.equal(refusalOf('::ffff:a9fe:a9fe'), 'link-local (IPv4 in IPv6)');
  assert.equal(refusalOf('100.100.100.200'), 'shared (CGNAT)');
  assert.equal(refusalOf('fd12:3456::1'), 'unique-local');
  assert.equal(refusalOf('fe80::1%eth0'), 'link-local');
  assert.equal(refusalOf('0.0.0.0'), 'unspecified');
  assert.equal(refusalOf('93.184.216.34'), null);
  assert.equal(refusalOf('2a00:1450:4001::200e'), null);
});

test('the allow list takes CIDRs, addresses and host names, and refuses anything else', () => {
  const allow = parseAllowList(' 10.20.0.0/16, fd00::/8 ,127.0.0.1, hooks.corp.example, *.lab.example ');
  const guard = createOutbound({ allow });
  assert.ok('url' in guard.checkUrl('http://10.20.3.4/h'));
  assert.ok('error' in guard.checkUrl('http://10.21.3.4/h'));
  assert.ok('url' in guard.checkUrl('http://[fd00::5]/h'));
  assert.ok('url' in guard.checkUrl('http://2130706433/h'), '127.0.0.1 in any spelling');
  assert.ok('url' in guard.checkUrl('http://[::ffff:127.0.0.1]/h'), 'and IPv4-mapped');
  assert.ok('error' in guard.checkUrl('http://127.0.0.2/h'));
  assert.ok('url' in guard.checkUrl('http://hooks.corp.example/h'));
  assert.ok('url' in guard.checkUrl('http://a.b.lab.example/h'));
  assert.ok('url' in guard.checkUrl('http://localhost/h') === false);
  for (const bad of ['10.0.0.0/33', 'not a host!', '1.2.3', 'fd00::/129', 'a/b/c']) assert.throws(() => parseAllowList(bad), /neither a CIDR/, bad);
});

let server: http.Server;
let port: number;
let hits = 0;
before(async () => {
  server = http.createServer((req, res) => {
    hits++;
    res.setHeader('x-seen-host', String(req.headers.host));
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('at connection the resolved address is checked and then used: a name that resolves to 127.0.0.1 is refused before any connection', async () => {
  // A name that was public when it was saved and now resolves to loopback (DNS rebinding).
  let answer = '93.184.216.34';
  const resolve: Resolver = async () => [{ address: answer, family: 4 }];
  const guard = createOutbound({ allow: none, resolve });
  assert.ok('url' in guard.checkUrl(`http://rebind.example:${port}/`));
  answer = '127.0.0.1';
  const before = hits;
  await assert.rejects(guard.fetch(`http://rebind.example:${port}/`, { method: 'POST', body: 'x' }), (err: Error) => err instanceof OutboundRefused && /loopback/.test(err.message));
  await assert.rejects(guard.fetch(`http://localhost:${port}/`), OutboundRefused, 'localhost through the system resolver');
  for (const host of LOOPBACK_SPELLINGS.filter((h) => !h.endsWith('localhost'))) {
    await assert.rejects(guard.fetch(`http://${host}:${port}/`), OutboundRefused, host);
  }
  // A name with one refused address among public ones is refused.
  const mixed = createOutbound({ allow: none, resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '::1', family: 6 }] });
  await assert.rejects(mixed.fetch(`http://mixed.example:${port}/`), OutboundRefused);
  assert.equal(hits, before, 'no request reached the listener');
});

test('allowed, the guard connects to the checked address with the URL\'s host name, and answers a standard Response', async () => {
  const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
  const byName = createOutbound({ allow: parseAllowList('receiver.test'), resolve });
  const res = await byName.fetch(`http://receiver.test:${port}/x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-seen-host'), `receiver.test:${port}`);
  assert.equal(await res.text(), 'hello');
  const byNetwork = createOutbound({ allow: parseAllowList('127.0.0.0/8') });
  assert.equal((await byNetwork.fetch(`http://127.0.0.1:${port}/`)).status, 200);
  assert.equal((await byNetwork.fetch(`http://localhost:${port}/`)).status, 200, 'localhost resolves into the allowed network');
});

test('a connection failure is one coarse error, whatever the cause', async () => {
  const guard = createOutbound({ allow: parseAllowList('127.0.0.0/8'), resolve: async () => { throw new Error('ENOTFOUND'); } });
  const closed = await new Promise<number>((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  for (const url of [`http://127.0.0.1:${closed}/`, 'http://nowhere.invalid/']) {
    await assert.rejects(guard.fetch(url), (err: Error) => err instanceof OutboundFailed && err.message === 'could not connect', url);
  }
});
