// The `warden` command as an operator runs it: real processes on a real database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { DATABASES, createTestDb } from './support.ts';

const BIN = new URL('../bin/warden.js', import.meta.url).pathname;

function envFor(extra: Record<string, string>) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WARDEN_LOG_LEVEL: 'info', ...extra };
  return env;
}

test('a bad setting stops the start with one line naming the variable, exit 2', () => {
  const res = spawnSync(process.execPath, [BIN, 'serve'], { env: envFor({ WARDEN_PORT: 'abc' }), encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.equal(res.stderr.trim().split('\n').length, 1);
  assert.match(res.stderr, /WARDEN_PORT/);
});

for (const dialect of DATABASES) {
  test(`serve migrates, listens, says how to bootstrap; bootstrap works beside it; SIGTERM exits 0 [${dialect}]`, async () => {
    const db = await createTestDb(dialect);
    await db.db.close();
    const env = envFor({ ...db.env, WARDEN_PORT: '0' });
    const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.on('data', (d) => (out += d));
    server.stderr.on('data', (d) => (out += d));
    try {
      // The listening line, then the hint for an instance without an Admin, which follows it.
      const deadline = Date.now() + 15_000;
      while (!(/Warden listening on (http:\/\/\S+) /.test(out) && /warden bootstrap/.test(out)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /Warden listening on (http:\/\/\S+) /.exec(out)?.[1];
      assert.ok(url, `server did not start: ${out}`);
      assert.match(out, /warden bootstrap/);

      const boot = spawnSync(process.execPath, [BIN, 'bootstrap', '--json'], { env, encoding: 'utf8' });
      assert.equal(boot.status, 0, boot.stderr);
      const lines = boot.stdout.trim().split('\n');
      assert.equal(lines.length, 1, 'exactly one JSON object');
      const result = JSON.parse(lines[0]);
      assert.deepEqual(Object.keys(result).sort(), ['expires_at', 'id', 'token', 'user_id']);
      assert.equal(result.user_id, 'bootstrap_admin@service');
      const hours = (Date.parse(result.expires_at) - Date.now()) / 3_600_000;
      assert.ok(hours > 23.9 && hours <= 24);

      const me = await fetch(`${url}/api/users/me`, { headers: { authorization: `Bearer ${result.token}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { role: string }).role, 'admin');
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);

      const again = spawnSync(process.execPath, [BIN, 'bootstrap', '--json'], { env, encoding: 'utf8' });
      assert.equal(JSON.parse(again.stdout).id, result.id, 'the same Bootstrap Admin, a new token');
      assert.notEqual(JSON.parse(again.stdout).token, result.token);

      const started = Date.now();
      server.kill('SIGTERM');
      const [code] = await once(server, 'exit');
      assert.equal(code, 0, out);
      assert.ok(Date.now() - started < 5000, 'SIGTERM does not wait out kept-alive connections');
      assert.match(out, /SIGTERM received/);
      assert.ok(!out.includes(result.token), 'the token is not logged');
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }

    const migrate = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
    assert.equal(migrate.status, 0);
    assert.match(migrate.stdout, /up to date/);
    assert.match(migrate.stdout, dialect === 'sqlite' ? new RegExp(`^database: SQLite ${env.WARDEN_DATA_DIR}/warden\\.db\n`) : /^database: PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:5432\/warden_test_\w+\n/, 'migrate names its database');
    await db.drop().catch(() => {});
  });

  test(`bootstrap refuses, exit 2 and one line saying where it looked and how to point elsewhere, when there is no Warden database; it creates none [${dialect}]`, async () => {
    const db = await createTestDb(dialect); // an empty directory, or an empty PostgreSQL database
    await db.db.close();
    let env = envFor(db.env);
    if (dialect === 'sqlite') fs.rmSync(path.join(db.env.WARDEN_DATA_DIR, 'warden.db'), { force: true });
    else {
      const url = new URL(db.env.WARDEN_DATABASE_URL);
      url.password = 'hunter2'; // trust authentication ignores it; it must not be printed
      env = envFor({ WARDEN_DATABASE_URL: url.toString() });
    }
    const boot = spawnSync(process.execPath, [BIN, 'bootstrap'], { env, encoding: 'utf8' });
    assert.equal(boot.status, 2, boot.stderr);
    assert.equal(boot.stdout, '');
    assert.equal(boot.stderr.trim().split('\n').length, 1, boot.stderr);
    if (dialect === 'sqlite') {
      assert.ok(boot.stderr.startsWith(`warden: no Warden database at ${db.env.WARDEN_DATA_DIR}/warden.db (SQLite, no such file)`), boot.stderr);
      assert.match(boot.stderr, /WARDEN_DATA_DIR/);
      assert.ok(!fs.existsSync(path.join(db.env.WARDEN_DATA_DIR, 'warden.db')), 'no empty database was created');
    } else {
      assert.match(boot.stderr, /^warden: no Warden database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/warden_test_\w+ \(PostgreSQL, no Warden tables\)/);
      assert.ok(!boot.stderr.includes('hunter2'), 'the password is hidden');
      const migrate = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' });
      assert.match(migrate.stdout, /^database: PostgreSQL postgres:\/\/postgres:\*\*\*@/);
      assert.ok(!migrate.stdout.includes('hunter2'));
    }
    assert.match(boot.stderr, /WARDEN_DATABASE_URL/);
    await db.drop().catch(() => {});
  });
}
