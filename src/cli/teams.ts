// `warden teams list|view|create|edit|delete|history`, `teams members find`, and `teams members|maintainers add|remove`.
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData, pageAll, type ApiAnswer } from './http.ts';
import { details, note, print, printJson, table, when } from './output.ts';
import { collect, connect, datastoreIdOf, each, editList, teamIdOf, teamPersonIdOf, userIdOf, type Api, type JsonBody } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';
import { auditTable } from './audit.ts';
import { parseUntil } from './times.ts';

type Team = Schemas['Team'];
export const LEVELS = ['reporter', 'viewer', 'drafter', 'author', 'editor'] as const;

const members = (t: Team) => (t.is_public ? 'everyone' : String(t.users.length));

function teamDetails(t: Team): string {
  return details([
    ['id', String(t.id)],
    ['name', t.name + (t.is_public ? ' (every user is in it)' : '')],
    ['description', t.description],
    ['level', t.permission],
    ['members', t.is_public ? 'every user' : t.users.map((u) => `${u.name} (${u.user_id}${u.until ? `, until ${when(u.until)}` : ''})`).join(', ') || 'none'],
    ['maintainers', t.is_public ? null : t.maintainers.map((u) => `${u.name} (${u.user_id})`).join(', ') || 'none'],
    ['datastores', t.datastores.map((d) => `${d.name} (${d.id})`).join(', ') || 'none'],
    ['created', `${when(t.created_at)}${t.created_by ? ` by ${t.created_by.name}` : ''}`],
    ['updated', when(t.updated_at)],
  ]);
}

function show(t: Team, json: boolean | undefined, message?: string): void {
  if (json) return printJson(t);
  if (message) note(message);
  print(teamDetails(t));
}

const levelOption = (required: boolean) => {
  const o = new Option('--permission <level>', 'the level every member gets on the team\'s datastores, lowest first: reporter < viewer < drafter < author < editor').choices(LEVELS);
  return required ? o.makeOptionMandatory() : o;
};

/**
 * `teams members|maintainers add|remove <team> <user>`: one change about one person, answered with
 * the team. The person is named as teamPersonIdOf takes them, so that a maintainer whose role is
 * Member (no users.read) names people too.
 */
function onePerson(parent: Command<any, any, any>, name: string, description: string, userHelp: string,
  change: (api: Api, id: number, userId: number) => Promise<ApiAnswer<Team>>, done: (user: string) => string): void {
  parent
    .command(name)
    .description(description)
    .argument('<team>', 'team id or name')
    .argument('<user>', userHelp)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, user, opts) => {
      const api = connect(opts);
      const id = await teamIdOf(api, ref);
      show(await fetchData(api.target, change(api, id, await teamPersonIdOf(api, id, user))), opts.json, done(user));
    }));
}

export function registerTeamCommands(program: Command<any, any, any>): void {
  const teams = program.command('teams').description('teams: one permission level for their members on their datastores');

  teams
    .command('list')
    .description('list teams by name (Admins and Managers)')
    .option('--search <text>', 'matches name or description')
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/teams', { params: { query: { q: opts.search, page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'id', value: (t) => String(t.id) },
        { header: 'name', value: (t) => t.name, max: 32 },
        { header: 'level', value: (t) => t.permission },
        { header: 'members', value: members },
        { header: 'datastores', value: (t) => String(t.datastores.length) },
        { header: 'description', value: (t) => t.description ?? '', max: 40 },
      ]));
    }));

  teams
    .command('view')
    .description('one team: level, members, datastores')
    .argument('<team>', 'team id or name')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      show(await fetchData(api.target, api.client.GET('/api/teams/{id}', { params: { path: { id: await teamIdOf(api, ref) } } })), opts.json);
    }));

  teams
    .command('create')
    .description('create a team (Admin)')
    .argument('<name>', 'unique regardless of case')
    .addOption(levelOption(true))
    .option('--description <text>', 'what the team is for')
    .option('--user <user>', 'a member (id, user_id, email or exact name; repeatable or comma-separated)', collect, [] as string[])
    .option('--until <time>', 'the memberships given with --user end then (ISO, or from now: 8h, 7d)', (v) => parseUntil(v))
    .option('--datastore <datastore>', 'a datastore (id or name; repeatable)', collect, [] as string[])
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (name, opts) => {
      const api = connect(opts);
      const user_ids = await each(opts.user, (u) => userIdOf(api, u));
      const datastore_ids = await each(opts.datastore, (d) => datastoreIdOf(api, d));
      if (opts.until && !user_ids.length) throw usageError('--until goes with --user');
      const members = user_ids.length ? (opts.until ? { members: user_ids.map((user_id) => ({ user_id, until: opts.until })) } : { user_ids }) : {};
      const team = await fetchData(api.target, api.client.POST('/api/teams', {
        body: { name, permission: opts.permission!, description: opts.description, ...members, ...(datastore_ids.length ? { datastore_ids } : {}) },
      }));
      show(team, opts.json, `Created team ${team.name} (id ${team.id}).`);
    }));

  teams
    .command('edit')
    .description('change a team (Admin); lists given with --user or --datastore replace the current ones')
    .argument('<team>', 'team id or name')
    .option('--name <name>', 'rename it (not the Public team)')
    .option('--description <text>', 'what the team is for ("" clears it)')
    .addOption(levelOption(false))
    .option('--user <user>', 'replace the members with these (repeatable)', collect)
    .option('--add-user <user>', 'add a member (repeatable)', collect, [] as string[])
    .option('--remove-user <user>', 'remove a member (repeatable)', collect, [] as string[])
    .option('--until <time>', 'the memberships given with --user or --add-user end then (ISO, or from now: 8h, 7d)', (v) => parseUntil(v))
    .option('--datastore <datastore>', 'replace the datastores with these (repeatable)', collect)
    .option('--add-datastore <datastore>', 'add a datastore (repeatable)', collect, [] as string[])
    .option('--remove-datastore <datastore>', 'remove a datastore (repeatable)', collect, [] as string[])
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await teamIdOf(api, ref);
      const body: JsonBody<'/api/teams/{id}', 'put'> = {};
      if (opts.name !== undefined) body.name = opts.name;
      if (opts.description !== undefined) body.description = opts.description === '' ? null : opts.description;
      if (opts.permission) body.permission = opts.permission;
      const users = (refs: string[]) => each(refs, (u) => teamPersonIdOf(api, id, u));
      const stores = (refs: string[]) => each(refs, (d) => datastoreIdOf(api, d));
      const wantsUsers = opts.user || opts.addUser.length || opts.removeUser.length;
      const wantsStores = opts.datastore || opts.addDatastore.length || opts.removeDatastore.length;
      if (wantsUsers || wantsStores) {
        const team = await fetchData(api.target, api.client.GET('/api/teams/{id}', { params: { path: { id } } }));
        if (wantsUsers) {
          const given = opts.user ? await users(opts.user) : await users(opts.addUser);
          const ids = editList(team.users.map((u) => u.id), opts.user ? given : null, opts.user ? [] : given, await users(opts.removeUser))!;
          // Sent as members with their ends, so that editing the list keeps every time-bound membership's end.
          const ends = new Map(team.users.map((u) => [u.id, u.until]));
          body.members = ids.map((user_id) => ({ user_id, until: opts.until && given.includes(user_id) ? opts.until : (ends.get(user_id) ?? null) }));
        }
        if (wantsStores) body.datastore_ids = editList(team.datastores.map((d) => d.id), opts.datastore ? await stores(opts.datastore) : null, await stores(opts.addDatastore), await stores(opts.removeDatastore));
      }
      if (opts.until && !opts.user && !opts.addUser.length) throw usageError('--until goes with --user or --add-user');
      if (Object.keys(body).length === 0) throw usageError('nothing to change: give --name, --description, --permission, --user, --datastore or their --add-/--remove- forms');
      const updated = await fetchData(api.target, api.client.PUT('/api/teams/{id}', { params: { path: { id } }, body }));
      show(updated, opts.json, `Updated team ${updated.name}.`);
    }));

  const memberCommands = teams.command('members').description('find people to add, add or remove one member (Admins, and maintainers of the team)');
  onePerson(memberCommands, 'add', 'add a member to the team', 'id, user_id, email or exact name',
    (api, id, user_id) => api.client.POST('/api/teams/{id}/members', { params: { path: { id } }, body: { user_id } }), (user) => `Added ${user} to the team.`);
  memberCommands
    .command('find')
    .description('people who could be added to the team: active, not members yet, name or email holding <text> (Admins, and maintainers of the team)')
    .argument('<team>', 'team id or name')
    .argument('<text>', 'part of a name or email (at least 2 characters)')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, text, opts) => {
      const api = connect(opts);
      const id = await teamIdOf(api, ref);
      const page = await fetchData(api.target, api.client.GET('/api/teams/{id}/member-candidates', { params: { path: { id }, query: { q: text, limit: 50 } } }));
      if (opts.json) return printJson(page.items);
      print(table(page.items, [
        { header: 'id', value: (u) => String(u.id) },
        { header: 'name', value: (u) => u.name, max: 32 },
        { header: 'email', value: (u) => u.email ?? '' },
        { header: 'user_id', value: (u) => u.user_id, max: 40 },
        { header: 'type', value: (u) => u.type },
      ]));
      if (page.more) note('More people match: type more of the name or email.');
    }));
  onePerson(memberCommands, 'remove', 'remove a member from the team (their maintainership goes too)', 'id, user_id, email or exact name',
    (api, id, user_id) => api.client.DELETE('/api/teams/{id}/members/{user_id}', { params: { path: { id, user_id } } }), (user) => `Removed ${user} from the team.`);

  const maintainerCommands = teams.command('maintainers').description('maintainers of a team: members who may change its members and maintainers (WARDEN_TEAM_MAINTAINERS=on)');
  onePerson(maintainerCommands, 'add', 'make a member a maintainer of the team (Admin, or a maintainer)', 'a member: id, user_id, email or exact name',
    (api, id, user_id) => api.client.POST('/api/teams/{id}/maintainers', { params: { path: { id } }, body: { user_id } }), (user) => `${user} maintains the team.`);
  onePerson(maintainerCommands, 'remove', 'unmake a maintainer of the team (they stay a member)', 'id, user_id, email or exact name',
    (api, id, user_id) => api.client.DELETE('/api/teams/{id}/maintainers/{user_id}', { params: { path: { id, user_id } } }), (user) => `${user} no longer maintains the team.`);

  teams
    .command('delete')
    .description('delete a team (Admin); its history stays readable')
    .argument('<team>', 'team id or name')
    .option(...URL_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await teamIdOf(api, ref);
      await fetchData(api.target, api.client.DELETE('/api/teams/{id}', { params: { path: { id } } }));
      note(`Deleted team ${id}.`);
    }));

  teams
    .command('history')
    .description('every change of a team, newest first: who, when, what')
    .argument('<team>', 'team id or name (a deleted team: its id)')
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await teamIdOf(api, ref);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/teams/{id}/history', { params: { path: { id }, query: { page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(auditTable(items));
    }));
}
