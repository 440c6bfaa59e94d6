// The CLI's credentials file: $XDG_CONFIG_HOME/warden/credentials.json (or ~/.config/warden/…),
// mode 0600 in a 0700 directory. It holds one saved token per Warden instance and which instance
// is current. A file that others can read is refused, not silently used: its token may have leaked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT, usageError } from './errors.ts';

export interface SavedInstance {
  /** The secret. Printed only by `warden auth token`. */
  token: string;
  /** The token's id and name on the server, so that `auth logout` revokes exactly this token. */
  token_id: number | null;
  token_name: string | null;
  expires_at: string | null;
  user: { id: number; user_id: string; name: string } | null;
  saved_at: string;
}

export interface CredentialsFile {
  current: string | null;
  instances: Record<string, SavedInstance>;
}

export function configDir(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'warden');
}

export function credentialsPath(dir = configDir()): string {
  return path.join(dir, 'credentials.json');
}

/** The canonical form of an instance URL: origin and path, no trailing slash. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  // A bare host (`warden.example.com`, `localhost:8080`) means https, or http on loopback.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(raw) ? 'http' : 'https'}://${raw}`;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`not a URL: ${raw}`, 'give the Warden\'s address, e.g. --url https://warden.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`the URL must be http or https, got ${url.protocol}`);
  if (url.username || url.password) throw usageError('the URL must not carry a user name or password');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The saved credentials, or an empty set when there is no file yet. */
export function readCredentials(file = credentialsPath()): CredentialsFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { current: null, instances: {} };
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (process.platform !== 'win32') {
    const mode = stat.mode & 0o777;
    if (mode & 0o077) {
      throw new CliError(
        `refusing to read ${file}: its mode is ${mode.toString(8).padStart(4, '0')}, so others on this machine can read the tokens in it`,
        EXIT.failure,
        `run \`chmod 600 ${file}\`; if others may have read it, revoke its tokens (\`warden tokens list\`) and run \`warden auth login\` again`,
      );
    }
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      throw new CliError(`refusing to read ${file}: it belongs to another user (uid ${stat.uid})`, EXIT.failure, 'use your own XDG_CONFIG_HOME, or run `warden auth login`');
    }
  }
  let parsed: Partial<CredentialsFile>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`${file} is not valid JSON (${(err as Error).message})`, EXIT.failure, 'remove it and run `warden auth login` again');
  }
  const instances: Record<string, SavedInstance> = {};
  for (const [url, inst] of Object.entries(parsed.instances ?? {}) as [string, Partial<SavedInstance>][]) {
    if (!inst || typeof inst.token !== 'string') continue;
    // Files written by the first `warden login` had only token and saved_at.
    instances[url] = { token: inst.token, token_id: inst.token_id ?? null, token_name: inst.token_name ?? null, expires_at: inst.expires_at ?? null, user: inst.user ?? null, saved_at: inst.saved_at ?? '' };
  }
  const current = typeof parsed.current === 'string' && parsed.current in instances ? parsed.current : null;
  return { current, instances };
}

/** Writes the file atomically, readable and writable by the owner only. */
export function writeCredentials(data: CredentialsFile, file = credentialsPath()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** Saves (or replaces) the token for an instance and makes it current. */
export function saveInstance(url: string, instance: SavedInstance, file = credentialsPath(), options: { noteReplaced?: boolean } = {}): string {
  let data: CredentialsFile;
  try {
    data = readCredentials(file);
  } catch (err) {
    // An unreadable or world-readable file is replaced: the new token must not land in it.
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`note: replacing ${file}, which could not be used (${err.message}); its other logins are dropped\n`);
    data = { current: null, instances: {} };
  }
  const previous = data.instances[url];
  if (options.noteReplaced !== false && previous && previous.token !== instance.token && previous.token_id !== null) {
    // The replaced token stays valid on the server; say which one, so that it is not forgotten there.
    process.stderr.write(`note: the token saved before for ${url}, ${previous.token_name ?? 'id'} (id ${previous.token_id}), stays valid; \`warden tokens revoke ${previous.token_id}\` if nothing else uses it\n`);
  }
  data.instances[url] = instance;
  data.current = url;
  writeCredentials(data, file);
  return file;
}

/** Forgets an instance's token; the current instance moves to another saved one, if any. */
export function forgetInstance(url: string, file = credentialsPath()): void {
  const data = readCredentials(file);
  delete data.instances[url];
  if (data.current === url) data.current = Object.keys(data.instances)[0] ?? null;
  writeCredentials(data, file);
}
