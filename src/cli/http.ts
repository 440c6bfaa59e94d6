// Which Warden a command talks to and with which token, and how API answers become output or
// errors. Every call goes through the shared typed client (src/client/index.ts).
import fs from 'node:fs';
import { createWardenClient, isProblem, type WardenClient } from '../client/index.ts';
import { CliError, EXIT, authError } from './errors.ts';
import { credentialsPath, normalizeUrl, readCredentials, type SavedInstance } from './credentials.ts';

/**
 * Where Warden runs when nothing says otherwise: localhost on WARDEN_PORT (the server's own
 * setting, so a CLI run in the server's environment finds it), else 8080.
 */
export function defaultUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = env.WARDEN_PORT;
  return `http://localhost:${port && /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? Number(port) : 8080}`;
}

export const CLI_VERSION: string = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export type UrlSource = '--url' | 'WARDEN_URL' | 'saved' | 'default';
export type TokenSource = 'WARDEN_TOKEN' | 'saved';

export interface Target {
  url: string;
  urlSource: UrlSource;
  token: string | null;
  tokenSource: TokenSource | null;
  /** The saved instance for this URL, when there is one. */
  saved: SavedInstance | null;
  file: string;
}

/** --url, then WARDEN_URL, then the current saved instance, then localhost on WARDEN_PORT (8080); WARDEN_TOKEN over the saved token. */
export function resolveTarget(options: { url?: string }): Target {
  const file = credentialsPath();
  const envToken = process.env.WARDEN_TOKEN?.trim() || null;
  let explicit: { url: string; source: UrlSource } | null = null;
  if (options.url) explicit = { url: normalizeUrl(options.url), source: '--url' };
  else if (process.env.WARDEN_URL) explicit = { url: normalizeUrl(process.env.WARDEN_URL), source: 'WARDEN_URL' };
  // The file is read only when it is needed (for the URL or the token).
  const needFile = !explicit || !envToken;
  const saved = needFile ? readCredentials(file) : { current: null, instances: {} };
  const chosen = explicit ?? (saved.current ? { url: saved.current, source: 'saved' as const } : { url: defaultUrl(), source: 'default' as const });
  const instance = saved.instances[chosen.url] ?? null;
  const token = envToken ?? instance?.token ?? null;
  return { url: chosen.url, urlSource: chosen.source, token, tokenSource: envToken ? 'WARDEN_TOKEN' : instance ? 'saved' : null, saved: instance, file };
}

export function clientFor(target: Target, token: string | null = target.token): WardenClient {
  return createWardenClient({ baseUrl: target.url, token, headers: { 'user-agent': `warden-cli/${CLI_VERSION}` } });
}

/** A client with a credential: without one, exit 4 before any request. */
export function authenticatedClient(target: Target): WardenClient {
  if (!target.token) throw authError(`not signed in to ${target.url}`, 'run `warden auth login`, or set WARDEN_TOKEN');
  return clientFor(target);
}

/** The hint of a refusal by the token's own narrowing (access/model.ts, tokens/restrictions.ts), or null. */
function narrowingHint(body: unknown, target: Target): string | null {
  if (!isProblem(body)) return null;
  const which = target.tokenSource === 'WARDEN_TOKEN' ? 'WARDEN_TOKEN' : 'the token this CLI is signed in with';
  if (typeof body.type === 'string' && body.type.endsWith('/forbidden/wider-than-credential')) {
    const dimension = body.errors?.[0]?.path;
    return `${which} is narrowed, and a token it issues or rotates is never wider${dimension ? ` in ${dimension}` : ''}: ask for no more, or leave the option out to inherit its narrowing (a person's \`warden auth login\` is not narrowed)`;
  }
  if (/^This token is (narrowed|restricted)/.test(body.detail)) return `${which} is narrowed: use a token that allows this (or \`warden auth login\` as a person)`;
  return null;
}

function hintFor(status: number, target: Target, body?: unknown): string | null {
  if (status === 401) {
    if (target.tokenSource === 'WARDEN_TOKEN') return 'WARDEN_TOKEN was refused: set a valid token, or unset it to use the saved login';
    return target.tokenSource === 'saved' ? `run \`warden auth login --url ${target.url}\`` : 'run `warden auth login`, or set WARDEN_TOKEN';
  }
  if (status === 403) return narrowingHint(body, target) ?? 'your role or team level does not allow this (`warden auth status` shows your role); an Admin can change it';
  if (status === 429) return 'wait a minute and try again';
  return null;
}

/** Turns a refused request into an error that names the problem's detail and the right exit code. */
export function problemError(status: number, body: unknown, target: Target, fallback = 'request failed'): CliError {
  let message = `${fallback} (HTTP ${status})`;
  if (isProblem(body)) {
    message = body.detail;
    const fields = body.errors?.filter((e) => !body.detail.includes(e.message)) ?? [];
    if (fields.length) message += ` (${fields.map((e) => `${e.path}: ${e.message}`).join('; ')})`;
  }
  return new CliError(message, status === 401 ? EXIT.auth : EXIT.failure, hintFor(status, target, body), status);
}

export function unreachable(target: Target, err: unknown): CliError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.code ?? cause?.message ?? (err as Error).message);
  return new CliError(`cannot reach ${target.url} (${why})`, EXIT.failure, target.urlSource === 'default' ? 'is Warden running? point at it with --url or WARDEN_URL' : 'is Warden running there, and is the URL right?');
}

export interface ApiAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an API call: its data, or a CliError (unreachable server, problem answer). */
export async function call<T>(target: Target, request: Promise<ApiAnswer<T>>): Promise<{ data: T; response: Response }> {
  let answer: ApiAnswer<T>;
  try {
    answer = await request;
  } catch (err) {
    throw unreachable(target, err);
  }
  if (!answer.response.ok) throw problemError(answer.response.status, answer.error, target);
  return { data: answer.data as T, response: answer.response };
}

/** Just the data of an API call. */
export async function fetchData<T>(target: Target, request: Promise<ApiAnswer<T>>): Promise<T> {
  return (await call(target, request)).data;
}

export const PAGE_SIZE = 200;

/** Every item of a paged list (or the first `limit`), fetching as few pages as needed. */
export async function pageAll<T>(fetchPage: (page: number, size: number) => Promise<{ items: T[]; total: number }>, limit?: number): Promise<T[]> {
  const size = limit ? Math.min(limit, PAGE_SIZE) : PAGE_SIZE;
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await fetchPage(page, size);
    out.push(...items);
    if (items.length < size || out.length >= total || (limit && out.length >= limit)) break;
  }
  return limit ? out.slice(0, limit) : out;
}
