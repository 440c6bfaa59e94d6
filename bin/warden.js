#!/usr/bin/env node
// The `warden` command. Node 24 runs the TypeScript sources directly (type stripping); an older
// Node cannot even parse them, so the version is checked here, in plain JavaScript, first.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`Warden needs Node.js 24 or newer; this is v${process.versions.node}. See .nvmrc (nvm use) or https://nodejs.org.\n`);
  process.exit(2);
}
await import('../src/cli/main.ts');
