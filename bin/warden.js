#!/usr/bin/env node
// The `warden` command. In a checkout, Node 24 runs the TypeScript sources directly (type
// stripping); the npm package and the image ship no sources but the same program compiled to
// JavaScript (dist/, `npm run build:server`), because Node strips types only outside node_modules.
// An older Node cannot even parse the program, so the version is checked here, in plain JavaScript, first.
import fs from 'node:fs';
import module from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`Warden needs Node.js 24 or newer; this is v${process.versions.node}. See .nvmrc (nvm use) or https://nodejs.org.\n`);
  process.exit(2);
}
// Node's compile cache on before the first TypeScript module loads (src/cli/main.ts turns it on too,
// for the compiled package): with every module's type-stripped code cached, Node need not even
// load its TypeScript stripper (about half of a command's start on a busy machine).
module.enableCompileCache?.();
// `warden serve` runs Node with --max-semi-space-size=8 (issue 24): V8 sizes its young generation by
// the machine's memory (up to 64 MB per semi-space) and a busy node then holds hundreds of MB it
// does not need. A V8 heap is sized when the process starts, so the process replaces itself
// (execve: same pid, same open files and signals) with one that has the flag. Any semi-space
// setting of the operator's own (node's arguments or NODE_OPTIONS) is kept as it is.
const SEMI_SPACE = '--max-semi-space-size';
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command === 'serve' && typeof process.execve === 'function' && process.platform !== 'win32'
  && ![...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith(SEMI_SPACE) || arg.startsWith('--max_semi_space_size'))) {
  process.execve(process.execPath, [process.execPath, `${SEMI_SPACE}=8`, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
const source = new URL('../src/cli/main.ts', import.meta.url);
await import(fs.existsSync(source) ? source.href : new URL('../dist/cli/main.js', import.meta.url).href);
