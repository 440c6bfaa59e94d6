// `warden directory-mappings list|add|remove`: directory groups → teams and roles (Admin).
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData } from './http.ts';
import { note, print, printJson, table, when } from './output.ts';
import { connect, teamIdOf } from './refs.ts';
import { JSON_OPTION, URL_OPTION, run } from './run.ts';

type Mapping = Schemas['DirectoryMapping'];

const gives = (m: Mapping) => (m.role ? `role ${m.role}` : `team ${m.team?.name ?? '?'} (${m.team?.id ?? '?'})`);

export function registerDirectoryCommands(program: Command<any, any, any>): void {
  const mappings = program
    .command('directory-mappings')
    .description('directory groups (names or IdP group ids) → teams and roles, applied at sign-in (WARDEN_OIDC_GROUP_SYNC) and to SCIM groups (Admin)');

  mappings
    .command('list')
    .description('every mapping, by group')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const { items } = await fetchData(api.target, api.client.GET('/api/directory-mappings'));
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'id', value: (m) => String(m.id) },
        { header: 'group', value: (m) => m.group, max: 40 },
        { header: 'gives', value: gives, max: 40 },
        { header: 'reason', value: (m) => m.reason ?? '', max: 40 },
        { header: 'created', value: (m) => when(m.created_at) },
      ]));
    }));

  mappings
    .command('add')
    .description('map a group to a team (--team) or to a role (--role with --reason)')
    .argument('<group>', 'a group name (matched without case) or an IdP group id (Entra ID object id)')
    .option('--team <team>', 'the team the group gives (id or name)')
    .addOption(new Option('--role <role>', 'the role the group gives').choices(['manager', 'admin'] as const))
    .option('--reason <text>', 'why the role is given (required with --role): recorded with every elevation')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (group, opts) => {
      if ((opts.team === undefined) === (opts.role === undefined)) throw usageError('give --team or --role (with --reason), one of them');
      if (opts.role && !opts.reason?.trim()) throw usageError('--role needs --reason: it justifies every elevation the mapping makes');
      const api = connect(opts);
      const body = opts.team !== undefined ? { group, team_id: await teamIdOf(api, opts.team) } : { group, role: opts.role!, reason: opts.reason };
      const m = await fetchData(api.target, api.client.POST('/api/directory-mappings', { body }));
      if (opts.json) return printJson(m);
      note(`Mapped group "${m.group}" to ${gives(m)} (mapping ${m.id}).`);
    }));

  mappings
    .command('remove')
    .description('remove a mapping (nothing is taken away now: it applies from each person\'s next sign-in or SCIM change)')
    .argument('<id>', 'the mapping id (`warden directory-mappings list`)')
    .option(...URL_OPTION)
    .action(run(async (ref, opts) => {
      if (!/^\d+$/.test(ref)) throw usageError('give the mapping id (`warden directory-mappings list` shows them)');
      const api = connect(opts);
      await fetchData(api.target, api.client.DELETE('/api/directory-mappings/{id}', { params: { path: { id: Number(ref) } } }));
      note(`Removed directory mapping ${ref}.`);
    }));
}
