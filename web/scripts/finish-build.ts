// Runs after `vite build`: writes .br and .gz copies of every asset (the server sends them to
// browsers that take them), then prints the console's initial JavaScript, i.e. what index.html
// loads before anything else (the entry script and its modulepreloads), in gzip bytes, and fails
// the build above the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_KB = 250;
const dist = path.join(import.meta.dirname, '..', 'dist');
const assets = path.join(dist, 'assets');

for (const name of fs.readdirSync(assets)) {
  if (!/\.(js|css|svg|json)$/.test(name)) continue;
  const file = path.join(assets, name);
  const content = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
if (initial.length === 0) throw new Error('no script found in dist/index.html');
let total = 0;
for (const file of initial) {
  const bytes = zlib.gzipSync(fs.readFileSync(path.join(dist, file.replace(/^\//, ''))), { level: 9 }).length;
  total += bytes;
  process.stdout.write(`  ${file}  ${(bytes / 1024).toFixed(1)} KB gzip\n`);
}
const kb = total / 1024;
process.stdout.write(`Console initial JavaScript: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB), ${initial.length} file(s)\n`);
if (kb > BUDGET_KB) {
  process.stderr.write(`The console's initial JavaScript exceeds the ${BUDGET_KB} KB gzip budget\n`);
  process.exit(1);
}
