// Queries on the hot paths (authenticating every request, deciding on a datastore) are built and
// compiled by Kysely once per database and then run with new parameter values: for an indexed
// SQLite lookup, building and compiling cost about as much as executing.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './types.ts';

/**
 * `build` is called once per database with `placeholders` (values that appear nowhere else in the
 * query); every parameter equal to the i-th placeholder is then replaced by the i-th argument.
 */
export function hotQuery<Args extends readonly unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
  placeholders: Args,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<Database>, { sql: string; parameters: readonly unknown[]; slots: number[] }>();
  return async (db, ...args) => {
    let c = compiled.get(db);
    if (!c) {
      const q = build(db, ...placeholders).compile();
      c = { sql: q.sql, parameters: q.parameters, slots: q.parameters.map((p) => placeholders.indexOf(p)) };
      compiled.set(db, c);
    }
    const slots = c.slots;
    const parameters = c.parameters.map((p, i) => (slots[i] === -1 ? p : args[slots[i]]));
    return (await db.executeQuery<Row>(CompiledQuery.raw(c.sql, parameters))).rows;
  };
}
