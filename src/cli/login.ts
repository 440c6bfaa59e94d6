// `warden login --url <warden>`: the browser login of the CLI. A one-shot listener on
// 127.0.0.1:<random port> receives the token Warden issues after the person confirms in the
// browser; the token is kept in ~/.config/warden/credentials.json (mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Command } from '@commander-js/extra-typings';
import { isWellFormed } from '../tokens/format.ts';

export interface LoginOptions {
  /** Warden's URL, e.g. https://warden.example.com */
  url: string;
  /** Shows the authorize URL to the person: opens a browser by default, and always prints it. */
  open?: (authorizeUrl: string) => void | Promise<void>;
  print?: (line: string) => void;
  /** Where credentials.json goes; default $XDG_CONFIG_HOME/warden or ~/.config/warden. */
  configDir?: string;
  hostname?: string;
  timeoutMs?: number;
}

export interface LoginResult {
  token: string;
  file: string;
  user: { user_id: string; name: string } | null;
}

export function defaultConfigDir(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'warden');
}

/** Stores the token for this URL (others kept), readable by the owner only. */
export function saveCredentials(dir: string, url: string, token: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'credentials.json');
  let current: { current?: string; instances?: Record<string, { token: string; saved_at: string }> };
  try {
    current = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    current = {}; // none yet (or unreadable): start afresh
  }
  const next = { current: url, instances: { ...(current.instances ?? {}), [url]: { token, saved_at: new Date().toISOString() } } };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
  return file;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no browser here: the printed URL is the way
    child.unref();
  } catch {
    // ditto
  }
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto"><h1>${title}</h1><p>${text}</p>`;

export async function login(options: LoginOptions): Promise<LoginResult> {
  const base = new URL(options.url);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`--url must be an http(s) URL, got ${options.url}`);
  const wardenUrl = base.origin + base.pathname.replace(/\/+$/, '');
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const state = crypto.randomBytes(24).toString('base64url');
  const expected = crypto.createHash('sha256').update(state).digest();

  let settle!: { resolve: (token: string) => void; reject: (err: Error) => void };
  const received = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const got = crypto.createHash('sha256').update(url.searchParams.get('state') ?? '').digest();
    const token = url.searchParams.get('token');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (!crypto.timingSafeEqual(got, expected)) {
      res.writeHead(400).end(page('Login failed', 'This answer does not belong to the login that is waiting. Run <code>warden login</code> again.'));
      settle.reject(new Error('the browser answered with another login\'s state; nothing was saved'));
    } else if (url.searchParams.get('error')) {
      res.writeHead(200).end(page('Login cancelled', 'No token was created. You can close this tab.'));
      settle.reject(new Error('login cancelled in the browser'));
    } else if (!token || !isWellFormed(token)) {
      res.writeHead(400).end(page('Login failed', 'Warden sent no usable token.'));
      settle.reject(new Error('Warden sent no usable token'));
    } else {
      res.writeHead(200).end(page('Warden CLI signed in', 'The token is saved on this machine. You can close this tab.'));
      settle.resolve(token);
    }
  });
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;
  const timer = setTimeout(() => settle.reject(new Error('no answer from the browser in time; run warden login again')), options.timeoutMs ?? 300_000);
  try {
    const authorize = new URL(`${wardenUrl}/api/cli/authorize`);
    authorize.searchParams.set('redirect_uri', `http://127.0.0.1:${port}/callback`);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('hostname', options.hostname ?? os.hostname());
    print(`Open this URL in a browser to sign in and confirm a token for this machine:\n\n  ${authorize.href}\n`);
    await (options.open ?? openBrowser)(authorize.href);
    const token = await received;
    const file = saveCredentials(options.configDir ?? defaultConfigDir(), wardenUrl, token);
    let user: LoginResult['user'] = null;
    try {
      const me = await fetch(`${wardenUrl}/api/users/me`, { headers: { authorization: `Bearer ${token}` } });
      if (me.ok) {
        const body = (await me.json()) as { user_id: string; name: string };
        user = { user_id: body.user_id, name: body.name };
      }
    } catch {
      // the token is saved; checking it is a courtesy
    }
    print(user ? `Signed in to ${wardenUrl} as ${user.name} (${user.user_id}); token saved in ${file}` : `Token saved in ${file}`);
    return { token, file, user };
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  }
}

export function registerLoginCommand(program: Command<any, any, any>): void {
  program
    .command('login')
    .description('sign in through the browser and save a personal access token for this machine')
    .requiredOption('--url <url>', 'the Warden to sign in to, e.g. https://warden.example.com')
    .option('--no-browser', 'only print the URL to open')
    .action(async (opts: { url: string; browser: boolean }) => {
      try {
        await login({ url: opts.url, ...(opts.browser ? {} : { open: () => {} }) });
      } catch (err) {
        process.stderr.write(`warden: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    });
}
