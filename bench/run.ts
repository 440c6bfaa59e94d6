// `npm run bench`: runs the benchmarks and writes their figures into bench/README.md.
// BENCH_SECONDS (default 8) sets the measured seconds per route; BENCH_DATABASE_URL the PostgreSQL server.
import { execFileSync } from 'node:child_process';
import { benchAuthorize } from './authorize.ts';
import { benchCore } from './core.ts';
import { benchDatabases, machine, pinSelf, ROOT, writeSection } from './lib.ts';

pinSelf();
const when = new Date().toISOString().slice(0, 10);
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const header = `Measured ${when} at commit ${commit} on ${machine()}; server pinned to core 0 (\`taskset -c 0\`), autocannon (16 connections) on core 1, ${process.env.BENCH_SECONDS ?? 8} s per route after a 1 s warm-up. Command: \`npm run bench\`.`;

const only = process.argv[2];
if (!only || only === 'core') {
  const figures = await benchCore();
  writeSection('core', `## Core: authenticating a request\n\n${header}\n\n${figures}`);
}
if (!only || only === 'authorize') {
  const figures = await benchAuthorize();
  writeSection('authorize', `## Decisions: authorize and forward-auth\n\n${header} Data set: 10,000 users (member role, one token each), 1,000 teams at random levels, 5,000 datastores each in 1–3 teams, every user in 1–5 teams; each request is a different user asking about a different datastore and action: four in five about a datastore the user reaches through a team (allowed, or denied by level: 403 on forward-auth), one in five about any datastore (mostly invisible to the user: 404 on authorize, 403 on forward-auth). The non-2xx column counts those denials, which are correct answers.\n\n${figures}`);
}
if (!only || only === 'scim') {
  // Provisioning at directory scale (bench/scim.ts writes its own section), once per database.
  for (const database of await benchDatabases()) {
    const env = { ...process.env } as Record<string, string>;
    delete env.WARDEN_DATABASE_URL;
    if (database.name === 'postgres') env.WARDEN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    execFileSync(process.execPath, [`${ROOT}bench/scim.ts`], { env, stdio: 'inherit' });
  }
}
