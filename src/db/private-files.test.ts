// The embedded database holds webhook signing secrets: its directory and files are the owner's only,
// and `warden serve` says so at start when someone made them wider.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, sqliteFilesNotPrivate } from './connection.ts';
import { freePort } from '../../test/ports.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const modeOf = (p: string) => `0${(fs.statSync(p).mode & 0o777).toString(8)}`;

test('a new SQLite database is created 0600 (and its -wal and -shm files) in a 0700 directory, under the usual umask 022', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-private-'));
  const previous = process.umask(0o022);
  try {
    const dataDir = path.join(base, 'nested', 'data');
    const db = openDatabase({ databaseUrl: null, dataDir });
    try {
      await sql`create table probe (x integer)`.execute(db.kysely);
      await sql`insert into probe values (1)`.execute(db.kysely);
      const file = path.join(dataDir, 'warden.db');
      assert.deepEqual([modeOf(dataDir), modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)], ['0700', '0600', '0600', '0600']);
      assert.deepEqual(sqliteFilesNotPrivate(file), []);
    } finally {
      await db.close();
    }
  } finally {
    process.umask(previous);
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('an existing database keeps its mode; the files others may read are listed with their modes', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-wide-'));
  try {
    const file = path.join(dataDir, 'warden.db');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dataDir, 0o755);
    const db = openDatabase({ databaseUrl: null, dataDir });
    await db.close();
    assert.equal(modeOf(file), '0644', 'not changed behind the operator\'s back');
    assert.deepEqual(sqliteFilesNotPrivate(file), [{ path: dataDir, mode: '0755' }, { path: file, mode: '0644' }]);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});


/** Runs `warden serve` until its start-up is logged, stops it, and returns its log lines. */
async function serveOnce(dataDir: string): Promise<{ level: number; msg: string }[]> {
  const child = spawn(process.execPath, ['bin/warden.js', 'serve'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WARDEN_ENV: 'test', WARDEN_PORT: String(await freePort()), WARDEN_DATA_DIR: dataDir, WARDEN_LOG_LEVEL: 'info', WARDEN_DATABASE_URL: '' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    const deadline = Date.now() + 60_000;
    // the last line of the start-up (no Admin yet in a new database)
    while (!out.includes('No active Admin yet') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(out.includes('No active Admin yet'), `warden serve started: ${out.slice(0, 500)}`);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
  return out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

test('`warden serve` warns in one line naming each path and mode when the data directory or database is readable by others, and is quiet when private', async () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-serve-modes-')), 'data');
  try {
    const quiet = await serveOnce(dataDir);
    assert.deepEqual(quiet.filter((l) => /readable by other users/.test(l.msg)), [], 'a database it created itself is private');
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'warden.db'), 0o644);
    const warned = (await serveOnce(dataDir)).filter((l) => /readable by other users/.test(l.msg));
    assert.equal(warned.length, 1, 'one line');
    assert.equal(warned[0].level, 40, 'a warning');
    assert.ok(warned[0].msg.includes(`${dataDir} is mode 0755`), warned[0].msg);
    assert.ok(warned[0].msg.includes(`${path.join(dataDir, 'warden.db')} is mode 0644`), warned[0].msg);
  } finally {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});
