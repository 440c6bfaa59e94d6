// Single sign-on end to end: a real OpenID Provider (oidc-provider, PKCE required) in-process on
// 127.0.0.1, Warden listening on 127.0.0.1, and a cookie-jar browser driving both over real HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createTestDb, describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { devClaims, startDevProvider, type DevAccountClaims, type DevProvider } from '../src/sso/dev-provider.ts';
import { insertUser } from '../src/users/store.ts';
import { login as cliLogin } from '../src/cli/login.ts';
import { Browser, formOf, freePort, type Page } from './sso-browser.ts';

describeEachDatabase('SSO end to end', (dialect) => {
  let t: TestApp;
  let op: DevProvider;
  let warden: string;
  const accounts = new Map<string, DevAccountClaims>();
  const opHost = () => new URL(op.issuer).host;

  before(async () => {
    const port = await freePort();
    warden = `http://127.0.0.1:${port}`;
    op = await startDevProvider({
      clientId: 'warden-test', clientSecret: 'test-secret-never-logged',
      redirectUris: [`${warden}/api/auth/callback`],
      claimsFor: (login) => accounts.get(login) ?? devClaims(login),
    });
    t = await startTestApp(dialect, {
      WARDEN_PUBLIC_URL: warden, WARDEN_OIDC_ISSUER: op.issuer, WARDEN_OIDC_CLIENT_ID: op.clientId, WARDEN_OIDC_CLIENT_SECRET: op.clientSecret,
      WARDEN_INITIAL_ADMINS: 'boss@example.com, other@example.com',
    });
    await t.app.listen({ host: '127.0.0.1', port });
  });
  after(async () => {
    await t.close();
    await op.close();
  });

  /** Signs `login` in through the IdP's login form; lands on return_to (default: the session JSON). */
  async function signIn(browser: Browser, login: string, returnTo = '/api/auth/session'): Promise<Page> {
    const atIdp = await browser.go(`${warden}/api/auth/login?return_to=${encodeURIComponent(returnTo)}`);
    assert.equal(atIdp.status, 200, atIdp.text.slice(0, 300));
    assert.match(atIdp.text, /name="login"/, 'the IdP shows its login form');
    const form = formOf(atIdp);
    return browser.go(form.action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'anything' }) });
  }

  /** Runs the flow up to the IdP's redirect back to Warden and returns that callback URL, unrequested. */
  async function callbackUrl(browser: Browser, login: string): Promise<string> {
    const atIdp = await browser.go(`${warden}/api/auth/login`);
    const form = formOf(atIdp);
    const stop = await browser.go(form.action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'x' }) }, (u) => u.pathname === '/api/auth/callback');
    assert.ok(stop.stoppedAt, 'the IdP redirected back to the callback');
    return stop.stoppedAt;
  }

  const exchange = async (body: Record<string, string>) => {
    const res = await fetch(`${warden}/api/cli/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as any };
  };

  /** Signs `login` in, confirms a CLI login with this verifier and state, and returns the code the redirect carries. */
  async function confirmedCode(b: Browser, login: string, verifier: string, state: string): Promise<string> {
    if (!b.cookieFor('127.0.0.1', 'warden_session')) await signIn(b, login);
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    const page = await b.request(`${warden}/api/cli/authorize?${new URLSearchParams({ redirect_uri: 'http://127.0.0.1:9/cb', state, hostname: 'rules', code_challenge: challenge, code_challenge_method: 'S256' })}`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const form = formOf(page);
    const confirmed = await b.request(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields) });
    assert.equal(confirmed.status, 302);
    const back = new URL(confirmed.headers.get('location')!);
    assert.equal(back.searchParams.get('state'), state);
    return back.searchParams.get('code')!;
  }

  test('CLI login code: exchanged once for the token; a replayed, late, wrong-state, wrong-verifier or unknown code is refused, and a wrong try uses it up', async () => {
    const b = new Browser();
    const verifier = crypto.randomBytes(32).toString('base64url');
    const hashOf = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

    const code = await confirmedCode(b, 'code.rules', verifier, 'state-1');
    const rows = await t.db.kysely.selectFrom('cli_login_codes').selectAll().execute();
    assert.ok(rows.some((r) => r.code_hash === hashOf(code)), 'stored hashed');
    assert.ok(rows.every((r) => !Object.values(r).includes(code)), 'never in clear');
    const first = await exchange({ code, code_verifier: verifier, state: 'state-1' });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.match(first.json.token, /^wdn_pat_/);
    assert.equal(first.json.user.user_id, `${opHost()}|code.rules`);
    const me = await fetch(`${warden}/api/users/me`, { headers: { authorization: `Bearer ${first.json.token}` } });
    assert.equal(me.status, 200, 'the token works');
    const replay = await exchange({ code, code_verifier: verifier, state: 'state-1' });
    assert.equal(replay.status, 400);
    assert.match(replay.json.detail, /already been used/);
    assert.ok(!JSON.stringify(replay.json).includes('wdn_'), 'no token in a refusal');

    const late = await confirmedCode(b, 'code.rules', verifier, 'state-2');
    await t.db.kysely.updateTable('cli_login_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('code_hash', '=', hashOf(late)).execute();
    const lateAnswer = await exchange({ code: late, code_verifier: verifier, state: 'state-2' });
    assert.equal(lateAnswer.status, 400);
    assert.match(lateAnswer.json.detail, /expired/);
    const created = await t.db.kysely.selectFrom('cli_login_codes').select(['created_at', 'expires_at']).where('code_hash', '=', hashOf(code)).executeTakeFirstOrThrow();
    assert.equal(Date.parse(created.expires_at) - Date.parse(created.created_at), 60_000, 'a code lasts 60 s');

    const wrongVerifier = await confirmedCode(b, 'code.rules', verifier, 'state-3');
    const other = crypto.randomBytes(32).toString('base64url');
    const refused = await exchange({ code: wrongVerifier, code_verifier: other, state: 'state-3' });
    assert.equal(refused.status, 400);
    assert.match(refused.json.detail, /verifier does not match/);
    const afterWrong = await exchange({ code: wrongVerifier, code_verifier: verifier, state: 'state-3' });
    assert.equal(afterWrong.status, 400, 'a wrong try used the code up');
    assert.match(afterWrong.json.detail, /already been used/);

    const wrongState = await confirmedCode(b, 'code.rules', verifier, 'state-4');
    const stateAnswer = await exchange({ code: wrongState, code_verifier: verifier, state: 'state-other' });
    assert.equal(stateAnswer.status, 400);
    assert.match(stateAnswer.json.detail, /state differs/);

    const unknown = await exchange({ code: crypto.randomBytes(32).toString('base64url'), code_verifier: verifier, state: 'x' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.detail, /unknown/);
    const malformed = await exchange({ code: 'x', code_verifier: 'short', state: 'x' });
    assert.equal(malformed.status, 422, 'a verifier outside RFC 7636 is invalid input');

    const names = (await t.db.kysely.selectFrom('tokens').select('name').where('user_id', '=', first.json.user.id).execute()).map((r) => r.name);
    assert.deepEqual(names.filter((n) => n.startsWith('cli-')), ['cli-rules'], 'only the one good exchange issued a token');
  });

  test('CLI login code: an account deactivated between the confirmation and the exchange gets no token', async () => {
    const b = new Browser();
    const verifier = crypto.randomBytes(32).toString('base64url');
    const code = await confirmedCode(b, 'code.leaver', verifier, 'st');
    const id = (await b.request(`${warden}/api/users/me`)).json.id;
    assert.equal((await t.request('DELETE', `/api/users/${id}`)).status, 200);
    const answer = await exchange({ code, code_verifier: verifier, state: 'st' });
    assert.equal(answer.status, 400);
    assert.match(answer.json.detail, /can no longer sign in/);
    assert.equal((await t.request('POST', `/api/users/${id}/reactivate`)).status, 200);
  });

  const auditOf = async (targetType: string, targetId: number) =>
    (await t.request('GET', `/api/audit-events?target_type=${targetType}&target_id=${targetId}`)).body.items as any[];

  test('first sign-in creates the personal account from the claims: member, Public team, provisioned_by sso, audited with the person as actor', async () => {
    accounts.set('ada', { email: 'Ada@Example.com', email_verified: true, name: 'Ada Lovelace' });
    const b = new Browser();
    const page = await signIn(b, 'ada');
    assert.equal(page.status, 200, page.text);
    assert.equal(page.url, `${warden}/api/auth/session`, 'lands on return_to');
    assert.equal(page.json.authenticated, true);
    const u = page.json.user;
    assert.equal(u.user_id, `${opHost()}|ada`, 'user_id is <issuer host>|<sub>');
    assert.equal(u.type, 'personal');
    assert.equal(u.email, 'Ada@Example.com');
    assert.equal(u.name, 'Ada Lovelace');
    assert.equal(u.role, 'member');
    assert.equal(u.provisioned_by, 'sso');
    assert.deepEqual(u.teams.map((x: { name: string }) => x.name), ['Public']);
    assert.ok(u.last_active_at);
    assert.equal(page.json.csrf_token, b.csrf());
    const events = await auditOf('user', u.id);
    const createdEvent = events.find((e) => e.action === 'user.created');
    assert.ok(createdEvent, 'user.created is audited');
    assert.equal(createdEvent.actor.id, u.id, 'the person is the actor of their own first sign-in');
    assert.equal(createdEvent.changes.provisioned_by.after, 'sso');
    const me = await b.request(`${warden}/api/users/me`);
    assert.equal(me.status, 200);
    assert.equal(me.json.id, u.id, 'the session works on every /api route');
  });

  test('the session cookie is HttpOnly, SameSite=Lax, Path=/, not Secure on http; the CSRF cookie is readable; the session id is stored hashed', async () => {
    const b = new Browser();
    await signIn(b, 'cookie.check');
    const session = b.cookieFor('127.0.0.1', 'warden_session')!;
    const csrf = b.cookieFor('127.0.0.1', 'warden_csrf')!;
    assert.ok(session && csrf);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/');
    assert.equal(session.secure, false);
    assert.equal(csrf.httpOnly, false);
    assert.equal(csrf.sameSite, 'Lax');
    assert.ok(!b.cookieFor('127.0.0.1', 'warden_login'), 'the login cookie is gone after the callback');
    const rows = await t.db.kysely.selectFrom('sessions').select('hash').execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.hash !== session.value && /^[0-9a-f]{64}$/.test(r.hash)));
  });

  test('a second sign-in is the same account, with email and name refreshed from the IdP', async () => {
    accounts.set('grace', { email: 'grace@example.com', email_verified: true, name: 'Grace Hopper' });
    const first = (await signIn(new Browser(), 'grace')).json.user;
    accounts.set('grace', { email: 'grace.hopper@navy.example', email_verified: true, name: 'Rear Admiral Grace Hopper' });
    const second = (await signIn(new Browser(), 'grace')).json.user;
    assert.equal(second.id, first.id);
    assert.equal(second.user_id, first.user_id, 'user_id stays when the email changes');
    assert.equal(second.email, 'grace.hopper@navy.example');
    assert.equal(second.name, 'Rear Admiral Grace Hopper');
    const updated = (await auditOf('user', first.id)).find((e) => e.action === 'user.updated');
    assert.deepEqual(updated.changes.email, { before: 'grace@example.com', after: 'grace.hopper@navy.example' });
    const count = await t.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', 'grace.hopper@navy.example').executeTakeFirst();
    assert.equal(Number(count!.n), 1);
  });

  test('an email in WARDEN_INITIAL_ADMINS is Admin at its first sign-in (any case); an unverified one is not', async () => {
    accounts.set('boss', { email: 'BOSS@example.com', email_verified: true, name: 'The Boss' });
    assert.equal((await signIn(new Browser(), 'boss')).json.user.role, 'admin');
    accounts.set('pretender', { email: 'other@example.com', email_verified: false, name: 'Pretender' });
    assert.equal((await signIn(new Browser(), 'pretender')).json.user.role, 'member');
  });

  test('a SCIM-provisioned account with the same verified email is adopted, not duplicated; an unverified email is not adopted', async () => {
    const now = new Date().toISOString();
    const scimId = await insertUser(t.db.kysely, {
      user_id: 'scim-linus', type: 'personal', name: 'Linus (SCIM)', email: 'Linus@Example.com', role: 'manager', owner_id: null, purpose: null,
      provisioned_by: 'scim', created_at: now, created_by: null, updated_at: now,
    });
    accounts.set('linus', { email: 'linus@example.com', email_verified: true, name: 'Linus T' });
    const u = (await signIn(new Browser(), 'linus')).json.user;
    assert.equal(u.id, scimId, 'the SCIM account is adopted');
    assert.equal(u.role, 'manager', 'its role is kept');
    assert.equal(u.provisioned_by, 'scim');
    assert.ok((await auditOf('user', scimId)).some((e) => e.action === 'user.sso_linked'));

    const otherScim = await insertUser(t.db.kysely, {
      user_id: 'scim-mallory', type: 'personal', name: 'Mallory', email: 'mallory@example.com', role: 'member', owner_id: null, purpose: null,
      provisioned_by: 'scim', created_at: now, created_by: null, updated_at: now,
    });
    accounts.set('mallory-impostor', { email: 'mallory@example.com', email_verified: false, name: 'Not Mallory' });
    const v = (await signIn(new Browser(), 'mallory-impostor')).json.user;
    assert.notEqual(v.id, otherScim, 'an unverified email never takes over an account');
    assert.equal(v.provisioned_by, 'sso');
  });

  test('the adopted email matches in any case outside ASCII too (SQLite\'s own lower() folds ASCII only)', async () => {
    const now = new Date().toISOString();
    const scimId = await insertUser(t.db.kysely, {
      user_id: 'scim-emile', type: 'personal', name: 'Émile (SCIM)', email: 'ÉMILE.ŒUVRE@example.com', role: 'manager', owner_id: null, purpose: null,
      provisioned_by: 'scim', created_at: now, created_by: null, updated_at: now,
    });
    accounts.set('emile', { email: 'émile.œuvre@example.com', email_verified: true, name: 'Émile' });
    assert.equal((await signIn(new Browser(), 'emile')).json.user.id, scimId, 'the SCIM account is adopted, not duplicated');
  });

  test('signed in before the directory synced: email_verified is recorded each sign-in, SCIM attaches to that account, and SCIM active:false ends the session', async () => {
    const verifiedOf = async (id: number) => (await t.db.kysely.selectFrom('sso_identities').select('email_verified').where('user_id', '=', id).executeTakeFirstOrThrow()).email_verified;
    accounts.set('early', { email: 'early.bird@example.com', email_verified: false, name: 'Early Bird' });
    const id = (await signIn(new Browser(), 'early')).json.user.id;
    assert.equal(await verifiedOf(id), 0, 'unverified at the first sign-in');
    accounts.set('early', { email: 'Early.Bird@example.com', email_verified: true, name: 'Early Bird' });
    const b = new Browser();
    assert.equal((await signIn(b, 'early')).json.user.id, id);
    assert.equal(await verifiedOf(id), 1, 'updated at the next sign-in');

    const scim = (method: string, url: string, body?: unknown) =>
      t.request(method, `/api/scim/v2${url}`, { headers: { 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const made = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ebird', active: true, emails: [{ value: 'early.bird@example.com', primary: true }],
    });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.id, String(id), 'the directory manages the account that signed in');
    assert.equal((await b.request(`${warden}/api/users/me`)).status, 200);
    const off = await scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] });
    assert.equal(off.status, 200, off.text);
    assert.equal((await b.request(`${warden}/api/users/me`)).status, 401, 'deprovisioning ends the live session');
    assert.equal((await signIn(new Browser(), 'early')).status, 403, 'and blocks the next sign-in');
  });

  test('a tampered state is refused with a readable error and no session', async () => {
    const b = new Browser();
    const url = new URL(await callbackUrl(b, 'state.tamper'));
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const res = await b.request(url.href);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type')!, /text\/html/);
    assert.match(res.text, /state does not match/);
    assert.ok(!b.cookieFor('127.0.0.1', 'warden_session'));
    const api = await b.request(url.href, { headers: { accept: 'application/json' } });
    assert.equal(api.status, 400, 'also for an API client, as problem+json');
    assert.match(api.headers.get('content-type')!, /problem\+json/);
  });

  test('a tampered nonce is refused, and so is a wrong PKCE verifier', async () => {
    for (const field of ['nonce', 'verifier'] as const) {
      const b = new Browser();
      const url = await callbackUrl(b, `tamper.${field}`);
      const cookie = b.cookieFor('127.0.0.1', 'warden_login')!;
      const pending = JSON.parse(Buffer.from(cookie.value, 'base64url').toString());
      pending[field] = field === 'verifier' ? 'A'.repeat(43) : 'not-the-nonce';
      cookie.value = Buffer.from(JSON.stringify(pending)).toString('base64url');
      const res = await b.request(url, { headers: { accept: 'application/json' } });
      assert.equal(res.status, 400, `${field}: ${res.text}`);
      assert.match(res.json.detail, field === 'nonce' ? /nonce/ : /PKCE|already used/);
      assert.ok(!b.cookieFor('127.0.0.1', 'warden_session'), `${field}: no session`);
    }
  });

  test('the IdP requires PKCE: an authorization request without a code challenge is refused', async () => {
    const url = new URL(`${op.issuer}/auth`);
    url.search = new URLSearchParams({ client_id: op.clientId, response_type: 'code', scope: 'openid', redirect_uri: `${warden}/api/auth/callback`, state: 's', nonce: 'n' }).toString();
    const res = await new Browser().request(url.href);
    assert.equal(res.status, 303);
    const back = new URL(res.headers.get('location')!);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description')!, /PKCE/);
  });

  test('a replayed authorization code is refused and makes no session', async () => {
    const b = new Browser();
    const url = await callbackUrl(b, 'replay');
    const loginCookie = { ...b.cookieFor('127.0.0.1', 'warden_login')! };
    const first = await b.request(url, { headers: { accept: 'application/json' } });
    assert.equal(first.status, 302);
    const attacker = new Browser();
    attacker.cookies.set(`127.0.0.1 warden_login ${loginCookie.path}`, loginCookie);
    const again = await attacker.request(url, { headers: { accept: 'application/json' } });
    assert.equal(again.status, 400);
    assert.match(again.json.detail, /already used/);
    assert.ok(!attacker.cookieFor('127.0.0.1', 'warden_session'));
  });

  test('a callback from another browser (no login cookie), or an error from the IdP, gets a readable page, never a 500', async () => {
    const b = new Browser();
    const url = await callbackUrl(b, 'other.browser');
    const other = await new Browser().request(url);
    assert.equal(other.status, 400);
    assert.match(other.text, /did not start in this browser/);

    const c = new Browser();
    const atIdp = await c.go(`${warden}/api/auth/login`);
    const abort = new URL(formOf(atIdp).action);
    abort.pathname += '/abort';
    const cancelled = await c.go(abort.href);
    assert.equal(cancelled.status, 403);
    assert.match(cancelled.text, /cancelled or refused at the identity provider/);
    assert.ok(!c.cookieFor('127.0.0.1', 'warden_session'));

    const odd = await new Browser().request(`${warden}/api/auth/callback?code=x&state=y&error=%3Cscript%3E`, { headers: { accept: 'application/json' } });
    assert.equal(odd.status, 400);
  });

  test('return_to accepts only paths on this Warden', async () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await new Browser().request(`${warden}/api/auth/login?return_to=${encodeURIComponent(bad)}`, { headers: { accept: 'application/json' } });
      assert.equal(res.status, 400, bad);
    }
    const ok = await new Browser().request(`${warden}/api/auth/login?return_to=${encodeURIComponent('/api/users/me?x=1')}`);
    assert.equal(ok.status, 302);
    assert.ok(ok.headers.get('location')!.startsWith(`${op.issuer}/auth?`));
    const location = new URL(ok.headers.get('location')!);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(location.searchParams.get('state') && location.searchParams.get('nonce'));
    assert.equal(location.searchParams.get('redirect_uri'), `${warden}/api/auth/callback`);
  });

  test('CSRF: mutating requests with the session need X-CSRF-Token (403 otherwise), reads do not, bearer requests never; a PAT made through the session works', async () => {
    const b = new Browser();
    await signIn(b, 'csrf.user');
    const body = JSON.stringify({ name: 'laptop', expires_in_days: 30 });
    const json = { 'content-type': 'application/json' };
    const none = await b.request(`${warden}/api/user-tokens`, { method: 'POST', body, headers: json });
    assert.equal(none.status, 403);
    assert.match(none.json.detail, /X-CSRF-Token/);
    const wrong = await b.request(`${warden}/api/user-tokens`, { method: 'POST', body, headers: { ...json, 'x-csrf-token': 'guess' } });
    assert.equal(wrong.status, 403);
    assert.equal((await b.request(`${warden}/api/user-tokens`)).status, 200, 'a read needs no CSRF token');
    const made = await b.request(`${warden}/api/user-tokens`, { method: 'POST', body, headers: { ...json, 'x-csrf-token': b.csrf() } });
    assert.equal(made.status, 201, made.text);
    assert.match(made.json.token, /^wdn_pat_/);
    const me = await fetch(`${warden}/api/users/me`, { headers: { authorization: `Bearer ${made.json.token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { id: number }).id, made.json.user.id);
    const byBearer = await fetch(`${warden}/api/user-tokens`, { method: 'POST', body: JSON.stringify({ name: 'by-bearer', expires_in_days: 1 }), headers: { ...json, authorization: `Bearer ${made.json.token}` } });
    assert.equal(byBearer.status, 201, 'a bearer request needs no CSRF token');
    const audit = (await auditOf('token', made.json.id)).find((e) => e.action === 'token.created');
    assert.equal(audit.actor.id, made.json.user.id, 'the same audit as with a token');
  });

  test('logout needs the CSRF token and ends the session at once', async () => {
    const b = new Browser();
    await signIn(b, 'logout.user');
    const kept = b.cookieFor('127.0.0.1', 'warden_session')!.value;
    assert.equal((await b.request(`${warden}/api/auth/logout`, { method: 'POST' })).status, 403);
    const out = await b.request(`${warden}/api/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': b.csrf() } });
    assert.equal(out.status, 204);
    assert.ok(!b.cookieFor('127.0.0.1', 'warden_session'), 'the cookies are cleared');
    const replay = await fetch(`${warden}/api/users/me`, { headers: { cookie: `warden_session=${kept}` } });
    assert.equal(replay.status, 401, 'the old session id is dead on the server');
    assert.equal((await b.request(`${warden}/api/auth/session`)).json.authenticated, false);
  });

  test('deactivation ends live sessions on the next request and blocks sign-in with a clear message; reactivation lets them back', async () => {
    const b = new Browser();
    const id = (await signIn(b, 'leaver')).json.user.id;
    assert.equal((await b.request(`${warden}/api/users/me`)).status, 200);
    assert.equal((await t.request('DELETE', `/api/users/${id}`)).status, 200);
    const after = await b.request(`${warden}/api/users/me`);
    assert.equal(after.status, 401);
    assert.match(after.json.detail, /session has ended/);
    const again = await signIn(new Browser(), 'leaver');
    assert.equal(again.status, 403);
    assert.match(again.text, /deactivated/);
    assert.equal((await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).length, 0, 'no session for a deactivated user');
    assert.equal((await t.request('POST', `/api/users/${id}/reactivate`)).status, 200);
    assert.equal((await signIn(new Browser(), 'leaver')).json.user.id, id);
  });

  test('a session unused between deactivation and reactivation does not come back', async () => {
    const b = new Browser();
    const id = (await signIn(b, 'returner')).json.user.id;
    assert.equal((await t.request('DELETE', `/api/users/${id}`)).status, 200);
    assert.equal((await t.request('POST', `/api/users/${id}/reactivate`)).status, 200);
    assert.equal((await b.request(`${warden}/api/users/me`)).status, 401);
  });

  test('a session ends after its idle timeout and at its absolute end', async () => {
    for (const column of ['last_seen_at', 'expires_at'] as const) {
      const b = new Browser();
      const userId = (await signIn(b, `expiry.${column}`)).json.user.id;
      const past = new Date(Date.now() - (column === 'last_seen_at' ? 61 * 60_000 : 1000)).toISOString();
      await t.db.kysely.updateTable('sessions').set({ [column]: past }).where('user_id', '=', userId).execute();
      const res = await b.request(`${warden}/api/users/me`);
      assert.equal(res.status, 401, column);
    }
  });

  test('service users never sign in', async () => {
    const svc = await t.serviceUser('Robot Signin');
    await t.db.kysely.insertInto('sso_identities').values({ issuer: op.issuer, subject: 'robot', user_id: svc.id, created_at: new Date().toISOString(), last_login_at: null }).execute();
    const res = await signIn(new Browser(), 'robot');
    assert.equal(res.status, 403);
    assert.match(res.text, /Service users never sign in/);
  });

  test('CLI login: through the sign-in, a confirmation page, then a 90-day PAT cli-<hostname> saved with mode 0600; again: cli-<hostname>-2', async () => {
    const b = new Browser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-cli-'));
    const pages: Page[] = [];
    const open = async (authorizeUrl: string) => {
      let page = await b.go(authorizeUrl);
      if (/name="login"/.test(page.text)) {
        page = await b.go(formOf(page).action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login: 'cli.person', password: 'x' }) });
      }
      pages.push(page);
      assert.equal(page.status, 200, page.text.slice(0, 300));
      const form = formOf(page);
      await b.go(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
    };
    try {
      const result = await cliLogin({ url: warden, open, configDir: dir, hostname: 'build-box', print: () => {}, timeoutMs: 20_000 });
      assert.match(pages[0].text, /Create a token for the Warden CLI on build-box\?/);
      assert.equal(pages[0].headers.get('x-frame-options'), 'DENY');
      assert.equal(fs.statSync(result.file).mode & 0o777, 0o600);
      const saved = JSON.parse(fs.readFileSync(result.file, 'utf8'));
      assert.equal(saved.instances[warden].token, result.token);
      assert.equal(saved.instances[warden].token_name, 'cli-build-box', 'the token\'s name is saved beside it');
      assert.equal(saved.instances[warden].token_id, result.issued.id, 'and its id, for auth logout');
      assert.equal(result.user.user_id, `${opHost()}|cli.person`);
      const mine = ((await (await fetch(`${warden}/api/user-tokens`, { headers: { authorization: `Bearer ${result.token}` } })).json()) as { items: { name: string; expires_at: string }[] }).items;
      const token = mine.find((x) => x.name === 'cli-build-box')!;
      assert.ok(token);
      const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 89.9 && days <= 90);
      const second = await cliLogin({ url: warden, open, configDir: dir, hostname: 'build-box', print: () => {}, timeoutMs: 20_000 });
      assert.notEqual(second.token, result.token);
      const names = ((await (await fetch(`${warden}/api/user-tokens`, { headers: { authorization: `Bearer ${second.token}` } })).json()) as { items: { name: string }[] }).items.map((x) => x.name);
      assert.ok(names.includes('cli-build-box-2'), names.join(','));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the `warden login --no-browser` command prints the URL and saves the token once the browser confirms', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-home-'));
    const bin = new URL('../bin/warden.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'login', '--url', warden, '--no-browser'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'cfg') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 15_000;
      while (!/https?:\/\/\S+\/api\/cli\/authorize\S+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /(https?:\/\/\S+\/api\/cli\/authorize\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      const b = new Browser();
      await signIn(b, 'cli.process');
      const form = formOf(await b.go(url));
      const confirmed = await b.request(form.action, { method: 'POST', body: new URLSearchParams(form.fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(confirmed.status, 302);
      const location = confirmed.headers.get('location')!;
      assert.ok(!/wdn_|token=/.test(location), 'the redirect to the CLI carries no token');
      assert.match(new URL(location).searchParams.get('code') ?? '', /^[\w-]{43}$/, 'but a one-time code');
      const done = await b.request(location);
      assert.equal(done.status, 200);
      assert.match(done.text, /signed in/i);
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, out);
      const file = path.join(home, 'cfg', 'warden', 'credentials.json');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.match(JSON.parse(fs.readFileSync(file, 'utf8')).instances[warden].token, /^wdn_pat_/);
      assert.match(out, /as cli\.process/);
      assert.ok(!out.includes('wdn_pat_'), 'the token is not printed');
    } finally {
      child.kill();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test('CLI authorize accepts only loopback redirect URIs, escapes what it shows, and needs the CSRF token to issue', async () => {
    const b = new Browser();
    await signIn(b, 'cli.rules');
    const verifier = crypto.randomBytes(32).toString('base64url');
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    const q = (redirect: string, hostname = 'box') => `${warden}/api/cli/authorize?${new URLSearchParams({ redirect_uri: redirect, state: 'st', hostname, code_challenge: challenge, code_challenge_method: 'S256' })}`;
    const outdated = await b.request(`${warden}/api/cli/authorize?${new URLSearchParams({ redirect_uri: 'http://127.0.0.1:5555/cb', state: 'st', hostname: 'box' })}`);
    assert.equal(outdated.status, 400, 'a CLI that sends no PKCE challenge is refused');
    assert.match(outdated.text, /too old/);
    for (const bad of ['http://evil.example:8000/cb', 'https://127.0.0.1:8000/cb', 'http://127.0.0.1/cb', 'http://user@127.0.0.1:9/cb', 'http://127.0.0.1.evil.example:9/cb', 'not a url']) {
      const res = await b.request(q(bad));
      assert.equal(res.status, 400, bad);
    }
    const posted = await b.request(`${warden}/api/cli/authorize`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ redirect_uri: 'http://evil.example:8000/cb', state: 'st', hostname: 'box', code_challenge: challenge, csrf_token: b.csrf() }),
    });
    assert.equal(posted.status, 400);

    const page = await b.request(q('http://localhost:5555/cb', '<script>alert(1)</script>'));
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('<script>alert'), 'the hostname is escaped');
    assert.match(page.text, /&#60;script&#62;/);
    const form = formOf(page);
    const noCsrf = await b.request(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form.fields, csrf_token: 'nope' }) });
    assert.equal(noCsrf.status, 403);
    const ok = await b.request(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields) });
    assert.equal(ok.status, 302);
    const back = new URL(ok.headers.get('location')!);
    assert.equal(back.origin, 'http://localhost:5555');
    assert.equal(back.searchParams.get('state'), 'st');
    assert.equal(back.searchParams.get('token'), null, 'no token in the URL');
    const exchanged = await exchange({ code: back.searchParams.get('code')!, code_verifier: verifier, state: 'st' });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.json));
    assert.match(exchanged.json.token, /^wdn_pat_/);
    assert.equal(exchanged.json.name, 'cli-script-alert-1-script', 'named after the hostname, made safe');

    const anonymous = await new Browser().request(q('http://127.0.0.1:5555/cb'));
    assert.equal(anonymous.status, 302, 'not signed in: through the sign-in first');
    const login = new URL(anonymous.headers.get('location')!, warden);
    assert.equal(login.pathname, '/api/auth/login');
    assert.match(login.searchParams.get('return_to')!, /^\/api\/cli\/authorize\?/);
  });
});

describe('SSO not configured', () => {
  test('in production without an issuer, /api/auth/login answers 404 "SSO is not configured"', async () => {
    const t = await startTestApp('sqlite', { WARDEN_ENV: 'production' });
    try {
      const res = await t.request('GET', '/api/auth/login', { token: null });
      assert.equal(res.status, 404);
      assert.equal(res.body.title, 'SSO is not configured');
      const session = await t.request('GET', '/api/auth/session', { token: null });
      assert.deepEqual(session.body, { authenticated: false, sso_configured: false, login_url: '/api/auth/login' });
    } finally {
      await t.close();
    }
  });
});

describe('SSO secrets stay out of the log', () => {
  test('codes, session ids, CSRF tokens, the client secret and the CLI token never reach the log, even at trace level', async () => {
    const port = await freePort();
    const warden = `http://127.0.0.1:${port}`;
    const op = await startDevProvider({ clientSecret: 'client-secret-that-must-not-leak', redirectUris: [`${warden}/api/auth/callback`] });
    const testDb = await createTestDb('sqlite');
    await migrateToLatest(testDb.db);
    const config = loadConfig({
      WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'trace', WARDEN_PUBLIC_URL: warden,
      WARDEN_OIDC_ISSUER: op.issuer, WARDEN_OIDC_CLIENT_ID: op.clientId, WARDEN_OIDC_CLIENT_SECRET: op.clientSecret,
    });
    let log = '';
    const stream = new Writable({ write(chunk, _enc, done) { log += String(chunk); done(); } });
    const app = await buildApp({ config, db: testDb.db, logger: { stream } });
    try {
      await app.listen({ host: '127.0.0.1', port });
      const b = new Browser();
      const atIdp = await b.go(`${warden}/api/auth/login`);
      const stop = await b.go(formOf(atIdp).action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login: 'quiet', password: 'x' }) }, (u) => u.pathname === '/api/auth/callback');
      const code = new URL(stop.stoppedAt!).searchParams.get('code')!;
      const state = new URL(stop.stoppedAt!).searchParams.get('state')!;
      const tampered = new URL(stop.stoppedAt!);
      tampered.searchParams.set('state', 'wrong');
      const loginCookie = { ...b.cookieFor('127.0.0.1', 'warden_login')! };
      assert.equal((await b.request(tampered.href)).status, 400);
      b.cookies.set(`127.0.0.1 warden_login ${loginCookie.path}`, loginCookie);
      assert.equal((await b.request(stop.stoppedAt!)).status, 302);
      const cliVerifier = crypto.randomBytes(32).toString('base64url');
      const page = await b.request(`${warden}/api/cli/authorize?${new URLSearchParams({ redirect_uri: 'http://127.0.0.1:9/cb', state: 'cli-state', hostname: 'h', code_challenge: crypto.createHash('sha256').update(cliVerifier).digest('base64url') })}`);
      const form = formOf(page);
      const issued = await b.request(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields) });
      const loginCode = new URL(issued.headers.get('location')!).searchParams.get('code')!;
      const exchanged = await fetch(`${warden}/api/cli/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: loginCode, code_verifier: cliVerifier, state: 'cli-state' }) });
      assert.equal(exchanged.status, 200);
      const token = ((await exchanged.json()) as { token: string }).token;
      const sessionId = b.cookieFor('127.0.0.1', 'warden_session')!.value;
      assert.equal((await b.request(`${warden}/api/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': form.fields.csrf_token } })).status, 204);
      assert.match(log, /sign-in refused/, 'the refused sign-in is logged, without its secrets');
      for (const [what, secret] of Object.entries({ code, state, session: sessionId, csrf: form.fields.csrf_token, client_secret: op.clientSecret, token, verifier: loginCookie.value, cli_code: loginCode, cli_verifier: cliVerifier })) {
        assert.ok(!log.includes(secret), `${what} is not in the log`);
      }
    } finally {
      await app.close();
      await testDb.drop();
      await op.close();
    }
  });
});
