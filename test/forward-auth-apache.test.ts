// docs/forward-auth.md's Apache httpd recipe (virtual host and Lua), run as printed through a real
// Apache (Debian's apache2 with mod_lua, and lua-socket). The test's httpd.conf stands for Debian's
// apache2.conf, ports.conf and the enabled modules: it loads them and includes the virtual host.
// Without apache2 or lua-socket this skips loudly; under CI=true it fails.
import fs from 'node:fs';
import path from 'node:path';
import { findSystemProgram } from './system-programs.ts';
import { ASSUMED, apacheMainConf, describeRecipe, freePort, recipe, recipeDir, startProcess, substitute } from './forward-auth-recipes.ts';

const APACHE = findSystemProgram('apache2', 'apache2', [process.env.APACHE_BIN, '/usr/sbin/apache2']);
// lua-socket has no binary: its HTTP module is what the recipe requires.
const LUA_SOCKET = findSystemProgram('lua-socket', 'lua-socket', ['/usr/share/lua/5.3/socket/http.lua']);

describeRecipe('Apache httpd', APACHE.skip ? APACHE : LUA_SOCKET, async ({ wardenPort, upstreamPort }) => {
  const dir = recipeDir('apache');
  const port = await freePort();
  const lua = path.join(dir, 'warden.lua');
  fs.writeFileSync(lua, substitute(recipe('apache-lua'), [[ASSUMED.warden, `127.0.0.1:${wardenPort}`]]));
  const site = path.join(dir, 'site.conf');
  fs.writeFileSync(site, substitute(recipe('apache'), [
    ['<VirtualHost *:80>', `<VirtualHost *:${port}>`],
    [ASSUMED.app, `127.0.0.1:${upstreamPort}`],
    ['/etc/apache2/warden.lua', lua],
  ]));
  const modules = ['mpm_event', 'authz_core', 'proxy', 'proxy_http', 'lua', 'setenvif'];
  const conf = path.join(dir, 'httpd.conf');
  fs.writeFileSync(conf, [
    ...apacheMainConf(dir, [port], modules),
    `Include ${site}`,
    '',
  ].join('\n'));
  const running = await startProcess('apache2', APACHE.path!, ['-f', conf, '-d', dir, '-DFOREGROUND'], port, { logs: [path.join(dir, 'error.log')], cwd: dir });
  return { port, stop: async () => { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}, { prefixStripped: true });
