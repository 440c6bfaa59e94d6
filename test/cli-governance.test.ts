// The CLI's governance commands against a real `warden serve`, on SQLite and PostgreSQL:
// `warden audit export` streams the NDJSON the API serves, `warden audit verify` checks the chain
// on the database (exit 0, then 1 after a direct edit), and an elevation with --until ends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from './support.ts';
import { cli, configHome, startServe, type Serve } from './cli-support.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';

describeEachDatabase('CLI governance commands', (dialect) => {
  let serve: Serve;
  let env: Record<string, string>;
  before(async () => {
    serve = await startServe(dialect);
    const { token } = await bootstrapAdmin(serve.db.db, null);
    env = { ...configHome().env, WARDEN_URL: serve.url, WARDEN_TOKEN: token };
  });
  after(async () => serve.stop());

  test('audit export prints the NDJSON of the API, filtered and resumable; audit verify checks the database', async () => {
    for (const name of ['Export Bot One', 'Export Bot Two']) assert.equal((await cli(['users', 'create-service', name], { env })).code, 0);
    const all = await cli(['audit', 'export'], { env });
    assert.equal(all.code, 0, all.stderr);
    const lines = all.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length >= 4);
    assert.ok(lines.every((l, i) => i === 0 || l.prev_hash === lines[i - 1].hash));
    const created = (await cli(['audit', 'export', '--action', 'user.created', '--after-id', String(lines[0].id)], { env })).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(created.map((e) => e.changes.name.after), ['Export Bot One', 'Export Bot Two']);

    const ok = await cli(['audit', 'verify'], { env: serve.env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`audit chain intact: ${lines.length} events`));
    await sql`update audit_events set reason = 'rewritten' where id = ${lines[1].id}`.execute(serve.db.db.kysely);
    const broken = await cli(['audit', 'verify'], { env: serve.env });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, new RegExp(`broken at event ${lines[1].id} \\(edited\\)`));
  });

  test('users edit --role admin --until 4h --reason makes a time-bound Admin', async () => {
    assert.equal((await cli(['users', 'create-service', 'Until Bot'], { env })).code, 0);
    const edit = await cli(['users', 'edit', 'until_bot@service', '--role', 'admin', '--until', '4h', '--reason', 'cover the on-call', '--json'], { env });
    assert.equal(edit.code, 0, edit.stderr);
    const user = JSON.parse(edit.stdout);
    assert.equal(user.elevation.returns_to, 'member');
    const hours = (Date.parse(user.elevation.until) - Date.now()) / 3_600_000;
    assert.ok(hours > 3.9 && hours <= 4, `${hours} hours`);
  });
});
