// The rows the AuthZEN searches walk, in id order from a cursor (the page token).
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { UserRow } from '../users/store.ts';

type Executor = Kysely<Database>;

/** Users with an id above `after`, lowest first. */
export async function usersAfter(db: Executor, after: number, limit: number): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** Datastore ids above `after`, lowest first. */
export async function datastoreIdsAfter(db: Executor, after: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('datastores').select('id').where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}
