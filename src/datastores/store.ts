// Datastore registry queries.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { inBatches } from '../db/batch.ts';
import { containsIgnoringCase } from '../db/text-match.ts';
import { nameKey } from '../http/text.ts';
import type { Database, DatastoresTable } from '../db/types.ts';
import { datastoreReachedBy } from '../teams/store.ts';

type Executor = Kysely<Database>;
export type DatastoreRow = Selectable<DatastoresTable>;

export async function findDatastoreById(db: Executor, id: number): Promise<DatastoreRow | undefined> {
  return db.selectFrom('datastores').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDatastoresByIds(db: Executor, ids: number[]): Promise<DatastoreRow[]> {
  if (ids.length === 0) return [];
  return inBatches(ids, (batch) => db.selectFrom('datastores').selectAll().where('id', 'in', batch).execute());
}

/** The datastore whose name is the same as this one (same nameKey: case, lookalikes). */
export async function findDatastoreByName(db: Executor, name: string): Promise<DatastoreRow | undefined> {
  return db.selectFrom('datastores').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
}

export async function insertDatastore(db: Executor, values: Omit<Insertable<DatastoresTable>, 'name_key'>): Promise<number> {
  return (await db.insertInto('datastores').values({ ...values, name_key: nameKey(values.name) }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateDatastoreRow(db: Executor, id: number, patch: Omit<Updateable<DatastoresTable>, 'name_key'>): Promise<void> {
  await db.updateTable('datastores').set(patch.name === undefined ? patch : { ...patch, name_key: nameKey(patch.name) }).where('id', '=', id).execute();
}

export async function deleteDatastoreRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('team_datastores').where('datastore_id', '=', id).execute();
  await db.deleteFrom('datastores').where('id', '=', id).execute();
}

export interface DatastoreFilter {
  q?: string;
  kind?: 'source' | 'enrichment';
  /** Only datastores this user reaches through a team (a member's view). */
  visibleTo?: number;
  /** Only these datastores (a token narrowed to them). */
  onlyIds?: readonly number[];
  offset: number;
  limit: number;
}

export async function listDatastoreRows(db: Executor, f: DatastoreFilter): Promise<{ rows: DatastoreRow[]; total: number }> {
  let q = db.selectFrom('datastores as d');
  if (f.kind) q = q.where('d.kind', '=', f.kind);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsIgnoringCase(db, sql`d.name`, text), containsIgnoringCase(db, sql`coalesce(d.description, '')`, text)]));
  }
  if (f.onlyIds !== undefined) q = q.where('d.id', 'in', f.onlyIds.length ? [...f.onlyIds] : [0]);
  if (f.visibleTo !== undefined) {
    const userId = f.visibleTo;
    q = q.where((eb) => datastoreReachedBy(eb, userId));
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll('d').orderBy(sql`lower(d.name)`).orderBy('d.id').offset(f.offset).limit(f.limit).execute();
  return { rows, total: Number(total) };
}
