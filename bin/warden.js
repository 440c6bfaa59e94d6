#!/usr/bin/env node
// The `warden` command. In a checkout, Node 24 runs the TypeScript sources directly (type
// stripping); the npm package and the image ship no sources but the same program compiled to
// JavaScript (dist/, `npm run build:server`), because Node strips types only outside node_modules.
// An older Node cannot even parse the program, so the version is checked here, in plain JavaScript, first.
import fs from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`Warden needs Node.js 24 or newer; this is v${process.versions.node}. See .nvmrc (nvm use) or https://nodejs.org.\n`);
  process.exit(2);
}
const source = new URL('../src/cli/main.ts', import.meta.url);
await import(fs.existsSync(source) ? source.href : new URL('../dist/cli/main.js', import.meta.url).href);
