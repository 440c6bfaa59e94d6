// `warden audit list [--follow]` and `warden audit actions`.
import { registerAuditVerifyCommand } from './audit-verify.ts';
import { registerAuditExportCommand } from './audit-export.ts';
import type { Command } from '@commander-js/extra-typings';
import type { paths } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData, pageAll } from './http.ts';
import { paint, print, printJson, table, when } from './output.ts';
import { connect, userIdOf, type Api } from './refs.ts';
import { tokenIdOf } from './tokens.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';
import { parseTime } from './times.ts';

type AuditQuery = NonNullable<paths['/api/audit-events']['get']['parameters']['query']>;
export type AuditEvent = paths['/api/audit-events']['get']['responses'][200]['content']['application/json']['items'][number];

/** Names beside ids: `Ada Lovelace (ada_bot@service)`, `token 41 (airflow-prod)`. */
export const actorOf = (e: AuditEvent) => (typeof e.actor === 'string' ? e.actor : e.actor.name && e.actor.name !== e.actor.user_id ? `${e.actor.name} (${e.actor.user_id})` : e.actor.user_id);
/** The credential that acted: `token 41 (wdn_pat_AbCd…)`, `scim 7 (…)`, `session 12`, `system (scheduler)`; `-` for events older than the field. */
export function credentialText(e: AuditEvent): string {
  const c = e.credential;
  if (!c) return '-';
  const id = c.id === null ? '' : ` ${c.id}`;
  if (c.kind === 'session') return `session${id}`;
  return `${c.kind}${id}${c.hint ? ` (${c.hint})` : ''}`;
}
export const targetOf = (e: AuditEvent) => `${e.target_type}${e.target_id === null ? '' : ` ${e.target_id}`}${e.target_name ? ` (${e.target_name})` : ''}`;
function changesOf(e: AuditEvent): string {
  const show = (v: unknown) => (v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return Object.entries(e.changes).map(([k, c]) => `${k}: ${show(c.before)} → ${show(c.after)}`).join('; ');
}

export function auditTable(events: AuditEvent[]): string {
  return table(events, [
    { header: 'id', value: (e) => String(e.id) },
    { header: 'at', value: (e) => when(e.at) },
    { header: 'actor', value: actorOf, max: 48 },
    { header: 'via', value: credentialText, max: 32 },
    { header: 'action', value: (e) => e.action },
    { header: 'target', value: targetOf, max: 48 },
    { header: 'changes', value: changesOf, max: 60 },
    { header: 'reason', value: (e) => e.reason ?? '', max: 30 },
  ]);
}

/** One event on one line, for --follow (the widths of what is to come are unknown). */
function eventLine(e: AuditEvent): string {
  const parts = [e.at, actorOf(e), credentialText(e), paint(e.action, 'bold'), targetOf(e), changesOf(e), e.reason ?? ''];
  return parts.filter(Boolean).join(process.stdout.isTTY ? '  ' : '\t');
}

async function auditQuery(api: Api, opts: { actor?: string; action?: string; target?: string; since?: string; until?: string; token?: string; for?: string }): Promise<AuditQuery> {
  const q: AuditQuery = { action: opts.action, since: opts.since, until: opts.until };
  if (opts.actor) q.actor_id = await userIdOf(api, opts.actor);
  if (opts.for && !opts.token) throw usageError('--for names the owner of the --token; give --token too');
  if (opts.token) q.credential_token_id = await tokenIdOf(api, opts.token, opts.for);
  if (opts.target) {
    const [type, id] = opts.target.split(':');
    q.target_type = type;
    if (id !== undefined) {
      if (!/^[1-9]\d*$/.test(id)) throw usageError('--target is a type (user, token, team, datastore, session) or type:id');
      q.target_id = Number(id);
    }
  }
  return q;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerAuditCommands(program: Command<any, any, any>): void {
  const audit = program.command('audit').description('the audit log: every change, who made it and when (Admin)');
  registerAuditVerifyCommand(audit);
  registerAuditExportCommand(audit);

  audit
    .command('list')
    .description('audit events, newest first; --follow prints new ones as they come')
    .option('--actor <user>', 'events by this user (id, user_id, email, exact name or me)')
    .option('--action <action>', 'one action, e.g. token.revoked (`warden audit actions` lists them)')
    .option('--target <type[:id]>', 'events about this: user, token, team, datastore, session; with :id one of them')
    .option('--token <token>', 'what was done with this token: its id, its name among your own tokens (a service token\'s with --for), or current')
    .option('--for <service user>', 'with --token: the service user whose token it is (id, user_id, email or exact name)')
    .option('--since <time>', 'from this time on (ISO, or back from now: 30m, 2h, 7d)', (v) => parseTime(v))
    .option('--until <time>', 'before this time (ISO, or back from now)', (v) => parseTime(v))
    .option(LIMIT_OPTION[0], `${LIMIT_OPTION[1]}; with --follow the last 10 first`, positiveInt('--limit'))
    .option('--follow', 'keep polling and print new events as they come, oldest first (Ctrl-C to stop); with --json one object per line')
    .option('--interval <seconds>', 'how often --follow polls', positiveInt('--interval'), 2)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .addHelpText('after', '\nWhat did a token do in the last 30 days (say, before it leaked)?\n  warden audit list --token airflow --for pipeline_automation@service --since 30d')
    .action(run(async (opts) => {
      const api = connect(opts);
      const query = await auditQuery(api, opts);
      const fetchPage = (q: AuditQuery) => (page: number, size: number) => fetchData(api.target, api.client.GET('/api/audit-events', { params: { query: { ...q, page, size } } }));
      if (!opts.follow) {
        const items = await pageAll(fetchPage(query), opts.limit);
        if (opts.json) return printJson(items);
        print(auditTable(items));
        return;
      }
      const emit = (e: AuditEvent) => print(opts.json ? JSON.stringify(e) : eventLine(e));
      const recent = await pageAll(fetchPage(query), opts.limit ?? 10);
      let lastId = recent.reduce((max, e) => Math.max(max, e.id), 0);
      let since = recent[0]?.at ?? query.since ?? new Date().toISOString();
      for (const e of recent.reverse()) emit(e);
      for (;;) {
        await sleep(opts.interval * 1000);
        const fresh = (await pageAll(fetchPage({ ...query, since }))).filter((e) => e.id > lastId).reverse();
        for (const e of fresh) {
          emit(e);
          lastId = Math.max(lastId, e.id);
          since = e.at;
        }
      }
    }));

  audit
    .command('actions')
    .description('the actions the audit log records, with what they are about')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const { items } = await fetchData(api.target, api.client.GET('/api/audit-events/actions'));
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'action', value: (a) => a.action },
        { header: 'target', value: (a) => a.target_type },
        { header: 'description', value: (a) => a.description },
      ]));
    }));
}
