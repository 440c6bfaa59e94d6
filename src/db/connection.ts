// Opens the database Warden runs on: PostgreSQL when a URL is given, else SQLite in the data dir.
// Either way the dialect is wrapped (db/change-tracking.ts) so that the caches of the request path
// hear of every committed change this process makes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './types.ts';
import { ChangeFeed } from './changes.ts';
import { NAMED_STATEMENT_MARKER, trackChanges } from './change-tracking.ts';
import { unicodeLower } from './unicode-lower.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /** Changes this process committed (its own writes), published right after each commit. */
  changes: ChangeFeed;
  /**
   * PostgreSQL: the connection string (the LISTEN connection opens its own), the pool, and the
   * backend pids of the pool's connections (a notification this process sent itself needs no
   * second invalidation: it was applied at its commit).
   */
  postgres?: { url: string; pool: pg.Pool; ownBackends: ReadonlySet<number> };
  /** SQLite: the database file, read synchronously and watched for other processes' writes. */
  sqlite?: SqliteHandles;
}

export interface SqliteHandles {
  file: string;
  /**
   * Runs a read on a read-only connection of its own: it sees only committed data (never a write
   * transaction that Kysely's connection holds open) and answers synchronously.
   */
  readSync(sql: string, parameters: readonly unknown[]): unknown[];
  /**
   * PRAGMA data_version of Kysely's connection: it moves when another connection (another process:
   * the CLI's bootstrap, a second server) commits, never for this connection's own commits.
   */
  dataVersion(): number;
}

const require = createRequire(import.meta.url);
let driver: typeof pg | null = null;

/**
 * The PostgreSQL driver, loaded when first needed (a node on SQLite never loads it), with its value
 * parsers set once: timestamptz → ISO 8601 UTC string, bigint (count(*)) → number, the same values
 * on both databases.
 */
export function postgresDriver(): typeof pg {
  if (driver) return driver;
  const loaded = require('pg') as typeof pg;
  loaded.types.setTypeParser(1184, timestamptzToIso);
  loaded.types.setTypeParser(20, (v) => Number(v));
  return (driver = loaded);
}

/**
 * A statement whose text starts with NAMED_STATEMENT_MARKER (change-tracking.ts) runs as a named prepared statement on
 * each connection (PostgreSQL): parsed and planned once per connection instead of at every
 * execution, also inside a transaction, where Kysely runs it (Kysely sends text and parameters
 * only). For the few statements of fixed text that a hot write path runs, such as a batch of SCIM
 * creates' lookup (planning it cost more than executing it). The name is a hash of the text, so
 * each text has its own.
 */
function prepareMarked(client: pg.PoolClient): void {
  type Query = (...args: unknown[]) => unknown;
  // the driver's own query, looked up at each call (what a test that watches the driver replaces)
  const query = (args: unknown[]) => (Object.getPrototypeOf(client) as { query: Query }).query.apply(client, args);
  const names = new Map<string, string>();
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !text.startsWith(NAMED_STATEMENT_MARKER) || !Array.isArray(values) || args.length !== 2) return query(args);
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = `warden_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)}`));
    return query([{ name, text, values }]);
  };
}

/** A timestamptz as PostgreSQL writes it in UTC (DateStyle ISO): `2026-12-07 22:01:00.123456+00`. */
const PLAIN_UTC = /^([1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])) ((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz's text as an ISO 8601 UTC string: what `new Date(text).toISOString()` gives (the
 * fraction cut to milliseconds, not rounded), made by rearranging the text when it is in UTC (the
 * usual session time zone), which costs a fraction of parsing it; any other text is parsed.
 */
export function timestamptzToIso(text: string): string {
  const m = PLAIN_UTC.exec(text);
  if (m === null) return new Date(text).toISOString();
  const f = m[3];
  return `${m[1]}T${m[2]}.${f === undefined ? '000' : f.length >= 3 ? f.slice(0, 3) : f.padEnd(3, '0')}Z`;
}

export function openDatabase(options: { databaseUrl: string | null; dataDir: string; poolSize?: number }): Db {
  if (options.databaseUrl) {
    const pool = new (postgresDriver().Pool)({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that errors (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const ownBackends = new Set<number>();
    pool.on('connect', (client) => {
      // A connection cut while checked out (a backend terminated, a pooler closing it) fails the
      // query in flight; without a listener its 'error' event would also end the process. The pool
      // drops the client when it is released.
      client.on('error', () => {});
      const pid = (client as unknown as { processID: number | null }).processID;
      if (pid) ownBackends.add(pid);
      prepareMarked(client);
    });
    pool.on('remove', (client) => ownBackends.delete((client as unknown as { processID: number }).processID));
    const changes = new ChangeFeed();
    const kysely = new Kysely<Database>({ dialect: trackChanges(new PostgresDialect({ pool }), 'postgres', changes) });
    return { kysely, dialect: 'postgres', changes, postgres: { url: options.databaseUrl, pool, ownBackends }, close: () => kysely.destroy() };
  }
  const file = path.join(options.dataDir, 'warden.db');
  try {
    // Private: the database holds webhook signing secrets (mkdir's mode only applies to what it creates).
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    // SQLite writes its journal files beside the database: the directory itself must be writable.
    fs.accessSync(options.dataDir, fs.constants.W_OK);
  } catch (err) {
    throw new Error(`cannot use ${file}: ${dataDirProblem(options.dataDir, err as NodeJS.ErrnoException)}`, { cause: err });
  }
  return openSqliteFile(file);
}

/**
 * Creates the database file 0600 before SQLite does (it would make it 0644, less the umask); SQLite
 * gives its -wal and -shm files the database file's mode. An existing file is left as it is.
 */
function createPrivately(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * The SQLite database's directory and files that others than the owner may read or enter (any
 * group or other permission bit), with their modes in octal: what `warden serve` warns about.
 */
export function sqliteFilesNotPrivate(file: string): { path: string; mode: string }[] {
  const open: { path: string; mode: string }[] = [];
  for (const p of [path.dirname(file), file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = fs.statSync(p).mode & 0o777;
    } catch {
      continue; // -wal and -shm exist only while the database is open
    }
    if ((mode & 0o077) !== 0) open.push({ path: p, mode: `0${mode.toString(8)}` });
  }
  return open;
}

/** Why the data directory cannot be used, in words an operator can act on (a root-owned volume is the usual case). */
function dataDirProblem(dir: string, err: NodeJS.ErrnoException): string {
  if (err.code !== 'EACCES' && err.code !== 'EPERM' && err.code !== 'EROFS') return `${dir}: ${err.code ?? err.message}`;
  const uid = process.getuid?.();
  let owner = '';
  try {
    owner = ` (owned by uid ${fs.statSync(dir).uid})`;
  } catch {
    // the directory could not even be created: its parent is the problem
  }
  return `the directory ${dir}${owner} is not writable by this process (uid ${uid ?? '?'}); make it writable for that uid ` +
    '(a container volume: chown it, or set the pod\'s fsGroup), or set WARDEN_DATA_DIR to a writable directory';
}

const STATEMENT_CACHE_SIZE = 1000;

/** A bounded cache of prepared statements by SQL text (Map order is recency). */
function statementCache(prepare: (source: string) => SQLite.Statement): (source: string) => SQLite.Statement {
  const cache = new Map<string, SQLite.Statement>();
  return (source) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source); // re-insert: Map order is recency
    } else {
      stmt = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  };
}

/**
 * Kysely prepares every query anew, and preparing is most of a simple query's cost in SQLite.
 * Statements are reusable (Kysely runs them synchronously, one at a time), so keep the most
 * recently used ones by SQL text.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const prepared = statementCache(sqlite.prepare.bind(sqlite));
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return prepared;
    },
  });
}

/**
 * `unicode_lower(text)`: lower case for every letter, as PostgreSQL's lower() in a UTF-8 database
 * (SQLite's own lower() changes ASCII letters only). Only queries use it (db/text-match.ts: searches
 * and SCIM filters with letters outside ASCII), never an index or the schema, so the database file
 * stays readable by any SQLite tool.
 */
function registerUnicodeLower(sqlite: SQLite.Database): void {
  sqlite.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? unicodeLower(text) : text));
}

export function openSqliteFile(file: string): Db {
  createPrivately(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // The announcement of db/changes.ts is PostgreSQL's pg_notify; here it only marks the transaction.
  sqlite.function('pg_notify', { varargs: true }, () => null);
  registerUnicodeLower(sqlite);
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  let reader: { db: SQLite.Database; prepared: (source: string) => SQLite.Statement } | null = null;
  const changes = new ChangeFeed();
  const kysely = new Kysely<Database>({ dialect: trackChanges(new SqliteDialect({ database: withStatementCache(sqlite) }), 'sqlite', changes) });
  return {
    kysely,
    dialect: 'sqlite',
    changes,
    sqlite: {
      file,
      readSync(source, parameters) {
        if (!reader) {
          const db = new SQLite(file, { readonly: true });
          db.pragma('busy_timeout = 5000');
          registerUnicodeLower(db);
          reader = { db, prepared: statementCache(db.prepare.bind(db)) };
        }
        return reader.prepared(source).all(...(parameters as unknown[]));
      },
      dataVersion: () => dataVersion.get() as number,
    },
    close: async () => {
      await kysely.destroy();
      (reader as { db: SQLite.Database } | null)?.db.close();
      reader = null;
    },
  };
}
