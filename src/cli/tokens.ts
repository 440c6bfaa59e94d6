// `warden tokens list|view|create|rotate|revoke|restore|delete|report-leaked|introspect`.
// Secrets: only `tokens create` shows one, and only when asked how: --secret-only (the secret
// alone, for a pipe or a secret store) or --json (the API's creation answer, whose `token` field is
// the secret). Without either it refuses before creating anything, so no token is ever made whose
// secret nobody saw. Lists and views show the hint (wdn_svc_7Fq2…), never the secret.
import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { CliError, EXIT, usageError } from './errors.ts';
import { clientFor, fetchData, pageAll, resolveTarget } from './http.ts';
import { saveInstance } from './credentials.ts';
import { details, note, print, printJson, statusStyle, table, when } from './output.ts';
import { collect, connect, datastoreIdOf, each, userIdOf, type Api, type JsonBody } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';

type Token = Schemas['Token'];

/** Days, or 'never' (commander turns a null from a parser into '', so null is made at the call). */
export function parseExpiry(value: string): number | 'never' {
  if (value === 'never') return 'never';
  if (/^[1-9]\d{0,2}$/.test(value) && Number(value) <= 365) return Number(value);
  throw new InvalidArgumentError('a number of days (30, 60, 90, 365 or any 1–365) or "never"');
}

/** The status with why, where the server says: `expired (rotated)`, `revoked (exposed)`. */
export function statusText(t: Token): string {
  const why = t.status === 'expired' && t.expiry_reason ? ` (${t.expiry_reason})` : t.status === 'revoked' && t.revoked_reason === 'exposed' ? ' (exposed)' : '';
  return `${t.status}${why}${t.scim_only ? ', scim' : ''}${t.restrictions ? ', narrowed' : ''}`;
}

function restrictionText(t: Token): string | null {
  const r = t.restrictions;
  if (!r) return null;
  const parts = [r.actions && `actions ${r.actions.join(', ')}`, r.datastore_ids && `datastores ${r.datastore_ids.join(', ')}`, r.allowed_cidrs && `from ${r.allowed_cidrs.join(', ')}`];
  return parts.filter(Boolean).join('; ');
}

export function tokenTable(tokens: Token[], withOwner: boolean): string {
  return table(tokens, [
    { header: 'id', value: (t) => String(t.id) },
    { header: 'name', value: (t) => t.name, max: 32 },
    ...(withOwner ? [{ header: 'owner', value: (t: Token) => t.user.user_id, max: 36 }] : []),
    { header: 'hint', value: (t) => t.hint },
    { header: 'status', value: statusText, style: (t) => statusStyle(t.status) },
    { header: 'expires', value: (t) => when(t.expires_at, { nullText: 'never' }) },
    { header: 'last used', value: (t) => when(t.last_used_at, { nullText: 'never' }) },
  ]);
}

export function tokenDetails(t: Token): string {
  const who = (s: { name: string; user_id: string } | null) => (s ? `${s.name} (${s.user_id})` : 'the system');
  return details([
    ['id', String(t.id)],
    ['name', t.name],
    ['hint', t.hint],
    ['kind', t.kind + (t.scim_only ? ', SCIM only' : '')],
    ['owner', who(t.user)],
    ['status', statusText(t)],
    ['narrowed to', restrictionText(t)],
    ['expires', when(t.expires_at, { nullText: 'never' })],
    ['created', `${when(t.created_at)} by ${who(t.created_by)}`],
    ['last used', t.last_used_at ? `${when(t.last_used_at)}${t.last_used_ip ? ` from ${t.last_used_ip}` : ''}` : 'never'],
    ['revoked', t.revoked_at ? `${when(t.revoked_at)} by ${who(t.revoked_by)}${t.revoked_reason === 'exposed' ? `, reported exposed ${when(t.exposed_at)}` : ''}` : null],
    ['rotated', t.rotated_to ? `${when(t.rotated_at)} to token ${t.rotated_to}` : null],
    ['rotated from', t.rotated_from ? `token ${t.rotated_from}` : null],
  ]);
}

async function listTokens(api: Api, opts: { service?: boolean; user?: string; status?: Token['status'] }, limit?: number): Promise<Token[]> {
  if (opts.service || opts.user) {
    const user_id = opts.user ? String(await userIdOf(api, opts.user)) : undefined;
    return pageAll((page, size) => fetchData(api.target, api.client.GET('/api/user-tokens/service', { params: { query: { user_id, status: opts.status, page, size } } })), limit);
  }
  try {
    return await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/user-tokens', { params: { query: { status: opts.status, page, size } } })), limit);
  } catch (err) {
    if (err instanceof CliError && err.status === 403 && /service user/i.test(err.message)) err.hint = 'service tokens: `warden tokens list --service` (Admin)';
    throw err;
  }
}

/**
 * A token by id, `current` (the one this CLI uses), or by name among your own tokens (or the
 * service user's, with --for). A rotation's successor takes its predecessor's name, so a name can
 * stand for several tokens: it is refused (exit 2, each listed) when more than one of them still
 * counts (active or revoked: could work again), and when only expired ones carry it and there are
 * several; `--id` then says which is meant.
 */
export async function tokenIdOf(api: Api, ref: string | undefined, owner: string | undefined, id?: number): Promise<number> {
  if (ref === undefined) {
    if (id === undefined) throw usageError('name the token: its id, its name, or current');
    return id;
  }
  if (/^[1-9]\d{0,9}$/.test(ref)) {
    if (id !== undefined && id !== Number(ref)) throw usageError(`token ${ref} is not token ${id}`);
    return Number(ref);
  }
  if (ref === 'current') return (await fetchData(api.target, api.client.GET('/api/user-tokens/current'))).id;
  const matches = (await listTokens(api, owner ? { user: owner } : {})).filter((t) => t.name === ref);
  if (matches.length === 0) throw new CliError(`no token named "${ref}"${owner ? ` for ${owner}` : ' among your own tokens'}`, EXIT.failure, owner ? null : 'a service token: add --for <service user>');
  if (id !== undefined) {
    const chosen = matches.find((t) => t.id === id);
    if (!chosen) throw usageError(`no token named "${ref}" has id ${id}`, `the tokens named "${ref}": ${matches.map((t) => t.id).join(', ')}`);
    return chosen.id;
  }
  const live = matches.filter((t) => t.status !== 'expired');
  const candidates = live.length > 0 ? live : matches;
  if (candidates.length === 1) return candidates[0].id;
  throw ambiguousToken(ref, matches);
}

/** Several tokens carry one name (a rotation keeps it): refused, each listed, so that one is chosen by id. */
export function ambiguousToken(ref: string, matches: Token[]): CliError {
  const rows = [...matches].sort((a, b) => a.id - b.id).map((t) => `  ${t.id}\t${statusText(t)}\tcreated ${t.created_at}\texpires ${t.expires_at ?? 'never'}${t.rotated_to ? `\trotated to ${t.rotated_to}` : ''}`);
  return new CliError(`${matches.length} tokens are named "${ref}" (a rotation keeps the name):\n  id\tstatus\tcreated\texpires\n${rows.join('\n')}`, EXIT.usage, `say which: --id <id> (or give the id instead of the name)`);
}

/**
 * The rotation chain a token belongs to, oldest first: followed through rotated_from and
 * rotated_to (bounded: a chain longer than this is cut, and says so).
 */
async function rotationChain(api: Api, t: Token, max = 50): Promise<{ chain: Token[]; cut: boolean }> {
  const get = (id: number) => fetchData(api.target, api.client.GET('/api/user-tokens/{id}', { params: { path: { id } } })).catch(() => null);
  const before: Token[] = [];
  let cursor = t;
  while (cursor.rotated_from && before.length < max) {
    const prev = await get(cursor.rotated_from);
    if (!prev) break;
    before.unshift(prev);
    cursor = prev;
  }
  const after: Token[] = [];
  cursor = t;
  while (cursor.rotated_to && after.length < max) {
    const next = await get(cursor.rotated_to);
    if (!next) break;
    after.push(next);
    cursor = next;
  }
  return { chain: [...before, t, ...after], cut: before.length >= max || after.length >= max };
}

export function chainText(chain: Token[], current: number): string {
  return chain.map((c) => `${c.id === current ? '→ ' : '  '}token ${c.id}: ${statusText(c)}, created ${when(c.created_at)}, expires ${when(c.expires_at, { nullText: 'never' })}`).join('\n');
}

function noteIfInUse(api: Api, t: Token): void {
  if (api.target.saved?.token_id === t.id && api.target.tokenSource === 'saved') note('note: this is the token this CLI is signed in with (`warden auth logout` revokes it and forgets it)');
}

const forOption = ['--for <service user>', 'the service user whose token it is, when naming the token (id, user_id, email or exact name)'] as const;
const idOption = ['--id <id>', 'the token with this id, when several share the name (a rotation keeps it)'] as const;
const idParser = positiveInt('--id');

export function registerTokenCommands(program: Command<any, any, any>): void {
  const tokens = program.command('tokens').description('personal access tokens and service tokens');

  tokens
    .command('list')
    .description('your own tokens; --service: every service token (Admin)')
    .option('--service', 'service tokens instead of your own (Admin)')
    .option('--user <service user>', 'service tokens of this service user (id, user_id, email or exact name); implies --service')
    .addOption(new Option('--status <status>', 'only tokens in this state').choices(['active', 'revoked', 'expired'] as const))
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const items = await listTokens(api, opts, opts.limit);
      if (opts.json) return printJson(items);
      print(tokenTable(items, Boolean(opts.service || opts.user)));
    }));

  tokens
    .command('view')
    .description('one token (never its secret)')
    .argument('[token]', 'token id, its name, or current (the one in use)')
    .option(...forOption)
    .option(idOption[0], idOption[1], idParser)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const t = await fetchData(api.target, api.client.GET('/api/user-tokens/{id}', { params: { path: { id: await tokenIdOf(api, ref, opts.for, opts.id) } } }));
      if (opts.json) return printJson(t);
      print(tokenDetails(t));
      if (t.rotated_from || t.rotated_to) {
        const { chain, cut } = await rotationChain(api, t);
        print(`rotation chain (oldest first${cut ? '; cut at 50 each way' : ''}):\n${chainText(chain, t.id)}`);
      }
    }));

  tokens
    .command('create')
    .description('issue a token: your own, or (Admin) a service user\'s with --for; needs --secret-only or --json, as the secret is shown only once')
    .requiredOption('--name <name>', 'a name that says where it is used (unique per owner)')
    .requiredOption('--expires <days>', 'lifetime: 30, 60, 90, 365 (any 1–365) or never', parseExpiry)
    .option('--for <service user>', 'issue a service token for this service user (id, user_id, email or exact name; Admin)')
    .option('--scim-only', 'the token reaches only /api/scim/v2 (Admin; for an identity provider)')
    .option('--action <action>', 'narrow it to these actions ("read": every action that changes nothing, or with --datastore the reads of those datastores; repeatable)', collect, [] as string[])
    .option('--datastore <datastore>', 'narrow it to these datastores (id or name; repeatable)', collect, [] as string[])
    .option('--allow-cidr <cidr>', 'only usable from these networks (address or CIDR; repeatable)', collect, [] as string[])
    .option('--secret-only', 'print only the secret, one line, for a pipe or a secret store')
    .option(...URL_OPTION)
    .option('--json', 'print the API\'s answer, including the secret in its "token" field')
    .addHelpText('after', '\nSigned in with a narrowed token, the new token inherits its narrowing (actions, datastores, networks) and may not outlive it;\nasking for more is refused, naming what.\n\nExample:\n  warden tokens create --for pipeline_automation@service --name airflow --expires 90 --secret-only | vault kv put secret/airflow token=-')
    .action(run(async (opts) => {
      if (opts.secretOnly && opts.json) throw usageError('choose one of --secret-only and --json');
      if (!opts.secretOnly && !opts.json) {
        throw usageError('the secret is shown only once, so say how to show it: --secret-only prints only the secret (for a pipe or a secret store), --json the whole answer with its "token" field; nothing was created');
      }
      const api = connect(opts);
      const datastore_ids = await each(opts.datastore, (d) => datastoreIdOf(api, d));
      const created = await fetchData(api.target, api.client.POST('/api/user-tokens', {
        body: {
          name: opts.name, expires_in_days: opts.expires === 'never' ? null : opts.expires,
          ...(opts.for ? { user_id: await userIdOf(api, opts.for) } : {}),
          ...(opts.scimOnly ? { scim_only: true } : {}),
          ...(opts.action.length ? { actions: opts.action } : {}),
          ...(datastore_ids.length ? { datastore_ids } : {}),
          ...(opts.allowCidr.length ? { allowed_cidrs: opts.allowCidr } : {}),
        },
      })).catch((err) => {
        if (err instanceof CliError && err.status === 403 && !opts.for && /service user/i.test(err.message)) err.hint = 'a service token for another service user: add --for <service user>';
        throw err;
      });
      if (opts.json) return printJson(created);
      process.stdout.write(`${created.token}\n`);
      note(`Created token ${created.name} (id ${created.id}) for ${created.user.user_id}, expires ${created.expires_at ?? 'never'}; the secret above is not shown again.`);
    }));

  tokens
    .command('rotate')
    .description('rotate a token: a successor now (same owner, name, scope and restrictions), the old one ending after an overlap')
    .argument('[token]', 'token id, its name, or current (the one in use)')
    .option(...forOption)
    .option(idOption[0], idOption[1], idParser)
    .option('--overlap <hours>', 'how long the old token keeps working: 0 (at once) to 720 hours', (v) => {
      if (!/^\d{1,3}$/.test(v) || Number(v) > 720) throw new InvalidArgumentError('0 to 720 hours');
      return Number(v);
    }, 24)
    .option('--expires <days>', 'the successor\'s lifetime (default: the old token\'s)', parseExpiry)
    .option('--secret-only', 'print only the successor\'s secret, for a pipe or a secret store')
    .option(...URL_OPTION)
    .option('--json', 'print the API\'s answer {successor, previous}; the secret is in successor.token')
    .addHelpText('after', '\nRotating the token this CLI is signed in with saves the successor in the credentials file; then neither option is needed.\n\nExample:\n  warden tokens rotate airflow --for pipeline_automation@service --overlap 48 --secret-only | vault kv put secret/airflow token=-')
    .action(run(async (ref, opts) => {
      if (opts.secretOnly && opts.json) throw usageError('choose one of --secret-only and --json');
      const api = connect(opts);
      const id = await tokenIdOf(api, ref, opts.for, opts.id);
      const own = api.target.tokenSource === 'saved' && api.target.saved?.token_id === id;
      if (!opts.secretOnly && !opts.json && !own) {
        throw usageError('the successor\'s secret is shown only once, so say how to show it: --secret-only (only the secret) or --json (the answer, with successor.token); nothing was rotated');
      }
      const body: JsonBody<'/api/user-tokens/{id}/rotate', 'post'> = { overlap_hours: opts.overlap };
      if (opts.expires !== undefined) body.expires_in_days = opts.expires === 'never' ? null : opts.expires;
      const answer = await fetchData(api.target, api.client.POST('/api/user-tokens/{id}/rotate', { params: { path: { id } }, body }));
      const { successor, previous } = answer;
      if (own) {
        const { token, ...view } = successor;
        saveInstance(api.target.url, { token, token_id: view.id, token_name: view.name, expires_at: view.expires_at, user: view.user, saved_at: new Date().toISOString() }, api.target.file, { noteReplaced: false });
        note(`This CLI now uses the successor, token ${view.id}; saved in ${api.target.file}.`);
      }
      if (opts.json) printJson(answer);
      else if (opts.secretOnly) process.stdout.write(`${successor.token}\n`);
      note(`Rotated ${previous.name} (token ${previous.id}, ${previous.user.user_id}): successor token ${successor.id} expires ${successor.expires_at ?? 'never'}; the old one works until ${previous.expires_at ?? 'now'}.`);
    }));

  tokens
    .command('report-leaked')
    .description('report tokens found where they should not be (one per line on stdin): each active one is revoked within a second; needs no sign-in')
    .option(...URL_OPTION)
    .addHelpText('after', '\nExample:\n  grep -o "wdn_[a-z]*_[0-9A-Za-z]*" build.log | warden tokens report-leaked')
    .action(run(async (opts) => {
      let text = '';
      for await (const chunk of process.stdin) text += chunk;
      const credentials = text.split(/\s+/).filter(Boolean);
      if (credentials.length === 0) throw usageError('no tokens on standard input', 'pipe them in, one per line');
      const target = resolveTarget(opts);
      // Deliberately without a credential: the route refuses authenticated calls.
      const answer = await fetchData(target, clientFor(target, null).POST('/api/credentials/revoke', { body: { credentials } }));
      note(answer.detail);
    }));

  tokens
    .command('introspect')
    .description('is a token active, and whose is it (RFC 7662, POST /api/oauth/introspect): the token on stdin, never as an argument; needs a service token holding tokens.introspect')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .addHelpText('after', '\nExample:\n  printf %s "$SOME_TOKEN" | WARDEN_TOKEN=$GATEWAY_TOKEN warden tokens introspect --json')
    .action(run(async (opts) => {
      let text = '';
      for await (const chunk of process.stdin) text += chunk;
      const token = text.trim();
      if (token === '' || /\s/.test(token)) throw usageError('give one token on standard input', 'printf %s "$TOKEN" | warden tokens introspect');
      const api = connect(opts);
      const answer = await fetchData(api.target, api.client.POST('/api/oauth/introspect', { body: { token } }));
      if (opts.json) return printJson(answer);
      if (!answer.active || !answer.warden) return print('inactive (unknown, malformed, expired, revoked, or its owner is deactivated: Warden does not say which)');
      const w = answer.warden;
      print(details([
        ['status', 'active'],
        ['owner', `${w.name} (${answer.sub}, ${w.user_type}, ${w.role})`],
        ['token', String(w.token_id)],
        ['expires', answer.exp ? new Date(answer.exp * 1000).toISOString() : 'never'],
        ['scope', answer.scope ?? 'everything its owner may do'],
        ['teams', w.teams.map((t) => t.name).join(', ')],
      ]));
    }));

  const change = (verb: 'revoke' | 'restore', description: string) =>
    tokens
      .command(verb)
      .description(description)
      .argument('[token]', 'token id, its name, or current (the one in use)')
      .option(...forOption)
      .option(idOption[0], idOption[1], idParser)
      .option(...URL_OPTION)
      .option(...JSON_OPTION)
      .action(run(async (ref: string | undefined, opts: { for?: string; id?: number; url?: string; json?: boolean }) => {
        const api = connect(opts);
        const id = await tokenIdOf(api, ref, opts.for, opts.id);
        const t = await fetchData(api.target, api.client.PUT('/api/user-tokens/{id}', { params: { path: { id } }, body: { revoked: verb === 'revoke' } }));
        if (opts.json) return printJson(t);
        note(`${verb === 'revoke' ? 'Revoked' : 'Restored'} token ${t.name} (id ${t.id}) of ${t.user.user_id}: ${t.status}.`);
        if (verb === 'revoke') noteIfInUse(api, t);
      }));
  change('revoke', 'revoke a token: refused from the very next request, on every node');
  change('restore', 'restore a revoked token (not an expired one)');

  tokens
    .command('delete')
    .description('delete a revoked token (two-step deletion: revoke first); the audit log keeps its history')
    .argument('[token]', 'token id, its name, or current (the one in use)')
    .option(...forOption)
    .option(idOption[0], idOption[1], idParser)
    .option(...URL_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const id = await tokenIdOf(api, ref, opts.for, opts.id);
      try {
        await fetchData(api.target, api.client.DELETE('/api/user-tokens/{id}', { params: { path: { id } } }));
      } catch (err) {
        if (err instanceof CliError && /revoke/i.test(err.message)) err.hint = `run \`warden tokens revoke ${id}\` first`;
        throw err;
      }
      note(`Deleted token ${id}.`);
    }));
}
