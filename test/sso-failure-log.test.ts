// A refused sign-in tells the operator which check failed — in the server log, one distinct line per
// reason — while the person's page stays general, and neither carries the code, the state or a
// token. The ID tokens are tampered with on their way out of a real OpenID Provider (oidc-provider,
// in-process on 127.0.0.1): a middleware rewrites the token endpoint's answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createTestDb, describeEachDatabase, type TestDb } from './support.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { startDevProvider, type DevProvider } from '../src/sso/dev-provider.ts';
import { Browser, formOf, freePort } from './sso-browser.ts';
import type { FastifyInstance } from 'fastify';

type Claims = Record<string, unknown>;

/** Rewrites an ID token's claims and keeps its (now wrong) signature: the claim checks come first. */
const withClaims = (edit: (claims: Claims) => void) => (jwt: string) => {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
  edit(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
};

/** Keeps the claims and breaks the signature. */
const badSignature = (jwt: string) => {
  const [header, payload, signature] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[10] ^= 0xff;
  return [header, payload, bytes.toString('base64url')].join('.');
};

const TAMPERINGS: { name: string; idToken?: (jwt: string) => string; callback?: (url: URL) => void; check: string; claim?: string }[] = [
  { name: 'another issuer', idToken: withClaims((c) => { c.iss = 'https://idp.evil.example'; }), check: 'issuer', claim: 'iss' },
  { name: 'another audience', idToken: withClaims((c) => { c.aud = 'some-other-client'; }), check: 'audience', claim: 'aud' },
  { name: 'expired an hour ago', idToken: withClaims((c) => { c.exp = Math.floor(Date.now() / 1000) - 3600; }), check: 'expired', claim: 'exp' },
  { name: 'no subject', idToken: withClaims((c) => { delete c.sub; }), check: 'missing_claim', claim: 'sub' },
  { name: 'another nonce', idToken: withClaims((c) => { c.nonce = 'not-the-nonce'; }), check: 'nonce', claim: 'nonce' },
  { name: 'a broken signature', idToken: badSignature, check: 'signature' },
  { name: 'another state', callback: (url) => url.searchParams.set('state', `${url.searchParams.get('state')}x`), check: 'state' },
];

describeEachDatabase('a refused sign-in names its reason in the log', (dialect) => {
  let op: DevProvider;
  let app: FastifyInstance;
  let testDb: TestDb;
  let warden: string;
  let log = '';
  let tamper: ((jwt: string) => string) | null = null;
  /** Every secret the flows handled: none may reach the log. */
  const secrets: string[] = [];

  before(async () => {
    const port = await freePort();
    warden = `http://127.0.0.1:${port}`;
    const tamperTokenAnswers = async (ctx: any, next: () => Promise<void>) => {
      await next();
      if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && typeof ctx.body.id_token === 'string') {
        secrets.push(ctx.body.id_token, ctx.body.access_token);
        if (tamper) ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token) };
      }
    };
    op = await startDevProvider({ clientSecret: 'client-secret-that-must-not-leak', redirectUris: [`${warden}/api/auth/callback`], middleware: [tamperTokenAnswers] });
    testDb = await createTestDb(dialect);
    await migrateToLatest(testDb.db);
    const config = loadConfig({
      WARDEN_ENV: 'test', WARDEN_LOG_LEVEL: 'info', WARDEN_PUBLIC_URL: warden,
      WARDEN_OIDC_ISSUER: op.issuer, WARDEN_OIDC_CLIENT_ID: op.clientId, WARDEN_OIDC_CLIENT_SECRET: op.clientSecret,
    });
    const stream = new Writable({ write(chunk, _enc, done) { log += String(chunk); done(); } });
    app = await buildApp({ config, db: testDb.db, logger: { stream } });
    await app.listen({ host: '127.0.0.1', port });
  });
  after(async () => {
    await app?.close();
    await testDb?.drop();
    await op?.close();
  });

  const refusals = () => log.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => typeof l.msg === 'string' && l.msg.startsWith('sign-in refused'));

  /** Signs `login` in as far as the IdP's redirect back, applies the tampering, and opens the callback. */
  async function attempt(login: string, t: (typeof TAMPERINGS)[number]) {
    const b = new Browser();
    const atIdp = await b.go(`${warden}/api/auth/login`);
    const stop = await b.go(formOf(atIdp).action, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'x' }) }, (u) => u.pathname === '/api/auth/callback');
    assert.ok(stop.stoppedAt, 'the IdP redirected back');
    const callback = new URL(stop.stoppedAt);
    secrets.push(callback.searchParams.get('code')!, callback.searchParams.get('state')!, b.cookieFor('127.0.0.1', 'warden_login')!.value);
    t.callback?.(callback);
    tamper = t.idToken ?? null;
    try {
      return { page: await b.request(callback.href), browser: b };
    } finally {
      tamper = null;
    }
  }

  test('each tampering is refused with a general page and no session, and logged once with its own reason', async (t) => {
    const before = refusals().length;
    for (const tampering of TAMPERINGS) {
      const { page, browser } = await attempt(`tamper ${tampering.check}`, tampering);
      assert.equal(page.status, 400, `${tampering.name}: ${page.text.slice(0, 300)}`);
      assert.match(page.headers.get('content-type')!, /text\/html/);
      assert.ok(!browser.cookieFor('127.0.0.1', 'warden_session'), `${tampering.name}: no session`);
      if (!['state', 'nonce'].includes(tampering.check)) {
        assert.match(page.text, /did not pass the checks/, `${tampering.name}: the page stays general`);
        assert.doesNotMatch(page.text, /issuer|audience|expired|signature|subject|\bsub\b/i, `${tampering.name}: the page names no check`);
      }
    }
    const logged = refusals().slice(before);
    t.diagnostic(logged.map((l) => l.msg).join('\n'));
    assert.deepEqual(logged.map((l) => l.sign_in_failure.check), TAMPERINGS.map((t) => t.check), 'one line per refusal, naming the check');
    assert.deepEqual(logged.map((l) => l.sign_in_failure.claim), TAMPERINGS.map((t) => t.claim));
    assert.equal(new Set(logged.map((l) => l.msg)).size, TAMPERINGS.length, `distinct lines:\n${logged.map((l) => l.msg).join('\n')}`);
    assert.ok(logged.every((l) => l.level === 40), 'warnings');
    const issuer = logged.find((l) => l.sign_in_failure.check === 'issuer');
    assert.deepEqual([issuer.sign_in_failure.expected, issuer.sign_in_failure.received], [op.issuer, 'https://idp.evil.example'], 'an issuer mismatch names both, so the operator can fix it');
    const audience = logged.find((l) => l.sign_in_failure.check === 'audience');
    assert.deepEqual([audience.sign_in_failure.expected, audience.sign_in_failure.received], [op.clientId, 'some-other-client']);
  });

  test('an untampered sign-in still works (the signature check accepts the IdP\'s own tokens), and no code, state, cookie or token reached the log', async () => {
    const { page } = await attempt('untampered', { name: 'none', check: 'none' });
    assert.equal(page.status, 302, page.text.slice(0, 300));
    assert.ok(secrets.length > 3 * TAMPERINGS.length, 'the secrets were collected');
    for (const secret of [...secrets, op.clientSecret]) assert.ok(secret && !log.includes(secret), `not in the log: ${secret?.slice(0, 12)}…`);
  });
});
