// Group commit: concurrent requests of one kind share one transaction and its commit (issue 24,
// SCIM's first sync). A directory creates thousands of users, several requests in flight; each
// create is a dozen statements, and its transaction's begin, write lock and commit (a WAL write on
// SQLite, a WAL flush on PostgreSQL, with every writer waiting on the write lock meanwhile) cost as
// much as its work. Here the requests that arrive while one batch runs wait for the next, which
// runs their units of work one after the other in one transaction.
//
// Nothing a request sees changes: each unit runs exactly as it would in a transaction of its own,
// after the units before it in the batch (so it sees their writes, as it would have seen them
// committed), its audit events in the same transaction as its change, its answer given only after
// the commit, with the caches told first. When any unit of a batch fails (a 409, a 400 found
// inside the transaction, a database error), the whole batch rolls back and each of its units
// runs again alone, in its own transaction, as without batching: the one that failed fails alone,
// the others commit. A unit must therefore do nothing outside the database that a second run would
// repeat (as for inNewTransaction's retries).
//
// A unit that arrives when nothing is running starts a batch at once (after the I/O events already
// read, setImmediate); there is no timer and no waiting for a batch to fill.
import type { Kysely } from 'kysely';
import type { Database } from './types.ts';
import { inNewTransaction } from './transaction.ts';

export type Unit<T> = (trx: Kysely<Database>) => Promise<T>;

interface Job {
  unit: Unit<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Units in one transaction at most: bounds how long other writers wait on the write lock. */
export const MAX_BATCH = 25;

class Batcher {
  readonly kysely: Kysely<Database>;
  #queue: Job[] = [];
  #busy = false;
  /** Batches run and units in them, for tests and the benchmark. */
  readonly stats = { batches: 0, units: 0, fallbacks: 0 };

  constructor(kysely: Kysely<Database>) {
    this.kysely = kysely;
  }

  add<T>(unit: Unit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ unit, resolve: resolve as (v: unknown) => void, reject });
      if (this.#busy) return;
      this.#busy = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#run(this.#queue.splice(0, MAX_BATCH));
    } finally {
      this.#busy = false;
    }
  }

  async #run(batch: Job[]): Promise<void> {
    this.stats.batches++;
    this.stats.units += batch.length;
    if (batch.length > 1) {
      let results: unknown[] | null = null;
      try {
        results = await inNewTransaction(this.kysely, async (trx) => {
          const out: unknown[] = [];
          for (const job of batch) out.push(await job.unit(trx));
          return out;
        });
      } catch {
        // one unit failed: all rolled back; each runs again alone below
        this.stats.fallbacks++;
      }
      if (results) {
        batch.forEach((job, i) => job.resolve(results[i]));
        return;
      }
    }
    for (const job of batch) {
      try {
        job.resolve(await inNewTransaction(this.kysely, job.unit));
      } catch (err) {
        job.reject(err);
      }
    }
  }
}

const batchers = new WeakMap<Kysely<Database>, Batcher>();

function batcherOf(kysely: Kysely<Database>): Batcher {
  let b = batchers.get(kysely);
  if (!b) {
    b = new Batcher(kysely);
    batchers.set(kysely, b);
  }
  return b;
}

/**
 * Runs `unit` in a transaction shared with other concurrent units given the same `kysely`, or in
 * the transaction `kysely` is already bound to. Resolves after the commit.
 */
export function inGroupCommit<T>(kysely: Kysely<Database>, unit: Unit<T>): Promise<T> {
  if (kysely.isTransaction) return unit(kysely);
  return batcherOf(kysely).add(unit);
}

/** How batching went on this database so far (tests, benchmark). */
export function groupCommitStats(kysely: Kysely<Database>): { batches: number; units: number; fallbacks: number } {
  return { ...batcherOf(kysely).stats };
}
