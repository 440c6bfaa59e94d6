// Issue 2's benchmark: GET /api/users/me with a different valid service token per request
// (drawn from 10,000), against a bare Fastify route and Warden's own /healthz, same run.
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { benchDatabases, measure, startPinned, table, ROOT, type Figures } from './lib.ts';
import { seedServiceTokens } from './seed.ts';

export async function benchCore(): Promise<string> {
  const sections: string[] = [];
  const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
  try {
    for (const database of await benchDatabases()) {
      const { env, drop } = await database.env();
      const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
      await migrateToLatest(db);
      const secrets = await seedServiceTokens(db, 100, 10_000);
      await db.close();
      const server = await startPinned(`${ROOT}bin/warden.js`, ['serve'], { ...env, WARDEN_LOG_LEVEL: 'warn', WARDEN_ENV: 'production', WARDEN_AUTH_FAILURE_LIMIT: '1000000' });
      try {
        const rows: Figures[] = [];
        rows.push(await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }));
        rows.push(await measure({ name: 'Warden `GET /healthz` (no auth)', server, path: '/healthz' }));
        rows.push(await measure({
          name: 'Warden `GET /api/users/me` (10,000 tokens, rotating)',
          server,
          path: '/api/users/me',
          perRequest: (i) => ({ headers: { authorization: `Bearer ${secrets[(i * 7919) % secrets.length]}` } }),
        }));
        console.log(`\n${database.name}\n${table(rows)}`);
        sections.push(`### ${database.name === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n\n${table(rows)}`);
      } finally {
        await server.stop();
        await drop();
      }
    }
  } finally {
    await bare.stop();
  }
  return sections.join('\n\n');
}
