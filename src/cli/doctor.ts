// `warden doctor`: is everything in place? The URL and where it came from, the credentials file,
// reachability and readiness, the server's version against the CLI's, clock skew, the token's
// validity and expiry, the database kind. Exit 0 when nothing failed (warnings allowed), else 1.
import fs from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import type { Schemas, paths } from '../client/index.ts';
import { CliError, EXIT } from './errors.ts';
import { CLI_VERSION, clientFor, defaultUrl, resolveTarget, unreachable, type Target } from './http.ts';
import { credentialsPath, normalizeUrl } from './credentials.ts';
import { paint, print, printJson, relativeTime } from './output.ts';
import { JSON_OPTION, URL_OPTION, run } from './run.ts';

type Info = paths['/api/info']['get']['responses'][200]['content']['application/json'];
type Status = 'ok' | 'warn' | 'fail';
interface Check { name: string; status: Status; detail: string }

/** Skew beyond this makes expiry times and audit times misleading. */
const SKEW_WARN_MS = 30_000;
const SKEW_FAIL_MS = 300_000;
const EXPIRY_WARN_MS = 7 * 86_400_000;

export function registerDoctorCommand(program: Command<any, any, any>): void {
  program
    .command('doctor')
    .description('check the setup: reachability, server version, clock skew, the token and its expiry, the database')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const checks: Check[] = [];
      const add = (name: string, status: Status, detail: string) => checks.push({ name, status, detail });
      let target: Target;
      try {
        target = resolveTarget(opts);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        // The credentials file is the problem: say so, and go on without it.
        add('credentials', 'fail', err.message + (err.hint ? ` (${err.hint})` : ''));
        const env = process.env.WARDEN_TOKEN?.trim() || null;
        const url = opts.url ?? process.env.WARDEN_URL;
        target = { url: normalizeUrl(url ?? defaultUrl()), urlSource: opts.url ? '--url' : url ? 'WARDEN_URL' : 'default', token: env, tokenSource: env ? 'WARDEN_TOKEN' : null, saved: null, file: credentialsPath() };
      }
      add('instance', 'ok', `${target.url} (from ${target.urlSource})`);
      if (target.tokenSource === 'saved') add('credentials', 'ok', `${target.file} (mode 0600)`);
      else if (target.tokenSource === 'WARDEN_TOKEN') add('credentials', 'ok', 'token from WARDEN_TOKEN');
      else if (!checks.some((c) => c.name === 'credentials')) add('credentials', 'warn', fs.existsSync(target.file) ? `no saved login for ${target.url} in ${target.file}` : 'no saved login (run `warden auth login`)');

      const anon = clientFor(target, null);
      const started = Date.now();
      let health;
      try {
        health = await anon.GET('/healthz');
      } catch (err) {
        add('reachable', 'fail', unreachable(target, err).message);
        return finish(checks, opts.json, null);
      }
      const rtt = Date.now() - started;
      add('reachable', health.response.ok ? 'ok' : 'fail', `GET /healthz answered ${health.response.status} in ${rtt} ms`);
      const ready = await anon.GET('/readyz').catch(() => null);
      add('ready', ready?.response.ok ? 'ok' : 'fail', ready ? `GET /readyz answered ${ready.response.status}${ready.response.ok ? ' (database reachable)' : ''}` : 'no answer');

      // Authenticated when possible, so that the answer names the database.
      const authed = clientFor(target);
      const before = Date.now();
      const infoAnswer = await (target.token ? authed : anon).GET('/api/info').catch(() => null);
      const after = Date.now();
      let info: Info | null = null;
      if (infoAnswer?.response.ok && infoAnswer.data) {
        info = infoAnswer.data;
        add('server version', info.version === CLI_VERSION ? 'ok' : 'warn', `Warden ${info.version}${info.version === CLI_VERSION ? '' : `; this CLI is ${CLI_VERSION}`} (${info.environment})`);
      } else {
        add('server version', 'warn', `GET /api/info answered ${infoAnswer?.response.status ?? 'nothing'}: an older Warden?`);
      }
      const serverTime = info?.time ? Date.parse(info.time) : Date.parse(infoAnswer?.response.headers.get('date') ?? health.response.headers.get('date') ?? '');
      if (!Number.isNaN(serverTime)) {
        const skew = serverTime - (before + after) / 2;
        const abs = Math.abs(skew);
        const text = `${abs < 1000 ? `${Math.round(abs)} ms` : `${Math.round(abs / 1000)} s`} ${skew > 0 ? 'behind' : 'ahead of'} the server${info?.time ? '' : ' (from the Date header, to the second)'}`;
        add('clock', abs > SKEW_FAIL_MS ? 'fail' : abs > SKEW_WARN_MS ? 'warn' : 'ok', `this machine is ${text}`);
      }
      if (info) add('sign-in', info.sso.enabled ? (info.sso.development ? 'warn' : 'ok') : 'warn', info.sso.enabled ? (info.sso.development ? 'the DEVELOPMENT OpenID Provider: any login works' : 'single sign-on configured') : 'no single sign-on: use tokens (`warden auth login --with-token`)');

      if (!target.token) {
        add('token', 'fail', `not signed in to ${target.url} (run \`warden auth login\`, or set WARDEN_TOKEN)`);
        return finish(checks, opts.json, info);
      }
      const me = await authed.GET('/api/users/me').catch(() => null);
      if (!me?.response.ok || !me.data) {
        const detail = (me?.error as { detail?: string } | undefined)?.detail ?? `HTTP ${me?.response.status ?? 'no answer'}`;
        add('token', 'fail', `refused: ${detail} (run \`warden auth login\`)`);
        return finish(checks, opts.json, info);
      }
      const user: Schemas['User'] = me.data;
      const current = await authed.GET('/api/user-tokens/current').catch(() => null);
      const token = current?.response.ok ? current.data : null;
      add('token', 'ok', `valid: ${user.name} (${user.user_id}), role ${user.role}${token ? `, token ${token.name} (${token.hint})` : ''}`);
      if (token) {
        const left = token.expires_at ? Date.parse(token.expires_at) - Date.now() : null;
        add('token expiry', left === null ? 'warn' : left < EXPIRY_WARN_MS ? 'warn' : 'ok',
          left === null ? 'never expires (consider a lifetime)' : `expires ${relativeTime(token.expires_at!)} (${token.expires_at})${left < EXPIRY_WARN_MS ? ': `warden tokens rotate current` renews it' : ''}`);
      }
      if (info) add('database', info.database ? 'ok' : 'warn', info.database ? (info.database === 'sqlite' ? 'SQLite (one node)' : 'PostgreSQL') : 'not shown (the server did not take the token for /api/info)');
      return finish(checks, opts.json, info);
    }));
}

function finish(checks: Check[], json: boolean | undefined, info: Info | null): number {
  const failed = checks.some((c) => c.status === 'fail');
  if (json) {
    printJson({ ok: !failed, checks, info });
  } else {
    const mark = { ok: paint('✓', 'green'), warn: paint('!', 'yellow'), fail: paint('✗', 'red') };
    const width = Math.max(...checks.map((c) => c.name.length));
    for (const c of checks) print(`${process.stdout.isTTY ? mark[c.status] : c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
  }
  return failed ? EXIT.failure : EXIT.ok;
}
