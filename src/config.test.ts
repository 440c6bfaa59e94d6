import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ConfigError, SETTINGS, loadConfig } from './config.ts';

test('defaults: 127.0.0.1:8080, SQLite under ./data, info logs, no token cap', () => {
  const c = loadConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.databaseUrl, null);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.maxTokenDays, null);
  assert.equal(c.trustProxy, false);
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

test('trust proxy takes true, a hop count or addresses', () => {
  assert.equal(loadConfig({ WARDEN_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ WARDEN_TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ WARDEN_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

test('the README configuration table lists every setting', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const s of SETTINGS) assert.ok(readme.includes(`\`${s.name}\``), `${s.name} is missing from README.md`);
  const source = fs.readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  const read = new Set([...source.matchAll(/'(WARDEN_[A-Z_]+)'/g)].map((m) => m[1]).concat([...source.matchAll(/env\.(WARDEN_[A-Z_]+)/g)].map((m) => m[1])));
  for (const name of read) assert.ok(SETTINGS.some((s) => s.name === name), `${name} is read but not documented in SETTINGS`);
});
