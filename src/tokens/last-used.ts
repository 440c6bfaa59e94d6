// Last-used time and IP per token, kept in memory and written in batches, so that
// authenticating never writes to the database. Figures are at most FLUSH_MS stale.
import type { Db } from '../db/connection.ts';
import { writeLastUses, type LastUse } from './store.ts';

export const FLUSH_MS = 30_000;

export class LastUsedRecorder {
  #pending = new Map<number, LastUse>();
  #timer: NodeJS.Timeout | null = null;
  #db: Db;
  #flushing: Promise<void> = Promise.resolve();
  onError: (err: unknown) => void = () => {};

  constructor(db: Db) {
    this.#db = db;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), FLUSH_MS);
    this.#timer.unref();
  }

  record(tokenId: number, userId: number, ip: string | null): void {
    this.#pending.set(tokenId, { tokenId, userId, at: new Date().toISOString(), ip });
  }

  /** Writes what is pending; safe to call at any time (calls queue behind each other). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = [...this.#pending.values()];
      this.#pending.clear();
      try {
        await this.#db.kysely.transaction().execute((trx) => writeLastUses(trx, batch));
      } catch (err) {
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
