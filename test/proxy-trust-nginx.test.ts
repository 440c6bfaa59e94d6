// Behind a real nginx (Debian's nginx-light, on loopback), a client that writes its own
// X-Forwarded-For, X-Real-IP or Forwarded header gets nothing for it: not a narrowed token's
// allowed_cidrs, not another address in the audit log, not a fresh rate-limit bucket — through the
// API and through forward auth (auth_request), for each way of telling Warden about the proxy.
//
// Addresses: the test's clients connect to nginx from 127.0.0.2 (and 127.0.0.4, a second client);
// nginx connects to Warden from 127.0.0.3 (proxy_bind) and appends the client's address to
// X-Forwarded-For as docs/operations.md's nginx snippets do ($proxy_add_x_forwarded_for).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { findSystemProgram } from './system-programs.ts';
import { freePort } from './ports.ts';
import { nginxMainConf } from './forward-auth-recipes.ts';

const NGINX = findSystemProgram('nginx', 'nginx-light', [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']);

const CLIENT = '127.0.0.2';
const OTHER_CLIENT = '127.0.0.4';
/** Clients of the rate-limit tests, whose counts must start at zero. */
const LIMITED_CLIENTS = ['127.0.0.5', '127.0.0.6'];
const OTHER_LIMITED_CLIENT = '127.0.0.7';
const NGINX_OUT = '127.0.0.3';
const SPOOFED = '10.20.1.2';
/** Every header a client might use to name its own address. */
const SPOOF_HEADERS = { 'x-forwarded-for': SPOOFED, 'x-real-ip': SPOOFED, forwarded: `for=${SPOOFED};proto=https`, 'true-client-ip': SPOOFED };


async function waitForPort(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within 10 s`);
}

function nginxConf(dir: string, port: number, wardenPort: number): string {
  return nginxMainConf(dir, `
  server {
    listen 127.0.0.1:${port};
    proxy_bind ${NGINX_OUT};

    location /api/ {
      proxy_pass http://127.0.0.1:${wardenPort};
      # Appends the address nginx saw to whatever the client sent: Warden must take the right-most.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }

    location = /_warden {
      internal;
      proxy_pass http://127.0.0.1:${wardenPort}/api/forward-auth?action=&datastore_id=;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      # A location with any proxy_set_header inherits none from outside it: say it here too.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }

    location /app/ {
      auth_request /_warden;
      alias ${dir}/www/;
    }
  }`);
}

interface Answer { status: number; body: any }

/** One request to nginx from a chosen loopback address (fetch cannot pick its source address). */
function send(base: string, from: string, method: string, urlPath: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(base + urlPath, {
      method, localAddress: from, agent: false,
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: any = text;
        try { parsed = JSON.parse(text); } catch { /* a page or nginx's own answer */ }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// `true` (nginx on this host) and a hop count are the settings 0.2.0 got wrong: the left-most entry
// (the client's) and nothing at all. The address list is the recommended form.
const SETTINGS = ['true', '1', NGINX_OUT];

describeEachDatabase('the client address behind a real nginx', (dialect) => {
  if (NGINX.skip) {
    test('nginx tests', { skip: NGINX.skip }, () => {});
    return;
  }
  const apps = new Map<string, TestApp>();
  const bases = new Map<string, string>();
  const nginxes: ChildProcess[] = [];
  const dirs: string[] = [];

  before(async () => {
    for (const setting of SETTINGS) {
      const t = await startTestApp(dialect, { WARDEN_TRUST_PROXY: setting, WARDEN_AUTH_FAILURE_LIMIT: '3', WARDEN_EXPOSURE_REPORT_LIMIT: '2' });
      apps.set(setting, t);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-proxy-trust-'));
      dirs.push(dir);
      fs.mkdirSync(path.join(dir, 'www'));
      fs.writeFileSync(path.join(dir, 'www', 'index.html'), 'upstream page');
      // nginx's workers (user nobody when started as root) serve the page: let them read it.
      fs.chmodSync(dir, 0o755);
      const port = await freePort();
      const conf = path.join(dir, 'nginx.conf');
      fs.writeFileSync(conf, nginxConf(dir, port, (t.app.server.address() as AddressInfo).port));
      const nginx = spawn(NGINX.path!, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
      nginxes.push(nginx);
      await waitForPort(port, nginx, path.join(dir, 'error.log'));
      bases.set(setting, `http://127.0.0.1:${port}`);
    }
  });

  after(async () => {
    for (const nginx of nginxes) {
      if (nginx.exitCode !== null) continue;
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    for (const t of apps.values()) await t.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const setting of SETTINGS) {
    const at = (from: string, method: string, urlPath: string, headers: Record<string, string> = {}, body?: unknown) => send(bases.get(setting)!, from, method, urlPath, headers, body);

    test(`WARDEN_TRUST_PROXY=${setting}: a spoofed address does not satisfy allowed_cidrs (API and forward auth); the real one does`, async () => {
      const t = apps.get(setting)!;
      const robot = await t.serviceUser(`Narrow ${setting}`);
      const issue = async (cidrs: string[]) => (await t.request('POST', '/api/user-tokens', { body: { name: `n${cidrs[0]}`, expires_in_days: 1, user_id: robot.id, allowed_cidrs: cidrs } })).body.token as string;
      const spoofNetwork = await issue(['10.20.0.0/16']);
      const clientOnly = await issue([`${CLIENT}/32`]);
      for (const urlPath of ['/api/users/me', '/app/index.html']) {
        const spoofed = await at(CLIENT, 'GET', urlPath, { ...SPOOF_HEADERS, authorization: `Bearer ${spoofNetwork}` });
        assert.equal(spoofed.status, 401, `${urlPath}: the spoof is not believed`);
        const real = await at(CLIENT, 'GET', urlPath, { ...SPOOF_HEADERS, authorization: `Bearer ${clientOnly}` });
        assert.equal(real.status, 200, `${urlPath}: the real client address is seen (not nginx's ${NGINX_OUT})`);
        assert.equal((await at(OTHER_CLIENT, 'GET', urlPath, { 'x-forwarded-for': CLIENT, authorization: `Bearer ${clientOnly}` })).status, 401, `${urlPath}: another client cannot borrow it`);
      }
    });

    test(`WARDEN_TRUST_PROXY=${setting}: the audit log records the real client address, not the spoofed one`, async () => {
      const t = apps.get(setting)!;
      const made = await at(CLIENT, 'POST', '/api/teams', { ...SPOOF_HEADERS, authorization: `Bearer ${t.adminToken}` }, { name: `Audited ${setting}`, permission: 'viewer' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const event = await t.db.kysely.selectFrom('audit_events').select(['ip']).where('action', '=', 'team.created').where('target_id', '=', made.body.id).executeTakeFirstOrThrow();
      assert.equal(event.ip, CLIENT);
    });

    test(`WARDEN_TRUST_PROXY=${setting}: changing the spoofed headers does not escape the failed-authentication limit, and one client's failures do not limit another`, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const spoof = `10.20.${i}.${i + 1}`;
        const res = await at(LIMITED_CLIENTS[0], 'GET', '/api/users/me', { 'x-forwarded-for': spoof, 'x-real-ip': spoof, forwarded: `for=${spoof}`, authorization: 'Bearer wdn_svc_not-a-real-token' });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      assert.equal((await at(OTHER_LIMITED_CLIENT, 'GET', '/api/users/me', { 'x-forwarded-for': '10.99.0.1', authorization: 'Bearer wdn_svc_not-a-real-token' })).status, 401, 'another client is not limited for them');
    });

    test(`WARDEN_TRUST_PROXY=${setting}: changing the spoofed headers does not escape the leaked-token report limit`, async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const spoof = `10.30.${i}.1`;
        statuses.push((await at(LIMITED_CLIENTS[1], 'POST', '/api/credentials/revoke', { 'x-forwarded-for': spoof, 'x-real-ip': spoof, forwarded: `for=${spoof}` }, { credentials: ['nothing'] })).status);
      }
      assert.deepEqual(statuses, [202, 202, 429, 429]);
      assert.equal((await at(OTHER_LIMITED_CLIENT, 'POST', '/api/credentials/revoke', { 'x-forwarded-for': LIMITED_CLIENTS[1] }, { credentials: ['nothing'] })).status, 202, 'another client is not limited for them, even naming the limited one');
    });
  }
});
