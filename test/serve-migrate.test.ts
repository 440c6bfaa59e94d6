// Migrations as their own step (WARDEN_MIGRATE=off) and secrets read from files, in real
// `warden serve` / `warden migrate` processes, on both databases. On PostgreSQL the database URL
// is given only as WARDEN_DATABASE_URL_FILE, so every step here also proves the file is read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, describeEachDatabase, type TestDb } from './support.ts';
import { pendingMigrations } from '../src/db/migrate.ts';
import { freePort } from './ports.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'warden.js');


interface Ended { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function warden(args: string[], env: Record<string, string>) {
  // Only what the test sets: no WARDEN_* of the machine running the tests leaks in.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WARDEN_')));
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, WARDEN_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, ended, output: () => stdout + stderr };
}

async function readyz(port: number, ms = 90_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    } catch {
      if (Date.now() > deadline) throw new Error('the server never answered /readyz');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describeEachDatabase('WARDEN_MIGRATE=off and *_FILE secrets in real processes', (dialect) => {
  let testDb: TestDb;
  let env: Record<string, string>;
  let dir: string;
  before(async () => {
    testDb = await createTestDb(dialect); // nothing migrated yet
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-secrets-'));
    if (testDb.env.WARDEN_DATABASE_URL) {
      const file = path.join(dir, 'database-url');
      fs.writeFileSync(file, `${testDb.env.WARDEN_DATABASE_URL}\n`, { mode: 0o600 });
      env = { WARDEN_DATABASE_URL_FILE: file };
    } else {
      env = { ...testDb.env };
    }
  });
  after(async () => {
    await testDb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('serve with WARDEN_MIGRATE=off refuses a database whose schema is behind, in one line, and changes nothing', async () => {
    const port = await freePort();
    const { ended } = warden(['serve'], { ...env, WARDEN_MIGRATE: 'off', WARDEN_PORT: String(port) });
    const end = await ended;
    assert.equal(end.code, 1, end.stdout + end.stderr);
    const lines = end.stderr.trim().split('\n');
    assert.equal(lines.length, 1, end.stderr);
    assert.match(lines[0], /^warden: the database schema is older than this Warden needs \(\d+ migrations pending, from 0001_core\); WARDEN_MIGRATE=off, so run `warden migrate` first/);
    assert.ok((await pendingMigrations(testDb.db)).length > 0, 'serve must not have migrated');
  });

  test('`warden migrate --check` exits 1 listing what is pending; `warden migrate` applies it; then --check exits 0', async () => {
    const before = await warden(['migrate', '--check'], env).ended;
    assert.equal(before.code, 1, before.stdout + before.stderr);
    assert.match(before.stderr, /migrations pending: 0001_core, /);
    assert.ok((await pendingMigrations(testDb.db)).length > 0);
    const applied = await warden(['migrate'], env).ended;
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, dialect === 'postgres' ? /^database: PostgreSQL postgres:\/\// : /^database: SQLite /);
    assert.deepEqual(await pendingMigrations(testDb.db), []);
    const after = await warden(['migrate', '--check'], env).ended;
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  test('then serve with WARDEN_MIGRATE=off starts, is ready, and SIGTERM ends it with exit 0', async () => {
    const port = await freePort();
    const server = warden(['serve'], { ...env, WARDEN_MIGRATE: 'off', WARDEN_PORT: String(port) });
    try {
      assert.equal(await readyz(port), 200, server.output());
    } finally {
      server.child.kill('SIGTERM');
    }
    const end = await server.ended;
    assert.equal(end.code, 0, end.stdout + end.stderr);
  });

  test('a secret set both ways stops the start with one line naming both', async () => {
    const both = dialect === 'postgres'
      ? { ...env, WARDEN_DATABASE_URL: testDb.env.WARDEN_DATABASE_URL }
      : { ...env, WARDEN_SMTP_URL: 'smtp://mail:25', WARDEN_SMTP_URL_FILE: path.join(dir, 'nowhere') };
    const end = await warden(['serve'], { ...both, WARDEN_PORT: String(await freePort()) }).ended;
    assert.equal(end.code, 2, end.stdout + end.stderr);
    const variable = dialect === 'postgres' ? 'WARDEN_DATABASE_URL' : 'WARDEN_SMTP_URL';
    assert.equal(end.stderr, `warden: invalid configuration: ${variable}_FILE: ${variable} is set too: set one of them\n`);
  });
});
