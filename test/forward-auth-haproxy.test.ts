// docs/forward-auth.md's HAProxy recipe (configuration and Lua), run as printed through a real HAProxy
// (Debian's haproxy, built with Lua). The test's first configuration file stands for Debian's
// haproxy.cfg `defaults`. Without haproxy this skips loudly; under CI=true it fails.
import fs from 'node:fs';
import path from 'node:path';
import { findSystemProgram } from './system-programs.ts';
import { ASSUMED, describeRecipe, freePort, recipe, recipeDir, startProcess, substitute } from './forward-auth-recipes.ts';

const HAPROXY = findSystemProgram('haproxy', 'haproxy', [process.env.HAPROXY_BIN, '/usr/sbin/haproxy']);

describeRecipe('HAProxy', HAPROXY, async ({ wardenPort, upstreamPort }) => {
  const dir = recipeDir('haproxy');
  const port = await freePort();
  const lua = path.join(dir, 'warden.lua');
  fs.writeFileSync(lua, substitute(recipe('haproxy-lua'), [[ASSUMED.warden, `127.0.0.1:${wardenPort}`]]));
  const base = path.join(dir, 'base.cfg');
  fs.writeFileSync(base, 'defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n');
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(cfg, substitute(recipe('haproxy'), [
    ['bind :80', `bind 127.0.0.1:${port}`],
    [ASSUMED.app, `127.0.0.1:${upstreamPort}`],
    ['/etc/haproxy/warden.lua', lua],
  ]));
  const running = await startProcess('haproxy', HAPROXY.path!, ['-db', '-f', base, '-f', cfg], port, { cwd: dir });
  return { port, stop: async () => { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}, { prefixStripped: true });
