// `warden workload-identities add|list|view|remove --for <service user>` (Admin) and
// `warden auth exchange --subject-token-file F` (a job's identity token for a short-lived Warden
// token at POST /api/oauth/token; needs no saved login: the identity token is the credential).
import fs from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { CliError, EXIT, usageError } from './errors.ts';
import { fetchData, resolveTarget, unreachable, CLI_VERSION } from './http.ts';
import { details, print, printJson, table, when } from './output.ts';
import { collect, connect, userPathRef } from './refs.ts';
import { JSON_OPTION, URL_OPTION, positiveInt, run } from './run.ts';

type WorkloadIdentity = Schemas['WorkloadIdentity'];

/** Templates: the issuer each platform uses and the subject it sets. */
export const TEMPLATES: Record<string, { issuer?: string; subject: string }> = {
  'github-actions': { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:OWNER/REPO:ref:refs/heads/main' },
  'gitlab-ci': { issuer: 'https://gitlab.com', subject: 'project_path:GROUP/PROJECT:ref_type:branch:ref:main' },
  kubernetes: { subject: 'system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT' },
  azure: { subject: 'OBJECT_ID_OF_THE_MANAGED_IDENTITY' },
};

/** `name=value` (text: GitHub's ids are text), or `name=json:123` for a number or boolean. */
function parseClaim(value: string, previous: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('name=value, e.g. repository_id=123456');
  const name = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: string | number | boolean = raw;
  if (raw.startsWith('json:')) {
    try {
      parsed = JSON.parse(raw.slice(5)) as string | number | boolean;
    } catch {
      throw new InvalidArgumentError('json:<value> must be JSON (json:123, json:true)');
    }
  }
  return { ...previous, [name]: parsed };
}

function restrictionText(w: WorkloadIdentity): string | null {
  const r = w.restrictions;
  if (!r) return null;
  return [r.actions && `actions ${r.actions.join(', ')}`, r.datastore_ids && `datastores ${r.datastore_ids.join(', ')}`, r.allowed_cidrs && `from ${r.allowed_cidrs.join(', ')}`].filter(Boolean).join('; ');
}

export function workloadIdentityDetails(w: WorkloadIdentity): string {
  return details([
    ['id', String(w.id)],
    ['name', w.name],
    ['service user', `${w.user.name} (${w.user.user_id})`],
    ['issuer', w.issuer],
    ['audience', w.audience],
    ['subject', w.subject],
    ['claims', Object.keys(w.claims).length ? Object.entries(w.claims).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : null],
    ['token lifetime', `${w.token_ttl_minutes} minutes`],
    ['narrowed to', restrictionText(w)],
    ['created', `${when(w.created_at)}${w.created_by ? ` by ${w.created_by.name} (${w.created_by.user_id})` : ''}`],
    ['last used', when(w.last_used_at, { nullText: 'never' })],
  ]);
}

async function identityIdOf(api: ReturnType<typeof connect>, user: string, ref: string): Promise<number> {
  if (/^[1-9]\d{0,9}$/.test(ref)) return Number(ref);
  const { items } = await fetchData(api.target, api.client.GET('/api/users/{id}/workload-identities', { params: { path: { id: user } } }));
  const found = items.find((w) => w.name === ref);
  if (!found) throw new CliError(`no workload identity named "${ref}"`, EXIT.failure, '`warden workload-identities list --for <service user>` lists them');
  return found.id;
}

const forOption = ['--for <service user>', 'the service user (id, user_id, email or exact name)'] as const;

export function registerWorkloadIdentityCommands(program: Command<any, any, any>): void {
  const wi = program.command('workload-identities').description('trust relationships of service users with external OpenID issuers (Admin)');

  wi.command('add')
    .description('trust an issuer\'s identity tokens (GitHub Actions, GitLab CI, Kubernetes, Azure) for a service user')
    .requiredOption(...forOption)
    .requiredOption('--name <name>', 'unique per service user, e.g. github-main')
    .option('--template <template>', `pre-fills the issuer and shows the subject's shape: ${Object.keys(TEMPLATES).join(', ')}`)
    .option('--issuer <url>', 'the issuer, exactly as its tokens\' iss (https)')
    .option('--audience <aud>', 'the audience the tokens must carry', 'warden')
    .option('--subject <sub>', 'the tokens\' sub: exact, or * for one or more characters within one segment (segments end at : and /)')
    .option('--claim <name=value>', 'a further claim that must be exactly this (repeatable); json:123 for a number or boolean', parseClaim, {} as Record<string, string | number | boolean>)
    .option('--ttl <minutes>', 'lifetime of each issued token, 5–60 (default 15)', positiveInt('--ttl'))
    .option('--action <action>', 'narrow every issued token to these actions ("read"; repeatable)', collect, [] as string[])
    .option('--datastore <id>', 'narrow every issued token to these datastores (repeatable)', collect, [] as string[])
    .option('--allow-cidr <cidr>', 'issued tokens work only from these networks (repeatable)', collect, [] as string[])
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const template = opts.template === undefined ? undefined : TEMPLATES[opts.template];
      if (opts.template !== undefined && !template) throw usageError(`unknown template "${opts.template}"`, `one of ${Object.keys(TEMPLATES).join(', ')}`);
      const issuer = opts.issuer ?? template?.issuer;
      if (!issuer) throw usageError('--issuer is required (this template has no fixed issuer: your cluster\'s or tenant\'s)');
      if (!opts.subject) throw usageError('--subject is required', template ? `for ${opts.template} it looks like ${template.subject}` : null);
      const api = connect(opts);
      const user = await userPathRef(api, opts.for);
      const restrictions = {
        ...(opts.action.length ? { actions: opts.action } : {}),
        ...(opts.datastore.length ? { datastore_ids: opts.datastore.map(Number) } : {}),
        ...(opts.allowCidr.length ? { allowed_cidrs: opts.allowCidr } : {}),
      };
      const created = await fetchData(api.target, api.client.POST('/api/users/{id}/workload-identities', {
        params: { path: { id: user } },
        body: { name: opts.name, issuer, audience: opts.audience, subject: opts.subject, claims: opts.claim, ...(opts.ttl ? { token_ttl_minutes: opts.ttl } : {}), ...(Object.keys(restrictions).length ? { restrictions } : {}) },
      }));
      if (opts.json) return printJson(created);
      print(workloadIdentityDetails(created));
    }));

  wi.command('list')
    .description('the workload identities a service user trusts, with their last use')
    .requiredOption(...forOption)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const { items } = await fetchData(api.target, api.client.GET('/api/users/{id}/workload-identities', { params: { path: { id: await userPathRef(api, opts.for) } } }));
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'id', value: (w) => String(w.id) },
        { header: 'name', value: (w) => w.name, max: 32 },
        { header: 'issuer', value: (w) => w.issuer, max: 48 },
        { header: 'subject', value: (w) => w.subject, max: 48 },
        { header: 'ttl', value: (w) => `${w.token_ttl_minutes}m` },
        { header: 'last used', value: (w) => when(w.last_used_at, { nullText: 'never' }) },
      ]));
    }));

  wi.command('view')
    .description('one workload identity')
    .argument('<identity>', 'its id or name')
    .requiredOption(...forOption)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const user = await userPathRef(api, opts.for);
      const w = await fetchData(api.target, api.client.GET('/api/users/{id}/workload-identities/{wid}', { params: { path: { id: user, wid: await identityIdOf(api, user, ref) } } }));
      if (opts.json) return printJson(w);
      print(workloadIdentityDetails(w));
    }));

  wi.command('remove')
    .description('stop trusting it: the next exchange through it is refused')
    .argument('<identity>', 'its id or name')
    .requiredOption(...forOption)
    .option(...URL_OPTION)
    .action(run(async (ref, opts) => {
      const api = connect(opts);
      const user = await userPathRef(api, opts.for);
      const wid = await identityIdOf(api, user, ref);
      await fetchData(api.target, api.client.DELETE('/api/users/{id}/workload-identities/{wid}', { params: { path: { id: user, wid } } }));
      print(`removed workload identity ${wid}`);
    }));

  const auth = program.commands.find((c) => c.name() === 'auth');
  if (!auth) throw new Error('the auth command group is registered first');
  auth.command('exchange')
    .description('exchange this job\'s identity token (GitHub Actions, GitLab CI, Kubernetes, Azure) for a short-lived Warden token; prints the token')
    .requiredOption('--subject-token-file <file>', 'the identity token (a JWT); - reads it from stdin')
    .option('--for <service user>', 'the service user (id or user_id), when the token could match several')
    .option('--scope <actions>', 'narrow the token further: space-separated actions, or read')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const target = resolveTarget(opts);
      let subjectToken: string;
      try {
        subjectToken = (opts.subjectTokenFile === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(opts.subjectTokenFile, 'utf8')).trim();
      } catch (err) {
        throw usageError(`cannot read ${opts.subjectTokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      if (subjectToken === '') throw usageError(`${opts.subjectTokenFile} is empty`);
      const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: subjectToken, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' });
      if (opts.for) form.set('client_id', opts.for);
      if (opts.scope) form.set('scope', opts.scope);
      let res: Response;
      try {
        res = await fetch(`${target.url}/api/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': `warden-cli/${CLI_VERSION}` }, body: form });
      } catch (err) {
        throw unreachable(target, err);
      }
      const body = (await res.json().catch(() => null)) as { access_token?: string; error?: string; error_description?: string } | null;
      if (!res.ok || !body?.access_token) {
        const why = body?.error ? `${body.error}: ${body.error_description ?? ''}` : `HTTP ${res.status}`;
        throw new CliError(`the exchange was refused (${why})`, res.status === 401 ? EXIT.auth : EXIT.failure, body?.error === 'invalid_grant' ? 'an Admin sees what the service user trusts: `warden workload-identities list --for <service user>`' : null, res.status);
      }
      if (opts.json) return printJson(body);
      print(body.access_token);
    }));
}
