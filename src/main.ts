// Starts the server: config → db → migrations → app → listen; SIGTERM drains and exits 0.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Db } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { hasActiveAdmin } from './users/store.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const app = await buildApp({ config, db });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  app.log.info(`Warden listening on ${url} (database: ${db.dialect})`);
  if (!(await hasActiveAdmin(db.kysely))) {
    app.log.warn('No active Admin yet. Run `npx warden bootstrap` (same environment) to get a one-day Admin token.');
  }
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close(); // stops accepting, waits for in-flight requests, flushes last-used figures
      await db.close();
    })());
  return { app, db, url, close };
}
