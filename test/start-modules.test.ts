// A node at ready loads only what every deployment needs (issue 24): what only some use is loaded
// with its first use. A real `warden serve` on SQLite, probed as a load balancer would; the
// packages it loaded are recorded by a module hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

const ROOT = path.join(import.meta.dirname, '..');

/** Packages (any of their files) or files a node at ready must not have loaded, and why each waits. */
const DEFERRED = {
  typebox: 'the schemas are built by src/http/type.ts',
  ajv: 'validators are compiled on a route\'s first use',
  'ajv-formats': 'validators are compiled on a route\'s first use',
  // Fastify itself loads fast-json-stringify's small runtime (lib/serializer.js), not the compiler.
  'fast-json-stringify/index.js': 'serializers are compiled on a route\'s first use; the probes send a constant',
  'openid-client': 'the first SSO sign-in',
  oauth4webapi: 'the first SSO sign-in',
  jose: 'the first SSO sign-in or workload identity token',
  nodemailer: 'the first mail',
  pg: 'a PostgreSQL database (this node is on SQLite)',
};

const HOOK = `
import module from 'node:module';
import fs from 'node:fs';
const loaded = new Set();
module.registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    const m = /node_modules\\/(.*)$/.exec(result.url);
    if (m) loaded.add(m[1]);
    return result;
  },
});
process.on('SIGUSR2', () => fs.writeFileSync(process.env.LOADED_FILE, JSON.stringify([...loaded])));
`;

test('a node at ready has not loaded what only some deployments use, and its probes answer as before', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-start-modules-'));
  const hook = path.join(dir, 'hook.mjs');
  fs.writeFileSync(hook, HOOK);
  const loadedFile = path.join(dir, 'loaded.json');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', hook, 'bin/warden.js', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, WARDEN_DATA_DIR: path.join(dir, 'data'), WARDEN_PORT: String(port), WARDEN_ENV: 'production', WARDEN_LOG_LEVEL: 'warn', LOADED_FILE: loadedFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const loaded = async (): Promise<string[]> => {
    fs.rmSync(loadedFile, { force: true });
    child.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (!fs.existsSync(loadedFile)) {
      if (Date.now() > deadline) throw new Error(`no module list: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 20)); // written in one call; let it finish
    return JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
  };
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`warden serve exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`warden serve never became ready: ${stderr}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const probe = await fetch(`${url}/readyz`);
    assert.equal(probe.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await probe.json(), { status: 'ok' });
    const atReady = await loaded();
    const has = (name: string) => atReady.some((file) => file === name || file.startsWith(`${name}/`));
    assert.ok(has('fastify') && has('kysely'), `the hook sees the packages: ${atReady.join(', ')}`);
    for (const [name, why] of Object.entries(DEFERRED)) assert.ok(!has(name), `${name} is loaded at ready; it should wait for ${why}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
