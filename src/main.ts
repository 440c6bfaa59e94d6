// Starts the server: config → db → migrations → app → listen; SIGTERM drains and exits 0.
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadConfig, redactUrl, type Config } from './config.ts';
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

export interface StartOptions {
  /**
   * How long a PostgreSQL that is unreachable, missing or refusing the migration is retried before
   * startServer gives up (a database starting beside Warden, in a compose file, gets that long).
   */
  databaseWaitMs?: number;
  /** Told of each failed attempt before the next (serve logs it). */
  onDatabaseRetry?: (failure: DatabaseRetry) => void;
}

export interface DatabaseRetry {
  attempt: number;
  error: Error;
  retryInMs: number;
}

/** The database could not be opened and migrated: the message names it, and what was wrong. */
export class DatabaseStartError extends Error {}

/** Ten seconds: a process manager restarting Warden is the retry beyond that. */
export const DATABASE_WAIT_MS = 10_000;

export async function startServer(config: Config = loadConfig(), options: StartOptions = {}): Promise<RunningServer> {
  const db = await openMigratedDatabase(config, options);
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, db });
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // Stop what was started, so that the process can end (a port in use, say).
    await app.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }
  const url = address.replace('[::1]', 'localhost');
  const port = new URL(address).port;
  const reachable = listeningUrls(config.host, port);
  app.log.info({ addresses: reachable, public_url: config.publicUrl, database: db.dialect }, `Warden listening on ${reachable.join(', ')} (people reach it at ${config.publicUrl}; database: ${db.dialect})`);
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

/**
 * Opens the database and applies pending migrations. PostgreSQL is retried for a short window
 * (unreachable, missing, refusing the migration: each attempt reported through onDatabaseRetry),
 * then refused; SQLite fails at once, naming WARDEN_DATA_DIR and the file, since waiting cannot
 * make an unusable directory usable.
 */
export async function openMigratedDatabase(config: Config, options: StartOptions = {}): Promise<Db> {
  if (!config.databaseUrl) {
    const file = path.join(config.dataDir, 'warden.db');
    let db: Db | null = null;
    try {
      db = openDatabase(config);
      await migrateToLatest(db);
      return db;
    } catch (err) {
      await db?.close().catch(() => {});
      throw new DatabaseStartError(`WARDEN_DATA_DIR ${config.dataDir} is not usable: cannot open or migrate the SQLite database ${file}: ${(err as Error).message}`);
    }
  }
  const waitMs = options.databaseWaitMs ?? DATABASE_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    const db = openDatabase(config);
    try {
      await migrateToLatest(db);
      return db;
    } catch (err) {
      await db.close().catch(() => {});
      const error = err instanceof Error ? err : new Error(String(err));
      const retryInMs = Math.min(500 * 2 ** (attempt - 1), 2_000, deadline - Date.now());
      if (retryInMs <= 0) {
        throw new DatabaseStartError(`cannot use the PostgreSQL database ${redactUrl(config.databaseUrl)} (gave up after ${attempt} attempts in ${Math.round(waitMs / 1000)} s): ${error.message}`);
      }
      options.onDatabaseRetry?.({ attempt, error, retryInMs });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}

/** The URLs the server answers on: every interface's address when it listens on all of them. */
export function listeningUrls(host: string, port: string): string[] {
  const all = host === '0.0.0.0' || host === '::';
  if (!all) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const addresses = Object.values(os.networkInterfaces()).flat().filter((a) => a && (host === '::' || a.family === 'IPv4'));
  return addresses.map((a) => `http://${a!.family === 'IPv6' ? `[${a!.address}]` : a!.address}:${port}`);
}

/**
 * Keeps stdout JSON lines: what dependencies print with console.* (oidc-provider's development
 * warnings) goes through the server's logger instead, held until the logger exists.
 */
export function routeConsoleToLog(): { attach(log: FastifyBaseLogger): void } {
  const early: ['info' | 'warn' | 'error', string][] = [];
  let target: FastifyBaseLogger | null = null;
  const write = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const text = util.stripVTControlCharacters(util.format(...args));
    if (target) target[level]({ source: 'console' }, text);
    else early.push([level, text]);
  };
  console.log = console.info = console.debug = write('info');
  console.warn = write('warn');
  console.error = write('error');
  return {
    attach(log) {
      target = log;
      for (const [level, text] of early.splice(0)) log[level]({ source: 'console' }, text);
    },
  };
}

/**
 * Under `npm start`, npm is the parent, and npm exits on SIGTERM without passing it on: the server
 * then notices its parent is gone and drains and exits as if signalled, instead of running on as an
 * orphan holding the port.
 */
export function stopWhenParentExits(stop: (why: string) => void, everyMs = 500): void {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop('npm (the parent process) exited');
    }
  }, everyMs);
  timer.unref();
}
