// `warden webhooks events|list|view|create|edit|delete|rotate-secret|test|deliveries|delivery`.
// The signing secret (whsec_…) follows the token rule: `create` and `rotate-secret` need
// --secret-only (the secret alone) or --json (the API's answer, with `secret`); nothing else shows it.
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { paths } from '../client/index.ts';
import { usageError } from './errors.ts';
import { fetchData, pageAll } from './http.ts';
import { details, note, print, printJson, statusStyle, table, when } from './output.ts';
import { collect, connect, editList, type JsonBody } from './refs.ts';
import { JSON_OPTION, LIMIT_OPTION, URL_OPTION, positiveInt, run } from './run.ts';

type Webhook = paths['/api/webhooks/{id}']['get']['responses'][200]['content']['application/json'];
type Delivery = paths['/api/webhooks/{id}/deliveries']['get']['responses'][200]['content']['application/json']['items'][number];

const idArg = (v: string) => {
  if (!/^[1-9]\d{0,9}$/.test(v)) throw usageError(`a webhook id is a number, got "${v}"`);
  return Number(v);
};

function webhookDetails(w: Webhook): string {
  return details([
    ['id', String(w.id)],
    ['url', w.url],
    ['description', w.description],
    ['events', w.events.join(', ')],
    ['enabled', w.enabled ? 'yes' : `no, since ${when(w.disabled_at)}${w.disabled_reason ? `: ${w.disabled_reason}` : ''} (\`warden webhooks edit ${w.id} --enable\` switches it on)`],
    ['failing', w.failing_since ? `every attempt since ${when(w.failing_since)} failed; 24 hours of it switch the webhook off` : null],
    ['deliveries', `${w.deliveries.succeeded} succeeded, ${w.deliveries.pending} pending, ${w.deliveries.failed} failed`],
    ['old secret', w.previous_secret_until ? `still signs until ${when(w.previous_secret_until)}` : null],
    ['created', `${when(w.created_at)}${w.created_by ? ` by ${w.created_by.name}` : ''}`],
    ['updated', when(w.updated_at)],
  ]);
}

const deliveryStatus = (d: Delivery) => (d.status === 'succeeded' ? 'active' : d.status === 'failed' ? 'revoked' : 'expired');

function deliveryTable(items: Delivery[]): string {
  return table(items, [
    { header: 'id', value: (d) => String(d.id) },
    { header: 'event', value: (d) => d.event_type },
    { header: 'status', value: (d) => d.status, style: (d) => statusStyle(deliveryStatus(d)) },
    { header: 'attempts', value: (d) => String(d.attempts) },
    { header: 'last', value: (d) => (d.last_status === null ? (d.last_error ?? '-') : `HTTP ${d.last_status}`), max: 40 },
    { header: 'at', value: (d) => when(d.last_attempt_at ?? d.created_at) },
    { header: 'next', value: (d) => when(d.next_attempt_at) },
  ]);
}

const secretChoice = (opts: { secretOnly?: boolean; json?: boolean }, what: string) => {
  if (opts.secretOnly && opts.json) throw usageError('choose one of --secret-only and --json');
  if (!opts.secretOnly && !opts.json) throw usageError(`the signing secret is shown only once, so say how to show it: --secret-only (only the secret) or --json (the answer, with "secret"); nothing was ${what}`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerWebhookCommands(program: Command<any, any, any>): void {
  const webhooks = program.command('webhooks').description('webhooks: events POSTed to your endpoints, signed (Admin)');

  webhooks
    .command('events')
    .description('every event a webhook can subscribe to')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const { items } = await fetchData(api.target, api.client.GET('/api/webhooks/events'));
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'event', value: (e) => e.type },
        { header: 'description', value: (e) => e.description, max: 60 },
        { header: 'data', value: (e) => e.data, max: 50 },
      ]));
    }));

  webhooks
    .command('list')
    .description('the webhooks, with their delivery counts')
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/webhooks', { params: { query: { page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(table(items, [
        { header: 'id', value: (w) => String(w.id) },
        { header: 'url', value: (w) => w.url, max: 50 },
        { header: 'events', value: (w) => w.events.join(', '), max: 40 },
        { header: 'enabled', value: (w) => (w.enabled ? (w.failing_since ? 'yes, failing' : 'yes') : w.disabled_reason?.startsWith('every attempt failed') ? 'no, failed 24 h' : 'no'), style: (w) => (w.enabled ? (w.failing_since ? 'yellow' : 'green') : 'red') },
        { header: 'failed', value: (w) => String(w.deliveries.failed), style: (w) => (w.deliveries.failed ? 'red' : null) },
      ]));
    }));

  webhooks
    .command('view')
    .description('one webhook')
    .argument('<id>', 'webhook id', idArg)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (id, opts) => {
      const api = connect(opts);
      const w = await fetchData(api.target, api.client.GET('/api/webhooks/{id}', { params: { path: { id } } }));
      if (opts.json) return printJson(w);
      print(webhookDetails(w));
    }));

  webhooks
    .command('create')
    .description('create a webhook; needs --secret-only or --json, as its signing secret is shown only once')
    .requiredOption('--endpoint <url>', 'where events are POSTed')
    .requiredOption('--event <type>', 'an event to send (repeatable; `warden webhooks events` lists them; audit.* is every audit action)', collect)
    .option('--description <text>', 'what it is for')
    .option('--disabled', 'create it switched off')
    .option('--secret-only', 'print only the signing secret, for a secret store')
    .option(...URL_OPTION)
    .option('--json', 'print the API\'s answer, including the signing secret in "secret"')
    .action(run(async (opts) => {
      secretChoice(opts, 'created');
      const api = connect(opts);
      const created = await fetchData(api.target, api.client.POST('/api/webhooks', {
        body: { url: opts.endpoint, events: opts.event, description: opts.description, ...(opts.disabled ? { enabled: false } : {}) },
      }));
      if (opts.json) return printJson(created);
      process.stdout.write(`${created.secret}\n`);
      note(`Created webhook ${created.id} for ${created.url} (${created.events.join(', ')}); the secret above is not shown again.`);
    }));

  webhooks
    .command('edit')
    .description('change a webhook\'s url, events, description, or switch it on or off')
    .argument('<id>', 'webhook id', idArg)
    .option('--endpoint <url>', 'the new url events are POSTed to')
    .option('--event <type>', 'replace the events with these (repeatable)', collect)
    .option('--add-event <type>', 'add an event (repeatable)', collect, [] as string[])
    .option('--remove-event <type>', 'remove an event (repeatable)', collect, [] as string[])
    .option('--description <text>', 'what it is for ("" clears it)')
    .addOption(new Option('--enable', 'switch it on (also after Warden switched it off for failing 24 hours)').conflicts('disable'))
    .option('--disable', 'switch it off (nothing is sent while off)')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (id, opts) => {
      const api = connect(opts);
      const body: JsonBody<'/api/webhooks/{id}', 'put'> = {};
      if (opts.endpoint) body.url = opts.endpoint;
      if (opts.description !== undefined) body.description = opts.description === '' ? null : opts.description;
      if (opts.enable) body.enabled = true;
      if (opts.disable) body.enabled = false;
      if (opts.event || opts.addEvent.length || opts.removeEvent.length) {
        const current = await fetchData(api.target, api.client.GET('/api/webhooks/{id}', { params: { path: { id } } }));
        body.events = editList(current.events, opts.event ?? null, opts.addEvent, opts.removeEvent);
      }
      if (Object.keys(body).length === 0) throw usageError('nothing to change: give --endpoint, --event, --add-event, --remove-event, --description, --enable or --disable');
      const w = await fetchData(api.target, api.client.PUT('/api/webhooks/{id}', { params: { path: { id } }, body }));
      if (opts.json) return printJson(w);
      note(`Updated webhook ${w.id}.`);
      print(webhookDetails(w));
    }));

  webhooks
    .command('delete')
    .description('delete a webhook and its delivery log')
    .argument('<id>', 'webhook id', idArg)
    .option(...URL_OPTION)
    .action(run(async (id, opts) => {
      const api = connect(opts);
      await fetchData(api.target, api.client.DELETE('/api/webhooks/{id}', { params: { path: { id } } }));
      note(`Deleted webhook ${id}.`);
    }));

  webhooks
    .command('rotate-secret')
    .description('replace the signing secret (the old one still signs for a while); needs --secret-only or --json')
    .argument('<id>', 'webhook id', idArg)
    .option('--secret-only', 'print only the new secret')
    .option(...URL_OPTION)
    .option('--json', 'print the API\'s answer {secret, previous_secret_until}')
    .action(run(async (id, opts) => {
      secretChoice(opts, 'rotated');
      const api = connect(opts);
      const answer = await fetchData(api.target, api.client.POST('/api/webhooks/{id}/rotate-secret', { params: { path: { id } } }));
      if (opts.json) return printJson(answer);
      process.stdout.write(`${answer.secret}\n`);
      note(`New signing secret for webhook ${id}; the previous one signs as well until ${answer.previous_secret_until}.`);
    }));

  webhooks
    .command('test')
    .description('send a webhook.test event now; --wait follows the delivery (exit 0 when it succeeded)')
    .argument('<id>', 'webhook id', idArg)
    .option('--wait <seconds>', 'follow the delivery until it succeeds or fails, at most this long', positiveInt('--wait'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (id, opts) => {
      const api = connect(opts);
      let delivery: Delivery = await fetchData(api.target, api.client.POST('/api/webhooks/{id}/test', { params: { path: { id } } }));
      if (opts.wait) {
        const deadline = Date.now() + opts.wait * 1000;
        while (delivery.status === 'pending' && Date.now() < deadline) {
          await sleep(500);
          delivery = await fetchData(api.target, api.client.GET('/api/webhooks/{id}/deliveries/{delivery_id}', { params: { path: { id, delivery_id: delivery.id } } }));
        }
      }
      if (opts.json) printJson(delivery);
      else print(deliveryTable([delivery]));
      if (opts.wait) return delivery.status === 'succeeded' ? 0 : 1;
    }));

  webhooks
    .command('deliveries')
    .description('the delivery log of a webhook, newest first')
    .argument('<id>', 'webhook id', idArg)
    .addOption(new Option('--status <status>', 'only these').choices(['pending', 'succeeded', 'failed'] as const))
    .option(LIMIT_OPTION[0], LIMIT_OPTION[1], positiveInt('--limit'))
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (id, opts) => {
      const api = connect(opts);
      const items = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/webhooks/{id}/deliveries', { params: { path: { id }, query: { status: opts.status, page, size } } })), opts.limit);
      if (opts.json) return printJson(items);
      print(deliveryTable(items));
    }));

  webhooks
    .command('delivery')
    .description('one delivery with every attempt')
    .argument('<id>', 'webhook id', idArg)
    .argument('<delivery>', 'delivery id', idArg)
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (id, deliveryId, opts) => {
      const api = connect(opts);
      const d = await fetchData(api.target, api.client.GET('/api/webhooks/{id}/deliveries/{delivery_id}', { params: { path: { id, delivery_id: deliveryId } } }));
      if (opts.json) return printJson(d);
      print(deliveryTable([d]));
      print(table(d.attempt_log, [
        { header: 'attempt at', value: (a) => when(a.at) },
        { header: 'answer', value: (a) => (a.status === null ? (a.error ?? '-') : `HTTP ${a.status}`), max: 60 },
        { header: 'latency', value: (a) => (a.latency_ms === null ? '-' : `${a.latency_ms} ms`) },
      ]));
    }));
}
