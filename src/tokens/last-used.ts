// Last-used time and IP per token, kept in memory and written in batches, so that
// authenticating never writes to the database. Figures are at most FLUSH_MS stale.
//
// A flush is one statement on PostgreSQL (tokens and users together) and, on SQLite, one statement
// per slice of SLICE tokens (then of SLICE users), in id order, each letting waiting requests run
// before the next: the single SQLite connection is never held for long (cache fills read on a
// connection of their own).
// Figures only move forward (latest wins), so nodes that saw the same token merge correctly, and a
// flush that fails keeps its figures for the next one. Stopping writes whatever is buffered.
import type { Db } from '../db/connection.ts';
import { writeLastUses, writeUserActivity, type LastUse } from './store.ts';

export const FLUSH_MS = 30_000;
/** Tokens per SQLite write transaction. */
export const SLICE = 500;

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

  constructor(db: Db) {
    this.#db = db;
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
      const uses: LastUse[] = [];
      const latestByUser = new Map<number, number>();
      for (const [tokenId, p] of taken) {
        uses.push({ tokenId, userId: p.userId, at: new Date(p.atMs).toISOString(), ip: p.ip });
        if ((latestByUser.get(p.userId) ?? 0) < p.atMs) latestByUser.set(p.userId, p.atMs);
      }
      // In id order: neighbouring rows share pages, so each slice writes few of them.
      uses.sort((a, b) => a.tokenId - b.tokenId);
      const started = performance.now();
      try {
        if (this.#db.dialect === 'postgres') await writeLastUses(this.#db.kysely, this.#db.dialect, uses);
        else {
          const users = [...latestByUser].sort((a, b) => a[0] - b[0]).map(([userId, atMs]) => ({ userId, at: new Date(atMs).toISOString() }));
          for (let i = 0; i < uses.length; i += SLICE) {
            await writeLastUses(this.#db.kysely, 'sqlite', uses.slice(i, i + SLICE));
            await new Promise((r) => setImmediate(r)); // let the requests waiting behind it run
          }
          for (let i = 0; i < users.length; i += SLICE) {
            await writeUserActivity(this.#db.kysely, users.slice(i, i + SLICE));
            await new Promise((r) => setImmediate(r));
          }
        }
        this.onFlushed((performance.now() - started) / 1000, uses.length);
      } catch (err) {
        // Keep what could not be written for the next flush (newer figures recorded meanwhile win).
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
