// `warden authorize <action> [--datastore D] [--user U]`: the decision and its reason, with the
// exit code a shell condition wants: 0 allowed, 1 denied (2 for an unknown action, 4 without a
// valid credential). `if warden authorize checks.manage --datastore 7 --quiet; then …`
import type { Command } from '@commander-js/extra-typings';
import { CliError, EXIT } from './errors.ts';
import { fetchData } from './http.ts';
import { paint, print, printJson } from './output.ts';
import { connect, datastoreIdOf, userIdOf } from './refs.ts';
import { JSON_OPTION, URL_OPTION, run } from './run.ts';

export function registerAuthorizeCommand(program: Command<any, any, any>): void {
  program
    .command('authorize')
    .description('may this user take this action (on this datastore)? exit 0 when allowed, 1 when denied')
    .argument('<action>', 'an action of the catalog, e.g. datastore.read, checks.manage, users.manage')
    .option('--datastore <datastore>', 'the datastore (id or name), for datastore actions')
    .option('--user <user>', 'decide for this user (id, user_id, email or exact name; needs users.read) instead of yourself')
    .option('-q, --quiet', 'print nothing; only the exit code tells')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (action, opts) => {
      const api = connect(opts);
      const datastore_id = opts.datastore ? await datastoreIdOf(api, opts.datastore) : undefined;
      const user_id = opts.user === undefined ? undefined : await userIdOf(api, opts.user);
      let decision;
      try {
        decision = await fetchData(api.target, api.client.POST('/api/authorize', { body: { action: action as never, datastore_id, user_id } }));
      } catch (err) {
        // An unknown action, or a datastore action without a datastore: the command line is wrong.
        if (err instanceof CliError && err.status === 422) err.exitCode = EXIT.usage;
        throw err;
      }
      if (opts.json) printJson(decision);
      else if (!opts.quiet) {
        const who = `${decision.user.name} (${decision.user.user_id}, ${decision.role})`;
        const on = decision.datastore_id === null ? '' : ` on datastore ${decision.datastore_id}`;
        const level = decision.level ? `, level ${decision.level}${decision.team ? ` through team ${decision.team.name}` : ''}` : '';
        print(`${decision.allowed ? paint('allowed', 'green') : paint('denied', 'red')}: ${who} ${decision.action}${on} (reason: ${decision.reason}${level})`);
      }
      return decision.allowed ? EXIT.ok : EXIT.failure;
    }));
}
