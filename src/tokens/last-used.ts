// Last-used time and IP per token, kept in memory and written in batches, so that
// authenticating never writes to the database. Figures are at most FLUSH_MS stale.
//
// A flush is one statement per slice of SLICE tokens, in id order (on PostgreSQL each also moves its
// users forward; on SQLite the users follow in slices of their own), each letting waiting requests
// run before the next: neither the request thread nor the single SQLite connection is held for
// long (cache fills read on a connection of their own).
// Figures only move forward (latest wins), so nodes that saw the same token merge correctly, and a
// flush that fails keeps its figures for the next one. Stopping writes whatever is buffered.
// Memory is bounded: a recorder holding MAX_PENDING tokens' figures flushes at once instead of
// waiting for the next tick (about 100 bytes each, so at most a few MB).
import type { Db } from '../db/connection.ts';
import { writeLastUses, writeUserActivity, type LastUse } from './store.ts';

export const FLUSH_MS = 30_000;
/** Tokens per write statement. */
export const SLICE = 500;
/** Tokens with figures waiting that start a flush before the next tick. */
export const MAX_PENDING = 50_000;

interface Pending {
  userId: number;
  atMs: number;
  ip: string | null;
}

export class LastUsedRecorder {
  #pending = new Map<number, Pending>();
  #timer: NodeJS.Timeout | null = null;
  #db: Db;
  #flushing: Promise<void> = Promise.resolve();
  onError: (err: unknown) => void = () => {};
  /** After each flush: how long it took, for how many tokens. */
  onFlushed: (seconds: number, tokens: number) => void = () => {};

  #maxPending: number;

  constructor(db: Db, maxPending = MAX_PENDING) {
    this.#db = db;
    this.#maxPending = maxPending;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), FLUSH_MS);
    this.#timer.unref();
  }

  /** Called on every authenticated request: one Map lookup, no allocation for a token seen before. */
  record(tokenId: number, userId: number, ip: string | null): void {
    const now = Date.now();
    const seen = this.#pending.get(tokenId);
    if (seen !== undefined) {
      seen.userId = userId;
      seen.atMs = now;
      seen.ip = ip;
      return;
    }
    this.#pending.set(tokenId, { userId, atMs: now, ip });
    // Exactly at the bound, so one flush per fill (a failing database retries at the next tick).
    if (this.#pending.size === this.#maxPending) void this.flush();
  }

  /** How many tokens have figures waiting (tests, metrics). */
  get pending(): number {
    return this.#pending.size;
  }

  /** Writes what is pending; safe to call at any time (calls queue behind each other). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const taken = this.#pending;
      this.#pending = new Map();
      const started = performance.now();
      try {
        // In id order (neighbouring rows share pages, so each slice writes few of them), and in
        // slices of SLICE tokens, each a statement of its own with the request thread let go between
        // them: at 100,000 active tokens the flush never holds it for more than a few milliseconds.
        const ids = Float64Array.from(taken.keys()).sort();
        const latestByUser = new Map<number, number>();
        for (let i = 0; i < ids.length; i += SLICE) {
          const uses: LastUse[] = [];
          for (let k = i; k < Math.min(i + SLICE, ids.length); k++) {
            const p = taken.get(ids[k])!;
            uses.push({ tokenId: ids[k], userId: p.userId, at: new Date(p.atMs).toISOString(), ip: p.ip });
            if ((latestByUser.get(p.userId) ?? 0) < p.atMs) latestByUser.set(p.userId, p.atMs);
          }
          // PostgreSQL: the statement also moves its users' last_active_at forward.
          await writeLastUses(this.#db.kysely, this.#db.dialect, uses);
          await new Promise((r) => setImmediate(r)); // let the requests waiting behind it run
        }
        if (this.#db.dialect !== 'postgres') {
          const users = [...latestByUser].sort((a, b) => a[0] - b[0]);
          for (let i = 0; i < users.length; i += SLICE) {
            await writeUserActivity(this.#db.kysely, users.slice(i, i + SLICE).map(([userId, atMs]) => ({ userId, at: new Date(atMs).toISOString() })));
            await new Promise((r) => setImmediate(r));
          }
        }
        this.onFlushed((performance.now() - started) / 1000, taken.size);
      } catch (err) {
        // Keep what could not be written for the next flush (newer figures recorded meanwhile win;
        // rewriting what an earlier slice already wrote is harmless: figures only move forward).
        for (const [tokenId, p] of taken) {
          const newer = this.#pending.get(tokenId);
          if (newer === undefined || newer.atMs < p.atMs) this.#pending.set(tokenId, p);
        }
        this.onError(err);
      }
    });
    return this.#flushing;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
