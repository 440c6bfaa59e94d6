// The operator commands that work on the database itself: serve, migrate, bootstrap. They load
// the server's modules only when run, so that the API commands start fast.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { RunningServer } from '../main.ts';
import { redactUrl } from '../config.ts';
import { CliError, EXIT } from './errors.ts';
import { run } from './run.ts';

async function configOrExit(): Promise<Config> {
  const { ConfigError, loadConfig } = await import('../config.ts');
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`invalid configuration: ${err.message}`, EXIT.usage);
    throw err;
  }
}

export function sqliteFile(config: Config): string {
  return path.join(config.dataDir, 'warden.db');
}

/** Which database a command works on, printable: the SQLite file, or the PostgreSQL URL without its password. */
export async function describeDatabase(config: Config): Promise<string> {
  return config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `SQLite ${sqliteFile(config)}`;
}

/** Whether Warden's migrations have run on this database (the table Kysely's migrator keeps). */
async function hasMigrations(db: Db): Promise<boolean> {
  const { sql } = await import('kysely');
  const query = db.dialect === 'postgres'
    ? sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'kysely_migration' and table_schema = current_schema()`
    : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`;
  const { rows } = await query.execute(db.kysely);
  return Number(rows[0]?.n ?? 0) > 0;
}

function noDatabase(config: Config): CliError {
  const where = config.databaseUrl
    ? `${redactUrl(config.databaseUrl)} (PostgreSQL, no Warden tables)`
    : `${sqliteFile(config)} (SQLite, no such file${process.env.WARDEN_DATA_DIR ? '' : '; WARDEN_DATA_DIR is unset, so ./data here'})`;
  const how = config.databaseUrl ? 'WARDEN_DATABASE_URL' : 'WARDEN_DATA_DIR or WARDEN_DATABASE_URL';
  return new CliError(`no Warden database at ${where}: run it with the server's ${how}, or start \`warden serve\` first`, EXIT.usage);
}

export function registerOperatorCommands(program: Command<any, any, any>): void {
  program.commandsGroup('Operator commands (on the database, with the server\'s environment):');

  program
    .command('serve')
    .description('apply pending migrations and serve the API (what `npm start` runs)')
    .action(run(async () => {
      const config = await configOrExit();
      const { DatabaseStartError, routeConsoleToLog, startServer, stopWhenParentExits } = await import('../main.ts');
      const { startDevelopmentSignIn } = await import('../sso/dev-signin.ts');
      const { pino } = await import('pino');
      const consoleLog = routeConsoleToLog();
      // The server's own logger exists only once the database is open: the retries before that
      // are logged as the same JSON lines on stdout.
      const startLog = pino({ level: config.logLevel });
      // No IdP in development: a development OpenID Provider on loopback (never in production or test).
      const devSignIn = await startDevelopmentSignIn(config);
      let server: RunningServer;
      try {
        server = await startServer(devSignIn?.config ?? config, {
          onDatabaseRetry: ({ attempt, error, retryInMs }) =>
            startLog.warn(`database not ready (${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `SQLite ${sqliteFile(config)}`}; attempt ${attempt}): ${error.message}; retrying in ${(retryInMs / 1000).toFixed(1)} s`),
        });
      } catch (err) {
        // Stop everything started so far: a process manager sees the exit and restarts or alerts.
        await devSignIn?.provider?.close().catch(() => {});
        if (err instanceof DatabaseStartError) {
          startLog.fatal(err.message);
          throw new CliError(err.message, EXIT.failure, err.hint ?? (config.databaseUrl ? 'check WARDEN_DATABASE_URL: the server, the database name, the user and its rights' : 'point WARDEN_DATA_DIR at a directory Warden can create and write warden.db in'));
        }
        throw portInUse(err, config) ?? err;
      }
      consoleLog.attach(server.app.log);
      if (devSignIn) server.app.log[devSignIn.level](devSignIn.message);
      server.app.flushLog(); // the start-up lines out at once (the log is buffered)
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.app.log.info(`${signal}: draining requests and closing`);
        server.close().then(() => devSignIn?.provider?.close()).then(
          () => process.exit(0),
          (err) => {
            process.stderr.write(`warden: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM received'));
      process.once('SIGINT', () => stop('SIGINT received'));
      stopWhenParentExits(stop);
    }));

  program
    .command('migrate')
    .description('apply pending database migrations and exit (prints which database)')
    .option('--check', 'apply nothing: exit 0 when no migration is pending, 1 (listing them) when some are')
    .action(run(async (opts) => {
      const config = await configOrExit();
      const { openDatabase } = await import('../db/connection.ts');
      const { migrateToLatest, pendingMigrations } = await import('../db/migrate.ts');
      process.stdout.write(`database: ${await describeDatabase(config)}\n`);
      const db = openDatabase(config);
      try {
        if (opts.check) {
          const pending = await pendingMigrations(db);
          if (pending.length === 0) {
            process.stdout.write('database is up to date\n');
            return;
          }
          throw new CliError(`${pending.length} migration${pending.length === 1 ? '' : 's'} pending: ${pending.join(', ')}`, EXIT.failure, 'run `warden migrate`');
        }
        const applied = await migrateToLatest(db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await db.close();
      }
    }));

  program
    .command('bootstrap')
    .description('create (or restore) the Bootstrap Admin service user and print a new 1-day Admin token')
    .option('--json', 'print exactly one JSON object {token, id, user_id, expires_at} (the database line goes to stderr)')
    .addHelpText('after', '\nRun it with the same environment as the server (WARDEN_DATA_DIR or WARDEN_DATABASE_URL): it refuses, exit 2, where there is no Warden database yet.')
    .action(run(async (opts) => {
      const config = await configOrExit();
      const where = await describeDatabase(config);
      // Never create an empty database the running server does not use.
      if (!config.databaseUrl && !fs.existsSync(sqliteFile(config))) throw noDatabase(config);
      const { openDatabase } = await import('../db/connection.ts');
      const { migrateToLatest } = await import('../db/migrate.ts');
      const { bootstrapAdmin } = await import('../users/bootstrap.ts');
      const db = openDatabase(config);
      try {
        let found: boolean;
        try {
          found = await hasMigrations(db);
        } catch (err) {
          throw new CliError(`cannot open the database ${where}: ${(err as Error).message}`);
        }
        if (!found) throw noDatabase(config);
        (opts.json ? process.stderr : process.stdout).write(`database: ${where}\n`);
        await migrateToLatest(db);
        const result = await bootstrapAdmin(db, config.maxTokenDays);
        // The URL the CLI reaches the server at: WARDEN_URL when set, else the server's public URL
        // (which follows WARDEN_PORT).
        const url = process.env.WARDEN_URL?.replace(/\/+$/, '') || config.publicUrl;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          process.stdout.write(
            `Admin token for ${result.user_id} (expires ${result.expires_at}); it is shown only once:\n\n  ${result.token}\n\n` +
              `Use it from the CLI:  warden auth login --with-token --url ${url}   (then paste it)\n` +
              `or with curl:         curl -H "Authorization: Bearer $TOKEN" ${url}/api/users/me\n`,
          );
        }
      } finally {
        await db.close();
      }
    }));
}

/** A port already taken, named by the setting that chose it. */
export function portInUse(err: unknown, config: Pick<Config, 'host' | 'port' | 'metricsPort'>): CliError | null {
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE') return null;
  const setting = e.port === config.metricsPort ? 'WARDEN_METRICS_PORT' : 'WARDEN_PORT';
  return new CliError(`${config.host}:${e.port ?? '?'} is already in use (${setting}): another process, or another Warden, listens there`, EXIT.failure, `stop what listens there, or set another ${setting}`);
}
