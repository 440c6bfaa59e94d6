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
// Set-based work (SetWork, inGroupCommitSet: SCIM's creates) runs the consecutive units of a batch
// together, as one set: one lookup for all, multi-row inserts. It answers each unit as that unit
// would have been answered alone in some order of the batch, and may refuse a unit by what its
// lookup found (a 409) without failing the batch; anything it throws makes the batch fall back as
// above, each unit then run alone by its one-at-a-time form. A lone unit of set-based work runs in
// its set form too (a set of one costs fewer statements than the one-at-a-time form).
//
// A unit that arrives when nothing is running starts a batch at once (after the I/O events already
// read, setImmediate); there is no timer and no waiting for a batch to fill.
import type { Kysely } from 'kysely';
import type { Database } from './types.ts';
import { inNewTransaction, type AdvisoryLock } from './transaction.ts';

export type Unit<T> = (trx: Kysely<Database>) => Promise<T>;

/** The answer to one item of a set-based run: its value, or the error it is refused with. */
export type Settled<T> = { value: T } | { error: unknown };

/**
 * Work that is cheaper done for several items at once (one lookup for all, multi-row inserts):
 * `many` runs the items of a batch together, in the batch's transaction, and answers each, exactly
 * as `one` would have run them one after the other in some order. An error it answers for an item
 * (a 409 decided by its lookups) refuses that item only, and must have written nothing for it; an
 * error it throws rolls the batch back, and each item runs again alone with `one`.
 */
export interface SetWork<I, T> {
  many(trx: Kysely<Database>, items: I[]): Promise<Settled<T>[]>;
  one(trx: Kysely<Database>, item: I): Promise<T>;
  /** Advisory locks the work takes anyway (the audit chain's), taken with the batch's write lock. */
  locks?: readonly AdvisoryLock[];
}

interface Job {
  unit: Unit<unknown>;
  /** For units of set-based work: the work and this unit's item. */
  set?: { work: SetWork<unknown, unknown>; item: unknown };
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
  readonly stats = { batches: 0, units: 0, fallbacks: 0, setRuns: 0 };

  constructor(kysely: Kysely<Database>) {
    this.kysely = kysely;
  }

  add<T>(unit: Unit<T>, set?: Job['set']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ unit, set, resolve: resolve as (v: unknown) => void, reject });
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
    // a batch of one unit runs alone at once, unless it is set-based work (cheaper in its set form)
    if (batch.length > 1 || batch[0].set) {
      let results: Settled<unknown>[] | null = null;
      try {
        results = await inNewTransaction(this.kysely, async (trx) => {
          const out: Settled<unknown>[] = [];
          for (let i = 0; i < batch.length;) {
            const set = batch[i].set;
            if (!set) {
              out.push({ value: await batch[i].unit(trx) });
              i++;
              continue;
            }
            // the run of consecutive units of the same set-based work, together
            let j = i + 1;
            while (j < batch.length && batch[j].set?.work === set.work) j++;
            const items = batch.slice(i, j).map((job) => job.set!.item);
            const settled = await set.work.many(trx, items);
            if (settled.length !== items.length) throw new Error('set-based work answered a different number of items');
            out.push(...settled);
            this.stats.setRuns++;
            i = j;
          }
          return out;
        }, batch.flatMap((job) => job.set?.work.locks ?? []).filter((l, k, all) => all.findIndex((m) => m[0] === l[0] && m[1] === l[1]) === k));
      } catch {
        // one unit failed: all rolled back; each runs again alone below
        this.stats.fallbacks++;
      }
      if (results) {
        batch.forEach((job, i) => {
          const r = results[i];
          if ('error' in r) job.reject(r.error);
          else job.resolve(r.value);
        });
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

/**
 * Runs `item` through `work` in a transaction shared with other concurrent units: with the other
 * items of the same work in the batch by `work.many`, alone (a batch of one, or after a failed
 * batch) by `work.one`. In a transaction already, by `work.one` there. Resolves after the commit.
 */
export function inGroupCommitSet<I, T>(kysely: Kysely<Database>, work: SetWork<I, T>, item: I): Promise<T> {
  const unit: Unit<T> = (trx) => work.one(trx, item);
  if (kysely.isTransaction) return unit(kysely);
  return batcherOf(kysely).add(unit, { work: work as SetWork<unknown, unknown>, item });
}

/** How batching went on this database so far (tests, benchmark). */
export function groupCommitStats(kysely: Kysely<Database>): { batches: number; units: number; fallbacks: number; setRuns: number } {
  return { ...batcherOf(kysely).stats };
}
