import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { cachedTablesWritten, NAMED_STATEMENT_MARKER, UNCACHED_WRITE_MARKER } from './change-tracking.ts';
import { decodeChange, decodeChanges, encodeChange } from './changes.ts';
import type { Database } from './types.ts';

const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
const tables = (q: { compile(): CompiledQuery }) => cachedTablesWritten(q.compile());

test('writes to cached tables are recognised, whether built by Kysely or written as SQL', () => {
  assert.deepEqual(tables(db.updateTable('users').set({ role: 'admin' }).where('id', '=', 1)), ['users']);
  assert.deepEqual(tables(db.deleteFrom('team_members').where('team_id', '=', 1)), ['team_members']);
  assert.deepEqual(tables(db.insertInto('team_datastores').values({ team_id: 1, datastore_id: 2 })), ['team_datastores']);
  assert.deepEqual(tables(db.updateTable('tokens as t').set({ revoked_at: 'x' })), ['tokens']);
  assert.deepEqual(cachedTablesWritten(CompiledQuery.raw('UPDATE teams SET permission = ? WHERE id = ?', ['editor', 1])), ['teams']);
  assert.deepEqual(cachedTablesWritten(CompiledQuery.raw('with x as (select 1) delete from "datastores" where id in (select * from x)')), ['datastores']);
  // a named statement's marker first (connection.ts) hides nothing
  assert.deepEqual(cachedTablesWritten(CompiledQuery.raw(`${NAMED_STATEMENT_MARKER} with a as (select 1) insert into users (id) select 1`)), ['users']);
});

test('reads, uncached tables and last-use figures change nothing cached', () => {
  assert.deepEqual(tables(db.selectFrom('users').selectAll()), []);
  assert.deepEqual(tables(db.insertInto('audit_events').values({ at: 'x', actor_id: null, action: 'a', target_type: 't', target_id: null, reason: null, changes: '{}', request_id: null, ip: null } as never)), []);
  assert.deepEqual(tables(db.updateTable('users').set({ last_active_at: 'x' }).where('id', '=', 1)), []);
  assert.deepEqual(tables(db.updateTable('tokens').set({ last_used_at: 'x', last_used_ip: 'y' })), []);
  assert.deepEqual(tables(db.updateTable('tokens').set({ last_used_at: 'x', revoked_at: 'y' })), ['tokens'], 'one cached column is enough');
  assert.deepEqual(cachedTablesWritten(CompiledQuery.raw(`${UNCACHED_WRITE_MARKER} update tokens set last_used_at = 1`)), []);
});

test('announcements round-trip; anything unreadable means everything changed', () => {
  assert.deepEqual(decodeChange(encodeChange({ kind: 'user', id: 42 })), { kind: 'user', id: 42 });
  assert.deepEqual(decodeChange('all'), { kind: 'all', id: null });
  for (const bad of ['', 'user:abc', 'DROP TABLE:1', 'x'.repeat(50), undefined]) assert.equal(decodeChange(bad).kind, 'all', String(bad));
});

test('several announcements in one statement: each read as alone; anything unreadable means everything changed', () => {
  assert.deepEqual(decodeChanges(JSON.stringify(['user:1', 'team:2', 'token'])), [{ kind: 'user', id: 1 }, { kind: 'team', id: 2 }, { kind: 'token', id: null }]);
  assert.deepEqual(decodeChanges(JSON.stringify(['user:1', 'user:x'])), [{ kind: 'user', id: 1 }, { kind: 'all', id: null }]);
  for (const bad of ['', 'not json', '{}', '[]', '[1]', 'null', undefined]) assert.ok(decodeChanges(bad).some((c) => c.kind === 'all'), String(bad));
});
