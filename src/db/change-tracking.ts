// Wraps Kysely's dialect so that this process learns, right after each commit, what its own writes
// changed (db/changes.ts), and so that no write can slip past the caches:
//
// - an announcement (`select pg_notify('warden_changes', 'user:7')`, written by recordAudit) is
//   held with its transaction and published to the ChangeFeed once the transaction commits, before
//   the service that made the change answers (on PostgreSQL the same statement reaches the other
//   nodes at that commit);
// - a write to a table the caches read (tokens, users, team_members, teams, team_datastores,
//   datastores) that no announcement of its transaction covers — a code path without an audit
//   event, a test or an operator editing rows — makes the commit announce `all` instead, on this
//   node and (PostgreSQL) on the others. Writes of last-use figures only (last_used_at,
//   last_used_ip, last_active_at) change nothing a cache holds and are let through.
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { ALL_CHANGED, ANNOUNCE_AFTER_WRITE, ANNOUNCE_MANY_SQL, ANNOUNCE_SQL, CHANGE_CHANNEL, decodeChange, decodeChanges, type Change, type ChangeFeed } from './changes.ts';

/** Which announced kinds cover a write to each cached table. */
const COVERED_BY: Record<string, readonly string[]> = {
  tokens: ['token'],
  users: ['user'],
  team_members: ['user', 'team'],
  teams: ['team'],
  team_datastores: ['team', 'datastore'],
  datastores: ['datastore'],
};

/** Columns that no cache reads: updates of only these need no invalidation. */
const UNCACHED_COLUMNS = new Set(['last_used_at', 'last_used_ip', 'last_active_at']);

/**
 * A statement starting with this comment, without parameters and without rows its caller reads,
 * may be sent in one message with the `begin` before it (PostgreSQL): the write lock that opens
 * every write transaction (db/transaction.ts). A round trip less per transaction: on a busy
 * machine each one costs the node a socket write and a wake-up of the backend.
 */
export const BEGIN_WITH_MARKER = '/* warden:begin-with */';

/** A statement starting with this comment runs as a named prepared statement (PostgreSQL; connection.ts, prepareMarked). */
export const NAMED_STATEMENT_MARKER = '/* warden:named */';

/** A statement starting with this comment writes only uncached columns (the last-use flush). */
export const UNCACHED_WRITE_MARKER = '/* warden:last-use */';

const WRITE_TARGETS = /(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?([a-z_]+)"?/gi;
// a named statement's marker (connection.ts, NAMED_STATEMENT_MARKER) may come first
const STARTS_WITH_WRITE = /^\s*(?:\/\* warden:named \*\/\s*)?(?:with\b|insert\b|update\b|delete\b|replace\b)/i;

/** The cached tables a statement writes (outside what is exempt); empty for reads and DDL. */
export function cachedTablesWritten(query: CompiledQuery): string[] {
  const text = query.sql;
  if (!STARTS_WITH_WRITE.test(text) || text.startsWith(UNCACHED_WRITE_MARKER)) return [];
  const node = query.query as { kind?: string; updates?: readonly { column?: { column?: { name?: string } } }[] };
  if (node.kind === 'UpdateQueryNode' && node.updates && node.updates.length > 0 && node.updates.every((u) => UNCACHED_COLUMNS.has(u.column?.column?.name ?? ''))) return [];
  const tables: string[] = [];
  for (const m of text.matchAll(WRITE_TARGETS)) {
    const table = m[1].toLowerCase();
    if (Object.hasOwn(COVERED_BY, table) && !tables.includes(table)) tables.push(table);
  }
  return tables;
}

interface TransactionState {
  changes: Change[];
  written: Set<string>;
}

class TrackingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly tracker: ChangeTracker;
  /** Set between begin and commit/rollback. */
  tx: TransactionState | null = null;
  /** PostgreSQL: a `begin` not sent yet, sent with (or before) the transaction's first statement. */
  pendingBegin = false;

  constructor(inner: DatabaseConnection, tracker: ChangeTracker) {
    this.inner = inner;
    this.tracker = tracker;
    // Kysely's optional connection features (query cancellation) are passed through as they are.
    const optional = inner as Partial<Pick<DatabaseConnection, 'cancelQuery' | 'killSession' | 'collectSessionInfo'>>;
    if (optional.cancelQuery) (this as DatabaseConnection).cancelQuery = optional.cancelQuery.bind(inner);
    if (optional.killSession) (this as DatabaseConnection).killSession = optional.killSession.bind(inner);
    if (optional.collectSessionInfo) (this as DatabaseConnection).collectSessionInfo = optional.collectSessionInfo.bind(inner);
  }

  async executeQuery<R>(query: CompiledQuery, options?: Parameters<DatabaseConnection['executeQuery']>[1]): Promise<QueryResult<R>> {
    if (this.pendingBegin && query.parameters.length === 0 && query.sql.startsWith(BEGIN_WITH_MARKER) && !query.sql.includes(';')) {
      this.pendingBegin = false;
      // one simple-protocol message, two statements: the transaction block outlives the message
      await this.inner.executeQuery(CompiledQuery.raw(`begin; ${query.sql}`, []), options);
      return { rows: [] };
    }
    await this.flushBegin();
    if (query.sql === this.tracker.announceSql) {
      const change = decodeChange(String(query.parameters[1] ?? ''));
      const result = await this.inner.executeQuery<R>(query, options);
      if (this.tx) this.tx.changes.push(change);
      else this.tracker.feed.publish([change], 'local'); // autocommit: committed already
      return result;
    }
    if (query.sql === this.tracker.announceManySql) {
      const changes = decodeChanges(query.parameters[1]);
      const result = await this.inner.executeQuery<R>(query, options);
      if (this.tx) this.tx.changes.push(...changes);
      else this.tracker.feed.publish(changes, 'local');
      return result;
    }
    const tables = cachedTablesWritten(query);
    if (this.tracker.postgres && ANNOUNCE_AFTER_WRITE.test(query.sql)) {
      // a write and its announcement in one statement (writeAndAnnounce): the payload is the last parameter
      const changes = decodeChanges(query.parameters.at(-1));
      const result = await this.inner.executeQuery<R>(query, options);
      if (this.tx) {
        this.tx.changes.push(...changes);
        for (const t of tables) this.tx.written.add(t);
      } else {
        this.tracker.feed.publish(changes, 'local');
        if (tables.length > 0) await this.tracker.unannouncedWrite(this.inner);
      }
      return result;
    }
    const result = await this.inner.executeQuery<R>(query, options);
    if (tables.length > 0) {
      if (this.tx) for (const t of tables) this.tx.written.add(t);
      else await this.tracker.unannouncedWrite(this.inner); // autocommit: nothing can have announced it
    }
    return result;
  }

  /** Sends the `begin` still pending, if any. */
  async flushBegin(): Promise<void> {
    if (!this.pendingBegin) return;
    this.pendingBegin = false;
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: Parameters<DatabaseConnection['streamQuery']>[2]): AsyncIterableIterator<QueryResult<R>> {
    await this.flushBegin();
    yield* this.inner.streamQuery<R>(query, chunkSize, options);
  }
}

/** The changes a committed transaction makes known: its announcements, or `all` when a write is not covered by them. */
function changesOf(tx: TransactionState): { changes: Change[]; uncovered: boolean } {
  const kinds = new Set(tx.changes.map((c) => c.kind));
  let uncovered = false;
  for (const table of tx.written) if (!COVERED_BY[table].some((k) => kinds.has(k)) && !kinds.has('all')) uncovered = true;
  return { changes: uncovered ? [...tx.changes, ALL_CHANGED] : tx.changes, uncovered };
}

class ChangeTracker {
  readonly feed: ChangeFeed;
  readonly announceSql: string;
  readonly announceManySql: string;
  readonly postgres: boolean;

  constructor(feed: ChangeFeed, dialect: 'sqlite' | 'postgres') {
    this.feed = feed;
    this.postgres = dialect === 'postgres';
    this.announceSql = ANNOUNCE_SQL[dialect];
    this.announceManySql = ANNOUNCE_MANY_SQL[dialect];
  }

  /** A write outside any transaction (autocommit), or one no announcement covers: everything may have changed. */
  async unannouncedWrite(inner: DatabaseConnection): Promise<void> {
    if (this.postgres) await this.notifyAll(inner);
    this.feed.publish([ALL_CHANGED], 'local');
  }

  notifyAll(inner: DatabaseConnection): Promise<unknown> {
    return inner.executeQuery(CompiledQuery.raw(ANNOUNCE_SQL.postgres, [CHANGE_CHANNEL, 'all']));
  }
}

class TrackingDriver implements Driver {
  #inner: Driver;
  #tracker: ChangeTracker;
  #wrappers = new WeakMap<DatabaseConnection, TrackingConnection>();

  constructor(inner: Driver, tracker: ChangeTracker) {
    this.#inner = inner;
    this.#tracker = tracker;
    const optional = inner as Partial<Pick<Driver, 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint'>>;
    if (optional.savepoint) {
      this.savepoint = async (c, name, compile) => {
        await (c as TrackingConnection).flushBegin();
        return optional.savepoint!.call(inner, (c as TrackingConnection).inner, name, compile);
      };
    }
    if (optional.rollbackToSavepoint) this.rollbackToSavepoint = (c, name, compile) => optional.rollbackToSavepoint!.call(inner, (c as TrackingConnection).inner, name, compile);
    if (optional.releaseSavepoint) this.releaseSavepoint = (c, name, compile) => optional.releaseSavepoint!.call(inner, (c as TrackingConnection).inner, name, compile);
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  init(options?: Parameters<Driver['init']>[0]): Promise<void> {
    return this.#inner.init(options);
  }

  async acquireConnection(options?: Parameters<Driver['acquireConnection']>[0]): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection(options);
    let wrapper = this.#wrappers.get(inner);
    if (!wrapper) this.#wrappers.set(inner, (wrapper = new TrackingConnection(inner, this.#tracker)));
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as TrackingConnection;
    // PostgreSQL: a plain `begin` goes with the first statement (see BEGIN_WITH_MARKER)
    if (this.#tracker.postgres && !settings.isolationLevel && !settings.accessMode) c.pendingBegin = true;
    else await this.#inner.beginTransaction(c.inner, settings);
    c.tx = { changes: [], written: new Set() };
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as TrackingConnection;
    const tx = c.tx;
    c.tx = null;
    if (c.pendingBegin) {
      // nothing ran: there is no transaction to commit
      c.pendingBegin = false;
      return;
    }
    if (!tx) return this.#inner.commitTransaction(c.inner);
    const { changes, uncovered } = changesOf(tx);
    try {
      // Other nodes learn of an uncovered write by the same commit.
      if (uncovered && this.#tracker.postgres) await this.#tracker.notifyAll(c.inner);
      await this.#inner.commitTransaction(c.inner);
    } finally {
      // Also after a failed commit: dropping cache entries is always safe, keeping them might not be.
      this.#tracker.feed.publish(changes, 'local');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as TrackingConnection;
    c.tx = null;
    if (c.pendingBegin) {
      c.pendingBegin = false;
      return;
    }
    await this.#inner.rollbackTransaction(c.inner);
  }

  releaseConnection(connection: DatabaseConnection, options?: Parameters<Driver['releaseConnection']>[1]): Promise<void> {
    return this.#inner.releaseConnection((connection as TrackingConnection).inner, options);
  }

  destroy(options?: Parameters<Driver['destroy']>[0]): Promise<void> {
    return this.#inner.destroy(options);
  }
}

/** `dialect` with its writes tracked into `feed`. */
export function trackChanges(dialect: Dialect, name: 'sqlite' | 'postgres', feed: ChangeFeed): Dialect {
  const tracker = new ChangeTracker(feed, name);
  return {
    createDriver: () => new TrackingDriver(dialect.createDriver(), tracker),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
