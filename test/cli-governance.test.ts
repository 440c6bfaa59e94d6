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

  test('audit list --token lists what one token did, by id or by name (--for a service token); the table names the credential', async () => {
    assert.equal((await cli(['users', 'create-service', 'Airflow Runner', '--role', 'admin', '--reason', 'runs the pipelines'], { env })).code, 0);
    const made = await cli(['tokens', 'create', '--for', 'airflow_runner@service', '--name', 'airflow', '--expires', '30', '--json'], { env });
    assert.equal(made.code, 0, made.stderr);
    const token = JSON.parse(made.stdout);
    const asAirflow = { env: { ...env, WARDEN_TOKEN: token.token } };
    for (const name of ['Airflow Made One', 'Airflow Made Two']) assert.equal((await cli(['users', 'create-service', name], asAirflow)).code, 0);
    assert.equal((await cli(['users', 'create-service', 'Not By Airflow'], { env })).code, 0);

    const byName = await cli(['audit', 'list', '--token', 'airflow', '--for', 'airflow_runner@service', '--json'], { env });
    assert.equal(byName.code, 0, byName.stderr);
    const events = JSON.parse(byName.stdout);
    assert.deepEqual(events.map((e: { changes: { name: { after: string } } }) => e.changes.name.after), ['Airflow Made Two', 'Airflow Made One']);
    for (const e of events) assert.deepEqual(e.credential, { kind: 'token', id: token.id, hint: token.hint });
    const byId = await cli(['audit', 'list', '--token', String(token.id), '--json'], { env });
    assert.deepEqual(JSON.parse(byId.stdout), events);
    const tableText = await cli(['audit', 'list', '--token', String(token.id)], { env });
    assert.match(tableText.stdout, new RegExp(`token ${token.id} \\(wdn_svc_`));
    assert.ok(!tableText.stdout.includes(token.token.slice(12)), 'never the secret');
    const own = await cli(['audit', 'list', '--token', 'current', '--limit', '1', '--json'], asAirflow);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(JSON.parse(own.stdout)[0].changes.name.after, 'Airflow Made Two', 'current: the token this CLI uses');
    const unknown = await cli(['audit', 'list', '--token', 'no-such-token', '--for', 'airflow_runner@service'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no token named "no-such-token"/);
    assert.equal((await cli(['audit', 'list', '--for', 'airflow_runner@service'], { env })).code, 2, '--for without --token');
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
