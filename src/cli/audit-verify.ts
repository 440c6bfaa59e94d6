// `warden audit verify`: an operator command on the database itself (like migrate and bootstrap,
// with the server's environment): walks the audit log's hash chain and names the first event that
// does not match. Exit 0 when the chain is intact, 1 when it is not. Needs no server and no token:
// it is what an auditor runs against the database (or a restored copy of it).
import fs from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { CliError, EXIT } from './errors.ts';
import { run } from './run.ts';
import { describeDatabase, sqliteFile } from './operator.ts';

export function registerAuditVerifyCommand(audit: Command<any, any, any>): void {
  audit
    .command('verify')
    .description('operator: check the audit log\'s hash chain on the database (the server\'s environment); exit 1 at the first event that does not match')
    .option('--json', 'print the report {ok, checked, first_failure, head} as JSON')
    .addHelpText('after', '\nRun it with the server\'s WARDEN_DATA_DIR or WARDEN_DATABASE_URL. The API has the same check at GET /api/audit-events/verify (Admin).')
    .action(run(async (opts) => {
      const { ConfigError, loadConfig } = await import('../config.ts');
      let config;
      try {
        config = loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(`invalid configuration: ${err.message}`, EXIT.usage);
        throw err;
      }
      const where = await describeDatabase(config);
      if (!config.databaseUrl && !fs.existsSync(sqliteFile(config))) {
        throw new CliError(`no Warden database at ${sqliteFile(config)}: run it with the server's WARDEN_DATA_DIR or WARDEN_DATABASE_URL`, EXIT.usage);
      }
      const { openDatabase } = await import('../db/connection.ts');
      const { verifyChain } = await import('../audit/chain.ts');
      const db = openDatabase(config);
      try {
        if (!opts.json) process.stdout.write(`database: ${where}\n`);
        let report;
        try {
          report = await verifyChain(db.kysely);
        } catch (err) {
          throw new CliError(`cannot read the audit log at ${where}: ${(err as Error).message}`);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else if (report.ok) process.stdout.write(`audit chain intact: ${report.checked} events${report.head ? `, head event ${report.head.id} ${report.head.hash}` : ''}\n`);
        else process.stdout.write(`audit chain broken at event ${report.first_failure!.id} (${report.first_failure!.problem}): ${report.first_failure!.detail}\n${report.checked} events before it matched${report.head ? `, the last of them event ${report.head.id}` : ''}\n`);
        return report.ok ? EXIT.ok : EXIT.failure;
      } finally {
        await db.close();
      }
    }));
}
