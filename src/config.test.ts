import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, SECRET_SETTINGS, SETTINGS, loadConfig } from './config.ts';

test('defaults: 127.0.0.1:8080, SQLite under ./data, info logs, no token cap', () => {
  const c = loadConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.databaseUrl, null);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.maxTokenDays, null);
  assert.deepEqual(c.trustProxy, { kind: 'none' });
  assert.equal(c.publicUrl, 'http://localhost:8080');
});

const bad: [Record<string, string>, string][] = [
  [{ WARDEN_PORT: 'eighty' }, 'WARDEN_PORT'],
  [{ WARDEN_PORT: '70000' }, 'WARDEN_PORT'],
  [{ WARDEN_DATABASE_URL: 'mysql://x' }, 'WARDEN_DATABASE_URL'],
  [{ WARDEN_LOG_LEVEL: 'loud' }, 'WARDEN_LOG_LEVEL'],
  [{ WARDEN_MAX_TOKEN_DAYS: '0' }, 'WARDEN_MAX_TOKEN_DAYS'],
  [{ WARDEN_MAX_TOKEN_DAYS: '400' }, 'WARDEN_MAX_TOKEN_DAYS'],
  [{ WARDEN_TRUST_PROXY: 'maybe please' }, 'WARDEN_TRUST_PROXY'],
  [{ WARDEN_ENV: 'staging' }, 'WARDEN_ENV'],
  [{ WARDEN_OIDC_ISSUER: 'http://idp.example.com' }, 'WARDEN_OIDC_ISSUER'],
  [{ WARDEN_OUTBOUND_ALLOW_NETWORKS: '10.0.0.0/40' }, 'WARDEN_OUTBOUND_ALLOW_NETWORKS'],
  [{ WARDEN_OUTBOUND_ALLOW_NETWORKS: 'hooks.example.com, not a host' }, 'WARDEN_OUTBOUND_ALLOW_NETWORKS'],
];
for (const [env, variable] of bad) {
  test(`a bad ${variable} is refused naming the variable`, () => {
    assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.variable === variable && e.message.startsWith(variable));
  });
}

test('a database URL with a password is never echoed in the error', () => {
  assert.throws(() => loadConfig({ WARDEN_DATABASE_URL: 'postgres://u:hunter2@[bad' }), (e: Error) => !e.message.includes('hunter2'));
});

test('WARDEN_TRUST_PROXY: addresses and CIDRs (canonical), names, true as one proxy on this host, a hop count as exactly that many proxies', () => {
  const trust = (raw: string) => loadConfig({ WARDEN_TRUST_PROXY: raw }).trustProxy;
  assert.deepEqual(trust('false'), { kind: 'none' });
  assert.deepEqual(trust('0'), { kind: 'none' });
  assert.deepEqual(trust('true'), { kind: 'hops', hops: 1, peers: ['127.0.0.0/8', '::1/128'] });
  assert.deepEqual(trust('loopback'), { kind: 'networks', networks: ['127.0.0.0/8', '::1/128'] });
  assert.deepEqual(trust('2'), { kind: 'hops', hops: 2, peers: null });
  assert.deepEqual(trust('10.0.0.0/8, 127.0.0.1'), { kind: 'networks', networks: ['10.0.0.0/8', '127.0.0.1/32'] });
  assert.deepEqual(trust('2001:db8::/32,uniquelocal'), { kind: 'networks', networks: ['2001:db8::/32', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'] });
});

test('WARDEN_TRUST_PROXY refuses, in one line naming the variable, what would trust a client: every address, a huge hop count, a mix, a name', () => {
  for (const raw of ['0.0.0.0/0', '::/0', '11', '1,10.0.0.0/8', 'proxy.internal', '10.0.0.0/33', 'yes']) {
    assert.throws(() => loadConfig({ WARDEN_TRUST_PROXY: raw }), (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_TRUST_PROXY' && !e.message.includes('\n'), raw);
  }
});

test('the configuration page (docs/configuration.md) lists every setting', () => {
  const readme = fs.readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
  for (const s of SETTINGS) assert.ok(readme.includes(`\`${s.name}\``), `${s.name} is missing from docs/configuration.md`);
  const source = fs.readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  const read = new Set([...source.matchAll(/'(WARDEN_[A-Z_]+)'/g)].map((m) => m[1]).concat([...source.matchAll(/env\.(WARDEN_[A-Z_]+)/g)].map((m) => m[1])));
  for (const name of read) assert.ok(SETTINGS.some((s) => s.name === name), `${name} is read but not documented in SETTINGS`);
});

test('every secret setting also reads <name>_FILE: the file\'s content without its trailing line break', () => {
  assert.deepEqual([...SECRET_SETTINGS].sort(), ['WARDEN_DATABASE_URL', 'WARDEN_OIDC_CLIENT_SECRET', 'WARDEN_SMTP_URL']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-secret-'));
  try {
    const write = (name: string, content: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const c = loadConfig({
      WARDEN_DATABASE_URL_FILE: write('db', 'postgres://warden:s3cret@db:5432/warden\n'),
      WARDEN_OIDC_CLIENT_SECRET_FILE: write('oidc', 'client-secret\r\n'),
      WARDEN_SMTP_URL_FILE: write('smtp', 'smtp://u:p@mail:587'),
    });
    assert.equal(c.databaseUrl, 'postgres://warden:s3cret@db:5432/warden');
    assert.equal(c.oidc.clientSecret, 'client-secret');
    assert.equal(c.notifications.smtpUrl, 'smtp://u:p@mail:587');
    // The file's value is checked like the variable's, and a bad one is still not echoed.
    assert.throws(() => loadConfig({ WARDEN_DATABASE_URL_FILE: write('bad', 'mysql://u:hunter2@x\n') }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_DATABASE_URL' && !e.message.includes('hunter2'));
    // Both set: refused, naming both, whatever the values.
    assert.throws(() => loadConfig({ WARDEN_OIDC_CLIENT_SECRET: 'a', WARDEN_OIDC_CLIENT_SECRET_FILE: write('o2', 'b') }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_OIDC_CLIENT_SECRET_FILE' && e.message.includes('WARDEN_OIDC_CLIENT_SECRET is set too'));
    // A missing or empty file: refused, naming the file, never its content.
    assert.throws(() => loadConfig({ WARDEN_SMTP_URL_FILE: path.join(dir, 'missing') }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_SMTP_URL_FILE' && e.message.includes('ENOENT'));
    assert.throws(() => loadConfig({ WARDEN_SMTP_URL_FILE: write('empty', '\n') }),
      (e: unknown) => e instanceof ConfigError && e.message.includes('is empty'));
    // An empty _FILE is as good as unset.
    assert.equal(loadConfig({ WARDEN_DATABASE_URL_FILE: '' }).databaseUrl, null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the configuration page (docs/configuration.md) names the _FILE form of every secret setting', () => {
  const readme = fs.readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
  for (const name of SECRET_SETTINGS) assert.ok(readme.includes(`\`${name}_FILE\``), `${name}_FILE is missing from docs/configuration.md`);
});

test('WARDEN_MIGRATE is auto or off; WARDEN_LOG_FORMAT json, pretty or auto (auto: pretty only on a terminal)', () => {
  assert.equal(loadConfig({}).migrate, 'auto');
  assert.equal(loadConfig({ WARDEN_MIGRATE: 'off' }).migrate, 'off');
  assert.throws(() => loadConfig({ WARDEN_MIGRATE: 'no' }), (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_MIGRATE');
  assert.equal(loadConfig({ WARDEN_LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
  assert.equal(loadConfig({ WARDEN_LOG_FORMAT: 'json' }).logFormat, 'json');
  assert.equal(loadConfig({}).logFormat, process.stdout.isTTY ? 'pretty' : 'json');
  assert.throws(() => loadConfig({ WARDEN_LOG_FORMAT: 'xml' }), (e: unknown) => e instanceof ConfigError && e.variable === 'WARDEN_LOG_FORMAT');
});
