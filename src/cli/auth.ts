// `warden auth login|logout|status|token|switch`, the `login` alias, and `whoami`.
import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { Schemas } from '../client/index.ts';
import { isWellFormed } from '../tokens/format.ts';
import { CliError, EXIT, authError, usageError } from './errors.ts';
import { credentialsPath, forgetInstance, normalizeUrl, readCredentials, writeCredentials } from './credentials.ts';
import { defaultUrl, authenticatedClient, call, resolveTarget, type Target } from './http.ts';
import { login, loginWithToken } from './login.ts';
import { details, note, paint, print, printJson, when } from './output.ts';
import { JSON_OPTION, URL_OPTION, run } from './run.ts';

/** The URL to sign in to: like resolveTarget, but a bad credentials file must not stop a new login. */
function loginUrl(flag: string | undefined): string {
  if (flag) return normalizeUrl(flag);
  if (process.env.WARDEN_URL) return normalizeUrl(process.env.WARDEN_URL);
  try {
    return readCredentials().current ?? defaultUrl();
  } catch {
    return defaultUrl();
  }
}

/** A token from stdin: piped (CI), or typed or pasted on a terminal without echo. */
async function readTokenFromStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Paste the token (it is not shown), then Enter: ');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      let text = '';
      const done = (err?: Error) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(text.trim());
      };
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new CliError('cancelled', EXIT.failure));
          if (ch === '\u007f') text = text.slice(0, -1);
          else text += ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  let text = '';
  for await (const chunk of stdin) text += chunk;
  return text.trim();
}

export function registerAuthCommands(program: Command<any, any, any>): void {
  program.commandsGroup('Commands:');
  const auth = program.command('auth').description('sign in and out, see and switch saved instances');

  const addLogin = (cmd: Command<any, any, any>) =>
    cmd
      .option(...URL_OPTION)
      .option('--no-browser', 'do not open a browser; only print the URL to open')
      .option('--with-token', 'read a token from standard input instead of the browser login (CI, service tokens, the bootstrap token)')
      .option('--hostname <name>', 'the machine name the token is named after (cli-<hostname>)')
      .option('--timeout <seconds>', 'how long to wait for the browser', (v) => {
        if (!/^[1-9]\d{0,5}$/.test(v)) throw new InvalidArgumentError('a number of seconds');
        return Number(v);
      }, 300)
      .action(run(async (...args: any[]) => {
        const opts = args[0] as { url?: string; browser: boolean; withToken?: boolean; hostname?: string; timeout: number };
        const url = loginUrl(opts.url);
        if (opts.withToken) {
          const token = await readTokenFromStdin();
          if (!isWellFormed(token)) throw usageError('that is not a Warden token (wdn_pat_… or wdn_svc_…, with a valid checksum)');
          const { file, user, current } = await loginWithToken(url, token);
          note(`Signed in to ${url} as ${user.name} (${user.user_id})${current ? `; token ${current.name}` : ''} saved in ${file}`);
          return;
        }
        await login({ url, timeoutMs: opts.timeout * 1000, ...(opts.hostname ? { hostname: opts.hostname } : {}), ...(opts.browser ? {} : { open: () => {} }) });
      }));

  addLogin(auth.command('login').description('sign in through the browser (or --with-token) and save a token for this machine'));
  addLogin(program.command('login').description('the same as `warden auth login`'));

  auth
    .command('logout')
    .description('revoke the saved token on the server, then forget it')
    .option(...URL_OPTION)
    .option('--local', 'only forget the token, without revoking it (when the server cannot be reached)')
    .action(run(async (opts) => {
      if (process.env.WARDEN_TOKEN) note('note: WARDEN_TOKEN is set; logout works on the saved login and leaves WARDEN_TOKEN alone');
      const data = readCredentials();
      const url = opts.url ? normalizeUrl(opts.url) : process.env.WARDEN_URL ? normalizeUrl(process.env.WARDEN_URL) : data.current;
      const saved = url ? data.instances[url] : undefined;
      if (!url || !saved) throw new CliError(`no saved login${url ? ` for ${url}` : ''}`, EXIT.failure, Object.keys(data.instances).length ? `saved: ${Object.keys(data.instances).join(', ')}` : null);
      const target: Target = { url, urlSource: '--url', token: saved.token, tokenSource: 'saved', saved, file: credentialsPath() };
      const name = saved.token_name ?? 'the saved token';
      if (!opts.local) {
        const client = authenticatedClient(target);
        let id = saved.token_id;
        try {
          if (id === null) id = (await call(target, client.GET('/api/user-tokens/current'))).data.id;
          await call(target, client.PUT('/api/user-tokens/{id}', { params: { path: { id } }, body: { revoked: true } }));
          note(`Revoked ${name} (token ${id}) on ${url}.`);
        } catch (err) {
          // Already refused by the server (revoked, expired, owner gone): nothing left to revoke.
          if (!(err instanceof CliError) || err.exitCode !== EXIT.auth) {
            if (err instanceof CliError) err.hint = 'the token is still valid; try again, or `warden auth logout --local` to only forget it';
            throw err;
          }
          note(`The server already refuses ${name} (${err.message}); forgetting it.`);
        }
      }
      forgetInstance(url);
      note(`Removed the login for ${url} from ${credentialsPath()}.`);
    }));

  auth
    .command('status')
    .description('the instance in use, who you are there, your role, and the token\'s name and expiry')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const target = resolveTarget(opts);
      const others = Object.keys(readCredentials().instances).filter((u) => u !== target.url);
      const source = target.tokenSource === 'WARDEN_TOKEN' ? 'WARDEN_TOKEN' : target.tokenSource === 'saved' ? target.file : null;
      if (!target.token) {
        if (opts.json) printJson({ url: target.url, url_source: target.urlSource, token_source: null, user: null, token: null, saved_instances: others });
        throw authError(`not signed in to ${target.url}`);
      }
      const client = authenticatedClient(target);
      const { data: user } = await call(target, client.GET('/api/users/me'));
      const current = await client.GET('/api/user-tokens/current').catch(() => null);
      const token: Schemas['Token'] | null = current?.response.ok && current.data ? current.data : null;
      if (opts.json) {
        printJson({ url: target.url, url_source: target.urlSource, token_source: target.tokenSource, user, token, saved_instances: others });
        return;
      }
      print(`${paint(target.url, 'bold')}${target.urlSource === 'saved' ? ' (current)' : ` (from ${target.urlSource})`}`);
      print(details([
        ['user', `${user.name} (${user.user_id})`],
        ['type', user.type],
        ['role', user.role],
        ['token', token ? `${token.name} (id ${token.id}, ${token.hint})` : 'a console session'],
        ['expires', token ? when(token.expires_at, { nullText: 'never' }) : null],
        ['from', source],
      ]).trimEnd().replace(/^/gm, '  '));
      if (others.length) print(`Other saved instances: ${others.join(', ')} (\`warden auth switch\`)`);
    }));

  auth
    .command('token')
    .description('print the token in use, for scripts (the one command besides `tokens create --secret-only` that prints a secret)')
    .option(...URL_OPTION)
    .action(run(async (opts) => {
      const target = resolveTarget(opts);
      if (!target.token) throw authError(`not signed in to ${target.url}`);
      process.stdout.write(`${target.token}\n`);
    }));

  auth
    .command('switch')
    .description('make another saved instance the current one')
    .argument('[url]', 'a saved instance (without it: the other one, when there are two)')
    .action(run(async (url) => {
      const data = readCredentials();
      const saved = Object.keys(data.instances);
      let next: string;
      if (url) {
        next = normalizeUrl(url);
        if (!(next in data.instances)) throw usageError(`no saved login for ${next}`, saved.length ? `saved: ${saved.join(', ')}; or \`warden auth login --url ${next}\`` : `run \`warden auth login --url ${next}\``);
      } else {
        const others = saved.filter((u) => u !== data.current);
        if (others.length !== 1) {
          throw usageError(saved.length === 0 ? 'no saved logins' : `name the instance to switch to: ${saved.join(', ')}`, saved.length === 0 ? 'run `warden auth login`' : null);
        }
        next = others[0];
      }
      data.current = next;
      writeCredentials(data);
      const who = data.instances[next].user;
      note(`Current instance: ${next}${who ? ` (as ${who.name}, ${who.user_id})` : ''}`);
    }));

  program
    .command('whoami')
    .description('who the token in use belongs to')
    .option(...URL_OPTION)
    .option(...JSON_OPTION)
    .action(run(async (opts) => {
      const target = resolveTarget(opts);
      const { data: user } = await call(target, authenticatedClient(target).GET('/api/users/me'));
      if (opts.json) return printJson(user);
      print(`${user.name} (${user.user_id}), ${user.role}, on ${target.url}`);
    }));
}
