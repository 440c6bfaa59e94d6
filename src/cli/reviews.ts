// `warden reviews list`: what needs a decision (review dates, expiring, unused or never-expiring
// tokens, Admin service users, inactive people), each with the command that resolves it.
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { paths } from '../client/index.ts';
import { fetchData, pageAll } from './http.ts';
import { print, printJson, table, when } from './output.ts';
import { connect } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';

type Review = paths['/api/reviews']['get']['responses'][200]['content']['application/json']['items'][number];
const KINDS = ['service_user_review_due', 'token_expiring', 'token_unused', 'token_never_expires', 'service_user_admin', 'personal_inactive', 'elevated_role_without_end'] as const;

/** The CLI command for the API call that resolves an item, where there is one. */
export function resolveCommand(r: Review): string {
  const { method, path } = r.resolve;
  const user = r.user?.user_id ?? path.split('/')[3];
  if (method === 'POST' && /\/api\/users\/[^/]+\/review$/.test(path)) return `warden users review ${user}`;
  if (method === 'DELETE' && /\/api\/users\/[^/]+$/.test(path)) return `warden users deactivate ${user}`;
  if (method === 'PUT' && /\/api\/users\/[^/]+$/.test(path)) return `warden users edit ${user} --role …`;
  if (method === 'PUT' && /\/api\/user-tokens\/\d+$/.test(path)) return `warden tokens revoke ${path.split('/').pop()}`;
  if (method === 'POST' && path === '/api/user-tokens') return r.token?.kind === 'service' ? `warden tokens create --for ${user} --name … --expires …` : 'warden tokens create --name … --expires …';
  if (/\/rotate$/.test(path)) return `warden tokens rotate ${path.split('/')[3]}`;
  return `${method} ${path}`;
}

export function registerReviewCommands(program: Command<any, any, any>): void {
  const reviews = program.command('reviews').description('the review queue: what needs a decision (Admins and Managers)');
  reviews
    .command('list')
    .description('items needing a decision, each with the command that resolves it')
    .addOption(new Option('--kind <kind>', 'one kind of item').choices(KINDS))
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/reviews', { params: { query: { kind: opts.kind, page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'kind', value: (r) => r.kind },
        { header: 'since', value: (r) => when(r.since) },
        { header: 'about', value: (r) => (r.token ? `token ${r.token.name} (${r.token.id})` : (r.user?.user_id ?? '-')), max: 40 },
        { header: 'detail', value: (r) => r.detail, max: 60 },
        { header: 'resolve', value: resolveCommand },
      ]));
    }));
}
