// `warden api <METHOD> <path>`: an authenticated raw call, like `gh api`. Prints the answer's body
// as the server sent it (JSON pretty-printed), so it shows whatever the API answers — including a
// new token's secret for POST /api/user-tokens: it is the raw API.
import fs from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { CliError, EXIT, usageError } from './errors.ts';
import { clientFor, problemError, resolveTarget, unreachable } from './http.ts';
import { collect } from './refs.ts';
import { run } from './run.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** `users/me`, `/users/me` and `/api/users/me` all mean /api/users/me; /healthz and /readyz stay. */
export function apiPath(raw: string): string {
  const p = raw.startsWith('/') ? raw : `/${raw}`;
  if (p.startsWith('/api/') || p === '/api' || p.startsWith('/healthz') || p.startsWith('/readyz')) return p;
  return `/api${p}`;
}

/** -F values: true, false, null and numbers become JSON; @file reads the file (@- stdin). */
export function typedValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.startsWith('@')) return fs.readFileSync(raw === '@-' ? 0 : raw.slice(1), 'utf8');
  return raw;
}

function fieldsOf(raw: string[], typed: boolean): [string, unknown][] {
  return raw.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 1) throw usageError(`a field is key=value, got "${pair}"`);
    return [pair.slice(0, eq), typed ? typedValue(pair.slice(eq + 1)) : pair.slice(eq + 1)];
  });
}

const keepAll = (v: string, prev: string[] = []) => [...prev, v];

export function registerApiCommand(program: Command<any, any, any>): void {
  program
    .command('api')
    .description('an authenticated raw API call, like `gh api`; prints the body of the answer')
    .argument('<method>', METHODS.join(', '))
    .argument('<path>', 'e.g. /api/users/me (the /api prefix may be left out)')
    .option('-f, --raw-field <key=value>', 'a string field (repeatable): query for GET, JSON body otherwise', keepAll, [] as string[])
    .option('-F, --field <key=value>', 'a typed field: true, false, null, numbers, @file (repeatable)', keepAll, [] as string[])
    .option('--input <file>', 'the request body from a file (- for stdin); fields then go into the query')
    .option('-H, --header <name:value>', 'an extra request header (repeatable)', collect, [] as string[])
    .option('-i, --include', 'print the status line and headers before the body')
    .option('--url <url>', 'the Warden to talk to (default: WARDEN_URL, then the current saved instance, then http://localhost:$WARDEN_PORT, 8080 when unset)')
    .addHelpText('after', '\nExamples:\n  warden api GET /api/users -f type=service -f size=5\n  warden api PUT /api/user-tokens/12 -F revoked=true\n  warden api POST /api/teams --input team.json')
    .action(run(async (rawMethod, rawPath, opts) => {
      const method = rawMethod.toUpperCase() as (typeof METHODS)[number];
      if (!METHODS.includes(method)) throw usageError(`unknown method ${rawMethod}: use one of ${METHODS.join(', ')}`);
      const target = resolveTarget(opts);
      const path = apiPath(rawPath);
      const fields = Object.fromEntries([...fieldsOf(opts.rawField, false), ...fieldsOf(opts.field, true)]);
      const hasFields = Object.keys(fields).length > 0;
      const inQuery = method === 'GET' || method === 'HEAD' || opts.input !== undefined;
      let body: string | undefined;
      if (opts.input !== undefined) body = fs.readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
      else if (hasFields && !inQuery) body = JSON.stringify(fields);
      const headers: Record<string, string> = {};
      for (const h of opts.header) {
        const colon = h.indexOf(':');
        if (colon < 1) throw usageError(`a header is name:value, got "${h}"`);
        headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
      }
      if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      const client = clientFor(target);
      let answer;
      try {
        answer = await client.request(method.toLowerCase() as 'get', path as never, {
          params: { query: inQuery && hasFields ? (fields as never) : undefined },
          body: body as never,
          bodySerializer: (b: unknown) => b as string,
          headers,
          parseAs: 'text',
        } as never);
      } catch (err) {
        throw unreachable(target, err);
      }
      const { response } = answer;
      if (opts.include) {
        process.stdout.write(`HTTP ${response.status} ${response.statusText}\n`);
        response.headers.forEach((value, name) => process.stdout.write(`${name}: ${value}\n`));
        process.stdout.write('\n');
      }
      const payload = response.ok ? (answer.data as string | undefined) : answer.error;
      if (payload !== undefined && payload !== '') {
        let text = typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
        if (typeof payload === 'string') {
          try {
            text = JSON.stringify(JSON.parse(payload), null, 2);
          } catch {
            // not JSON: as it came
          }
        }
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
      if (!response.ok) {
        const err = problemError(response.status, answer.error, target);
        throw new CliError(err.message.includes(`HTTP ${response.status}`) ? err.message : `${err.message} (HTTP ${response.status})`, err.exitCode === EXIT.auth ? EXIT.auth : EXIT.failure, err.hint, response.status);
      }
    }));
}
