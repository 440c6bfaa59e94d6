// Starts the server: config → db → migrations → app → listen; SIGTERM drains and exits 0.
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadConfig, redactUrl, type Config } from './config.ts';
import { openDatabase, sqliteFilesNotPrivate, type Db } from './db/connection.ts';
import { describeProxyTrust } from './http/client-address.ts';
import { prepareSchema, SchemaBehindError } from './db/migrate.ts';
import { keepsSessions } from './db/listener.ts';
import { buildApp } from './http/app.ts';
import { hasActiveAdmin } from './users/store.ts';
import { wardenCommand, whereToRun } from './hints.ts';

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
export class DatabaseStartError extends Error {
  /** What to do about it, when it is not the usual (the URL, the database, the user). */
  readonly hint: string | null;
  constructor(message: string, hint: string | null = null) {
    super(message);
    this.hint = hint;
  }
}

/** WARDEN_DATABASE_URL leads to connections without sessions of their own (keepsSessions): refused at once, as waiting changes nothing. */
class SessionsRequiredError extends DatabaseStartError {}

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
  // Asked before listening: once the server answers (/readyz), nothing may wait for I/O before
  // `warden serve` installs its SIGTERM handler, or a SIGTERM sent at once would kill it unhandled.
  let adminExists: boolean;
  try {
    adminExists = await hasActiveAdmin(db.kysely);
  } catch (err) {
    await app.close().catch(() => {});
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
  if (config.trustProxy.kind !== 'none') app.log.info(`WARDEN_TRUST_PROXY: ${describeProxyTrust(config.trustProxy)}`);
  if (db.sqlite) {
    const open = sqliteFilesNotPrivate(db.sqlite.file);
    if (open.length > 0) {
      app.log.warn({ files: open }, `The database is readable by other users: ${open.map((f) => `${f.path} is mode ${f.mode}`).join(', ')}. It holds webhook signing secrets: chmod 700 the directory and 600 the files`);
    }
  }
  if (!adminExists) {
    app.log.warn(`No active Admin yet. Run \`${wardenCommand('bootstrap')}\` (${whereToRun()}) to get a one-day Admin token.`);
  }
  app.flushLog();
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
      await prepareSchema(db, config.migrate);
      return db;
    } catch (err) {
      await db?.close().catch(() => {});
      if (err instanceof SchemaBehindError) throw err; // WARDEN_MIGRATE=off: its own one-line refusal
      throw new DatabaseStartError(`WARDEN_DATA_DIR ${config.dataDir} is not usable: cannot open or migrate the SQLite database ${file}: ${(err as Error).message}`);
    }
  }
  const waitMs = options.databaseWaitMs ?? DATABASE_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    const db = openDatabase(config);
    try {
      // before the migrations, which a pooler in statement mode would cut off in their transaction
      if (!(await keepsSessions(config.databaseUrl))) {
        throw new SessionsRequiredError(
          `the PostgreSQL database ${redactUrl(config.databaseUrl)} does not keep a session per connection: a connection listening for notifications did not hear one, ` +
          'as behind a connection pooler in transaction or statement mode (PgBouncer\'s pool_mode = transaction). Warden needs sessions: its caches hear other nodes\' changes through LISTEN, ' +
          'and it prepares statements by name on its connections',
          'connect to PostgreSQL directly, or through a pooler in session mode (PgBouncer: pool_mode = session); see docs/operations.md',
        );
      }
      await prepareSchema(db, config.migrate);
      return db;
    } catch (err) {
      await db.close().catch(() => {});
      // waiting neither migrates it nor changes the pooler: refused at once
      if (err instanceof SchemaBehindError || err instanceof SessionsRequiredError) throw err;
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
  const early: ConsoleEntry[] = [];
  let target: FastifyBaseLogger | null = null;
  const emit = (log: FastifyBaseLogger, entry: ConsoleEntry) => log[entry.level]({ source: entry.source }, entry.text);
  const write = (level: ConsoleEntry['level']) => (...args: unknown[]) => {
    const entry = consoleEntry(level, util.stripVTControlCharacters(util.format(...args)));
    if (target) emit(target, entry);
    else early.push(entry);
  };
  console.log = console.info = console.debug = write('info');
  console.warn = write('warn');
  console.error = write('error');
  return {
    attach(log) {
      target = log;
      for (const entry of early.splice(0)) emit(log, entry);
    },
  };
}

export interface ConsoleEntry {
  level: 'info' | 'warn' | 'error';
  source: string;
  text: string;
}

/**
 * What a dependency printed, as a log entry. oidc-provider's "WARNING: a quick start
 * development-only …" notices describe the development sign-in exactly as intended: logged as
 * information about that provider, not as a warning about Warden.
 */
export function consoleEntry(level: ConsoleEntry['level'], text: string): ConsoleEntry {
  const notice = /^oidc-provider WARNING: (a quick start development-only .*)$/s.exec(text);
  if (notice) return { level: 'info', source: 'development-sign-in', text: `development OpenID Provider (expected in development): ${notice[1]}` };
  return { level, source: 'console', text };
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
