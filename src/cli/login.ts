// The CLI's browser login (RFC 8252 style, like `gh`). A one-shot listener on 127.0.0.1:<random
// port> waits for the browser; the authorize URL carries a state and a PKCE S256 challenge; after
// the person confirms, the browser brings a one-time code (never the token) to the listener, and
// the CLI exchanges code + state + verifier for its token over a direct POST. The token is saved
// in the credentials file (mode 0600) with its id and name, so `auth logout` can revoke it.
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Schemas } from '../client/index.ts';
import { CliError, EXIT } from './errors.ts';
import { configDir, credentialsPath, normalizeUrl, saveInstance } from './credentials.ts';
import { call, clientFor, problemError, unreachable, type Target } from './http.ts';

export interface LoginOptions {
  /** Warden's URL, e.g. https://warden.example.com */
  url: string;
  /** Shows the authorize URL to the person: opens a browser by default (it is always printed too). */
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
  user: { id: number; user_id: string; name: string };
  /** The token as the server describes it (no secret). */
  issued: Schemas['Token'];
}

const DEFAULT_TIMEOUT_MS = 300_000;

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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><body style="font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`;

function targetOf(url: string): Target {
  return { url, urlSource: '--url', token: null, tokenSource: null, saved: null, file: credentialsPath() };
}

/** Asks the server who it is before anyone waits for a browser: unreachable or without SSO, say so now. */
export async function checkServer(url: string): Promise<{ ssoEnabled: boolean | null; version: string | null }> {
  const target = targetOf(url);
  const client = clientFor(target, null);
  let answer;
  try {
    answer = await client.GET('/api/info');
  } catch (err) {
    throw unreachable(target, err);
  }
  if (answer.response.status === 404) {
    // An older Warden without /api/info: its health route still proves it answers.
    const health = await client.GET('/healthz').catch((err) => Promise.reject(unreachable(target, err)));
    if (!health.response.ok) throw new CliError(`${url} does not look like Warden (GET /healthz answered ${health.response.status})`);
    return { ssoEnabled: null, version: null };
  }
  if (!answer.response.ok || !answer.data || answer.data.name !== 'Warden') throw new CliError(`${url} does not look like Warden (GET /api/info answered ${answer.response.status})`);
  return { ssoEnabled: answer.data.sso.enabled, version: answer.data.version };
}

export async function login(options: LoginOptions): Promise<LoginResult> {
  const wardenUrl = normalizeUrl(options.url);
  const target = targetOf(wardenUrl);
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const server = await checkServer(wardenUrl);
  if (server.ssoEnabled === false) {
    throw new CliError(`${wardenUrl} has no single sign-on configured, so there is no browser login`, EXIT.failure,
      'sign in with a token instead: `warden auth login --with-token` (paste a personal or service token), or set WARDEN_TOKEN');
  }

  const state = crypto.randomBytes(24).toString('base64url');
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const expectedState = crypto.createHash('sha256').update(state).digest();
  const client = clientFor(target, null);

  let settled = false;
  let settle!: { resolve: (r: Schemas['Token'] & { token: string }) => void; reject: (err: Error) => void };
  const received = new Promise<Schemas['Token'] & { token: string }>((resolve, reject) => (settle = { resolve, reject }));
  const listener = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('referrer-policy', 'no-referrer');
    const answer = (status: number, title: string, text: string) => res.writeHead(status).end(page(title, text));
    if (settled) return answer(409, 'Already answered', 'This login has already finished. You can close this tab.');
    const got = crypto.createHash('sha256').update(url.searchParams.get('state') ?? '').digest();
    if (!crypto.timingSafeEqual(got, expectedState)) {
      // Not ours (another login, or a forged link): ignore it and keep waiting for the real answer.
      return answer(400, 'Login failed', 'This answer does not belong to the login that is waiting.');
    }
    settled = true;
    const code = url.searchParams.get('code');
    if (url.searchParams.get('error') || !code) {
      answer(200, 'Login cancelled', 'No token was created. You can close this tab.');
      return settle.reject(new CliError('the login was cancelled in the browser; no token was created'));
    }
    client.POST('/api/cli/token', { body: { code, code_verifier: verifier, state } }).then(
      (r) => {
        if (r.response.ok && r.data) {
          answer(200, 'Warden CLI signed in', 'The token is saved on this machine. You can close this tab and return to the terminal.');
          settle.resolve(r.data);
        } else {
          const err = problemError(r.response.status, r.error, target, 'the login code was refused');
          answer(400, 'Login failed', `${err.message}.`);
          settle.reject(err);
        }
      },
      (err) => {
        answer(502, 'Login failed', 'The CLI could not reach Warden to finish the login.');
        settle.reject(unreachable(target, err));
      },
    );
  });
  await new Promise<void>((resolve, reject) => listener.listen(0, '127.0.0.1', resolve).once('error', reject));
  const port = (listener.address() as AddressInfo).port;
  const timer = setTimeout(() => {
    settled = true;
    settle.reject(new CliError(`no answer from the browser within ${Math.round(timeoutMs / 1000)} s; nothing was saved`, EXIT.failure, 'run `warden auth login` again'));
  }, timeoutMs);
  try {
    const authorize = new URL(`${wardenUrl}/api/cli/authorize`);
    authorize.searchParams.set('redirect_uri', `http://127.0.0.1:${port}/callback`);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('hostname', options.hostname ?? os.hostname());
    authorize.searchParams.set('code_challenge', challenge);
    authorize.searchParams.set('code_challenge_method', 'S256');
    const minutes = timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 60_000)} min` : `${Math.round(timeoutMs / 1000)} s`;
    print(`Open this URL in a browser to sign in and confirm a token for this machine:\n\n  ${authorize.href}\n\nWaiting up to ${minutes} for the browser (Ctrl-C to stop)…`);
    await (options.open ?? openBrowser)(authorize.href);
    const issued = await received;
    const { token, ...view } = issued;
    const file = saveInstance(wardenUrl, {
      token, token_id: view.id, token_name: view.name, expires_at: view.expires_at, user: view.user, saved_at: new Date().toISOString(),
    }, credentialsPath(options.configDir ?? configDir()));
    print(`Signed in to ${wardenUrl} as ${view.user.name} (${view.user.user_id}); token ${view.name} saved in ${file}`);
    return { token, file, user: view.user, issued: view };
  } finally {
    clearTimeout(timer);
    listener.closeAllConnections();
    listener.close();
  }
}

/** `--with-token`: a token pasted or piped in (a service token in CI, the bootstrap token). */
export async function loginWithToken(url: string, token: string): Promise<{ file: string; user: Schemas['User']; current: Schemas['Token'] | null }> {
  const wardenUrl = normalizeUrl(url);
  const target: Target = { ...targetOf(wardenUrl), token, tokenSource: 'saved' };
  const client = clientFor(target);
  const { data: user } = await call(target, client.GET('/api/users/me'));
  let current: Schemas['Token'] | null = null;
  const answer = await client.GET('/api/user-tokens/current').catch(() => null);
  if (answer?.response.ok && answer.data) current = answer.data;
  const file = saveInstance(wardenUrl, {
    token, token_id: current?.id ?? null, token_name: current?.name ?? null, expires_at: current?.expires_at ?? null,
    user: { id: user.id, user_id: user.user_id, name: user.name }, saved_at: new Date().toISOString(),
  });
  return { file, user, current };
}
