// Starts the server: config → db → migrations → app → listen; SIGTERM drains and exits 0.
import os from 'node:os';
import util from 'node:util';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, sqliteFilesNotPrivate, type Db } from './db/connection.ts';
import { describeProxyTrust } from './http/client-address.ts';
import { prepareSchema } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { hasActiveAdmin } from './users/store.ts';
import { wardenCommand, whereToRun } from './hints.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const db = openDatabase(config);
  try {
    await prepareSchema(db, config.migrate);
  } catch (err) {
    await db.close();
    throw err;
  }
  const app = await buildApp({ config, db });
  const address = await app.listen({ host: config.host, port: config.port });
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
  if (!(await hasActiveAdmin(db.kysely))) {
    app.log.warn(`No active Admin yet. Run \`${wardenCommand('bootstrap')}\` (${whereToRun()}) to get a one-day Admin token.`);
  }
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close(); // stops accepting, waits for in-flight requests, flushes last-used figures
      await db.close();
    })());
  return { app, db, url, close };
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
