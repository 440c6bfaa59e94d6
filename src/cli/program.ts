// The `warden` program: noun–verb commands over the API (like `gh`), and the operator commands
// that work on the database. Each noun lives in its own file; this one assembles them and owns
// the conventions every command shares: exit codes, usage errors, help.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { EXIT } from './errors.ts';
import { reportError } from './run.ts';
import { CLI_VERSION } from './http.ts';
import { registerOperatorCommands } from './operator.ts';
import { registerAuthCommands } from './auth.ts';
import { registerUserCommands } from './users.ts';
import { registerTokenCommands } from './tokens.ts';
import { registerTeamCommands } from './teams.ts';
import { registerDirectoryCommands } from './directory.ts';
import { registerDatastoreCommands } from './datastores.ts';
import { registerAuditCommands } from './audit.ts';
import { registerReviewCommands } from './reviews.ts';
import { registerWebhookCommands } from './webhooks.ts';
import { registerAuthorizeCommand } from './authorize.ts';
import { registerApiCommand } from './api.ts';
import { registerDoctorCommand } from './doctor.ts';
import { registerCompletionCommand } from './completion.ts';
import { registerWorkloadIdentityCommands } from './workload-identities.ts';

const FOOTER = `
Exit codes:
  0  success
  1  failure: the request failed or was refused; for \`authorize\`: denied
  2  usage error: unknown command or option, a bad value
  4  authentication needed: not signed in, or the token was refused

Environment:
  WARDEN_URL       the Warden to talk to (over the current saved instance)
  WARDEN_TOKEN     the token to use (over the saved one): for CI
  NO_COLOR         never colour the output
  XDG_CONFIG_HOME  where warden/credentials.json is kept (default ~/.config)

Output: tables and relative times on a terminal; tab-separated rows and ISO times when piped;
--json prints the API's own objects. Docs: docs/cli.md`;

function buildProgram(): Command {
  const program = new Command('warden')
    .description('Warden: access management for data platforms, from a terminal')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError()
    // Usage errors say `warden: …` like every other error; exit codes are mapped in main().
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'warden: ')) })
    .exitOverride()
    .addHelpText('after', FOOTER);
  // Settings above are inherited by the subcommands created below.
  registerAuthCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerTeamCommands(program);
  registerDirectoryCommands(program);
  registerDatastoreCommands(program);
  registerAuditCommands(program);
  registerReviewCommands(program);
  registerWebhookCommands(program);
  registerWorkloadIdentityCommands(program);
  registerAuthorizeCommand(program);
  registerApiCommand(program);
  registerDoctorCommand(program);
  registerCompletionCommand(program);
  registerOperatorCommands(program);
  return program as unknown as Command;
}

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help, --version: 0. Anything else commander refuses is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportError(err); // never a stack trace
  }
}

await main();
