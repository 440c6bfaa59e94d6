// The `warden` command: serve, migrate, bootstrap.
import { Command } from '@commander-js/extra-typings';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bootstrapAdmin } from '../users/bootstrap.ts';
import { startServer } from '../main.ts';
import { startDevelopmentSignIn } from '../sso/dev-signin.ts';
import { registerLoginCommand } from './login.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`warden: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

function fail(err: unknown): never {
  process.stderr.write(`warden: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const program = new Command('warden').description('Warden: access management for data platforms').showHelpAfterError();

program
  .command('serve')
  .description('apply pending migrations and serve the API (what `npm start` runs)')
  .action(async () => {
    const config = configOrExit();
    // No IdP in development: a development OpenID Provider on loopback (never in production or test).
    const devSignIn = await startDevelopmentSignIn(config);
    const server = await startServer(devSignIn?.config ?? config).catch(fail);
    if (devSignIn) server.app.log[devSignIn.level](devSignIn.message);
    const stop = (signal: string) => {
      server.app.log.info(`${signal} received: draining requests and closing`);
      server.close().then(() => devSignIn?.provider?.close()).then(() => process.exit(0), (err) => fail(err));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const config = configOrExit();
    const db = openDatabase(config);
    try {
      const applied = await migrateToLatest(db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } catch (err) {
      fail(err);
    } finally {
      await db.close();
    }
  });

program
  .command('bootstrap')
  .description('create (or restore) the Bootstrap Admin service user and print a new 1-day Admin token')
  .option('--json', 'print exactly one JSON object {token, id, user_id, expires_at}')
  .action(async (opts) => {
    const config = configOrExit();
    const db = openDatabase(config);
    try {
      await migrateToLatest(db);
      const result = await bootstrapAdmin(db, config.maxTokenDays);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(
          `Admin token for ${result.user_id} (expires ${result.expires_at}); it is shown only once:\n\n  ${result.token}\n\n` +
            `Use it:  curl -H "Authorization: Bearer ${result.token}" ${config.publicUrl}/api/users/me\n`,
        );
      }
    } catch (err) {
      fail(err);
    } finally {
      await db.close();
    }
  });

registerLoginCommand(program);

await program.parseAsync(process.argv);
