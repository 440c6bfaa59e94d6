// The CLI's browser login end to end, with real processes only: `warden serve` in development
// (its development OpenID Provider on loopback), `warden auth login --no-browser`, and a cookie-jar
// browser that signs in and confirms. The redirect to the CLI carries a one-time code, never the
// token; the CLI exchanges it; a replayed or late code is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import { describeEachDatabase } from './support.ts';
import { Browser, assertNoSecretPrinted, cli, cliProcess, configHome, formOf, freePort, json, startServe, type Serve } from './cli-support.ts';

describeEachDatabase('warden auth login (browser, one-time code)', (dialect) => {
  let serve: Serve;

  before(async () => {
    const port = await freePort();
    // Development: the server runs its development OpenID Provider (any login works).
    serve = await startServe(dialect, { WARDEN_ENV: 'development', WARDEN_PORT: String(port), WARDEN_PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  after(async () => {
    await serve?.stop();
  });

  /** Signs `login` in at the development provider, landing back on Warden. */
  async function signIn(b: Browser, login: string): Promise<void> {
    const atIdp = await b.go(`${serve.url}/api/auth/login?return_to=/api/auth/session`);
    assert.match(atIdp.text, /name="login"/, 'the provider shows its login form');
    const done = await b.go(formOf(atIdp).action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'any' }) });
    assert.equal(done.status, 200, done.text.slice(0, 300));
  }

  test('auth login: checks the server, says how long it waits, the browser confirms, the CLI gets a code and exchanges it; token saved 0600 with its id and name; logout revokes it', async () => {
    const home = configHome();
    const login = cliProcess(['auth', 'login', '--no-browser', '--url', serve.url, '--timeout', '60', '--hostname', 'ci-box'], home.env);
    try {
      const [authorizeUrl] = await login.waitFor(/http:\/\/\S+\/api\/cli\/authorize\?\S+/);
      assert.match(login.output(), /Waiting up to 1 min for the browser/);
      const b = new Browser();
      await signIn(b, 'admin');
      const page = await b.go(authorizeUrl);
      assert.match(page.text, /Create a token for the Warden CLI on ci-box\?/);
      const form = formOf(page);
      assert.match(form.fields.code_challenge, /^[\w-]{43}$/, 'the CLI sent a PKCE challenge');
      const confirmed = await b.request(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
      assert.equal(confirmed.status, 302);
      const toCli = new URL(confirmed.headers.get('location')!);
      assert.equal(toCli.hostname, '127.0.0.1');
      assert.equal(toCli.searchParams.get('token'), null);
      const code = toCli.searchParams.get('code')!;
      assert.match(code, /^[\w-]{43}$/, 'a one-time code instead');
      const landed = await b.request(toCli.href);
      assert.equal(landed.status, 200);
      assert.match(landed.text, /Warden CLI signed in/);
      const [exit] = await once(login.child, 'exit');
      assert.equal(exit, 0, login.output());
      assert.match(login.output(), /Signed in to http:\/\/127\.0\.0\.1:\d+ as admin \(127\.0\.0\.1:\d+\|admin\); token cli-ci-box saved in /);
      assert.ok(b.history.every((u) => !/wdn_(pat|svc)_/.test(u)), 'no URL the browser saw carries a token');

      assert.equal(fs.statSync(home.file).mode & 0o777, 0o600);
      const saved = JSON.parse(fs.readFileSync(home.file, 'utf8')).instances[serve.url];
      assert.match(saved.token, /^wdn_pat_/);
      assert.equal(saved.token_name, 'cli-ci-box');
      const days = (Date.parse(saved.expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 89.9 && days <= 90, 'a 90-day token');

      const replay = await fetch(`${serve.url}/api/cli/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, code_verifier: 'A'.repeat(43), state: new URL(authorizeUrl).searchParams.get('state') }) });
      assert.equal(replay.status, 400, 'the code the browser carried cannot be used again');
      assert.match(((await replay.json()) as { detail: string }).detail, /already been used/);

      const status = json(await cli(['auth', 'status', '--json'], { env: home.env }));
      assert.equal(status.user.role, 'admin', 'admin signs in as an Admin in development');
      assert.equal(status.token.id, saved.token_id);
      assert.equal(status.token.name, 'cli-ci-box');
      const whoami = await cli(['whoami'], { env: home.env });
      assert.match(whoami.stdout, /^admin \(127\.0\.0\.1:\d+\|admin\), admin, on /);

      const logout = await cli(['auth', 'logout'], { env: home.env });
      assert.equal(logout.code, 0, logout.stderr);
      const me = await fetch(`${serve.url}/api/users/me`, { headers: { authorization: `Bearer ${saved.token}` } });
      assert.equal(me.status, 401, 'logout revoked the token on the server');
      assert.deepEqual(JSON.parse(fs.readFileSync(home.file, 'utf8')).instances, {});
      assert.equal((await cli(['whoami'], { env: home.env })).code, 4);
    } finally {
      login.child.kill();
    }
  });

  test('a code that arrives late is refused, and so is one exchanged with another login\'s verifier', async () => {
    const b = new Browser();
    await signIn(b, 'late.person');
    const codeFor = async (verifier: string, state: string) => {
      const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
      const page = await b.go(`${serve.url}/api/cli/authorize?${new URLSearchParams({ redirect_uri: 'http://127.0.0.1:9/callback', state, hostname: 'box', code_challenge: challenge, code_challenge_method: 'S256' })}`);
      const confirmed = await b.request(formOf(page).action, { method: 'POST', body: new URLSearchParams(formOf(page).fields) });
      return new URL(confirmed.headers.get('location')!).searchParams.get('code')!;
    };
    const exchange = async (body: object) => {
      const res = await fetch(`${serve.url}/api/cli/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { detail: string; token?: string } };
    };
    const verifier = crypto.randomBytes(32).toString('base64url');
    const late = await codeFor(verifier, 's1');
    // 61 s later, as far as the server can tell.
    const hash = crypto.createHash('sha256').update(late).digest('hex');
    await serve.db.db.kysely.updateTable('cli_login_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('code_hash', '=', hash).execute();
    const lateAnswer = await exchange({ code: late, code_verifier: verifier, state: 's1' });
    assert.equal(lateAnswer.status, 400);
    assert.match(lateAnswer.body.detail, /expired/);
    assert.equal(lateAnswer.body.token, undefined);
    const stolen = await codeFor(verifier, 's2');
    const thief = await exchange({ code: stolen, code_verifier: crypto.randomBytes(32).toString('base64url'), state: 's2' });
    assert.equal(thief.status, 400);
    assert.match(thief.body.detail, /verifier does not match/);
    const good = await exchange({ code: await codeFor(verifier, 's3'), code_verifier: verifier, state: 's3' });
    assert.equal(good.status, 200);
    assert.match(good.body.token!, /^wdn_pat_/);
  });

  test('the login gives up when nobody confirms in time, and saves nothing', async () => {
    const home = configHome();
    const r = await cli(['auth', 'login', '--no-browser', '--url', serve.url, '--timeout', '1'], { env: home.env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Waiting up to 1 s/);
    assert.match(r.stderr, /no answer from the browser within 1 s; nothing was saved/);
    assert.ok(!fs.existsSync(home.file));
  });

  test('no CLI output carried a token', () => {
    assertNoSecretPrinted();
  });
});
