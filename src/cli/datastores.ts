// `warden datastores list|view|create|edit|delete`: the registry access is decided on.
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData, pageAll } from './http.ts';
import { details, note, print, printJson, table, when } from './output.ts';
import { collect, connect, datastoreIdOf, each, editList, teamIdOf, type JsonBody } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';

type Datastore = Schemas['Datastore'];
const KINDS = ['source', 'enrichment'] as const;

function show(d: Datastore, json: boolean | undefined, message?: string): void {
  if (json) return printJson(d);
  if (message) note(message);
  print(details([
    ['id', String(d.id)],
    ['name', d.name],
    ['kind', d.kind],
    ['description', d.description],
    ['teams', d.teams.map((t) => `${t.name} (${t.id})`).join(', ') || 'none (nobody but Admins reaches it)'],
    ['created', `${when(d.created_at)}${d.created_by ? ` by ${d.created_by.name}` : ''}`],
    ['updated', when(d.updated_at)],
  ]));
}

export function registerDatastoreCommands(program: Command<any, any, any>): void {
  const datastores = program.command('datastores').description('the datastores whose access Warden decides');

  datastores
    .command('list')
    .description('the datastores you can see, by name')
    .option('--search <text>', 'matches name or description')
    .addOption(new Option('--kind <kind>', 'source or enrichment').choices(KINDS))
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/datastores', { params: { query: { q: opts.search, kind: opts.kind, page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'id', value: (d) => String(d.id) },
        { header: 'name', value: (d) => d.name, max: 32 },
        { header: 'kind', value: (d) => d.kind },
        { header: 'teams', value: (d) => d.teams.map((t) => t.name).join(', ') || '-', max: 40 },
        { header: 'created', value: (d) => when(d.created_at) },
      ]));
    }));

  datastores
    .command('view')
    .description('one datastore')
    .argument('<datastore>', 'datastore id or name')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      show(await fetchData(api.target, api.client.GET('/api/datastores/{id}', { params: { path: { id: await datastoreIdOf(api, ref) } } })), opts.json);
    }));

  datastores
    .command('create')
    .description('register a datastore (Managers and Admins); without --team no team reaches it yet')
    .argument('<name>', 'unique regardless of case')
    .addOption(new Option('--kind <kind>', 'source or enrichment').choices(KINDS).makeOptionMandatory())
    .option('--description <text>', 'what it holds')
    .option('--team <team>', 'a team that holds it (id or name; repeatable; Admin)', collect, [] as string[])
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (name, opts) => {
      const api = connect(opts);
      const team_ids = await each(opts.team, (t) => teamIdOf(api, t));
      const d = await fetchData(api.target, api.client.POST('/api/datastores', { body: { name, kind: opts.kind, description: opts.description, ...(team_ids.length ? { team_ids } : {}) } }));
      show(d, opts.json, `Registered datastore ${d.name} (id ${d.id}).`);
    }));

  datastores
    .command('edit')
    .description('change a datastore (the editor level, or Admin; teams: Admin)')
    .argument('<datastore>', 'datastore id or name')
    .option('--name <name>', 'rename it')
    .addOption(new Option('--kind <kind>', 'source or enrichment').choices(KINDS))
    .option('--description <text>', 'what it holds ("" clears it)')
    .option('--team <team>', 'replace the teams holding it (repeatable)', collect)
    .option('--add-team <team>', 'put it in a team (repeatable)', collect, [] as string[])
    .option('--remove-team <team>', 'take it out of a team (repeatable)', collect, [] as string[])
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await datastoreIdOf(api, ref);
      const body: JsonBody<'/api/datastores/{id}', 'put'> = {};
      if (opts.name !== undefined) body.name = opts.name;
      if (opts.kind) body.kind = opts.kind;
      if (opts.description !== undefined) body.description = opts.description === '' ? null : opts.description;
      if (opts.team || opts.addTeam.length || opts.removeTeam.length) {
        const ids = (refs: string[]) => each(refs, (t) => teamIdOf(api, t));
        const current = await fetchData(api.target, api.client.GET('/api/datastores/{id}', { params: { path: { id } } }));
        body.team_ids = editList(current.teams.map((t) => t.id), opts.team ? await ids(opts.team) : null, await ids(opts.addTeam), await ids(opts.removeTeam));
      }
      if (Object.keys(body).length === 0) throw usageError('nothing to change: give --name, --kind, --description, --team, --add-team or --remove-team');
      const d = await fetchData(api.target, api.client.PUT('/api/datastores/{id}', { params: { path: { id } }, body }));
      show(d, opts.json, `Updated datastore ${d.name}.`);
    }));

  datastores
    .command('delete')
    .description('delete a datastore (Admin); it leaves every team that held it')
    .argument('<datastore>', 'datastore id or name')
    .option(...URL_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await datastoreIdOf(api, ref);
      await fetchData(api.target, api.client.DELETE('/api/datastores/{id}', { params: { path: { id } } }));
      note(`Deleted datastore ${id}.`);
    }));
}
