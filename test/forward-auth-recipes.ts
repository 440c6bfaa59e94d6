// The forward-auth recipes of docs/forward-auth.md, run exactly as printed. A recipe is read out of
// the Markdown between `<!-- recipe:NAME -->` and `<!-- /recipe -->` (the one fenced block there);
// only the addresses and file paths the page says it assumes are replaced. Each proxy's test file
// starts its real proxy with the recipe; `describeRecipe` then runs the same cases through every one,
// against a real Warden on 127.0.0.1 and a real upstream that records what reaches it.
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
import type { SystemProgram } from './system-programs.ts';
import { insertUser } from '../src/users/store.ts';
import { createToken } from '../src/tokens/service.ts';
import { signIn } from '../src/sso/service.ts';
import { freePort } from './ports.ts';
export { freePort };

export const RECIPES_PAGE = path.join(import.meta.dirname, '..', 'docs', 'forward-auth.md');

/** The addresses every recipe assumes (docs/forward-auth.md says so); the tests replace exactly these. */
export const ASSUMED = { warden: '127.0.0.1:8080', app: '127.0.0.1:3000' } as const;

/** The fenced block between `<!-- recipe:NAME -->` and `<!-- /recipe -->`, as the page prints it. */
export function recipe(name: string, page = fs.readFileSync(RECIPES_PAGE, 'utf8')): string {
  const start = page.indexOf(`<!-- recipe:${name} -->`);
  if (start < 0) throw new Error(`the page has no <!-- recipe:${name} --> marker`);
  const end = page.indexOf('<!-- /recipe -->', start);
  if (end < 0) throw new Error(`recipe ${name} has no <!-- /recipe --> end marker`);
  const fenced = /^```[a-z]*\n([\s\S]*?)^```\s*$/m.exec(page.slice(start, end));
  if (!fenced) throw new Error(`recipe ${name} has no fenced code block between its markers`);
  return fenced[1];
}

/** Replaces each `from` (which must occur: a recipe that changed its addresses fails loudly) by `to`. */
export function substitute(text: string, replacements: [from: string, to: string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`the recipe no longer contains ${JSON.stringify(from)}: update the test's substitutions with the docs`);
    out = out.replaceAll(from, to);
  }
  return out;
}


/**
 * nginx's main configuration for a test: one worker, every path under `dir` (logs, pid, temp
 * files), no access log; `http` is what goes inside its http block.
 */
export function nginxMainConf(dir: string, http: string): string {
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
${http}
}
`;
}

/** Where Debian's apache2 keeps its modules. */
export const APACHE_MODULES = '/usr/lib/apache2/modules';

/**
 * The start of Apache httpd's main configuration for a test: every path under `dir` (pid, error
 * log, runtime files, mutexes), listening on 127.0.0.1 at each of `ports`, loading `modules` from
 * Debian's module directory; the caller adds its own lines (Include, virtual hosts) after them.
 */
export function apacheMainConf(dir: string, ports: number[], modules: string[]): string[] {
  return [
    `ServerRoot ${dir}`,
    'ServerName 127.0.0.1',
    ...ports.map((p) => `Listen 127.0.0.1:${p}`),
    `PidFile ${dir}/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    'LogLevel warn',
    `DefaultRuntimeDir ${dir}`,
    `Mutex file:${dir} default`,
    // Debian's apache2 drops to www-data when started as root.
    ...(process.getuid?.() === 0 ? ['User www-data', 'Group www-data'] : []),
    ...modules.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
  ];
}

/** A proxy started by a test: its port on 127.0.0.1 and how to stop it. */
export interface RunningProxy {
  port: number;
  stop(): Promise<void>;
}

/** Spawns a proxy in the foreground and waits (bounded) until it accepts connections on `port`. */
export async function startProcess(name: string, bin: string, args: string[], port: number, options: { logs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunningProxy> {
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const logs = () => [output, ...(options.logs ?? []).map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : ''))].join('\n');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return { port, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within 15 s:\n${logs()}`);
}

/** A temporary directory the proxy (which may drop to www-data) can read; removed at exit even when the proxy never started. */
export function recipeDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `warden-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Seen {
  method: string;
  url: string;
  body: string;
  /** Every x-warden-* header that reached the upstream, lower-case names. */
  warden: Record<string, string | string[]>;
}

/** Every X-Warden-* header a client might send: the spoofing cases send them all. */
const SPOOFED: Record<string, string> = {
  'X-Warden-User-Id': 'admin@evil',
  'X-Warden-User-Type': 'service',
  'X-Warden-Role': 'admin',
  'X-Warden-Level': 'editor',
  'X-Warden-Team-Id': '666',
  'X-Warden-Action': 'settings.read',
  'X-Warden-Datastore-Id': '1',
  'X-Warden-Reason': 'admin',
  'X-Warden-Whatever': 'forged',
};

export interface RecipeContext {
  wardenPort: number;
  upstreamPort: number;
}

/**
 * The cases every recipe must pass, once per database. `start` writes the recipe (from the docs, with
 * the ports and paths replaced) and starts the real proxy. `prefixStripped`: the proxy removes every
 * client X-Warden-* header by prefix (nginx cannot; it overwrites each header Warden defines).
 */
export function describeRecipe(proxy: string, program: SystemProgram, start: (ctx: RecipeContext) => Promise<RunningProxy>, options: { prefixStripped: boolean }): void {
  describeEachDatabase(`the ${proxy} forward-auth recipe of docs/forward-auth.md, run as printed`, (dialect) => {
    if (program.skip) {
      test(`${proxy} recipe`, { skip: program.skip }, () => {});
      return;
    }
    let t: TestApp;
    let upstream: http.Server;
    let proxyRun: RunningProxy | null = null;
    let base: string;
    const seen: Seen[] = [];
    let member: { id: number; user_id: string; token: string };
    let granted: number;
    let orphan: number;
    let teamId: number;
    const personName = 'José Núñez 李 🦊';
    const personUserId = 'idp.example|José Núñez 李 🦊 50%'; // what sign-in makes of the issuer https://idp.example and this subject
    let personPat: string;
    let sessionSecret: string;

    before(async () => {
      t = await startTestApp(dialect);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const wardenPort = (t.app.server.address() as AddressInfo).port;

      upstream = http.createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const warden: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(req.headers)) if (name.startsWith('x-warden-') && value !== undefined) warden[name] = value;
          seen.push({ method: req.method ?? '', url: req.url ?? '', body, warden });
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`upstream ${req.url}`);
        });
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const upstreamPort = (upstream.address() as AddressInfo).port;

      member = await t.serviceUser('Recipe Member', 'member');
      const mk = async (name: string) => (await t.request('POST', '/api/datastores', { body: { name, kind: 'source' } })).body.id as number;
      granted = await mk('Behind the proxy');
      orphan = await mk('In no team');
      const now = new Date().toISOString();
      const personId = await insertUser(t.db.kysely, { user_id: personUserId, type: 'personal', name: personName, email: 'jose@example.com', role: 'member', owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now });
      const team = await t.request('POST', '/api/teams', { body: { name: 'Recipe Viewers', permission: 'viewer', user_ids: [member.id, personId], datastore_ids: [granted] } });
      teamId = team.body.id;
      const principal = { id: personId, userId: personUserId, type: 'personal' as const, name: personName, email: 'jose@example.com', role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
      personPat = (await createToken(t.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'recipe', expires_in_days: 1 })).token;
      // The console's own sign-in, as the OIDC callback runs it: a real session for the same person.
      const subject = personUserId.split('|')[1];
      const signedIn = await signIn(t.db, { sessionHours: 8, sessionIdleMinutes: 60, initialAdmins: [] }, { issuer: 'https://idp.example', subject, email: 'jose@example.com', emailVerified: true, name: personName }, { requestId: null, ip: null, userAgent: null }, null);
      assert.equal(signedIn.user.id, personId, 'the sign-in adopted the account the PAT belongs to');
      sessionSecret = signedIn.session.secret;

      proxyRun = await start({ wardenPort, upstreamPort });
      base = `http://127.0.0.1:${proxyRun.port}`;
    });

    after(async () => {
      if (proxyRun) await proxyRun.stop();
      if (upstream) {
        upstream.closeAllConnections();
        await new Promise((resolve) => upstream.close(resolve));
      }
      if (t) await t.close();
    });

    const call = (p: string, init: { token?: string; cookie?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) =>
      fetch(base + p, {
        method: init.method ?? 'GET',
        headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });

    /** A refusal at the client: status, Warden's reason (header), WWW-Authenticate on 401; the upstream never reached. */
    async function assertRefused(res: Response, status: number, reason: string, wwwAuthenticate?: string): Promise<void> {
      const body = await res.text();
      assert.equal(res.status, status, body);
      assert.equal(res.headers.get('x-warden-reason'), reason, `X-Warden-Reason at the client (body: ${body})`);
      assert.match(body, new RegExp(reason.replaceAll('_', '[-_]')), 'the body names the reason (Warden\'s problem type spells it with hyphens)');
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      if (status === 401) assert.equal(res.headers.get('www-authenticate'), wwwAuthenticate ?? 'Bearer realm="warden", error="invalid_token"', 'Warden\'s WWW-Authenticate, once');
    }

    async function assertNotForwarded(fn: () => Promise<void>): Promise<void> {
      const count = seen.length;
      await fn();
      assert.equal(seen.length, count, 'the upstream received nothing');
    }

    const encodedPersonId = () => Array.from(Buffer.from(personUserId, 'utf8'), (b) => (b >= 0x21 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

    test('no credential, a malformed token, a bad checksum, an unknown session cookie: 401 with WWW-Authenticate and Warden\'s reason; the upstream never reached', async () => {
      await assertNotForwarded(async () => {
        for (const p of ['/app/home', `/datastores/${granted}/records`]) {
          await assertRefused(await call(p), 401, 'missing', 'Bearer realm="warden"');
          await assertRefused(await call(p, { token: 'wdn_svc_not-a-real-token' }), 401, 'malformed');
          const last = member.token.at(-1) === 'A' ? 'B' : 'A';
          await assertRefused(await call(p, { token: member.token.slice(0, -1) + last }), 401, 'malformed');
          await assertRefused(await call(p, { cookie: 'warden_session=not-a-session' }), 401, 'session_expired', 'Bearer realm="warden"');
        }
      });
    });

    test('a service token on an any-principal location: 200, and the upstream gets exactly Warden\'s identity', async () => {
      const res = await call('/app/home?x=1', { token: member.token });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'upstream /app/home?x=1');
      assert.deepEqual(seen.at(-1)!.warden, { 'x-warden-user-id': 'recipe_member@service', 'x-warden-user-type': 'service', 'x-warden-role': 'member' });
    });

    test('a service token on a datastore location (GET, and a POST with a body): 200 with the level and the team upstream', async () => {
      const res = await call(`/datastores/${granted}/records`, { token: member.token });
      assert.equal(res.status, 200);
      const identity = { 'x-warden-user-id': 'recipe_member@service', 'x-warden-user-type': 'service', 'x-warden-role': 'member', 'x-warden-level': 'viewer', 'x-warden-team-id': String(teamId) };
      assert.deepEqual(seen.at(-1)!.warden, identity);
      const body = JSON.stringify({ filter: 'all', note: 'ü'.repeat(3000) });
      const post = await call(`/datastores/${granted}/records/query`, { token: member.token, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(post.status, 200);
      assert.deepEqual([seen.at(-1)!.method, seen.at(-1)!.url, seen.at(-1)!.body], ['POST', `/datastores/${granted}/records/query`, body]);
      assert.deepEqual(seen.at(-1)!.warden, identity);
    });

    test('a datastore in no team and an unknown datastore: 403 with Warden\'s reason at the client', async () => {
      await assertNotForwarded(async () => {
        await assertRefused(await call(`/datastores/${orphan}/records`, { token: member.token }), 403, 'no_team');
        await assertRefused(await call('/datastores/999999/records', { token: member.token }), 403, 'no_team');
      });
    });

    test('a PAT and a browser session of a person with a non-ASCII name: 200, the user id percent-encoded upstream', async () => {
      for (const credential of [{ token: personPat }, { cookie: `warden_session=${sessionSecret}` }]) {
        const res = await call(`/datastores/${granted}/records`, credential);
        assert.equal(res.status, 200, JSON.stringify(Object.keys(credential)));
        const got = seen.at(-1)!.warden;
        assert.equal(got['x-warden-user-id'], encodedPersonId());
        assert.equal(decodeURIComponent(got['x-warden-user-id'] as string), personUserId);
        assert.deepEqual({ ...got, 'x-warden-user-id': undefined }, { 'x-warden-user-id': undefined, 'x-warden-user-type': 'personal', 'x-warden-role': 'member', 'x-warden-level': 'viewer', 'x-warden-team-id': String(teamId) });
      }
    });

    test('a client\'s own X-Warden-* headers never reach the upstream and never change the decision', async () => {
      // Allowed: the upstream sees Warden's identity and nothing the client made up.
      const ok = await call('/app/home', { token: member.token, headers: SPOOFED });
      assert.equal(ok.status, 200);
      const expected: Record<string, string> = { 'x-warden-user-id': 'recipe_member@service', 'x-warden-user-type': 'service', 'x-warden-role': 'member' };
      const got = { ...seen.at(-1)!.warden };
      // nginx cannot remove a header by prefix: a name Warden does not define passes (the docs say so).
      if (!options.prefixStripped && got['x-warden-whatever'] === 'forged') delete got['x-warden-whatever'];
      assert.deepEqual(got, expected);
      const onDatastore = await call(`/datastores/${granted}/records`, { token: member.token, headers: SPOOFED });
      assert.equal(onDatastore.status, 200);
      const ds = { ...seen.at(-1)!.warden };
      if (!options.prefixStripped && ds['x-warden-whatever'] === 'forged') delete ds['x-warden-whatever'];
      assert.deepEqual(ds, { ...expected, 'x-warden-level': 'viewer', 'x-warden-team-id': String(teamId) });
      // Refused: the client's headers neither authenticate nor pick another action or datastore.
      await assertNotForwarded(async () => {
        await assertRefused(await call('/app/home', { headers: SPOOFED }), 401, 'missing', 'Bearer realm="warden"');
        await assertRefused(await call(`/datastores/${orphan}/records`, { token: member.token, headers: { ...SPOOFED, 'X-Warden-Action': '', 'X-Warden-Datastore-Id': String(granted) } }), 403, 'no_team');
      });
    });

    test('a path with dot segments, encoded slashes or backslashes never reaches a datastore the check did not name, nor an unprotected path the app', async () => {
      const raw = (p: string) =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port: proxyRun!.port, path: p, headers: { authorization: `Bearer ${member.token}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
      const count = seen.length;
      const paths = [
        `/datastores/${granted}/records/../../${orphan}/records`,
        `/app/../datastores/${orphan}/records`,
        `/app/%2e%2e/datastores/${orphan}/records`,
        `/datastores/${granted}/records/..%2F..%2F${orphan}/records`,
        `/datastores/${granted}/records/%2e%2e/%2e%2e/${orphan}/records`,
        `/datastores/${granted}/records/.%2E/.%2E/${orphan}/records`,
        `/datastores/${granted}/records\\..\\..\\${orphan}\\records`,
        `//datastores/${orphan}/records`,
        `/datastores/${orphan}/records/../../${granted}/records`,
        '/elsewhere/unprotected',
      ];
      for (const p of paths) await raw(p);
      // Whatever each proxy answers, the app never receives a request that a WHATWG URL parser (dot
      // segments, %2e, a backslash as "/"), or one that also decodes %2F, resolves to the datastore
      // in no team.
      const resolve = (url: string) => new URL(url.replace(/^\/+/, '/'), 'http://app.example').pathname;
      for (const s of seen.slice(count)) {
        for (const form of [s.url, s.url.replace(/%2f/gi, '/')]) assert.ok(!resolve(form).startsWith(`/datastores/${orphan}/`), `${s.url} reached the app`);
        assert.ok(!resolve(s.url).startsWith('/elsewhere/'), 'a path no protected location covers never reaches the app');
      }
    });

    test('Warden stopped: the proxy fails closed with a 5xx (never 200, the upstream never reached)', async () => {
      t.app.server.closeAllConnections();
      await new Promise((resolve) => t.app.server.close(resolve));
      await assertNotForwarded(async () => {
        for (const p of ['/app/home', `/datastores/${granted}/records`]) {
          const res = await call(p, { token: member.token });
          await res.text();
          assert.ok(res.status >= 500 && res.status <= 599, `${p} answered ${res.status}`);
        }
      });
    });
  });
}
