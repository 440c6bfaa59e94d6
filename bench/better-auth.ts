// Better Auth's API-key check, side by side: the anchor in ../shared/anchors/better-auth-bench
// (see its RESULTS.md), run with the same pinning and load as Warden (server on core 0, autocannon
// on core 1, 50 connections, server CPU per request from /proc). Its server runs in a copy of the
// anchor (the folder may be read-only), in WAL mode (the fair comparison with Warden's WAL), and
// seeds 10,000 users with one key each on its first start (reused afterwards).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, ROOT, startPinned, type Figures } from './lib.ts';
import { rng } from './seed.ts';

export const ANCHOR = process.env.BETTER_AUTH_ANCHOR ?? path.resolve(ROOT, '..', 'shared', 'anchors', 'better-auth-bench');
const WORKDIR = process.env.BA_WORKDIR ?? path.join(os.homedir(), '.cache', 'warden-better-auth-bench');

/** Null when the anchor is not there (the row is then left out, saying so). */
export async function benchBetterAuth(): Promise<Figures[] | null> {
  if (!fs.existsSync(path.join(ANCHOR, 'server.mjs'))) {
    console.warn(`Better Auth anchor not found at ${ANCHOR}: no side-by-side figures`);
    return null;
  }
  fs.mkdirSync(WORKDIR, { recursive: true });
  for (const f of ['bench.mjs', 'server.mjs', 'package.json', 'package-lock.json']) {
    const from = path.join(ANCHOR, f);
    const to = path.join(WORKDIR, f);
    if (!fs.existsSync(to) || !fs.readFileSync(from).equals(fs.readFileSync(to))) fs.copyFileSync(from, to);
  }
  if (!fs.existsSync(path.join(WORKDIR, 'node_modules'))) {
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WORKDIR, stdio: 'inherit' });
    if (ci.status !== 0) {
      console.warn('npm ci failed for the Better Auth anchor: no side-by-side figures');
      return null;
    }
  }
  // The first start seeds (about 35 s on this machine); later starts reuse bench.db and keys.txt.
  const server = await startPinned(path.join(WORKDIR, 'server.mjs'), [], { JOURNAL: 'wal' }, '/ping', 15 * 60_000);
  try {
    const keys = fs.readFileSync(path.join(WORKDIR, 'keys.txt'), 'utf8').split('\n').filter(Boolean);
    const random = rng(5);
    const keyed = () => ({ headers: { 'x-api-key': keys[Math.floor(random() * keys.length)] } });
    const rows: Figures[] = [];
    for (const [route, label] of [['/ba', 'Better Auth `verifyApiKey` (plugin defaults)'], ['/ba-norl', 'Better Auth `verifyApiKey` (rate limit off)']] as const) {
      // Its per-key limit (10 a day) is reset before each run, as its RESULTS.md does, so every request is a valid key's.
      await fetch(`${server.url}/_admin/reset-usage`, { method: 'POST' });
      rows.push(await measure({ name: label, server, path: route, perRequest: keyed, warmupSeconds: 2 }));
    }
    rows.push(await measure({ name: 'its hand-written SHA-256 + indexed SELECT (`/sha`)', server, path: '/sha', perRequest: keyed }));
    return rows;
  } finally {
    await server.stop();
  }
}
