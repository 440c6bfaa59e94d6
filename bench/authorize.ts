// Issue 3's benchmark: POST /api/authorize and GET /api/forward-auth (with action and datastore_id)
// on 10,000 users, 1,000 teams and 5,000 datastores, against a bare Fastify route in the same run.
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { benchDatabases, measure, startPinned, table, ROOT, type Figures } from './lib.ts';
import { seedAccessDataSet } from './seed.ts';

const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];

export async function benchAuthorize(): Promise<string> {
  const sections: string[] = [];
  const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
  try {
    for (const database of await benchDatabases()) {
      const { env, drop } = await database.env();
      const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
      await migrateToLatest(db);
      const started = performance.now();
      const data = await seedAccessDataSet(db);
      const seedSeconds = (performance.now() - started) / 1000;
      await db.close();
      const server = await startPinned(`${ROOT}bin/warden.js`, ['serve'], { ...env, WARDEN_LOG_LEVEL: 'warn', WARDEN_ENV: 'production', WARDEN_AUTH_FAILURE_LIMIT: '1000000' });
      try {
        // Request i: user (i * 7919) mod 10,000 asks about datastore (i * 104729) mod 5,000.
        const tokenOf = (i: number) => data.tokens[(i * 7919) % data.tokens.length];
        const datastoreOf = (i: number) => data.datastoreIds[(i * 104729) % data.datastoreIds.length];
        const rows: Figures[] = [];
        rows.push(await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }));
        rows.push(await measure({
          name: '`POST /api/authorize` (datastore action)',
          server,
          path: '/api/authorize',
          method: 'POST',
          perRequest: (i) => ({
            headers: { authorization: `Bearer ${tokenOf(i)}`, 'content-type': 'application/json' },
            body: JSON.stringify({ action: ACTIONS[i % ACTIONS.length], datastore_id: datastoreOf(i) }),
          }),
        }));
        rows.push(await measure({
          name: '`GET /api/forward-auth?action=…&datastore_id=…`',
          server,
          path: '/api/forward-auth',
          perRequest: (i) => ({
            headers: { authorization: `Bearer ${tokenOf(i)}` },
            path: `/api/forward-auth?action=${ACTIONS[i % ACTIONS.length]}&datastore_id=${datastoreOf(i)}`,
          }),
        }));
        console.log(`\n${database.name} (data set built in ${seedSeconds.toFixed(1)} s)\n${table(rows)}`);
        sections.push(`### ${database.name === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n\nData set built in ${seedSeconds.toFixed(1)} s.\n\n${table(rows)}`);
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
