// What one cache entry costs in memory (the figures docs/configuration.md's WARDEN_CACHE_* settings quote):
// the caches of src/cache filled from a seeded SQLite file, V8's used heap measured after full
// collections before and after each batch of entries. Each entry is measured as a request leaves
// it: a token's with the principal that authentication builds on it and keeps (http/auth.ts), not
// only as its fill stores it. Run it with `node --expose-gc`: `npm run bench -- memory` does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { AccessCache } from '../src/cache/access-cache.ts';
import { hashToken } from '../src/tokens/format.ts';
import { authenticateBearer, type AuthDeps } from '../src/http/auth.ts';
import { UserViewCache } from '../src/cache/user-views.ts';
import { getUserView } from '../src/users/service.ts';
import { SYSTEM_CONTEXT } from '../src/access/principal.ts';
import { seedAtScale } from './seed.ts';

const SIZES = { users: 20_000, tokensPerUser: 5, teams: 2_000, datastores: 20_000 };

export interface CacheMemory {
  /** Bytes per entry, by cache. */
  token: number;
  user: number;
  datastore: number;
  view: number;
  markdown: string;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

/** Bytes per entry that `fill` adds to `size()`. */
async function perEntry(fill: () => void, size: () => number): Promise<number> {
  const n0 = size();
  const h0 = await heapUsed();
  fill();
  const h1 = await heapUsed();
  return (h1 - h0) / (size() - n0);
}

export async function benchCacheMemory(): Promise<CacheMemory> {
  if (!gc) throw new Error('run with node --expose-gc');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-cache-memory-'));
  try {
    const setup = openDatabase({ databaseUrl: null, dataDir: dir });
    await migrateToLatest(setup);
    await setup.close();
    const data = await seedAtScale({ sqliteFile: path.join(dir, 'warden.db') }, SIZES);
    const hashes = data.tokens.map(hashToken);
    const db = openDatabase({ databaseUrl: null, dataDir: dir });
    const cache = new AccessCache(db, { tokens: 1e7, users: 1e7, datastores: 1e7 });
    // What authentication needs besides the cache: the last use is recorded elsewhere (not an entry).
    const auth = { db, cache, lastUsed: { record() {} } } as unknown as AuthDeps;
    const use = (i: number) => {
      const principal = authenticateBearer(auth, data.tokens[i], '127.0.0.1', hashes[i]);
      if (principal instanceof Promise || typeof principal === 'string' || 'wrongScheme' in principal) throw new Error(`token ${i} refused`);
    };
    // Warm-up: statements prepared, code compiled, the owners of every token cached (a token's fill
    // also caches its owner: tokens are measured apart from them).
    for (let id = 1; id <= SIZES.users; id++) cache.user(id);
    cache.datastore(SIZES.datastores);
    const half = hashes.length / 2;
    for (let i = half; i < half + 1000; i++) use(i);
    const token = await perEntry(() => { for (let i = 0; i < half; i++) use(i); }, () => cache.tokens.lru.size);
    cache.users.lru.clear();
    cache.user(1);
    const user = await perEntry(() => { for (let id = 2; id <= SIZES.users; id++) cache.user(id); }, () => cache.users.lru.size);
    const datastore = await perEntry(() => { for (let id = 1; id < SIZES.datastores; id++) cache.datastore(id); }, () => cache.datastores.lru.size);
    // A user's `/users/me` view as the route leaves it: the view and its serialised body (JSON.stringify
    // stands in for the route's serializer: the same fields, the same length).
    const views = new UserViewCache(cache, 1e7);
    const now = Date.now();
    const see = async (id: number) => {
      const view = await views.get(id, now, () => getUserView(db, { ...SYSTEM_CONTEXT, now }, id));
      views.bodyOf(id, view, JSON.stringify);
    };
    await see(1);
    const viewIds = Array.from({ length: SIZES.users - 1 }, (_, i) => i + 2);
    const view = await (async () => {
      const n0 = views.size;
      const h0 = await heapUsed();
      for (const id of viewIds) await see(id);
      const h1 = await heapUsed();
      return (h1 - h0) / (views.size - n0);
    })();
    await db.close();
    const kb = (b: number) => (b / 1024).toFixed(2);
    const markdown = `| cache | entries measured | bytes per entry | KB | at its default bound |\n|---|---:|---:|---:|---:|\n` +
      `| tokens (state, restriction, the principal built on first use; the owner apart) | ${half.toLocaleString('en-US')} | ${token.toFixed(0)} | ${kb(token)} | 100,000: ${(token * 100_000 / 1048576).toFixed(0)} MB |\n` +
      `| users (role, activity, memberships: 1–5 teams) | ${(SIZES.users - 1).toLocaleString('en-US')} | ${user.toFixed(0)} | ${kb(user)} | 100,000: ${(user * 100_000 / 1048576).toFixed(0)} MB |\n` +
      `| datastores (1–3 teams with name and level) | ${(SIZES.datastores - 1).toLocaleString('en-US')} | ${datastore.toFixed(0)} | ${kb(datastore)} | 50,000: ${(datastore * 50_000 / 1048576).toFixed(0)} MB |\n` +
      `| \`/users/me\` views (the view and its serialised body; bounded by WARDEN_CACHE_USERS too) | ${(SIZES.users - 1).toLocaleString('en-US')} | ${view.toFixed(0)} | ${kb(view)} | 100,000: ${(view * 100_000 / 1048576).toFixed(0)} MB |`;
    return { token, user, datastore, view, markdown };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
