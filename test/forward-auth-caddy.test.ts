// docs/forward-auth.md's Caddy recipe, run as printed through a real Caddy (Debian's caddy). The test
// puts a global options block before it (admin endpoint off, bind to loopback), as a system
// Caddyfile's global options would be. Without caddy this skips loudly; under CI=true it fails.
import fs from 'node:fs';
import path from 'node:path';
import { findSystemProgram } from './system-programs.ts';
import { ASSUMED, describeRecipe, freePort, recipe, recipeDir, startProcess, substitute } from './forward-auth-recipes.ts';

const CADDY = findSystemProgram('caddy', 'caddy', [process.env.CADDY_BIN, '/usr/bin/caddy']);

describeRecipe('Caddy', CADDY, async ({ wardenPort, upstreamPort }) => {
  const dir = recipeDir('caddy');
  const port = await freePort();
  const site = substitute(recipe('caddy'), [
    [':80 {', `:${port} {`],
    [ASSUMED.warden, `127.0.0.1:${wardenPort}`],
    [ASSUMED.app, `127.0.0.1:${upstreamPort}`],
  ]);
  const caddyfile = path.join(dir, 'Caddyfile');
  fs.writeFileSync(caddyfile, `{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n\n${site}`);
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  const running = await startProcess('caddy', CADDY.path!, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], port, { env, cwd: dir });
  return { port, stop: async () => { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}, { prefixStripped: true });
