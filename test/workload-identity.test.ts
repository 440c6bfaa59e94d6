// Workload identity federation end to end (issue 20): real OpenID issuers on loopback (discovery
// and JWKS over HTTP, keys made with jose), shaped like GitHub Actions and a Kubernetes
// service-account issuer; trust relationships through the API; exchanges at POST /api/oauth/token;
// the issued Warden token used, listed and revoked. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { ManualClock } from '../src/scheduler/clock.ts';
import { claimsOf, hs256WithPublicKey, startIssuer, unsignedToken, type TestIssuer } from './oidc-issuers.ts';
import { freePort } from './ports.ts';

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT = 'urn:ietf:params:oauth:token-type:jwt';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describeEachDatabase('workload identity federation', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let gh: TestIssuer;
  let k8s: TestIssuer;
  let etl: { id: number; user_id: string; token: string };
  let airflow: { id: number; user_id: string; token: string };
  let ghTrust: number;

  const exchange = (subjectToken: string, extra: Record<string, string> = {}, ip?: string) =>
    t.app.inject({
      method: 'POST', url: '/api/oauth/token', remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ grant_type: EXCHANGE, subject_token: subjectToken, subject_token_type: JWT, ...extra }),
    }).then((res) => ({ status: res.statusCode, headers: res.headers, body: JSON.parse(res.body), text: res.body }));

  const refused = async (subjectToken: string, error: string, description: RegExp, extra: Record<string, string> = {}) => {
    const res = await exchange(subjectToken, extra);
    assert.equal(res.status, error === 'invalid_client' ? 401 : 400, res.text);
    assert.equal(res.body.error, error, res.text);
    assert.match(res.body.error_description, description);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(!res.text.includes(subjectToken), 'the refusal never echoes the token');
    return res;
  };

  before(async () => {
    clock = new ManualClock();
    t = await startTestApp(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1/32' }, { clock });
    gh = await startIssuer('github', clock);
    k8s = await startIssuer('kubernetes', clock, { path: '/k8s' });
    etl = await t.serviceUser('ETL Pipeline', 'manager');
    airflow = await t.serviceUser('Airflow', 'member');
    const res = await t.request('POST', `/api/users/${etl.id}/workload-identities`, {
      body: { name: 'github-main', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/etl:ref:refs/heads/main', claims: { repository_id: '123456' } },
    });
    assert.equal(res.status, 201, res.text);
    ghTrust = res.body.id;
    assert.equal(res.body.token_ttl_minutes, 15);
    assert.equal(res.body.last_used_at, null);
    const k = await t.request('POST', `/api/users/${encodeURIComponent(airflow.user_id)}/workload-identities`, {
      body: { name: 'k8s-airflow', issuer: k8s.issuer, audience: 'warden', subject: 'system:serviceaccount:etl:*', claims: { 'kubernetes.io.serviceaccount.uid': '5f1d2c3e-aaaa-4bbb-8ccc-0123456789ab' }, token_ttl_minutes: 30, restrictions: { actions: ['read'] } },
    });
    assert.equal(k.status, 201, k.text);
  });
  after(async () => {
    await t?.close();
    await gh?.close();
    await k8s?.close();
  });

  it('trust relationships: Admin only, service users only, validated, listed, audited', async () => {
    const list = await t.request('GET', `/api/users/${etl.id}/workload-identities`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((w: { name: string }) => w.name), ['github-main']);
    assert.deepEqual(list.body.items[0].claims, { repository_id: '123456' });
    assert.equal((await t.request('GET', `/api/users/${etl.id}/workload-identities/${ghTrust}`)).body.issuer, gh.issuer);
    assert.equal((await t.request('GET', `/api/users/${airflow.id}/workload-identities/${ghTrust}`)).status, 404, 'another user\'s trust is not found');
    const person = await t.personalUser('Grace', 'admin');
    assert.equal((await t.request('GET', `/api/users/${person.id}/workload-identities`)).status, 422);
    assert.equal((await t.request('GET', '/api/users/999999/workload-identities')).status, 404);
    assert.equal((await t.request('GET', `/api/users/${etl.id}/workload-identities`, { token: airflow.token })).status, 403);
    const bad = async (body: Record<string, unknown>, path: RegExp) => {
      const res = await t.request('POST', `/api/users/${etl.id}/workload-identities`, { body: { name: 'x', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/etl:*', ...body } });
      assert.equal(res.status, 422, res.text);
      assert.match(res.text, path);
    };
    await bad({ subject: '*:*' }, /only of wildcards/);
    await bad({ subject: 'repo:**' }, /\*\*/);
    await bad({ token_ttl_minutes: 61 }, /token_ttl_minutes/);
    await bad({ token_ttl_minutes: 4 }, /token_ttl_minutes/);
    await bad({ issuer: 'ftp://issuer.example' }, /https/);
    await bad({ issuer: 'http://issuer.example' }, /https/);
    await bad({ claims: { sub: 'x' } }, /own rule/);
    await bad({ claims: { nested: { a: 1 } } }, /claims/);
    await bad({ restrictions: { actions: ['nope'] } }, /Unknown action/);
    const dup = await t.request('POST', `/api/users/${etl.id}/workload-identities`, { body: { name: 'github-main', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/etl:*' } });
    assert.equal(dup.status, 409);
    const audit = await t.request('GET', '/api/audit-events?action=workload_identity.created');
    assert.ok(audit.body.items.some((e: { target_id: number }) => e.target_id === ghTrust), 'creation audited');
  });

  it('a GitHub Actions token exchanges for a working Warden token that is listed, recorded and revocable', async () => {
    const subjectToken = await gh.sign();
    const res = await exchange(subjectToken);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
    assert.equal(res.body.expires_in, 900);
    assert.match(res.body.access_token, /^wdn_svc_/);
    const me = await t.request('GET', '/api/users/me', { token: res.body.access_token });
    assert.equal(me.status, 200);
    assert.equal(me.body.user_id, etl.user_id);
    const tokens = await t.request('GET', `/api/user-tokens/service?user_id=${etl.id}&status=active`);
    const issued = tokens.body.items.find((x: { origin: unknown }) => x.origin !== null);
    assert.ok(issued, 'the issued token is listed');
    const claims = claimsOf(subjectToken);
    assert.deepEqual(issued.origin, { kind: 'federated', workload_identity_id: ghTrust, issuer: gh.issuer, subject: 'repo:acme/etl:ref:refs/heads/main', jti: claims.jti, issued_from: null });
    assert.equal(issued.expires_at, new Date(clock.now() + 15 * 60_000).toISOString());
    const trust = await t.request('GET', `/api/users/${etl.id}/workload-identities/${ghTrust}`);
    assert.notEqual(trust.body.last_used_at, null, 'last use recorded');
    const audit = await t.request('GET', `/api/audit-events?action=token.created`);
    const event = audit.body.items.find((e: { target_id: number }) => e.target_id === issued.id);
    assert.equal(event.changes.origin.after, 'federated');
    assert.equal(event.changes.jti.after, claims.jti);
    assert.ok(!JSON.stringify(audit.body).includes(subjectToken), 'the subject token is never audited');
    // Revoked: refused on the next request.
    assert.equal((await t.request('PUT', `/api/user-tokens/${issued.id}`, { body: { revoked: true } })).status, 200);
    assert.equal((await t.request('GET', '/api/users/me', { token: res.body.access_token })).status, 401);
    // Expires at its TTL.
    const again = await exchange(await gh.sign());
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await t.request('GET', '/api/users/me', { token: again.body.access_token })).status, 401);
  });

  it('a subject token in Authorization: Bearer when the form has none (Azure Data Factory\'s MSI authentication)', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${await gh.sign()}` },
      payload: form({ grant_type: EXCHANGE, subject_token_type: JWT }),
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('the same jti is exchanged once only', async () => {
    const subjectToken = await gh.sign();
    assert.equal((await exchange(subjectToken)).status, 200);
    await refused(subjectToken, 'invalid_grant', /exchanged already/);
    await refused(await gh.sign({ jti: claimsOf(subjectToken).jti }), 'invalid_grant', /exchanged already/);
  });

  it('a Kubernetes service-account token exchanges, narrowed by the trust and further by scope', async () => {
    const subjectToken = await k8s.sign();
    const res = await exchange(subjectToken, { scope: 'users.read' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.expires_in, 30 * 60);
    const tokens = await t.request('GET', `/api/user-tokens/service?user_id=${airflow.id}&status=active`);
    const issued = tokens.body.items.find((x: { origin: unknown }) => x.origin !== null);
    assert.deepEqual(issued.restrictions.actions, ['users.read']);
    assert.equal(issued.origin.jti, null, 'this issuer sets no jti');
    // Without a jti the token itself is single use.
    await refused(subjectToken, 'invalid_grant', /exchanged already/);
    // Wider than the trust: refused.
    await refused(await k8s.sign(), 'invalid_scope', /users\.manage/, { scope: 'users.manage' });
    // The pinned uid (a recreated service account of the same name has another).
    await refused(await k8s.sign({ 'kubernetes.io': { namespace: 'etl', serviceaccount: { name: 'airflow', uid: 'other' } } }), 'invalid_grant', /kubernetes\.io\.serviceaccount\.uid/);
    await refused(await k8s.sign({ sub: 'system:serviceaccount:other:airflow' }), 'invalid_grant', /does not match the subject/);
  });

  it('refuses every failed check, saying which, and audits it without the token', async () => {
    const now = Math.floor(clock.now() / 1000);
    await refused(await gh.sign({ aud: 'other' }), 'invalid_grant', /aud/);
    await refused(await gh.sign({ sub: 'repo:acme/etl:ref:refs/heads/dev' }), 'invalid_grant', /does not match the subject/);
    await refused(await gh.sign({ repository_id: '999' }), 'invalid_grant', /repository_id/);
    await refused(await gh.sign({ repository_id: 123456 }), 'invalid_grant', /repository_id/);
    await refused(await gh.sign({ exp: now - 120 }), 'invalid_grant', /expired/);
    assert.equal((await exchange(await gh.sign({ exp: now - 30 }))).status, 200, 'within 60 s of skew');
    await refused(await gh.sign({ nbf: now + 300 }), 'invalid_grant', /not valid yet/);
    await refused(await gh.sign({ iat: now - 2 * 3600, nbf: now - 2 * 3600, exp: now + 600 }), 'invalid_grant', /more than 60 minutes ago/);
    await refused(await gh.sign({ iat: now + 600 }), 'invalid_grant', /future/);
    const other = await startIssuer('github', clock);
    try {
      await refused(await other.sign(), 'invalid_grant', /no workload identity trusts/);
      // The trusted issuer's name, another issuer's key: the signature does not verify.
      await refused(await other.sign({ iss: gh.issuer }, { header: { kid: gh.keys[0].kid } }), 'invalid_grant', /signature/);
    } finally {
      await other.close();
    }
    await refused(unsignedToken(claimsOf(await gh.sign())), 'invalid_grant', /alg none/);
    await refused(await hs256WithPublicKey(gh.keys[0], claimsOf(await gh.sign())), 'invalid_grant', /HS256/);
    await refused('not-a-jwt', 'invalid_grant', /not a JWT/);
    const missing = await t.app.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ grant_type: EXCHANGE }) });
    assert.equal(missing.statusCode, 400);
    assert.equal(JSON.parse(missing.body).error, 'invalid_request');
    const grant = await t.app.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ grant_type: 'password' }) });
    assert.equal(JSON.parse(grant.body).error, 'unsupported_grant_type');
    const wrongType = await exchange(await gh.sign(), { subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' });
    assert.equal(wrongType.body.error, 'invalid_request');
    const audit = await t.request('GET', '/api/audit-events?action=token.exchange_refused&size=200');
    assert.ok(audit.body.items.length >= 10, `refusals audited (${audit.body.items.length})`);
    const aud = audit.body.items.find((e: { reason: string }) => /aud/.test(e.reason));
    assert.equal(aud.target_type, 'workload_identity');
    assert.equal(aud.target_id, ghTrust);
    assert.equal(aud.changes.issuer.after, gh.issuer);
    assert.ok(!/eyJ/.test(JSON.stringify(audit.body)), 'no token in the audit log');
  });

  it('an unknown kid after a rotation refreshes the keys (at most once a minute); a removed key is refused', async () => {
    assert.equal((await exchange(await gh.sign())).status, 200);
    const oldKey = gh.keys[0];
    const before = gh.hits.jwks;
    clock.advance(61_000);
    await gh.rotate({ keep: false });
    assert.equal((await exchange(await gh.sign())).status, 200, 'the new key is fetched and accepted');
    assert.equal(gh.hits.jwks, before + 1);
    await refused(await gh.sign({}, { key: oldKey }), 'invalid_grant', /no key with kid/);
    // A third unknown kid within the minute: no fetch.
    const third = await gh.rotate();
    await refused(await gh.sign({}, { key: third }), 'invalid_grant', /no key/);
    assert.equal(gh.hits.jwks, before + 1, 'keys refreshed at most once a minute');
    clock.advance(61_000);
    assert.equal((await exchange(await gh.sign({}, { key: third }))).status, 200);
  });

  it('an unreachable issuer is invalid_grant at once', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const created = await t.request('POST', `/api/users/${etl.id}/workload-identities`, { body: { name: 'gone', issuer, audience: 'warden', subject: 'repo:acme/etl:*' } });
    assert.equal(created.status, 201, created.text);
    const forged = await gh.sign({ iss: issuer });
    const started = Date.now();
    await refused(forged, 'invalid_grant', /could not be reached/);
    assert.ok(Date.now() - started < 3000, 'not a hang');
    assert.equal((await t.request('DELETE', `/api/users/${etl.id}/workload-identities/${created.body.id}`)).status, 204);
  });

  it('a token matching several service users needs client_id', async () => {
    const twin = await t.serviceUser('ETL Twin');
    const res = await t.request('POST', `/api/users/${twin.id}/workload-identities`, { body: { name: 'gh', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/*:ref:refs/heads/main' } });
    assert.equal(res.status, 201, res.text);
    await refused(await gh.sign(), 'invalid_request', /several service users.*client_id/);
    const picked = await exchange(await gh.sign(), { client_id: twin.user_id });
    assert.equal(picked.status, 200, picked.text);
    assert.equal((await t.request('GET', '/api/users/me', { token: picked.body.access_token })).body.user_id, twin.user_id);
    assert.equal((await exchange(await gh.sign(), { client_id: String(etl.id) })).status, 200);
    assert.equal((await t.request('DELETE', `/api/users/${twin.id}/workload-identities/${res.body.id}`)).status, 204);
    assert.equal((await exchange(await gh.sign())).status, 200, 'deleted: no longer ambiguous');
  });

  it('deleting a trust or deactivating the user refuses the next exchange; issued tokens follow the ordinary rules', async () => {
    const svc = await t.serviceUser('Nightly');
    const w = await t.request('POST', `/api/users/${svc.id}/workload-identities`, { body: { name: 'gh', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/nightly:*:*' } });
    const sub = { sub: 'repo:acme/nightly:environment:prod', repository: 'acme/nightly' };
    const ok = await exchange(await gh.sign(sub));
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await t.request('DELETE', `/api/users/${svc.id}`, { body: { reason: 'retired' } })).status, 200);
    await refused(await gh.sign(sub), 'invalid_grant', /deactivated/);
    assert.equal((await t.request('GET', '/api/users/me', { token: ok.body.access_token })).status, 401, 'deactivation blocks issued tokens');
    assert.equal((await t.request('POST', `/api/users/${svc.id}/reactivate`, { body: {} })).status, 200);
    assert.equal((await exchange(await gh.sign(sub))).status, 200);
    assert.equal((await t.request('DELETE', `/api/users/${svc.id}/workload-identities/${w.body.id}`)).status, 204);
    await refused(await gh.sign(sub), 'invalid_grant', /matches no workload identity/);
    const audit = await t.request('GET', '/api/audit-events?action=workload_identity.deleted');
    assert.equal(audit.body.items[0].target_id, w.body.id);
  });

  it('client_credentials: a service token for a short-lived one, never wider than the secret', async () => {
    const narrowed = await t.request('POST', '/api/user-tokens', { body: { name: 'cc', expires_in_days: 1, user_id: etl.id, actions: ['users.read', 'teams.read'] } });
    const secret = narrowed.body.token as string;
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => t.app.inject({
      method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form({ grant_type: 'client_credentials', ...fields }),
    }).then((r) => ({ status: r.statusCode, headers: r.headers, body: JSON.parse(r.body), text: r.body }));
    const body = await post({ client_id: etl.user_id, client_secret: secret, scope: 'users.read' });
    assert.equal(body.status, 200, body.text);
    assert.equal(body.body.expires_in, 900);
    assert.equal((await t.request('GET', '/api/users', { token: body.body.access_token })).status, 200);
    assert.equal((await t.request('GET', '/api/teams', { token: body.body.access_token })).status, 403, 'narrowed to users.read');
    const basic = Buffer.from(`${encodeURIComponent(etl.user_id)}:${secret}`).toString('base64');
    const viaBasic = await post({}, { authorization: `Basic ${basic}` });
    assert.equal(viaBasic.status, 200, viaBasic.text);
    const listed = await t.request('GET', `/api/user-tokens/service?user_id=${etl.id}&status=active`);
    const exchanged = listed.body.items.find((x: { origin: { kind: string } | null }) => x.origin?.kind === 'exchanged');
    assert.equal(exchanged.origin.issued_from, narrowed.body.id);
    assert.deepEqual(exchanged.restrictions.actions, ['users.read', 'teams.read'], 'inherits the secret\'s narrowing');
    const wider = await post({ client_id: etl.user_id, client_secret: secret, scope: 'users.manage' });
    assert.equal(wider.status, 400);
    assert.equal(wider.body.error, 'invalid_scope');
    const wrong = await post({}, { authorization: `Basic ${Buffer.from(`${etl.user_id}:wdn_svc_nope`).toString('base64')}` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    assert.match(String(wrong.headers['www-authenticate']), /^Basic/);
    const otherUser = await post({ client_id: airflow.user_id, client_secret: secret });
    assert.equal(otherUser.status, 401);
    assert.ok(!otherUser.text.includes(secret));
  });

  it('failures count towards the per-client limit', async () => {
    const limited = await startTestApp(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1/32', WARDEN_AUTH_FAILURE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/oauth/token', remoteAddress: '10.9.9.9', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ grant_type: EXCHANGE, subject_token: 'x.y.z', subject_token_type: JWT }) });
        statuses.push(r.statusCode);
        if (r.statusCode === 429) assert.ok(r.headers['retry-after']);
      }
      assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
      // Without the allow list, an issuer at a loopback address is refused when configured.
      const noAllow = await startTestApp(dialect);
      try {
        const svc = await noAllow.serviceUser('Private');
        const res = await noAllow.request('POST', `/api/users/${svc.id}/workload-identities`, { body: { name: 'x', issuer: gh.issuer, audience: 'warden', subject: 'a:b' } });
        assert.equal(res.status, 422);
        assert.match(res.text, /https|loopback/);
      } finally {
        await noAllow.close();
      }
    } finally {
      await limited.close();
    }
  });

  it('describes itself at /.well-known/oauth-authorization-server', async () => {
    const res = await t.request('GET', '/.well-known/oauth-authorization-server', { token: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_endpoint, `${t.config.publicUrl}/api/oauth/token`);
    assert.deepEqual(res.body.grant_types_supported, [EXCHANGE, 'client_credentials']);
  });
});
