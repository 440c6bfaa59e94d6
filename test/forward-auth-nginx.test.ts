// docs/forward-auth.md's nginx recipe (server block and snippet), run as printed through a real nginx
// (Debian's nginx-light). The test's own nginx.conf is what Debian's /etc/nginx/nginx.conf is: the
// main context that includes the site. Without nginx this skips loudly; under CI=true it fails.
import fs from 'node:fs';
import path from 'node:path';
import { findSystemProgram } from './system-programs.ts';
import { ASSUMED, describeRecipe, freePort, nginxMainConf, recipe, recipeDir, startProcess, substitute } from './forward-auth-recipes.ts';

const NGINX = findSystemProgram('nginx', 'nginx-light', [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']);

describeRecipe('nginx', NGINX, async ({ wardenPort, upstreamPort }) => {
  const dir = recipeDir('nginx');
  const port = await freePort();
  const snippet = path.join(dir, 'warden-auth.conf');
  fs.writeFileSync(snippet, recipe('nginx-snippet'));
  fs.writeFileSync(path.join(dir, 'site.conf'), substitute(recipe('nginx'), [
    ['listen 80;', `listen 127.0.0.1:${port};`],
    [ASSUMED.warden, `127.0.0.1:${wardenPort}`],
    [ASSUMED.app, `127.0.0.1:${upstreamPort}`],
    ['/etc/nginx/snippets/warden-auth.conf', snippet],
  ]));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxMainConf(dir, `  include ${dir}/site.conf;`));
  const running = await startProcess('nginx', NGINX.path!, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], port, { logs: [path.join(dir, 'error.log')] });
  return { port, stop: async () => { await running.stop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}, { prefixStripped: false });
