// A real nginx (Debian's nginx-light, on loopback, its configuration written here) protects a small
// upstream with `auth_request` against Warden's GET /api/forward-auth, as the README shows. Proves
// 200 (with the X-Warden-* identity reaching the upstream), 401 (with WWW-Authenticate) and 403.
// Without nginx this skips loudly on a developer's machine and fails under CI=true (.ci/run installs it).
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
import { insertUser } from '../src/users/store.ts';
import { createToken } from '../src/tokens/service.ts';

const NGINX = findSystemProgram('nginx', 'nginx-light', [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within 10 s:\n${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : ''}`);
}

/** The README's nginx snippet, with the ports and paths of this test. */
function nginxConf(dir: string, port: number, wardenPort: number, upstreamPort: number): string {
  return `
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  server {
    listen 127.0.0.1:${port};

    # Warden decides; only 2xx lets the request through, 401 and 403 go back to the client.
    location = /_warden {
      internal;
      proxy_pass http://127.0.0.1:${wardenPort}/api/forward-auth?action=$warden_action&datastore_id=$warden_datastore;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      # Never let the client's own headers choose what Warden checks.
      proxy_set_header X-Warden-Action "";
      proxy_set_header X-Warden-Datastore-Id "";
    }

    # Any signed-in principal.
    location /app/ {
      set $warden_action "";
      set $warden_datastore "";
      auth_request /_warden;
      auth_request_set $warden_user $upstream_http_x_warden_user_id;
      auth_request_set $warden_role $upstream_http_x_warden_role;
      proxy_set_header X-Warden-User-Id $warden_user;
      proxy_set_header X-Warden-Role $warden_role;
      proxy_pass http://127.0.0.1:${upstreamPort};
    }

    # Record previews of one datastore: the datastore.preview action on the id in the path.
    location ~ ^/datastores/(?<ds>[0-9]+)/records {
      set $warden_action datastore.preview;
      set $warden_datastore $ds;
      auth_request /_warden;
      auth_request_set $warden_user $upstream_http_x_warden_user_id;
      auth_request_set $warden_level $upstream_http_x_warden_level;
      proxy_set_header X-Warden-User-Id $warden_user;
      proxy_set_header X-Warden-Level $warden_level;
      proxy_pass http://127.0.0.1:${upstreamPort};
    }

    # A platform action.
    location /settings/ {
      set $warden_action settings.manage;
      set $warden_datastore "";
      auth_request /_warden;
      proxy_pass http://127.0.0.1:${upstreamPort};
    }
  }
}
`;
}

describeEachDatabase('forward auth through a real nginx auth_request', (dialect) => {
  if (NGINX.skip) {
    test('nginx tests', { skip: NGINX.skip }, () => {});
    return;
  }
  let t: TestApp;
  let nginx: ChildProcess | null = null;
  let upstream: http.Server;
  let dir: string;
  let base: string;
  const seen: { url: string; method: string; user: string | undefined; role: string | undefined; level: string | undefined; body: string }[] = [];
  let member: { id: number; user_id: string; token: string };
  let granted: number;
  let hidden: number;

  before(async () => {
    const bin = NGINX.path!;
    t = await startTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const wardenPort = (t.app.server.address() as AddressInfo).port;

    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', method: req.method ?? '', user: req.headers['x-warden-user-id'] as string | undefined, role: req.headers['x-warden-role'] as string | undefined, level: req.headers['x-warden-level'] as string | undefined, body });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`upstream ${req.url}`);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-nginx-'));
    const port = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, nginxConf(dir, port, wardenPort, upstreamPort));
    nginx = spawn(bin, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr?.on('data', (c) => (stderr += c));
    try {
      await waitForPort(port, nginx, path.join(dir, 'error.log'));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
    }
    base = `http://127.0.0.1:${port}`;

    member = await t.serviceUser('Nginx Member', 'member');
    const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
    granted = await mk('Behind nginx');
    hidden = await mk('Not for you');
    await t.request('POST', '/api/teams', { body: { name: 'Nginx Viewers', permission: 'viewer', user_ids: [member.id], datastore_ids: [granted] } });
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    if (upstream) await new Promise((resolve) => upstream.close(resolve));
    if (t) await t.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, token?: string, init: RequestInit = {}) =>
    fetch(base + p, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) } });

  test('a valid token passes (200) and the upstream receives the Warden identity', async () => {
    const res = await get('/app/home', member.token);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'upstream /app/home');
    const last = seen.at(-1)!;
    assert.deepEqual([last.url, last.user, last.role], ['/app/home', 'nginx_member@service', 'member']);
  });

  test('no token or a bad one: 401 from nginx, with Warden\'s WWW-Authenticate, and the upstream is never reached', async () => {
    const before = seen.length;
    for (const token of [undefined, 'wdn_svc_not-a-real-token']) {
      const res = await get('/app/home', token);
      assert.equal(res.status, 401, String(token));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="warden"/);
    }
    assert.equal(seen.length, before);
  });

  test('a datastore action at a sufficient level passes with the level; an unreachable datastore and a platform action above the role are 403', async () => {
    const ok = await get(`/datastores/${granted}/records`, member.token);
    assert.equal(ok.status, 200);
    assert.deepEqual([seen.at(-1)!.user, seen.at(-1)!.level], ['nginx_member@service', 'viewer']);
    const before = seen.length;
    assert.equal((await get(`/datastores/${hidden}/records`, member.token)).status, 403);
    assert.equal((await get('/datastores/999999/records', member.token)).status, 403);
    assert.equal((await get('/settings/general', member.token)).status, 403);
    assert.equal(seen.length, before);
    assert.equal((await get('/settings/general', t.adminToken)).status, 200);
  });

  test('a POST with a JSON body is decided without the body, and the upstream still gets the body', async () => {
    const res = await get(`/datastores/${granted}/records`, member.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"filter": "all"}' });
    assert.equal(res.status, 200);
    assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.body], ['POST', '{"filter": "all"}']);
  });

  test('a team change applies on the very next request through nginx', async () => {
    await t.request('PUT', `/api/datastores/${hidden}`, { body: { team_ids: [(await t.request('GET', '/api/teams?q=Nginx')).body.items[0].id] } });
    assert.equal((await get(`/datastores/${hidden}/records`, member.token)).status, 200);
    await t.request('PUT', `/api/datastores/${hidden}`, { body: { team_ids: [] } });
    assert.equal((await get(`/datastores/${hidden}/records`, member.token)).status, 403);
  });

  test('a user_id outside ASCII reaches the upstream intact as percent-encoded UTF-8; a client cannot forge identity or pick the datastore', async () => {
    const userId = 'https://idp.example|José 李 🦊\u202e';
    const now = new Date().toISOString();
    const id = await insertUser(t.db.kysely, { user_id: userId, type: 'personal', name: 'José', email: null, role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
    const principal = { id, userId, type: 'personal' as const, name: 'José', email: null, role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
    const pat = await createToken(t.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'nginx', expires_in_days: 1 });
    const res = await get('/app/home', pat.token, { headers: { 'x-warden-user-id': 'forged@service' } });
    assert.equal(res.status, 200);
    const header = seen.at(-1)!.user!;
    assert.match(header, /^[\x21-\x7e]+$/);
    assert.equal(decodeURIComponent(header), userId);
    // the proxy's empty datastore (an authenticate-only location) is not replaced by the client's header
    const picked = await get('/app/home', member.token, { headers: { 'x-warden-action': 'settings.manage', 'x-warden-datastore-id': String(hidden) } });
    assert.equal(picked.status, 200);
    assert.equal(seen.at(-1)!.user, 'nginx_member@service');
  });
});
