// `warden users list|view|create-service|edit|deactivate|reactivate|review|permissions`.
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData, pageAll } from './http.ts';
import { details, note, print, printJson, statusStyle, table, when } from './output.ts';
import { collect, connect, each, editList, findUser, teamIdOf, userIdOf, userPathRef, type JsonBody } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';
import { parseUntil } from './times.ts';

type User = Schemas['User'];
const ROLES = ['member', 'manager', 'admin'] as const;

const teamsOf = (u: User) => u.teams.filter((t) => t.name !== 'Public').map((t) => t.name + (t.until ? ` (until ${when(t.until)})` : '')).join(', ') || '-';
/** `admin`, or `admin until in 8 h, then member` for a time-bound role. */
export const roleText = (u: User) => (u.elevation ? `${u.role} until ${when(u.elevation.until)}, then ${u.elevation.returns_to}` : u.role);
const statusOf = (u: User) => (u.active ? 'active' : 'deactivated');

export function userTable(users: User[]): string {
  return table(users, [
    { header: 'id', value: (u) => String(u.id) },
    { header: 'user_id', value: (u) => u.user_id, max: 40 },
    { header: 'name', value: (u) => u.name, max: 30 },
    { header: 'type', value: (u) => u.type },
    { header: 'role', value: (u) => (u.elevation ? `${u.role} (until ${when(u.elevation.until)})` : u.role) },
    { header: 'status', value: statusOf, style: (u) => statusStyle(statusOf(u)) },
    { header: 'teams', value: teamsOf, max: 30 },
    { header: 'last active', value: (u) => when(u.last_active_at, { nullText: 'never' }) },
  ]);
}

export function userDetails(u: User): string {
  const by = (s: { name: string; user_id: string } | null) => (s ? ` by ${s.name} (${s.user_id})` : '');
  return details([
    ['id', String(u.id)],
    ['user_id', u.user_id],
    ['name', u.name],
    ['type', u.type],
    ['email', u.email],
    ['role', roleText(u)],
    ['status', u.active ? 'active' : `deactivated ${when(u.deactivated_at)}`],
    ['teams', u.teams.map((t) => `${t.name} (${t.id}${t.until ? `, until ${when(t.until)}` : ''})`).join(', ')],
    ['owner', u.owner ? `${u.owner.name} (${u.owner.user_id})` : null],
    ['purpose', u.purpose],
    ['provisioned', u.provisioned_by],
    ['created', `${when(u.created_at)}${by(u.created_by)}`],
    ['last active', when(u.last_active_at, { nullText: 'never' })],
    ['last reviewed', u.type === 'service' ? when(u.last_reviewed_at, { nullText: 'never' }) : null],
    ['review due', u.type === 'service' && u.review_due_at ? when(u.review_due_at) : null],
  ]);
}

function show(u: User, json: boolean | undefined, message?: string): void {
  if (json) return printJson(u);
  if (message) note(message);
  print(userDetails(u));
}

const roleOption = () => new Option('--role <role>', 'member, manager or admin').choices(ROLES);

export function registerUserCommands(program: Command<any, any, any>): void {
  const users = program.command('users').description('personal accounts and service users');

  users
    .command('list')
    .description('list users (Admins and Managers)')
    .addOption(new Option('--type <type>', 'personal or service').choices(['personal', 'service'] as const))
    .addOption(roleOption())
    .option('--team <team>', 'members of this team (id or name); repeat (or comma-separate) for several: members of any', collect, [] as string[])
    .option('--active', 'only active users (the default)')
    .option('--include-deactivated', 'deactivated users too (hidden by default, as in the console)')
    .option('--inactive', 'only deactivated users')
    .option('--search <text>', 'matches name, email or user_id')
    .addOption(new Option('--sort <field>', 'sort order').choices(['name', 'created_at', 'role', 'last_active_at'] as const).default('name' as const))
    .option('--desc', 'descending order')
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      if ([opts.active, opts.inactive, opts.includeDeactivated].filter(Boolean).length > 1) throw usageError('--active, --inactive and --include-deactivated exclude each other');
      const api = connect(opts);
      // The server takes team ids or names (without case) and answers 422 for an unknown one.
      const team = opts.team.length ? opts.team.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean) : undefined;
      const active = opts.inactive ? false : opts.includeDeactivated ? undefined : true;
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/users', {
        params: { query: { type: opts.type, role: opts.role, team, active, q: opts.search, sort: opts.sort, sort_dir: opts.desc ? 'desc' : 'asc', page, size } },
      })), opts.limit);
      if (opts.json) return printJson(items);
      print(userTable(items));
    }));

  users
    .command('view')
    .description('one user, with teams, owner, purpose and activity')
    .argument('<user>', 'numeric id, user_id (pipeline_automation@service), email, exact name or me')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => show(await findUser(connect(opts), ref), opts.json)));

  users
    .command('create-service')
    .description('create a service user (Admin); its user_id comes from the name: "Pipeline Automation" → pipeline_automation@service')
    .argument('<name>', 'the service user\'s name')
    .addOption(roleOption())
    .option('--reason <text>', 'why (required for manager and admin)')
    .option('--team <team>', 'a team to put it in, besides Public (id or name; repeatable or comma-separated)', collect, [] as string[])
    .option('--owner <user>', 'the person responsible for it (id, user_id, email, exact name or me)')
    .option('--purpose <text>', 'what it is for')
    .option('--review-on <date>', 'the date of its first review (2026-03-31, or from now: 90d); default: the review period after creation', (v) => parseUntil(v))
    .option('--dry-run', 'only show the user_id it would get')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (name, opts) => {
      const api = connect(opts);
      if (opts.dryRun) {
        const preview = await fetchData(api.target, api.client.GET('/api/users/service-user-id', { params: { query: { name } } }));
        if (opts.json) return printJson(preview);
        print(preview.available ? `${preview.user_id} is available` : `${preview.user_id ?? name}: ${preview.detail ?? 'not available'}`);
        return preview.available ? 0 : 1;
      }
      const team_ids = await each(opts.team, (t) => teamIdOf(api, t));
      const owner_id = opts.owner ? await userIdOf(api, opts.owner) : undefined;
      const user = await fetchData(api.target, api.client.POST('/api/users', {
        body: { name, role: opts.role, reason: opts.reason, purpose: opts.purpose, owner_id, review_due_at: opts.reviewOn, ...(team_ids.length ? { team_ids } : {}) },
      }));
      show(user, opts.json, `Created ${user.user_id}. Next: \`warden tokens create --for ${user.user_id} --name <name> --expires 90 --secret-only\``);
    }));

  users
    .command('edit')
    .description('change role, teams, owner or purpose (Admin); nobody changes their own role or teams')
    .argument('<user>', 'numeric id, user_id, email, exact name or me')
    .addOption(roleOption())
    .option('--until <time>', 'with --role: the role holds until then (ISO, or from now: 8h, 7d), then the one before returns by itself', (v) => parseUntil(v))
    .option('--permanent', 'with --role: the role holds without end (ends a time-bound one)')
    .option('--reason <text>', 'why (required when the new role is manager or admin, and for --until)')
    .option('--team <team>', 'replace the teams with these (id or name; repeatable)', collect)
    .option('--add-team <team>', 'put into this team (repeatable)', collect, [] as string[])
    .option('--remove-team <team>', 'take out of this team (repeatable)', collect, [] as string[])
    .option('--owner <user>', 'the person responsible (id, user_id, email, exact name or me)')
    .option('--no-owner', 'remove the owner')
    .option('--purpose <text>', 'what it is for ("" clears it)')
    .option('--review-on <date>', 'service users: the date of the next review (2026-03-31, or from now: 30d; "period" returns to the review period)', (v) => (v === 'period' ? v : parseUntil(v)))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const user = await findUser(api, ref);
      const ids = (refs: string[]) => each(refs, (t) => teamIdOf(api, t));
      const publicIds = user.teams.filter((t) => t.name === 'Public').map((t) => t.id);
      const current = user.teams.map((t) => t.id).filter((id) => !publicIds.includes(id));
      const team_ids = editList(current, opts.team ? await ids(opts.team) : null, await ids(opts.addTeam), await ids(opts.removeTeam));
      const body: JsonBody<'/api/users/{id}', 'put'> = {};
      if ((opts.until || opts.permanent) && !opts.role) throw usageError('--until and --permanent go with --role');
      if (opts.until && opts.permanent) throw usageError('choose one of --until and --permanent');
      if (opts.role) body.role = opts.role;
      if (opts.until) body.until = opts.until;
      else if (opts.permanent) body.until = null;
      if (opts.reason !== undefined) body.reason = opts.reason;
      if (team_ids) body.team_ids = team_ids;
      if (opts.owner === false) body.owner_id = null;
      else if (typeof opts.owner === 'string') body.owner_id = await userIdOf(api, opts.owner);
      if (opts.purpose !== undefined) body.purpose = opts.purpose === '' ? null : opts.purpose;
      if (opts.reviewOn !== undefined) body.review_due_at = opts.reviewOn === 'period' ? null : opts.reviewOn;
      if (Object.keys(body).length === 0 || (Object.keys(body).length === 1 && body.reason !== undefined)) throw usageError('nothing to change: give --role, --team, --add-team, --remove-team, --owner, --no-owner, --purpose or --review-on');
      const updated = await fetchData(api.target, api.client.PUT('/api/users/{id}', { params: { path: { id: String(user.id) } }, body }));
      show(updated, opts.json, `Updated ${updated.user_id}.`);
    }));

  const simple = (name: 'deactivate' | 'reactivate' | 'review', description: string, field: 'reason' | 'note') => {
    const cmd = users
      .command(name)
      .description(description)
      .argument('<user>', 'numeric id, user_id, email, exact name or me')
      .option(`--${field} <text>`, field === 'note' ? 'what the review found' : 'why (kept in the audit log)');
    if (name === 'review') cmd.addOption(new Option('--decision <decision>', 'keep (the default): it stays until the next review; deactivate: deactivated at once').choices(['keep', 'deactivate'] as const));
    return cmd
      .option(...URL_OPTION)
      .option(...JSON_OPTION)
      .action(run(async (ref: string, opts: { url?: string; json?: boolean; reason?: string; note?: string; decision?: 'keep' | 'deactivate' }) => {
        const api = connect(opts);
        const params = { path: { id: await userPathRef(api, ref) } };
        if (name === 'reactivate') {
          const user = await fetchData(api.target, api.client.POST('/api/users/{id}/reactivate', { params, body: { reason: opts.reason } }));
          if (opts.json) return printJson(user);
          const back = user.restored_tokens;
          note(`Reactivated ${user.user_id}. ${back.length ? `These ${back.length} tokens work again:` : 'No token works again (none was live: revoked or expired ones stay so).'}`);
          if (back.length) {
            note(table(back, [
              { header: 'id', value: (t) => String(t.id) },
              { header: 'name', value: (t) => t.name, max: 32 },
              { header: 'hint', value: (t) => t.hint },
              { header: 'expires', value: (t) => when(t.expires_at, { nullText: 'never' }) },
            ]).trimEnd());
            note('Revoke any that should stay off: `warden tokens revoke <id>`.');
          }
          return print(userDetails(user));
        }
        const user = name === 'deactivate'
          ? await fetchData(api.target, api.client.DELETE('/api/users/{id}', { params, body: { reason: opts.reason } }))
          : await fetchData(api.target, api.client.POST('/api/users/{id}/review', { params, body: { note: opts.note, ...(opts.decision ? { decision: opts.decision } : {}) } }));
        const done = { deactivate: 'Deactivated', review: opts.decision === 'deactivate' ? 'Reviewed and deactivated' : 'Recorded a review of' }[name];
        show(user, opts.json, `${done} ${user.user_id}.`);
      }));
  };
  simple('deactivate', 'deactivate a user (Admin): its tokens and sessions stop working at once; the account is kept', 'reason');
  simple('reactivate', 'reactivate a user (Admin), role and teams intact; prints the tokens that work again', 'reason');
  simple('review', 'record a periodic review of a user (Admin): keep it, or --decision deactivate', 'note');

  users
    .command('permissions')
    .description('effective access: the role\'s platform actions and, per datastore, the level and the granting team')
    .argument('[user]', 'numeric id, user_id, email, exact name or me', 'me')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const p = await fetchData(api.target, api.client.GET('/api/users/{id}/permissions', { params: { path: { id: await userPathRef(api, ref) } } }));
      if (opts.json) return printJson(p);
      print(details([
        ['user', `${p.user.name} (${p.user.user_id})`],
        ['role', `${p.role}${p.active ? '' : ' (deactivated: no access)'}`],
        ['platform', p.platform_actions.join(', ') || 'none'],
        ['datastores', p.all_datastores ? 'every datastore, every action (Admin)' : p.datastores.length ? '' : 'none'],
      ]));
      if (!p.all_datastores && p.datastores.length) {
        print(table(p.datastores, [
          { header: 'id', value: (d) => String(d.id) },
          { header: 'datastore', value: (d) => d.name, max: 30 },
          { header: 'level', value: (d) => d.level },
          { header: 'through', value: (d) => d.team.name, max: 24 },
          { header: 'actions', value: (d) => d.actions.join(', ') },
        ]));
      }
    }));
}
