// One way to open a transaction, so that a service called by another service (SCIM calling the
// users and teams services) joins the caller's transaction: a request is all-or-nothing.
import type { Kysely } from 'kysely';
import type { Db } from './connection.ts';
import type { Database } from './types.ts';

/** Runs `fn` in a transaction, or in the one `db` is already bound to. */
export function transact<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.kysely.isTransaction ? fn(db.kysely) : db.kysely.transaction().execute(fn);
}

/** `db` bound to an open transaction: services given it join that transaction. */
export function within(db: Db, trx: Kysely<Database>): Db {
  return { ...db, kysely: trx };
}
