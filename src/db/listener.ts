// How a node hears of changes other processes commit, so that its caches can trust themselves.
//
// PostgreSQL: one LISTEN connection per node. Every audited change is a `pg_notify` inside its own
// transaction (db/changes.ts), delivered on commit. The connection is confirmed by a heartbeat
// (`select 1` every HEARTBEAT_MS): PostgreSQL sends a listening session its pending notifications
// before the answer to its next query, so once a heartbeat that began at time t is answered, every
// change committed before t has been heard. The caches are trusted only within LEASE_MS of the
// last confirmed heartbeat; when the connection drops (pg_terminate_backend, a restart, a network
// failure) or stops answering, the node drops every cache and answers from the database until it
// is listening again, and drops them once more when it is (changes in between were not heard).
//
// SQLite: this node's own writes invalidate in-process (db/change-tracking.ts); writes by other
// processes on the same file (the CLI's `bootstrap`, a second server) move PRAGMA data_version of
// this node's connection, which is read every POLL_MS: when it moved, every cache is dropped.
// Bound: another process's change applies here within POLL_MS (plus timer delay).
import crypto from 'node:crypto';
import type pg from 'pg';
import { postgresDriver, type Db } from './connection.ts';
import { ALL_CHANGED, CHANGE_CHANNEL, decodeChange, type Change, type ChangeSource } from './changes.ts';

export const HEARTBEAT_MS = 30;
export const LEASE_MS = 90;
export const POLL_MS = 50;
/** A heartbeat unanswered for this long means the connection is gone, even without an error. */
const DEAD_AFTER_MS = 3_000;
const RECONNECT_MIN_MS = 50;
const RECONNECT_MAX_MS = 2_000;

/** The channel of keepsSessions' check (nothing else listens on it). */
const SESSION_CHECK_CHANNEL = 'warden_session_check';
const SESSION_CHECK_ATTEMPTS = 5;

/**
 * Whether a connection to the database keeps a session of its own, as the LISTEN connection and the
 * named prepared statements (db/hot-query.ts, connection.ts) need: a connection that listens hears a
 * notification that another connection commits, and answers from the same backend as before.
 * Neither holds behind a pooler in transaction or statement mode (PgBouncer's
 * `pool_mode = transaction`): it runs each transaction on whichever server connection is free and
 * drops a notification that arrives on one that no client holds (PgBouncer 1.18: "got packet 'A'
 * from server when not linked"), while the heartbeat (`select 1`) is still answered, by another.
 * `warden serve` refuses to start then (main.ts): its caches would be trusted without hearing other
 * nodes' changes, and a statement prepared on one connection would be missing or already there on
 * the next (500s).
 */
export async function keepsSessions(url: string): Promise<boolean> {
  const nonce = crypto.randomBytes(8).toString('hex');
  const connect = async (role: string) => {
    const client = new (postgresDriver().Client)({ connectionString: url, application_name: `warden-session-check-${role}-${process.pid}` });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  let heard = false;
  const clients: pg.Client[] = [];
  try {
    const listener = await connect('listen');
    clients.push(listener);
    listener.on('notification', (msg) => {
      if (msg.channel === SESSION_CHECK_CHANNEL && msg.payload === nonce) heard = true;
    });
    const listening = await listener.query<{ pid: number }>(`listen ${SESSION_CHECK_CHANNEL}; select pg_backend_pid() as pid`).then((r) => (Array.isArray(r) ? r[1] : r) as pg.QueryResult<{ pid: number }>);
    const notifier = await connect('notify');
    clients.push(notifier);
    await notifier.query('select pg_notify($1, $2)', [SESSION_CHECK_CHANNEL, nonce]);
    // A session hears a notification committed before its next query is answered (the heartbeat's
    // rule); asked a few times over ~100 ms all the same, so that a slow backend is never taken for a
    // pooler (one that drops the notification never delivers it later).
    for (let attempt = 0; attempt < SESSION_CHECK_ATTEMPTS && !heard; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const { rows } = await listener.query<{ pid: number }>('select pg_backend_pid() as pid');
      if (rows[0]?.pid !== listening.rows[0]?.pid) return false;
    }
    return heard;
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
}

export type ListenerState = 'listening' | 'connecting' | 'down' | 'polling';

export interface ChangeWatcher {
  /** Whether every change committed elsewhere up to (about) now has been heard. */
  trusted(): boolean;
  state(): ListenerState;
  /** The PostgreSQL backend pid of the LISTEN connection (null when not connected). */
  backendPid(): number | null;
  /**
   * When not trusted now while listening: a heartbeat sent at once, resolved when it is answered
   * (the caches are then trusted again) or after LEASE_MS without an answer (they are not). A busy
   * node whose lease lapsed while its event loop was occupied waits one round trip instead of
   * sending every lookup to the database; a node that lost its connection is not trusted.
   */
  confirm(): Promise<void>;
  close(): Promise<void>;
}

export interface WatcherHooks {
  /** Changes heard from elsewhere. */
  onChanges(changes: readonly Change[], source: ChangeSource): void;
  /** Everything must be forgotten: the watcher cannot vouch for what happened while it was not listening. */
  onReset(): void;
  onStateChange?(state: ListenerState): void;
  onError?(err: unknown): void;
}

export function watchChanges(db: Db, hooks: WatcherHooks): ChangeWatcher {
  if (db.postgres) return new PgChangeListener(db.postgres.url, hooks, db.postgres.ownBackends);
  if (db.sqlite) return new SqliteWriteWatcher(db.sqlite, hooks);
  throw new Error('unknown database');
}

class SqliteWriteWatcher implements ChangeWatcher {
  #timer: NodeJS.Timeout;

  constructor(sqlite: NonNullable<Db['sqlite']>, hooks: WatcherHooks) {
    let last = sqlite.dataVersion();
    this.#timer = setInterval(() => {
      let version: number;
      try {
        version = sqlite.dataVersion();
      } catch (err) {
        hooks.onError?.(err);
        return;
      }
      if (version !== last) {
        last = version;
        hooks.onChanges([ALL_CHANGED], 'poll');
      }
    }, POLL_MS);
    this.#timer.unref();
  }

  trusted(): boolean {
    return true;
  }

  state(): ListenerState {
    return 'polling';
  }

  backendPid(): number | null {
    return null;
  }

  async confirm(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.#timer);
  }
}

class PgChangeListener implements ChangeWatcher {
  #url: string;
  #hooks: WatcherHooks;
  #client: pg.Client | null = null;
  #state: ListenerState = 'connecting';
  #pid: number | null = null;
  /** performance.now() until which the caches may be trusted. */
  #trustedUntil = 0;
  #heartbeat: NodeJS.Timeout | null = null;
  #reconnect: NodeJS.Timeout | null = null;
  #backoff = RECONNECT_MIN_MS;
  #closed = false;
  #beatStarted = 0;
  #beating = false;
  /** Every client not yet ended, so that closing ends them all. */
  #open = new Set<pg.Client>();

  #ownBackends: ReadonlySet<number>;

  constructor(url: string, hooks: WatcherHooks, ownBackends: ReadonlySet<number> = new Set()) {
    this.#url = url;
    this.#hooks = hooks;
    this.#ownBackends = ownBackends;
    void this.#connect();
  }

  trusted(): boolean {
    return performance.now() < this.#trustedUntil;
  }

  state(): ListenerState {
    return this.#state;
  }

  backendPid(): number | null {
    return this.#pid;
  }

  #setState(state: ListenerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#hooks.onStateChange?.(state);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    this.#setState('connecting');
    const client = new (postgresDriver().Client)({ connectionString: this.#url, application_name: `warden-listener-${process.pid}` });
    this.#client = client;
    this.#open.add(client);
    client.once('end', () => this.#open.delete(client));
    // A client that fails after it was given up (ended, replaced) must never throw.
    client.on('error', () => {});
    client.on('notification', (msg) => {
      if (client !== this.#client || msg.channel !== CHANGE_CHANNEL) return;
      // This process's own changes were applied at their commit (db/change-tracking.ts).
      if (this.#ownBackends.has(msg.processId)) return;
      this.#hooks.onChanges([decodeChange(msg.payload)], 'notify');
    });
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client, null));
    try {
      await client.connect();
      const started = performance.now();
      const { rows } = await client.query<{ pid: number }>(`listen ${CHANGE_CHANNEL}; select pg_backend_pid() as pid`).then((r) => (Array.isArray(r) ? r[1] : r));
      if (client !== this.#client) {
        client.end().catch(() => {});
        return;
      }
      this.#pid = rows[0]?.pid ?? null;
      // Changes committed before LISTEN took effect were not heard: forget everything once more.
      this.#hooks.onReset();
      this.#trustedUntil = started + LEASE_MS;
      this.#backoff = RECONNECT_MIN_MS;
      this.#setState('listening');
      this.#heartbeat = setInterval(() => this.#beat(client), HEARTBEAT_MS);
      this.#heartbeat.unref();
    } catch (err) {
      this.#lost(client, err);
    }
  }

  #beat(client: pg.Client): void {
    const now = performance.now();
    if (this.#beating) {
      if (now - this.#beatStarted > DEAD_AFTER_MS) this.#lost(client, new Error('the LISTEN connection stopped answering'));
      return;
    }
    this.#beating = true;
    this.#beatStarted = now;
    client.query('select 1').then(
      () => {
        this.#beating = false;
        if (client === this.#client && this.#state === 'listening') this.#trustedUntil = now + LEASE_MS;
      },
      (err) => {
        this.#beating = false;
        this.#lost(client, err);
      },
    );
  }

  #probe: Promise<void> | null = null;

  confirm(): Promise<void> {
    if (this.trusted()) return Promise.resolve();
    const client = this.#client;
    if (client === null || this.#state !== 'listening') return Promise.resolve();
    return (this.#probe ??= new Promise<void>((resolve) => {
      // Sent now: once answered, every change committed before `sent` has been heard (the same
      // rule as the heartbeat's), so the lease runs from here.
      const sent = performance.now();
      const finish = () => {
        clearTimeout(timer);
        this.#probe = null;
        resolve();
      };
      const timer = setTimeout(finish, LEASE_MS);
      client.query('select 1').then(
        () => {
          if (client === this.#client && this.#state === 'listening') this.#trustedUntil = Math.max(this.#trustedUntil, sent + LEASE_MS);
          finish();
        },
        finish, // the heartbeat notices a broken connection
      );
    }));
  }

  #lost(client: pg.Client, err: unknown): void {
    if (client !== this.#client) return; // an old connection's late event
    this.#client = null;
    this.#pid = null;
    this.#trustedUntil = 0;
    this.#beating = false;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    this.#hooks.onReset();
    if (this.#closed) return;
    if (err) this.#hooks.onError?.(err);
    this.#setState('down');
    this.#reconnect = setTimeout(() => {
      this.#reconnect = null;
      void this.#connect();
    }, this.#backoff);
    this.#reconnect.unref();
    this.#backoff = Math.min(RECONNECT_MAX_MS, this.#backoff * 2);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnect) clearTimeout(this.#reconnect);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#client = null;
    this.#trustedUntil = 0;
    this.#setState('down');
    await Promise.all([...this.#open].map((client) => client.end().catch(() => {})));
  }
}
