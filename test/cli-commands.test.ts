// The `warden` API commands as people and pipelines run them: real `warden` processes against one
// real `warden serve` per database, every command's happy path and one failure, --json shapes,
// exit codes 0/1/2/4, NO_COLOR, the credentials file, and no secret printed anywhere it should not be.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { describeEachDatabase } from './support.ts';
import { SECRET, assertNoSecretPrinted, cli, cliProcess, configHome, freePort, json, startServe, type Serve } from './cli-support.ts';
import { insertUser } from '../src/users/store.ts';
import { createToken } from '../src/tokens/service.ts';
import { systemClock } from '../src/scheduler/clock.ts';
import { startIssuer } from './oidc-issuers.ts';

describeEachDatabase('warden CLI commands', (dialect) => {
  let serve: Serve;
  let adminToken: string;
  /** An Admin's config home, signed in with the bootstrap token. */
  let admin: ReturnType<typeof configHome>;
  let member: { id: number; token: string; env: Record<string, string> };
  const as = (home: { env: Record<string, string> }, extra: Record<string, string> = {}) => ({ env: { ...home.env, WARDEN_URL: serve.url, ...extra } });
  /** The API answered directly, to compare --json with. */
  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${serve.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    assert.ok(res.ok, `${method} ${path}: ${res.status}`);
    return res.json() as Promise<any>;
  };

  before(async () => {
    serve = await startServe(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1' }); // the webhook receiver is on loopback
    const boot = await cli(['bootstrap', '--json'], { env: serve.env, secretAllowed: true });
    assert.equal(boot.code, 0, boot.stderr);
    adminToken = JSON.parse(boot.stdout).token;
    admin = configHome();
    const login = await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: admin.env, input: `${adminToken}\n` });
    assert.equal(login.code, 0, login.stderr);
    // A person, as SSO would make one (the server has no IdP in these tests).
    const now = new Date().toISOString();
    const kysely = serve.db.db.kysely;
    const id = await insertUser(kysely, { user_id: 'test|marie', type: 'personal', name: 'Marie Curie', email: 'marie@example.com', role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
    const actor = { id, userId: 'test|marie', type: 'personal' as const, name: 'Marie Curie', email: 'marie@example.com', role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
    const pat = await createToken(serve.db.db, { actor, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'laptop', expires_in_days: 30 });
    member = { id, token: pat.token, env: { WARDEN_URL: serve.url, WARDEN_TOKEN: pat.token } };
  });
  after(async () => {
    await serve?.stop();
  });

  test('--version, --help with the exit codes, and usage errors exit 2 with `warden:` lines', async () => {
    const version = await cli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const text of ['Exit codes:', '4  authentication needed', 'WARDEN_TOKEN', 'users', 'tokens', 'authorize', 'doctor', 'completion', 'bootstrap']) assert.ok(help.stdout.includes(text), text);
    for (const args of [['nope'], ['users', 'lst'], ['users', 'list', '--bogus'], ['users', 'list', '--role', 'king'], ['tokens', 'create', '--name', 'x', '--expires', '400', '--json'], ['users', 'list', '--limit', '0'], ['audit', 'list', '--interval', 'x']]) {
      const r = await cli(args, as(admin));
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^warden: /, 'a warden: line, never a stack trace');
      assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    }
    const group = await cli(['users'], as(admin));
    assert.equal(group.code, 2, 'a noun without a verb: usage, with the verbs listed');
    assert.match(group.stderr, /create-service/);
    const unknown = await cli(['users', 'lst']);
    assert.match(unknown.stderr, /^warden: unknown command 'lst'/);
  });

  test('without a credential: exit 4 and the hint to sign in; a refused WARDEN_TOKEN says so; an unreachable server exits 1', async () => {
    const nobody = configHome();
    const r = await cli(['whoami'], as(nobody));
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^warden: not signed in to http:\/\/127\.0\.0\.1:\d+\nhint: run `warden auth login`/);
    const wrong = await cli(['users', 'list'], as(nobody, { WARDEN_TOKEN: 'wdn_pat_00000000000000000000000000000000abcdef' }));
    assert.equal(wrong.code, 4);
    assert.match(wrong.stderr, /^warden: The token is malformed/);
    const revokedish = await cli(['whoami'], as(nobody, { WARDEN_TOKEN: member.token.slice(0, -1) + (member.token.endsWith('A') ? 'B' : 'A') }));
    assert.equal(revokedish.code, 4);
    assert.match(revokedish.stderr, /WARDEN_TOKEN was refused/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(['whoami', '--url', closed], { env: { ...nobody.env, WARDEN_TOKEN: adminToken } });
    assert.equal(down.code, 1);
    assert.ok(down.stderr.startsWith(`warden: cannot reach ${closed} (connection refused)\nhint: `), down.stderr);
  });

  test('auth login --with-token saves a 0600 file in a 0700 directory; whoami, auth status and auth token use it', async () => {
    assert.equal(fs.statSync(admin.file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(`${admin.dir}/warden`).mode & 0o777, 0o700);
    const saved = JSON.parse(fs.readFileSync(admin.file, 'utf8'));
    assert.equal(saved.current, serve.url);
    assert.equal(saved.instances[serve.url].user.user_id, 'bootstrap_admin@service');
    assert.equal(typeof saved.instances[serve.url].token_id, 'number', 'the token id is saved for logout');

    const plain = { env: admin.env }; // no WARDEN_URL: the current saved instance
    const me = json(await cli(['whoami', '--json'], plain));
    assert.equal(me.user_id, 'bootstrap_admin@service');
    const apiMe = await api('GET', '/api/users/me', adminToken);
    assert.deepEqual(Object.keys(me).sort(), Object.keys(apiMe).sort(), '--json is the API\'s own User object');
    assert.equal(me.id, apiMe.id);
    const who = await cli(['whoami'], plain);
    assert.equal(who.stdout, `Bootstrap Admin (bootstrap_admin@service), admin, on ${serve.url}\n`);
    const status = json(await cli(['auth', 'status', '--json'], plain));
    assert.equal(status.url, serve.url);
    assert.equal(status.token_source, 'saved');
    assert.equal(status.user.role, 'admin');
    assert.equal(status.token.id, saved.instances[serve.url].token_id);
    assert.equal(status.token.token, undefined, 'never the secret');
    const text = await cli(['auth', 'status'], plain);
    assert.match(text.stdout, /role:\s+admin/);
    assert.match(text.stdout, /token:\s+bootstrap-\S+ \(id \d+, wdn_svc_\w{4}…\)/);
    const token = await cli(['auth', 'token'], { ...plain, secretAllowed: true });
    assert.equal(token.stdout, `${adminToken}\n`);

    const garbage = await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: configHome().env, input: 'not-a-token\n' });
    assert.equal(garbage.code, 2);
  });

  test('a credentials file others can read is refused with the reason and the fix, and the token stays unprinted', async () => {
    const home = configHome();
    assert.equal((await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: home.env, input: adminToken })).code, 0);
    fs.chmodSync(home.file, 0o644);
    const r = await cli(['whoami'], { env: home.env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refusing to read .*credentials\.json: its mode is 0644, so others on this machine can read the tokens in it/);
    assert.match(r.stderr, /hint: run `chmod 600 /);
    const doctor = await cli(['doctor'], { env: home.env });
    assert.equal(doctor.code, 1, 'doctor reports it as a failure');
    assert.match(doctor.stdout, /fail\s+credentials\s+refusing to read/);
    fs.chmodSync(home.file, 0o600);
    assert.equal((await cli(['whoami'], { env: home.env })).code, 0);
  });

  test('WARDEN_URL and WARDEN_TOKEN override the saved login (CI needs no file)', async () => {
    const ci = configHome();
    const me = json(await cli(['whoami', '--json'], { env: { ...ci.env, ...member.env } }));
    assert.equal(me.user_id, 'test|marie');
    assert.ok(!fs.existsSync(ci.file), 'nothing written');
    const status = json(await cli(['auth', 'status', '--json'], { env: { ...admin.env, WARDEN_TOKEN: member.token } }));
    assert.equal(status.token_source, 'WARDEN_TOKEN');
    assert.equal(status.user.user_id, 'test|marie');
    assert.equal(status.token.name, 'laptop');
  });

  test('auth login without SSO on the server says so at once, without waiting for a browser; an unreachable one too', async () => {
    const r = await cli(['auth', 'login', '--no-browser', '--url', serve.url], { env: configHome().env, timeoutMs: 10_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /has no single sign-on configured/);
    assert.match(r.stderr, /--with-token/);
    const down = await cli(['login', '--no-browser', '--url', `http://127.0.0.1:${await freePort()}`], { env: configHome().env, timeoutMs: 10_000 });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot reach/);
  });

  test('users: create-service (and --dry-run), list (paged through, --limit, filters, TSV when piped), view, edit, deactivate, reactivate, review, permissions', async () => {
    const dry = json(await cli(['users', 'create-service', 'Pipeline Automation', '--dry-run', '--json'], as(admin)));
    assert.deepEqual(dry, { user_id: 'pipeline_automation@service', available: true, detail: null });
    const created = json(await cli(['users', 'create-service', 'Pipeline Automation', '--purpose', 'Nightly ETL', '--owner', 'test|marie', '--json'], as(admin)));
    assert.equal(created.user_id, 'pipeline_automation@service');
    assert.equal(created.owner.user_id, 'test|marie');
    const again = await cli(['users', 'create-service', 'PIPELINE automation'], as(admin));
    assert.equal(again.code, 1, 'a taken user_id is a failure');
    assert.match(again.stderr, /^warden: .*pipeline_automation@service/);
    const taken = await cli(['users', 'create-service', 'Pipeline Automation', '--dry-run'], as(admin));
    assert.equal(taken.code, 1);

    const dated = json(await cli(['users', 'create-service', 'Dated Sync', '--review-on', '2031-03-31', '--json'], as(admin)));
    assert.equal(dated.review_due_at, '2031-03-31T00:00:00.000Z');
    const redated = json(await cli(['users', 'edit', 'dated_sync@service', '--review-on', '30d', '--json'], as(admin)));
    assert.ok(Math.abs(Date.parse(redated.review_due_at) - Date.now() - 30 * 86_400_000) < 120_000);
    assert.equal(json(await cli(['users', 'edit', 'dated_sync@service', '--review-on', 'period', '--json'], as(admin))).review_due_at, null);
    for (let i = 1; i <= 4; i++) assert.equal((await cli(['users', 'create-service', `Bulk ${i}`, '--json'], as(admin))).code, 0);
    const all = json(await cli(['users', 'list', '--json'], as(admin)));
    assert.ok(Array.isArray(all), 'an array of User objects');
    assert.equal(all.length, 8);
    assert.equal(json(await cli(['users', 'list', '--limit', '2', '--json'], as(admin))).length, 2);
    const services = json(await cli(['users', 'list', '--type', 'service', '--search', 'bulk', '--json'], as(admin)));
    assert.deepEqual(services.map((u: { user_id: string }) => u.user_id), ['bulk_1@service', 'bulk_2@service', 'bulk_3@service', 'bulk_4@service']);
    const piped = await cli(['users', 'list', '--search', 'pipeline'], as(admin));
    assert.equal(piped.code, 0);
    const cols = piped.stdout.trimEnd().split('\t');
    assert.equal(piped.stdout.split('\n').length, 2, 'one line per user, no header when piped');
    assert.deepEqual(cols.slice(1, 6), ['pipeline_automation@service', 'Pipeline Automation', 'service', 'member', 'active']);

    const viewed = await cli(['users', 'view', 'pipeline_automation@service'], as(admin));
    assert.match(viewed.stdout, /purpose:\s+Nightly ETL/);
    assert.match(viewed.stdout, /owner:\s+Marie Curie \(test\|marie\)/);
    const missing = await cli(['users', 'view', 'nobody@service'], as(admin));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);

    const noReason = await cli(['users', 'edit', 'pipeline_automation@service', '--role', 'manager'], as(admin));
    assert.equal(noReason.code, 1, 'the server wants a reason');
    assert.match(noReason.stderr, /reason/i);
    const edited = json(await cli(['users', 'edit', 'pipeline_automation@service', '--role', 'manager', '--reason', 'runs the ETL', '--purpose', '', '--json'], as(admin)));
    assert.equal(edited.role, 'manager');
    assert.equal(edited.purpose, null);
    assert.equal((await cli(['users', 'edit', 'pipeline_automation@service'], as(admin))).code, 2, 'nothing to change');
    const elevated = json(await cli(['users', 'edit', 'bulk_3@service', '--role', 'admin', '--until', '8h', '--reason', 'incident 42', '--json'], as(admin)));
    assert.equal(elevated.role, 'admin');
    assert.equal(elevated.elevation.returns_to, 'member', 'a time-bound role: the one before returns by itself');
    assert.ok(Math.abs(Date.parse(elevated.elevation.until) - Date.now() - 8 * 3_600_000) < 120_000, 'for 8 h');
    assert.match((await cli(['users', 'view', 'bulk_3@service'], as(admin))).stdout, /role:\s+admin until \S+, then member/);
    assert.equal((await cli(['users', 'edit', 'bulk_3@service', '--until', '8h'], as(admin))).code, 2, '--until needs --role');
    assert.equal(json(await cli(['users', 'edit', 'bulk_3@service', '--role', 'member', '--permanent', '--json'], as(admin))).elevation, null);

    const off = json(await cli(['users', 'deactivate', 'bulk_4@service', '--reason', 'unused', '--json'], as(admin)));
    assert.equal(off.active, false);
    assert.equal(json(await cli(['users', 'list', '--inactive', '--json'], as(admin))).length, 1);
    // Deactivated users are hidden by default (as in the console); --include-deactivated shows them.
    const ids = (list: { user_id: string }[]) => list.map((u) => u.user_id);
    assert.ok(!ids(json(await cli(['users', 'list', '--json'], as(admin)))).includes('bulk_4@service'));
    assert.ok(ids(json(await cli(['users', 'list', '--include-deactivated', '--json'], as(admin)))).includes('bulk_4@service'));
    assert.equal((await cli(['users', 'list', '--include-deactivated', '--inactive'], as(admin))).code, 2);
    // --team is repeatable (ids or names): members of any of them.
    assert.equal(json(await cli(['teams', 'create', 'CLI Alpha', '--permission', 'viewer', '--json'], as(admin))).name, 'CLI Alpha');
    assert.equal(json(await cli(['teams', 'create', 'CLI Beta', '--permission', 'viewer', '--json'], as(admin))).name, 'CLI Beta');
    assert.equal((await cli(['users', 'edit', 'bulk_1@service', '--team', 'CLI Alpha'], as(admin))).code, 0);
    assert.equal((await cli(['users', 'edit', 'bulk_2@service', '--team', 'CLI Beta'], as(admin))).code, 0);
    assert.deepEqual(ids(json(await cli(['users', 'list', '--team', 'cli alpha', '--json'], as(admin)))), ['bulk_1@service']);
    assert.deepEqual(ids(json(await cli(['users', 'list', '--team', 'CLI Alpha', '--team', 'CLI Beta', '--json'], as(admin)))), ['bulk_1@service', 'bulk_2@service']);
    const noTeam = await cli(['users', 'list', '--team', 'No Such Team'], as(admin));
    assert.equal(noTeam.code, 1);
    assert.match(noTeam.stderr, /No Such Team/);
    // The two teams served the filter only (the teams test below starts from Public alone).
    for (const name of ['CLI Alpha', 'CLI Beta']) assert.equal((await cli(['teams', 'delete', name], as(admin))).code, 0);
    assert.equal(json(await cli(['users', 'reactivate', 'bulk_4@service', '--json'], as(admin))).active, true);
    assert.ok(json(await cli(['users', 'review', 'bulk_4@service', '--note', 'still needed', '--json'], as(admin))).last_reviewed_at);
    const reviewedOut = json(await cli(['users', 'review', 'bulk_4@service', '--decision', 'deactivate', '--note', 'no longer used', '--json'], as(admin)));
    assert.equal(reviewedOut.active, false, 'a review can deactivate');
    assert.equal(json(await cli(['users', 'reactivate', 'bulk_4@service', '--json'], as(admin))).active, true);
    const memberTries = await cli(['users', 'deactivate', 'bulk_4@service'], { env: member.env });
    assert.equal(memberTries.code, 1);
    assert.match(memberTries.stderr, /^warden: The member role does not allow users\.(read|manage)\nhint: your role or team level does not allow this/);

    const perms = json(await cli(['users', 'permissions', 'me', '--json'], { env: member.env }));
    assert.equal(perms.user.user_id, 'test|marie');
    assert.ok(perms.platform_actions.includes('personal_tokens.manage'));
    const adminPerms = await cli(['users', 'permissions'], as(admin));
    assert.match(adminPerms.stdout, /every datastore, every action \(Admin\)/);
  });

  test('tokens: create needs --secret-only or --json (nothing is made otherwise); --secret-only prints only the secret; list, view, revoke, restore, delete', async () => {
    const before = json(await cli(['tokens', 'list', '--service', '--json'], as(admin))).length;
    const refused = await cli(['tokens', 'create', '--for', 'pipeline_automation@service', '--name', 'airflow', '--expires', '90'], as(admin));
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--secret-only.*--json.*nothing was created/);
    assert.equal(json(await cli(['tokens', 'list', '--service', '--json'], as(admin))).length, before, 'nothing was created');

    const secret = await cli(['tokens', 'create', '--for', 'pipeline_automation@service', '--name', 'airflow', '--expires', '90', '--secret-only'], { ...as(admin), secretAllowed: true });
    assert.equal(secret.code, 0, secret.stderr);
    assert.match(secret.stdout, /^wdn_svc_[0-9A-Za-z]{38}\n$/, 'only the secret, one line');
    assert.ok(!SECRET.test(secret.stderr), 'the note on stderr carries no secret');
    assert.match(secret.stderr, /Created token airflow \(id \d+\) for pipeline_automation@service/);
    const svcToken = secret.stdout.trim();
    const asService = json(await cli(['whoami', '--json'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: svcToken } }));
    assert.equal(asService.user_id, 'pipeline_automation@service', 'the piped secret works');

    const full = json(await cli(['tokens', 'create', '--name', 'ci', '--expires', 'never', '--json'], { env: member.env, secretAllowed: true }));
    assert.match(full.token, /^wdn_pat_/, '--json is the API\'s answer, with the secret in "token"');
    assert.equal(full.expires_at, null);
    assert.equal(full.name, 'ci');

    const mine = json(await cli(['tokens', 'list', '--json'], { env: member.env }));
    assert.deepEqual(mine.map((t: { name: string }) => t.name).sort(), ['ci', 'laptop']);
    assert.ok(mine.every((t: object) => !('token' in t)), 'lists never carry secrets');
    const forSvc = json(await cli(['tokens', 'list', '--user', 'pipeline_automation@service', '--json'], as(admin)));
    assert.deepEqual(forSvc.map((t: { name: string }) => t.name), ['airflow']);
    const svcId = forSvc[0].id;
    const viewed = json(await cli(['tokens', 'view', 'airflow', '--for', 'pipeline_automation@service', '--json'], as(admin)));
    assert.equal(viewed.id, svcId);
    assert.equal(viewed.created_by.user_id, 'bootstrap_admin@service');
    const table = await cli(['tokens', 'view', String(svcId)], as(admin));
    assert.match(table.stdout, /hint:\s+wdn_svc_\w{4}…/);
    assert.equal((await cli(['tokens', 'list', '--service'], { env: member.env })).code, 1, 'a member lists no service tokens');

    const early = await cli(['tokens', 'delete', String(svcId)], as(admin));
    assert.equal(early.code, 1);
    assert.match(early.stderr, /hint: run `warden tokens revoke \d+` first/);
    assert.equal(json(await cli(['tokens', 'revoke', String(svcId), '--json'], as(admin))).status, 'revoked');
    const dead = await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: svcToken } });
    assert.equal(dead.code, 4, 'a revoked token: authentication needed');
    assert.match(dead.stderr, /revoked/);
    assert.equal(json(await cli(['tokens', 'restore', String(svcId), '--json'], as(admin))).status, 'active');
    assert.equal((await cli(['tokens', 'revoke', 'ci'], { env: member.env })).code, 0, 'by name among your own');
    const deleted = await cli(['tokens', 'delete', 'ci'], { env: member.env });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(json(await cli(['tokens', 'list', '--json'], { env: member.env })).length, 1);
    assert.equal((await cli(['tokens', 'view', '999999'], as(admin))).code, 1);
  });

  test('tokens: rotate (needs --secret-only or --json, except for the CLI\'s own token, which is replaced in the file), narrowed tokens, report-leaked', async () => {
    const first = await cli(['tokens', 'create', '--for', 'pipeline_automation@service', '--name', 'etl', '--expires', '30', '--secret-only'], { ...as(admin), secretAllowed: true });
    const old = first.stdout.trim();
    const refused = await cli(['tokens', 'rotate', 'etl', '--for', 'pipeline_automation@service'], as(admin));
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /nothing was rotated/);
    const rotated = await cli(['tokens', 'rotate', 'etl', '--for', 'pipeline_automation@service', '--overlap', '0', '--expires', '60', '--secret-only'], { ...as(admin), secretAllowed: true });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /^wdn_svc_[0-9A-Za-z]{38}\n$/);
    const successor = rotated.stdout.trim();
    assert.equal((await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: old } })).code, 4, 'overlap 0: the old one ends at once');
    assert.equal((await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: successor } })).code, 0);
    const both = json(await cli(['tokens', 'list', '--user', 'pipeline_automation@service', '--status', 'expired', '--json'], as(admin)));
    const ended = both.find((t: { name: string }) => t.name === 'etl');
    assert.equal(ended.expiry_reason, 'rotated');
    assert.ok(ended.rotated_to);
    const shown = await cli(['tokens', 'view', String(ended.id)], as(admin));
    assert.match(shown.stdout, /status:\s+expired \(rotated\)/);
    assert.match(shown.stdout, new RegExp(`rotated:.* to token ${ended.rotated_to}`));
    const twice = await cli(['tokens', 'rotate', String(ended.id), '--json'], { ...as(admin), secretAllowed: true });
    assert.equal(twice.code, 1, 'a token rotates once');

    // The CLI's own token: rotated in place, no secret printed.
    const pat = json(await cli(['tokens', 'create', '--name', 'rotating-cli', '--expires', '30', '--json'], { env: member.env, secretAllowed: true }));
    const home = configHome();
    assert.equal((await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: home.env, input: pat.token })).code, 0);
    const own = await cli(['tokens', 'rotate', 'current'], { env: home.env });
    assert.equal(own.code, 0, own.stderr);
    assert.equal(own.stdout, '', 'nothing on stdout');
    assert.match(own.stderr, /This CLI now uses the successor/);
    const saved = JSON.parse(fs.readFileSync(home.file, 'utf8')).instances[serve.url];
    assert.notEqual(saved.token, pat.token);
    assert.notEqual(saved.token_id, pat.id);
    assert.equal(fs.statSync(home.file).mode & 0o777, 0o600);
    assert.equal(json(await cli(['auth', 'status', '--json'], { env: home.env })).token.rotated_from, pat.id);
    assert.equal((await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: pat.token } })).code, 0, 'the old one works through the 24 h overlap');

    // Narrowed: read-only, from another network.
    const narrow = json(await cli(['tokens', 'create', '--name', 'ro', '--expires', '30', '--action', 'read', '--allow-cidr', '10.0.0.0/8', '--json'], { env: member.env, secretAllowed: true }));
    assert.ok(narrow.restrictions.actions.includes('datastore.read') && !narrow.restrictions.actions.includes('users.manage'), '"read": the actions that change nothing');
    assert.deepEqual(narrow.restrictions.allowed_cidrs, ['10.0.0.0/8']);
    const view = await cli(['tokens', 'view', 'ro'], { env: member.env });
    assert.match(view.stdout, /narrowed to:\s+actions .*datastore\.read.*; from 10\.0\.0\.0\/8/);
    const elsewhere = await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: narrow.token } });
    assert.equal(elsewhere.code, 4, 'used from 127.0.0.1: refused');

    // A narrowed token creates only what is within it; asking for more is refused, naming what (issue 17).
    const bounded = json(await cli(['tokens', 'create', '--name', 'bounded', '--expires', '30', '--action', 'personal_tokens.manage', '--action', 'datastore.read', '--allow-cidr', '127.0.0.0/8', '--json'], { env: member.env, secretAllowed: true }));
    const boundedEnv = { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: bounded.token } };
    const inherits = json(await cli(['tokens', 'create', '--name', 'inherits', '--expires', '7', '--json'], { ...boundedEnv, secretAllowed: true }));
    assert.deepEqual(inherits.restrictions, bounded.restrictions);
    const moved = await cli(['tokens', 'create', '--name', 'moved', '--expires', '7', '--allow-cidr', '10.0.0.0/8', '--json'], boundedEnv);
    assert.equal(moved.code, 1);
    assert.match(moved.stderr, /^warden: This token may be used only from 127\.0\.0\.0\/8; the new token would also work from 10\.0\.0\.0\/8: a token issued or rotated with a narrowed token is never wider than it\nhint: WARDEN_TOKEN is narrowed, and a token it issues or rotates is never wider in allowed_cidrs/);
    const outlives = await cli(['tokens', 'create', '--name', 'outlives', '--expires', '60', '--json'], boundedEnv);
    assert.equal(outlives.code, 1);
    assert.match(outlives.stderr, /may not outlive it \(ask for at most 29 days\)\nhint: .* in expires_in_days/);

    // Found in a log: reported without signing in, revoked at once.
    const leaked = json(await cli(['tokens', 'create', '--name', 'leaked', '--expires', '30', '--json'], { env: member.env, secretAllowed: true }));
    const report = await cli(['tokens', 'report-leaked', '--url', serve.url], { env: configHome().env, input: `build log line\n${leaked.token}\n` });
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stderr, /revoked/);
    // Revoked by the report worker "within a second" (not in the report's answer: it is the same for
    // any string); a loaded machine may take longer, so the check waits up to 10 s for it.
    const reportedAt = Date.now();
    let leakedUse = await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: leaked.token } });
    while (leakedUse.code === 0 && Date.now() - reportedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 200));
      leakedUse = await cli(['whoami'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: leaked.token } });
    }
    assert.equal(leakedUse.code, 4, 'the reported token is refused once the worker has revoked it');
    assert.match((await cli(['tokens', 'view', 'leaked'], { env: member.env })).stdout, /status:\s+revoked \(exposed\)/);
    assert.equal((await cli(['tokens', 'report-leaked', '--url', serve.url], { env: configHome().env, input: '' })).code, 2);
    // Introspection (RFC 7662) with the Admin service token: the token on stdin; the revoked one is inactive.
    const active = JSON.parse((await cli(['tokens', 'introspect', '--json'], { ...as(admin), input: `${member.token}\n` })).stdout);
    assert.deepEqual([active.active, active.warden.user_id, active.token_type], [true, member.id, 'Bearer']);
    assert.match((await cli(['tokens', 'introspect'], { ...as(admin), input: member.token })).stdout, /status:\s+active\nowner:\s+/);
    const inactive = await cli(['tokens', 'introspect', '--json'], { ...as(admin), input: leaked.token });
    assert.deepEqual(JSON.parse(inactive.stdout), { active: false });
    assert.equal((await cli(['tokens', 'introspect'], { ...as(admin), input: '' })).code, 2);
    const notAGateway = await cli(['tokens', 'introspect'], { env: member.env, input: leaked.token });
    assert.equal(notAGateway.code, 1);
    assert.match(notAGateway.stderr, /tokens\.introspect/);
  });

  test('teams: create, list, view, edit (add a member, a datastore), history, delete; a duplicate name fails', async () => {
    const team = json(await cli(['teams', 'create', 'Data Eng', '--permission', 'author', '--description', 'ETL people', '--user', 'bulk_1@service', '--json'], as(admin)));
    assert.equal(team.permission, 'author');
    assert.deepEqual(team.users.map((u: { user_id: string }) => u.user_id), ['bulk_1@service']);
    const dup = await cli(['teams', 'create', 'data eng', '--permission', 'viewer'], as(admin));
    assert.equal(dup.code, 1);
    assert.equal((await cli(['teams', 'create', 'No Level'], as(admin))).code, 2, '--permission is required');
    const list = json(await cli(['teams', 'list', '--json'], as(admin)));
    assert.deepEqual(list.map((t: { name: string }) => t.name), ['Data Eng', 'Public']);
    const ds = json(await cli(['datastores', 'create', 'Warehouse', '--kind', 'source', '--json'], as(admin)));
    const edited = json(await cli(['teams', 'edit', 'Data Eng', '--add-user', 'bulk_2@service', '--add-datastore', 'Warehouse', '--permission', 'editor', '--json'], as(admin)));
    assert.deepEqual(edited.users.map((u: { user_id: string }) => u.user_id).sort(), ['bulk_1@service', 'bulk_2@service']);
    assert.deepEqual(edited.datastores.map((d: { id: number }) => d.id), [ds.id]);
    assert.equal(edited.permission, 'editor');
    const view = await cli(['teams', 'view', String(team.id)], as(admin));
    assert.match(view.stdout, /level:\s+editor/);
    const removed = json(await cli(['teams', 'edit', 'Data Eng', '--remove-user', 'bulk_1@service', '--json'], as(admin)));
    assert.deepEqual(removed.users.map((u: { user_id: string }) => u.user_id), ['bulk_2@service']);
    const timed = json(await cli(['teams', 'edit', 'Data Eng', '--add-user', 'bulk_3@service', '--until', '7d', '--json'], as(admin)));
    const untilOf = (t: { users: { user_id: string; until?: string | null }[] }, id: string) => {
      const member = t.users.find((u) => u.user_id === id);
      assert.ok(member, `${id} is a member`);
      return member.until ?? null; // the server leaves out a null until
    };
    assert.ok(untilOf(timed, 'bulk_3@service'), 'a membership that ends by itself');
    assert.equal(untilOf(timed, 'bulk_2@service'), null, 'the others stay as they were');
    const kept = json(await cli(['teams', 'edit', 'Data Eng', '--add-user', 'bulk_1@service', '--json'], as(admin)));
    assert.equal(untilOf(kept, 'bulk_3@service'), untilOf(timed, 'bulk_3@service'), 'editing the list keeps a membership\'s end');
    assert.match((await cli(['teams', 'view', 'Data Eng'], as(admin))).stdout, /Bulk 3 \(bulk_3@service, until \S+/);
    assert.equal(json(await cli(['teams', 'edit', 'Data Eng', '--remove-user', 'bulk_1@service,bulk_3@service', '--json'], as(admin))).users.length, 1);
    const history = json(await cli(['teams', 'history', 'Data Eng', '--json'], as(admin)));
    assert.ok(history.length >= 3);
    assert.equal(history.at(-1).action, 'team.created');
    const temp = json(await cli(['teams', 'create', 'Temp', '--permission', 'viewer', '--json'], as(admin)));
    assert.equal((await cli(['teams', 'delete', 'Temp'], as(admin))).code, 0);
    assert.equal((await cli(['teams', 'view', String(temp.id)], as(admin))).code, 1, 'gone');
    assert.ok(json(await cli(['teams', 'history', String(temp.id), '--json'], as(admin))).some((e: { action: string }) => e.action === 'team.deleted'), 'its history stays');
    assert.equal((await cli(['teams', 'delete', 'Public'], as(admin))).code, 1, 'the Public team stays');
    assert.equal((await cli(['teams', 'list'], { env: member.env })).code, 1, 'members do not read teams');
  });

  test('datastores: create, list, view, edit, delete; a member sees only what a team reaches', async () => {
    const ds = json(await cli(['datastores', 'create', 'Lake', '--kind', 'enrichment', '--description', 'raw', '--team', 'Data Eng', '--json'], as(admin)));
    assert.equal(ds.kind, 'enrichment');
    assert.deepEqual(ds.teams.map((t: { name: string }) => t.name), ['Data Eng']);
    const names = json(await cli(['datastores', 'list', '--json'], as(admin))).map((d: { name: string }) => d.name);
    assert.deepEqual(names, ['Lake', 'Warehouse']);
    assert.equal(json(await cli(['datastores', 'list', '--kind', 'source', '--json'], as(admin))).length, 1);
    const edited = json(await cli(['datastores', 'edit', 'Lake', '--description', 'curated', '--add-team', 'Public', '--json'], as(admin)));
    assert.equal(edited.description, 'curated');
    assert.deepEqual(edited.teams.map((t: { name: string }) => t.name).sort(), ['Data Eng', 'Public']);
    assert.deepEqual(json(await cli(['datastores', 'list', '--json'], { env: member.env })).map((d: { name: string }) => d.name), ['Lake'], 'through the Public team');
    const hidden = await cli(['datastores', 'view', 'Warehouse'], { env: member.env });
    assert.equal(hidden.code, 1);
    assert.match(hidden.stderr, /no datastore named "Warehouse"/);
    const view = await cli(['datastores', 'view', String(ds.id)], { env: member.env });
    assert.match(view.stdout, /kind:\s+enrichment/);
    const temp = json(await cli(['datastores', 'create', 'Temp Store', '--kind', 'source', '--json'], as(admin)));
    assert.equal((await cli(['datastores', 'delete', String(temp.id)], as(admin))).code, 0);
    assert.equal((await cli(['datastores', 'delete', 'Lake'], { env: member.env })).code, 1, 'members delete nothing');
  });

  test('authorize: exit 0 when allowed, 1 when denied, 2 for an unknown action; the reason printed; --quiet and --json', async () => {
    const allowed = await cli(['authorize', 'checks.manage', '--datastore', 'Warehouse', '--user', 'bulk_2@service'], as(admin));
    assert.equal(allowed.code, 0);
    assert.match(allowed.stdout, /^allowed: Bulk 2 \(bulk_2@service, member\) checks\.manage on datastore \d+ \(reason: team, level editor through team Data Eng\)\n$/);
    const denied = await cli(['authorize', 'users.manage'], { env: member.env });
    assert.equal(denied.code, 1);
    assert.match(denied.stdout, /^denied: .*\(reason: insufficient_role\)/);
    const quiet = await cli(['authorize', 'checks.manage', '--datastore', 'Lake', '-q'], { env: member.env });
    assert.equal(quiet.code, 1, 'Public gives reporter only');
    assert.equal(quiet.stdout + quiet.stderr, '');
    // Lake is an enrichment datastore: the Public team's reporter level lists it but reads it only from viewer (issue 22).
    const refusedRead = await cli(['authorize', 'datastore.read', '--datastore', 'Lake', '--json'], { env: member.env });
    assert.equal(refusedRead.code, 1, 'a denial exits 1, with the decision as JSON');
    const decision = JSON.parse(refusedRead.stdout);
    assert.deepEqual(decision, await api('POST', '/api/authorize', member.token, { action: 'datastore.read', datastore_id: decision.datastore_id }), 'the API\'s own decision');
    assert.equal(decision.allowed, false);
    assert.ok(json(await cli(['datastores', 'list', '--json'], { env: member.env })).some((d: { name: string }) => d.name === 'Lake'), 'but it is listed');
    const unknown = await cli(['authorize', 'launch.missiles'], { env: member.env });
    assert.equal(unknown.code, 2);
    const shell = spawnSync('bash', ['-c', `if node ${JSON.stringify(new URL('../bin/warden.js', import.meta.url).pathname)} authorize users.read -q; then echo yes; else echo no; fi`], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...member.env }, encoding: 'utf8' });
    assert.equal(shell.stdout, 'no\n', 'usable in a shell condition');
  });

  test('audit: list with filters (--json the API\'s events), actions, and --follow prints new events as they come', async () => {
    const events = json(await cli(['audit', 'list', '--action', 'team.created', '--json'], as(admin)));
    assert.ok(events.length >= 2);
    assert.deepEqual(events, (await api('GET', '/api/audit-events?action=team.created&size=200', adminToken)).items, 'the API\'s own events');
    assert.ok(events.every((e: { action: string }) => e.action === 'team.created'));
    const mineOnly = json(await cli(['audit', 'list', '--actor', 'bootstrap_admin@service', '--target', 'user', '--since', '1h', '--limit', '3', '--json'], as(admin)));
    assert.equal(mineOnly.length, 3);
    assert.ok(mineOnly.every((e: { actor: { user_id: string }; target_type: string }) => e.actor.user_id === 'bootstrap_admin@service' && e.target_type === 'user'));
    assert.equal((await cli(['audit', 'list', '--since', 'yesterday-ish'], as(admin))).code, 2);
    const actions = json(await cli(['audit', 'actions', '--json'], as(admin)));
    assert.ok(actions.some((a: { action: string }) => a.action === 'token.revoked'));
    const refused = await cli(['audit', 'list'], { env: member.env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /audit\.read/);

    const follow = cliProcess(['audit', 'list', '--follow', '--interval', '1', '--limit', '2', '--action', 'datastore.created'], { ...admin.env, WARDEN_URL: serve.url });
    try {
      await follow.waitFor(/datastore\.created.*\n.*datastore\.created/);
      assert.equal((await cli(['datastores', 'create', 'Followed', '--kind', 'source'], as(admin))).code, 0);
      const line = await follow.waitFor(/^.*datastore\.created.*Followed.*$/m);
      assert.match(line[0], /bootstrap_admin@service/);
    } finally {
      follow.child.kill();
    }
  });

  test('webhooks: events, create (needs --secret-only or --json), list, view, edit, test --wait, deliveries, delivery, rotate-secret, delete', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    try {
      const events = json(await cli(['webhooks', 'events', '--json'], as(admin)));
      assert.ok(events.length > 0 && events.every((e: { type: string }) => typeof e.type === 'string'));
      const refused = await cli(['webhooks', 'create', '--endpoint', endpoint, '--event', 'token.revoked'], as(admin));
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /nothing was created/);
      assert.equal(json(await cli(['webhooks', 'list', '--json'], as(admin))).length, 0, 'nothing was created');
      const created = await cli(['webhooks', 'create', '--endpoint', endpoint, '--event', 'token.revoked', '--description', 'to the SIEM', '--secret-only'], { ...as(admin), secretAllowed: true });
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /^whsec_\S+\n$/, 'only the signing secret');
      const [hook] = json(await cli(['webhooks', 'list', '--json'], as(admin)));
      assert.equal(hook.url, endpoint);
      assert.equal(hook.secret, undefined, 'lists never carry the secret');
      const edited = json(await cli(['webhooks', 'edit', String(hook.id), '--add-event', 'audit.team.created', '--json'], as(admin)));
      assert.deepEqual(edited.events.sort(), ['audit.team.created', 'token.revoked']);
      assert.match((await cli(['webhooks', 'view', String(hook.id)], as(admin))).stdout, /description:\s+to the SIEM/);

      const sent = json(await cli(['webhooks', 'test', String(hook.id), '--wait', '20', '--json'], as(admin)));
      assert.equal(sent.status, 'succeeded', JSON.stringify(sent));
      assert.ok(received.some((r) => r.headers['webhook-signature'] && r.body.includes('webhook.test')), 'a signed webhook.test arrived');
      const log = json(await cli(['webhooks', 'deliveries', String(hook.id), '--json'], as(admin)));
      assert.ok(log.some((d: { id: number }) => d.id === sent.id));
      const detail = json(await cli(['webhooks', 'delivery', String(hook.id), String(sent.id), '--json'], as(admin)));
      assert.ok(detail.attempt_log.length >= 1);

      assert.equal((await cli(['webhooks', 'rotate-secret', String(hook.id)], as(admin))).code, 2);
      const rotated = json(await cli(['webhooks', 'rotate-secret', String(hook.id), '--json'], { ...as(admin), secretAllowed: true }));
      assert.match(rotated.secret, /^whsec_/);
      assert.ok(rotated.previous_secret_until);
      const disabled = json(await cli(['webhooks', 'edit', String(hook.id), '--disable', '--json'], as(admin)));
      assert.deepEqual([disabled.enabled, disabled.disabled_reason, typeof disabled.disabled_at], [false, 'switched off by an Admin', 'string']);
      assert.match((await cli(['webhooks', 'view', String(hook.id)], as(admin))).stdout, /enabled:\s+no, since \S+: switched off by an Admin \(`warden webhooks edit \d+ --enable` switches it on\)/);
      assert.equal((await cli(['webhooks', 'edit', String(hook.id), '--endpoint', 'http://10.0.0.1/hook'], as(admin))).code, 1, 'a private address is refused');
      assert.equal((await cli(['webhooks', 'list'], { env: member.env })).code, 1, 'Admins only');
      assert.equal((await cli(['webhooks', 'delete', String(hook.id)], as(admin))).code, 0);
      assert.equal((await cli(['webhooks', 'view', String(hook.id)], as(admin))).code, 1);
    } finally {
      receiver.close();
    }
  });

  test('reviews list: the queue with the command that resolves each item', async () => {
    const items = json(await cli(['reviews', 'list', '--json'], as(admin)));
    const adminItem = items.find((i: { kind: string }) => i.kind === 'service_user_admin');
    assert.ok(adminItem, 'the Admin service user is in the queue');
    const apiItems = (await api('GET', '/api/reviews?kind=service_user_admin', adminToken)).items;
    assert.deepEqual(adminItem, apiItems.find((i: { user: { id: number } }) => i.user.id === adminItem.user.id), 'the API\'s own item');
    const text = await cli(['reviews', 'list', '--kind', 'service_user_admin'], as(admin));
    assert.match(text.stdout, /warden users edit bootstrap_admin@service/);
    assert.equal((await cli(['reviews', 'list'], { env: member.env })).code, 1);
  });

  test('api: raw calls like gh api: GET with -f query fields, PUT with -F typed fields, --input, errors exit 1 (404) and 4 (401)', async () => {
    const me = json(await cli(['api', 'GET', '/api/users/me'], as(admin)));
    assert.equal(me.user_id, 'bootstrap_admin@service');
    const page = json(await cli(['api', 'get', 'users', '-f', 'type=service', '-f', 'size=2'], as(admin)));
    assert.equal(page.size, 2);
    assert.equal(page.items.length, 2);
    const svc = json(await cli(['tokens', 'list', '--user', 'pipeline_automation@service', '--json'], as(admin)))[0];
    const revoked = json(await cli(['api', 'PUT', `/api/user-tokens/${svc.id}`, '-F', 'revoked=true'], as(admin)));
    assert.equal(revoked.status, 'revoked');
    const body = `${configHome().dir}/team.json`;
    fs.writeFileSync(body, JSON.stringify({ name: 'From File', permission: 'viewer' }));
    assert.equal(json(await cli(['api', 'POST', '/api/teams', '--input', body], as(admin))).name, 'From File');
    const missing = await cli(['api', 'GET', '/api/users/424242'], as(admin));
    assert.equal(missing.code, 1);
    assert.equal(JSON.parse(missing.stdout).status, 404, 'the problem document on stdout');
    assert.match(missing.stderr, /^warden: User 424242 not found \(HTTP 404\)/);
    const info = json(await cli(['api', 'GET', '/api/info'], { env: { ...configHome().env, WARDEN_URL: serve.url } }));
    assert.equal(info.name, 'Warden', 'public routes need no token');
    const anonymous = await cli(['api', 'GET', '/api/users/me'], { env: { ...configHome().env, WARDEN_URL: serve.url } });
    assert.equal(anonymous.code, 4);
    const included = await cli(['api', 'GET', '/healthz', '-i'], as(admin));
    assert.match(included.stdout, /^HTTP 200 OK\n/);
  });

  test('doctor: every check passes with a good token (--json lists them); a refused token fails with exit 1', async () => {
    const report = json(await cli(['doctor', '--json'], as(admin)));
    assert.equal(report.ok, true);
    const names = report.checks.map((c: { name: string }) => c.name);
    for (const n of ['instance', 'reachable', 'ready', 'server version', 'clock', 'token', 'token expiry', 'database']) assert.ok(names.includes(n), n);
    assert.equal(report.checks.find((c: { name: string }) => c.name === 'database').detail, dialect === 'sqlite' ? 'SQLite (one node)' : 'PostgreSQL');
    assert.match(report.checks.find((c: { name: string }) => c.name === 'clock').detail, /ms (behind|ahead of) the server/);
    const bad = await cli(['doctor'], { env: { WARDEN_URL: serve.url, WARDEN_TOKEN: 'wdn_pat_00000000000000000000000000000000abcdef' } });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^fail\s+token\s+refused: The token is malformed/m);
    const down = await cli(['doctor', '--url', `http://127.0.0.1:${await freePort()}`], { env: configHome().env });
    assert.equal(down.code, 1);
    assert.match(down.stdout, /fail\s+reachable\s+cannot reach/);
  });

  test('auth logout revokes the saved token on the server, then forgets it; auth switch moves between saved instances', async () => {
    const home = configHome();
    const pat = json(await cli(['tokens', 'create', '--name', 'to-logout', '--expires', '30', '--json'], { env: member.env, secretAllowed: true }));
    assert.equal((await cli(['auth', 'login', '--with-token', '--url', serve.url], { env: home.env, input: pat.token })).code, 0);
    // The same server under a second name: two saved instances.
    const other = serve.url.replace('127.0.0.1', 'localhost');
    assert.equal((await cli(['auth', 'login', '--with-token', '--url', other], { env: home.env, input: adminToken })).code, 0);
    assert.equal(JSON.parse(fs.readFileSync(home.file, 'utf8')).current, other);
    const switched = await cli(['auth', 'switch'], { env: home.env });
    assert.equal(switched.code, 0, switched.stderr);
    assert.match(switched.stderr, /Current instance: http:\/\/127\.0\.0\.1:\d+ \(as Marie Curie, test\|marie\)/);
    assert.equal(json(await cli(['whoami', '--json'], { env: home.env })).user_id, 'test|marie');
    assert.equal((await cli(['auth', 'switch', 'https://unknown.example'], { env: home.env })).code, 2);

    const out = await cli(['auth', 'logout'], { env: home.env });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, new RegExp(`Revoked to-logout \\(token ${pat.id}\\)`));
    const me = await fetch(`${serve.url}/api/users/me`, { headers: { authorization: `Bearer ${pat.token}` } });
    assert.equal(me.status, 401, 'the token is revoked on the server');
    const saved = JSON.parse(fs.readFileSync(home.file, 'utf8'));
    assert.deepEqual(Object.keys(saved.instances), [other], 'forgotten locally, the other instance kept');
    assert.equal(saved.current, other);
    assert.equal(fs.statSync(home.file).mode & 0o777, 0o600);
    const again = await cli(['auth', 'logout', '--url', serve.url], { env: home.env });
    assert.equal(again.code, 1, 'nothing left to log out of');
  });

  test('colour and tables only on a terminal, never with NO_COLOR; relative times there, ISO when piped', { skip: !fs.existsSync('/usr/bin/script') && process.env.CI !== 'true' ? 'NOTICE: /usr/bin/script (Debian package bsdutils) is missing: the terminal test cannot run' : false }, async () => {
    const tty = (extra: string) => spawnSync('script', ['-qec', `${extra} ${JSON.stringify(process.execPath)} ${JSON.stringify(new URL('../bin/warden.js', import.meta.url).pathname)} tokens list --service`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', TERM: 'xterm', ...admin.env, WARDEN_URL: serve.url }, encoding: 'utf8',
    });
    const coloured = tty('');
    assert.equal(coloured.status, 0, coloured.stderr);
    // eslint-disable-next-line no-control-regex
    assert.match(coloured.stdout, /\u001b\[1mID\u001b\[22m/, 'a bold header on a terminal');
    // eslint-disable-next-line no-control-regex
    assert.match(coloured.stdout, /\u001b\[32mactive\u001b\[39m/);
    assert.match(coloured.stdout, /in (3 months|89 days|90 days)|in 24 h|in 23 h/, 'relative times');
    const plain = tty('NO_COLOR=1');
    assert.equal(plain.status, 0);
    assert.ok(!plain.stdout.includes('\u001b['), 'NO_COLOR: no escape codes');
    assert.match(plain.stdout, /^ID\s+NAME\s+OWNER\s+HINT\s+STATUS\s+EXPIRES\s+LAST USED/m, 'still an aligned table');
    const piped = await cli(['tokens', 'list', '--service'], as(admin));
    assert.ok(!piped.stdout.includes('\u001b['));
    assert.match(piped.stdout, /\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t/, 'ISO times when piped');
  });

  test('completion: bash completes from the command tree (real bash); zsh and fish scripts name every command', async () => {
    const bash = await cli(['completion', 'bash']);
    assert.equal(bash.code, 0);
    const file = `${configHome().dir}/warden.bash`;
    fs.writeFileSync(file, bash.stdout);
    const complete = (words: string[]) => spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _warden; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' }).stdout.trim();
    assert.equal(complete(['warden', 'us']), 'users');
    assert.deepEqual(complete(['warden', 'tokens', '']).split(' ').filter((w) => !w.startsWith('-')).sort(), ['create', 'delete', 'introspect', 'list', 'report-leaked', 'restore', 'revoke', 'rotate', 'view']);
    assert.equal(complete(['warden', 'users', 'list', '--ro']), '--role');
    assert.equal(complete(['warden', 'users', 'list', '--role', 'ma']), 'manager');
    assert.equal(complete(['warden', 'tokens', 'create', '--sec']), '--secret-only');
    for (const shell of ['zsh', 'fish']) {
      const script = await cli(['completion', shell]);
      assert.equal(script.code, 0);
      for (const word of ['users', 'create-service', 'tokens', 'secret-only', 'authorize', 'doctor', 'manager']) assert.ok(script.stdout.includes(word), `${shell}: ${word}`);
    }
    assert.equal((await cli(['completion', 'powershell'])).code, 2);
  });

  test('workload-identities add|list|view|remove and auth exchange: a GitHub-Actions-shaped job gets a Warden token', async () => {
    const issuer = await startIssuer('github', systemClock);
    try {
      const svc = await cli(['users', 'create-service', 'CI Deployer', '--json'], as(admin));
      assert.equal(svc.code, 0, svc.stderr);
      const userId = json(svc).user_id as string;
      const add = await cli(['workload-identities', 'add', '--for', userId, '--name', 'github-main', '--template', 'github-actions', '--issuer', issuer.issuer, '--subject', 'repo:acme/etl:ref:refs/heads/*', '--claim', 'repository_id=123456', '--ttl', '10', '--action', 'read', '--json'], as(admin));
      assert.equal(add.code, 0, add.stderr);
      assert.deepEqual(json(add).claims, { repository_id: '123456' });
      const noSubject = await cli(['workload-identities', 'add', '--for', userId, '--name', 'x', '--template', 'gitlab-ci'], as(admin));
      assert.equal(noSubject.code, 2);
      assert.match(noSubject.stderr, /project_path:GROUP\/PROJECT/);
      const list = await cli(['workload-identities', 'list', '--for', userId], as(admin));
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /github-main/);
      const view = await cli(['workload-identities', 'view', 'github-main', '--for', userId], as(admin));
      assert.match(view.stdout, /repository_id="123456"/);
      assert.match(view.stdout, /10 minutes/);
      const file = `${configHome().dir}/id-token`;
      fs.writeFileSync(file, await issuer.sign());
      const nobody = configHome();
      const exchanged = await cli(['auth', 'exchange', '--subject-token-file', file, '--url', serve.url], { env: nobody.env, secretAllowed: true });
      assert.equal(exchanged.code, 0, exchanged.stderr);
      const token = exchanged.stdout.trim();
      assert.match(token, /^wdn_svc_/);
      const who = await cli(['whoami', '--json'], { env: { ...nobody.env, WARDEN_URL: serve.url, WARDEN_TOKEN: token } });
      assert.equal(json(who).user_id, userId);
      const replay = await cli(['auth', 'exchange', '--subject-token-file', file, '--url', serve.url], { env: nobody.env });
      assert.equal(replay.code, 1);
      assert.match(replay.stderr, /invalid_grant: the subject token was exchanged already/);
      fs.writeFileSync(file, await issuer.sign());
      const asJson = await cli(['auth', 'exchange', '--subject-token-file', '-', '--for', userId, '--json', '--url', serve.url], { env: nobody.env, input: fs.readFileSync(file, 'utf8'), secretAllowed: true });
      assert.equal(asJson.code, 0, asJson.stderr);
      assert.equal(json(asJson).expires_in, 600);
      const removed = await cli(['workload-identities', 'remove', 'github-main', '--for', userId], as(admin));
      assert.equal(removed.code, 0, removed.stderr);
      fs.writeFileSync(file, await issuer.sign());
      const after = await cli(['auth', 'exchange', '--subject-token-file', file, '--url', serve.url], { env: nobody.env });
      assert.equal(after.code, 1);
      assert.match(after.stderr, /no workload identity trusts/);
    } finally {
      await issuer.close();
    }
  });

  test('no command printed a secret, except --secret-only, tokens create --json and auth token', () => {
    assertNoSecretPrinted();
  });
});
