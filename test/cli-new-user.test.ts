// The rough edges a new user hit in the CLI (issue 18 §3), against a real `warden serve` per
// database: people named by email or display name (an ambiguous one refused with the candidates),
// token names shared through a rotation (refused unless --id, the chain shown), and a reactivation
// that says which tokens work again and announces them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { describeEachDatabase } from './support.ts';
import { cli, configHome, json, startServe, type Serve } from './cli-support.ts';
import { insertUser } from '../src/users/store.ts';

describeEachDatabase('warden CLI for a new user', (dialect) => {
  let serve: Serve;
  let admin: ReturnType<typeof configHome>;
  const people: Record<string, number> = {};
  const as = (extra: Record<string, string> = {}) => ({ env: { ...admin.env, WARDEN_URL: serve.url, ...extra } });
  const works = async (token: string) => (await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: token } })).code === 0;

  before(async () => {
    serve = await startServe(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1' }); // the webhook receiver is on loopback
    const boot = await cli(['bootstrap', '--json'], { env: serve.env, secretAllowed: true });
    assert.equal(boot.code, 0, boot.stderr);
    admin = configHome();
    const login = await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: admin.env, input: `${JSON.parse(boot.stdout).token}\n` });
    assert.equal(login.code, 0, login.stderr);
    const now = new Date().toISOString();
    // People as SSO makes them: two share a display name.
    for (const [key, name, email] of [['ada1', 'Ada Lovelace', 'ada.lovelace@example.com'], ['ada2', 'Ada Lovelace', 'ada@analytical.example'], ['grace', 'Grace Hopper', 'grace@example.com']]) {
      people[key] = await insertUser(serve.db.db.kysely, { user_id: `https://idp.example|${key}`, type: 'personal', name, email, role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
    }
  });
  after(async () => {
    await serve?.stop();
  });

  test('a person or service user is named by id, user_id, email or exact display name wherever a user is taken; an ambiguous name is refused listing the candidates', async () => {
    const byEmail = json(await cli(['users', 'view', 'Grace@Example.com', '--json'], as()));
    assert.equal(byEmail.id, people.grace, 'by email, regardless of case');
    assert.equal(json(await cli(['users', 'view', 'grace hopper', '--json'], as())).id, people.grace, 'by display name');
    assert.equal(json(await cli(['users', 'view', 'https://idp.example|grace', '--json'], as())).id, people.grace, 'by user_id');

    const ambiguous = await cli(['users', 'view', 'Ada Lovelace'], as());
    assert.equal(ambiguous.code, 2, ambiguous.stderr);
    assert.match(ambiguous.stderr, /"Ada Lovelace" names 2 users/);
    for (const key of ['ada1', 'ada2']) assert.match(ambiguous.stderr, new RegExp(`${people[key]}\\thttps://idp\\.example\\|${key}\\tAda Lovelace`));
    assert.match(ambiguous.stderr, /ada\.lovelace@example\.com/);
    assert.match(ambiguous.stderr, /ada@analytical\.example/);
    assert.match(ambiguous.stderr, /hint: name one by its numeric id or user_id/);
    const missing = await cli(['users', 'view', 'nobody@example.com'], as());
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /user "nobody@example.com" not found: no user has that id, user_id, email or name/);

    // --owner
    const svc = json(await cli(['users', 'create-service', 'Airflow Prod', '--owner', 'ada.lovelace@example.com', '--json'], as()));
    assert.equal(svc.owner.id, people.ada1);
    assert.equal((await cli(['users', 'create-service', 'Other Bot', '--owner', 'Ada Lovelace'], as())).code, 2, 'an ambiguous --owner creates nothing');
    assert.equal((await cli(['users', 'view', 'other_bot@service'], as())).code, 1);
    const edited = json(await cli(['users', 'edit', 'Airflow Prod', '--owner', 'Grace Hopper', '--json'], as()));
    assert.equal(edited.owner.id, people.grace, 'the service user itself by its display name, the owner by hers');
    // --for (a service user by its display name)
    const token = await cli(['tokens', 'create', '--for', 'Airflow Prod', '--name', 'by-name', '--expires', '30', '--json'], { ...as(), secretAllowed: true });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(JSON.parse(token.stdout).user.user_id, 'airflow_prod@service');
    // --user of tokens list and of authorize
    const listed = json(await cli(['tokens', 'list', '--user', 'Airflow Prod', '--json'], as()));
    assert.deepEqual(listed.map((t: { name: string }) => t.name), ['by-name']);
    const decision = await cli(['authorize', 'users.read', '--user', 'grace@example.com', '--json'], as());
    assert.equal(decision.code, 1, decision.stderr);
    assert.equal(JSON.parse(decision.stdout).user.id, people.grace);
    // team members
    const team = json(await cli(['teams', 'create', 'Analysts', '--permission', 'viewer', '--user', 'grace@example.com', '--user', 'ada@analytical.example', '--json'], as()));
    assert.deepEqual(team.users.map((m: { id: number }) => m.id).sort(), [people.grace, people.ada2].sort());
    const added = await cli(['teams', 'edit', 'Analysts', '--add-user', 'Ada Lovelace'], as());
    assert.equal(added.code, 2, 'an ambiguous member is refused');
    // the positional <user> of deactivate, reactivate, permissions; audit --actor
    assert.equal((await cli(['users', 'permissions', 'Grace Hopper'], as())).code, 0);
    assert.equal(json(await cli(['users', 'deactivate', 'ada@analytical.example', '--json'], as())).active, false);
    assert.equal(json(await cli(['users', 'reactivate', 'ada@analytical.example', '--json'], as())).active, true);
    assert.equal((await cli(['audit', 'list', '--actor', 'bootstrap_admin@service', '--limit', '1'], as())).code, 0);
  });

  test('after a rotation a token name stands for two tokens: revoke/view/rotate/delete by that name are refused (exit 2, each listed) until --id says which; view shows the chain', async () => {
    await cli(['users', 'create-service', 'Etl Bot'], as());
    const first = (await cli(['tokens', 'create', '--for', 'etl_bot@service', '--name', 'airflow-prod', '--expires', '30', '--secret-only'], { ...as(), secretAllowed: true })).stdout.trim();
    const rotated = await cli(['tokens', 'rotate', 'airflow-prod', '--for', 'etl_bot@service', '--overlap', '24', '--json'], { ...as(), secretAllowed: true });
    assert.equal(rotated.code, 0, rotated.stderr);
    const { successor, previous } = JSON.parse(rotated.stdout);
    assert.ok(await works(first), 'the old token works through the overlap');

    for (const verb of ['revoke', 'view', 'delete', 'restore']) {
      const refused = await cli(['tokens', verb, 'airflow-prod', '--for', 'etl_bot@service'], as());
      assert.equal(refused.code, 2, `${verb}: ${refused.stderr}`);
      assert.match(refused.stderr, /2 tokens are named "airflow-prod"/);
      assert.match(refused.stderr, new RegExp(`${previous.id}\\tactive\\tcreated \\S+\\texpires ${previous.expires_at}\\trotated to ${successor.id}`));
      assert.match(refused.stderr, new RegExp(`${successor.id}\\tactive\\tcreated \\S+\\texpires ${successor.expires_at}`));
      assert.match(refused.stderr, /hint: say which: --id <id>/);
    }
    const again = await cli(['tokens', 'rotate', 'airflow-prod', '--for', 'etl_bot@service', '--json'], as());
    assert.equal(again.code, 2, 'rotate by the shared name too');
    assert.ok(await works(first) && await works(successor.token), 'nothing was revoked');

    const wrong = await cli(['tokens', 'revoke', 'airflow-prod', '--for', 'etl_bot@service', '--id', '999999'], as());
    assert.equal(wrong.code, 2);
    const revoked = json(await cli(['tokens', 'revoke', 'airflow-prod', '--for', 'etl_bot@service', '--id', String(previous.id), '--json'], as()));
    assert.equal(revoked.id, previous.id);
    assert.equal(await works(first), false, 'the old token (the one in use) stops');
    assert.ok(await works(successor.token), 'its successor keeps working');

    const view = await cli(['tokens', 'view', '--id', String(successor.id)], as());
    assert.equal(view.code, 0, view.stderr);
    assert.match(view.stdout, new RegExp(`rotation chain \\(oldest first\\):\\n  token ${previous.id}: revoked, created .*\\n→ token ${successor.id}: active, created `));
    const oldView = await cli(['tokens', 'view', String(previous.id)], as());
    assert.match(oldView.stdout, new RegExp(`→ token ${previous.id}: revoked.*\\n  token ${successor.id}: active`));
  });

  test('audit and team history show names beside ids: the actor, and user, team and token targets', async () => {
    const [token] = json(await cli(['tokens', 'list', '--user', 'etl_bot@service', '--status', 'revoked', '--json'], as())); // the rotated one: created, rotated, revoked
    const audit = await cli(['audit', 'list', '--target', `token:${token.id}`], as());
    assert.equal(audit.code, 0, audit.stderr);
    assert.match(audit.stdout, new RegExp(`\\ttoken ${token.id} \\(airflow-prod\\)\\t`));
    assert.match(audit.stdout, /\tBootstrap Admin \(bootstrap_admin@service\)\t/);
    const events = json(await cli(['audit', 'list', '--target', `user:${people.ada2}`, '--json'], as()));
    assert.ok(events.length > 0 && events.every((e: { target_name: string }) => e.target_name === 'Ada Lovelace'), JSON.stringify(events.map((e: { target_name: string }) => e.target_name)));
    const history = await cli(['teams', 'history', 'Analysts'], as());
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /\tteam \d+ \(Analysts\)\t/);
  });

  test('reactivating a user names the tokens that work again (CLI and API answer) and announces each as token.restored', async () => {
    const received: { type: string; data: { token: { id: number }; reason: string } }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
      const hook = await cli(['webhooks', 'create', '--endpoint', endpoint, '--event', 'token.revoked', '--event', 'token.restored', '--secret-only'], { ...as(), secretAllowed: true });
      assert.equal(hook.code, 0, hook.stderr);
      await cli(['users', 'create-service', 'Dbt Runner'], as());
      const make = async (name: string) => json(await cli(['tokens', 'create', '--for', 'dbt_runner@service', '--name', name, '--expires', '30', '--json'], { ...as(), secretAllowed: true }));
      const live = await make('live');
      const off = await make('off');
      assert.equal((await cli(['tokens', 'revoke', String(off.id)], as())).code, 0);
      assert.equal((await cli(['users', 'deactivate', 'Dbt Runner'], as())).code, 0);
      assert.equal(await works(live.token), false);
      const back = await cli(['users', 'reactivate', 'Dbt Runner'], as());
      assert.equal(back.code, 0, back.stderr);
      assert.match(back.stderr, /Reactivated dbt_runner@service\. These 1 tokens work again:/);
      assert.match(back.stderr, new RegExp(`${live.id}\\tlive\\t`));
      assert.doesNotMatch(back.stderr, new RegExp(`${off.id}\\toff`), 'a revoked token stays off and is not named');
      assert.ok(await works(live.token));

      // The API's answer, again (deactivate, reactivate --json).
      await cli(['users', 'deactivate', 'dbt_runner@service'], as());
      const answer = json(await cli(['users', 'reactivate', 'dbt_runner@service', '--json'], as()));
      assert.deepEqual(answer.restored_tokens.map((t: { id: number; name: string }) => [t.id, t.name]), [[live.id, 'live']]);
      assert.equal(answer.restored_tokens[0].token, undefined, 'never a secret');
      const already = json(await cli(['users', 'reactivate', 'dbt_runner@service', '--json'], as()));
      assert.deepEqual(already.restored_tokens, [], 'already active: nothing comes back');

      const deadline = Date.now() + 30_000;
      const of = (type: string, reason: string) => received.filter((e) => e.type === type && e.data.reason === reason && e.data.token.id === live.id);
      while (of('token.restored', 'owner_reactivated').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(of('token.revoked', 'owner_deactivated').length, 2, 'announced as revoked at each deactivation');
      assert.equal(of('token.restored', 'owner_reactivated').length, 2, 'and as restored at each reactivation');
      assert.ok(!received.some((e) => e.type === 'token.restored' && e.data.token.id === off.id && e.data.reason === 'owner_reactivated'), 'the revoked one is not announced as back');
      // Restoring a revoked token by hand is announced too (reason manual).
      assert.equal((await cli(['tokens', 'restore', String(off.id)], as())).code, 0);
      const until = Date.now() + 30_000;
      const manual = () => received.filter((e) => e.type === 'token.restored' && e.data.token.id === off.id && e.data.reason === 'manual');
      while (manual().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.equal(manual().length, 1, 'a manual restore is announced once');
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
