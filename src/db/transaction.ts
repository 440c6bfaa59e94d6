// One way to open a transaction, so that a service called by another service (SCIM calling the
// users and teams services) joins the caller's transaction: a request is all-or-nothing.
//
// Write transactions are serialised on PostgreSQL as SQLite serialises them (one writer): the first
// statement takes one transaction-scoped advisory lock, held until commit or rollback. Without it,
// two transactions that lock rows in different orders deadlock (the last-Admin check locking every
// Admin after the SCIM path wrote its target), and check-then-write rules (the last Admin, a token
// rotated once) would each need their own locking. Every audited change already held the audit
// chain's lock from its first event to its commit, so this costs little more. What still fails for
// want of serialisation (a deadlock with a statement outside these transactions, a serialization
// failure, SQLite's busy snapshot when another process wrote) is retried a bounded number of times.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Db } from './connection.ts';
import { BEGIN_WITH_MARKER } from './change-tracking.ts';
import type { Database } from './types.ts';

/** The write lock: Warden's advisory lock space ("WARD"), then a key no job or other lock uses. */
const WRITE_LOCK: readonly [number, number] = [0x57415244, 200];

/** How many times a transaction runs at most when the database asks for a retry. */
export const MAX_ATTEMPTS = 5;

/**
 * Whether the database refused the transaction for a reason that a retry resolves: PostgreSQL's
 * serialization failure (40001) and deadlock (40P01), SQLite's busy database or stale snapshot.
 */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

/** An advisory lock's two keys (PostgreSQL). */
export type AdvisoryLock = readonly [number, number];

/** The advisory locks each open transaction took with its write lock (PostgreSQL). */
const heldLocks = new WeakMap<Kysely<Database>, readonly AdvisoryLock[]>();

/** Whether `trx` took `lock` with its write lock, at its start (inNewTransaction's `locks`). */
export function holdsLock(trx: Kysely<Database>, lock: AdvisoryLock): boolean {
  return heldLocks.get(trx)?.some((l) => l[0] === lock[0] && l[1] === lock[1]) ?? false;
}

/**
 * Takes the write lock until the transaction ends (PostgreSQL; SQLite has one writer already), and
 * after it, in the same statement, `also` (a lock the transaction would take anyway, such as the
 * audit chain's: one round trip less). Every transaction takes the write lock first, so the order
 * is the same everywhere.
 */
export async function lockWrites(trx: Kysely<Database>, also: readonly AdvisoryLock[] = []): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  // constants, no parameters: sent in one message with the transaction's `begin` (BEGIN_WITH_MARKER)
  const locks = [WRITE_LOCK, ...also].map(([a, b]) => sql`pg_advisory_xact_lock(${sql.lit(Math.trunc(a))}, ${sql.lit(Math.trunc(b))})`);
  await sql`${sql.raw(BEGIN_WITH_MARKER)} select ${sql.join(locks)}`.execute(trx);
  if (also.length > 0) heldLocks.set(trx, also);
}

/**
 * Runs `fn` in a new transaction of `kysely` holding the write lock (and `locks`, taken with it),
 * again (after a short random pause) when the database asks for a retry, at most MAX_ATTEMPTS
 * times. `fn` must do nothing outside the database that a second run would repeat.
 */
export async function inNewTransaction<T>(kysely: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>, locks: readonly AdvisoryLock[] = []): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await kysely.transaction().execute(async (trx) => {
        await lockWrites(trx, locks);
        return fn(trx);
      });
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * (5 + Math.random() * 20)));
    }
  }
}

/** Runs `fn` in a transaction, or in the one `db` is already bound to. */
export function transact<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.kysely.isTransaction ? fn(db.kysely) : inNewTransaction(db.kysely, fn);
}

/** `db` bound to an open transaction: services given it join that transaction. */
export function within(db: Db, trx: Kysely<Database>): Db {
  return { ...db, kysely: trx };
}
