// docs/introspection.md's Apache recipe (mod_auth_openidc as an OAuth 2.0 resource server that
// introspects every bearer token with Warden), run as printed through a real Apache with Debian's
// libapache2-mod-auth-openidc. Only the addresses, the listening port and the gateway's token are
// replaced. mod_auth_openidc calls only an https introspection endpoint, so the same Apache also
// serves Warden over TLS (a second virtual host with a self-signed certificate, which the test names
// with OIDCCABundlePath). Without apache2 or the module this skips loudly; under CI=true it fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { findSystemProgram } from './system-programs.ts';
import { APACHE_MODULES, apacheMainConf, freePort, recipe, recipeDir, startProcess, substitute, type RunningProxy } from './forward-auth-recipes.ts';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

const APACHE = findSystemProgram('apache2', 'apache2', [process.env.APACHE_BIN, '/usr/sbin/apache2']);
const OPENIDC = findSystemProgram('mod_auth_openidc', 'libapache2-mod-auth-openidc', [`${APACHE_MODULES}/mod_auth_openidc.so`]);
const OPENSSL = findSystemProgram('openssl', 'openssl', ['/usr/bin/openssl']);
const PAGE = path.join(import.meta.dirname, '..', 'docs', 'introspection.md');
const skip = APACHE.skip || OPENIDC.skip || OPENSSL.skip;

describeEachDatabase('the mod_auth_openidc introspection recipe of docs/introspection.md, run as printed', (dialect) => {
  if (skip) {
    test('Apache + mod_auth_openidc recipe', { skip }, () => {});
    return;
  }
  let t: TestApp;
  let upstream: http.Server;
  let apache: RunningProxy | null = null;
  let base: string;
  const seen: Record<string, string | string[] | undefined>[] = [];
  let member: { id: number; user_id: string; token: string };

  before(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const wardenPort = (t.app.server.address() as AddressInfo).port;
    upstream = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`upstream ${req.url}`);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;

    // The gateway: an Admin service user with a token narrowed to tokens.introspect, as the page says.
    const gatewayUser = await t.serviceUser('Gateway', 'admin');
    const gw = await t.request('POST', '/api/user-tokens', { body: { name: 'introspection', expires_in_days: null, user_id: gatewayUser.id, actions: ['tokens.introspect'] } });
    assert.equal(gw.status, 201, gw.text);
    member = await t.serviceUser('Recipe Member', 'member');

    const dir = recipeDir('apache-introspection');
    const port = await freePort();
    const tlsPort = await freePort();
    const cert = path.join(dir, 'warden.pem');
    const key = path.join(dir, 'warden.key');
    execFileSync(OPENSSL.path!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    fs.chmodSync(key, 0o644);
    const site = path.join(dir, 'site.conf');
    const printed = recipe('apache-introspection', fs.readFileSync(PAGE, 'utf8'));
    fs.writeFileSync(site, substitute(printed, [
      ['<VirtualHost *:80>', `<VirtualHost 127.0.0.1:${port}>`],
      ['https://warden.example.com/', `https://127.0.0.1:${tlsPort}/`],
      ['wdn_svc_REPLACE_WITH_THE_GATEWAY_TOKEN', gw.body.token],
      ['127.0.0.1:3000', `127.0.0.1:${upstreamPort}`],
    ]));
    const modules = ['mpm_event', 'authn_core', 'authz_core', 'authz_user', 'proxy', 'proxy_http', 'ssl', 'socache_shmcb', 'auth_openidc'];
    const conf = path.join(dir, 'httpd.conf');
    fs.writeFileSync(conf, [
      ...apacheMainConf(dir, [port, tlsPort], modules),
      // The test's certificate authority (the self-signed certificate of Warden's TLS host below).
      `OIDCCABundlePath ${cert}`,
      `Include ${site}`,
      // Warden behind TLS, as in production: the stand-in for https://warden.example.com.
      `<VirtualHost 127.0.0.1:${tlsPort}>`,
      '    SSLEngine on',
      `    SSLCertificateFile ${cert}`,
      `    SSLCertificateKeyFile ${key}`,
      `    ProxyPass        / http://127.0.0.1:${wardenPort}/`,
      `    ProxyPassReverse / http://127.0.0.1:${wardenPort}/`,
      '</VirtualHost>',
      '',
    ].join('\n'));
    apache = await startProcess('apache2', APACHE.path!, ['-f', conf, '-d', dir, '-DFOREGROUND'], port, { logs: [path.join(dir, 'error.log')], cwd: dir });
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    if (apache) await apache.stop();
    if (upstream) {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
    if (t) await t.close();
  });

  const call = (p: string, token?: string, headers: Record<string, string> = {}) => fetch(base + p, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  test('an active token reaches the application with the owner as OIDC_CLAIM_sub; a client\'s own OIDC_CLAIM_ headers are removed', async () => {
    const res = await call('/app/home?x=1', member.token, { 'OIDC_CLAIM_sub': 'admin@evil', 'OIDC-CLAIM-sub': 'admin@evil' });
    const body = await res.text();
    assert.equal(res.status, 200, body);
    assert.equal(body, 'upstream /app/home?x=1');
    const h = seen.at(-1)!;
    assert.equal(h['oidc_claim_sub'], member.user_id);
    assert.equal(h['oidc_claim_username'], 'Recipe Member');
    assert.equal(h['oidc_claim_token_type'], 'Bearer');
    assert.equal(JSON.parse(String(h['oidc_claim_warden'])).role, 'member');
    assert.ok(!Object.values(h).includes('admin@evil'), `no forged claim reached the application: ${JSON.stringify(h)}`);
  });

  test('no token, a malformed or unknown token: 401 at the gateway; the application never reached', async () => {
    const count = seen.length;
    for (const token of [undefined, 'wdn_svc_not-a-real-token', member.token.slice(0, 10) + 'A'.repeat(30) + member.token.slice(40)]) {
      const res = await call('/app/home', token);
      assert.equal(res.status, 401, `${token}: ${await res.text()}`);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    assert.equal(seen.length, count);
  });

  test('revoking the token and deactivating its owner apply on the very next request', async () => {
    const other = await t.serviceUser('Soon Revoked', 'member');
    assert.equal((await call('/x', other.token)).status, 200);
    const id = (await t.request('GET', '/api/user-tokens/current', { token: other.token })).body.id;
    assert.equal((await t.request('PUT', `/api/user-tokens/${id}`, { body: { revoked: true } })).status, 200);
    assert.equal((await call('/x', other.token)).status, 401, 'revoked');
    const leaving = await t.serviceUser('Leaving', 'member');
    assert.equal((await call('/x', leaving.token)).status, 200);
    assert.equal((await t.request('DELETE', `/api/users/${leaving.id}`)).status, 200);
    assert.equal((await call('/x', leaving.token)).status, 401, 'owner deactivated');
  });
});
