// Queries on the hot paths (authenticating every request, deciding on a datastore) are built and
// compiled by Kysely once per database and then run with new parameter values: for an indexed
// SQLite lookup, building and compiling cost about as much as executing.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './types.ts';
import type { Db } from './connection.ts';

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
  slots: number[];
}

/** A query compiled once per database: its SQL text and its parameters for given arguments. */
export interface HotQuery<Args extends readonly unknown[], Row> {
  (db: Kysely<Database>, ...args: Args): Promise<Row[]>;
  /** The SQL text and the parameter values for these arguments (to run on a connection of one's own). */
  bind(db: Kysely<Database>, ...args: Args): { sql: string; parameters: unknown[] };
  /** For typing rows read elsewhere (`readSync`). */
  readonly row?: Row;
}

/**
 * `build` is called once per database with `placeholders` (values that appear nowhere else in the
 * query); every parameter equal to the i-th placeholder is then replaced by the i-th argument.
 */
export function hotQuery<Args extends readonly unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
  placeholders: Args,
): HotQuery<Args, Row> {
  const compiled = new WeakMap<Kysely<Database>, Compiled>();
  const compiledFor = (db: Kysely<Database>): Compiled => {
    let c = compiled.get(db);
    if (!c) {
      const q = build(db, ...placeholders).compile();
      c = { sql: q.sql, parameters: q.parameters, slots: q.parameters.map((p) => placeholders.indexOf(p)) };
      compiled.set(db, c);
    }
    return c;
  };
  const bind = (db: Kysely<Database>, ...args: Args) => {
    const c = compiledFor(db);
    const slots = c.slots;
    return { sql: c.sql, parameters: c.parameters.map((p, i) => (slots[i] === -1 ? p : args[slots[i]])) };
  };
  const run = async (db: Kysely<Database>, ...args: Args): Promise<Row[]> => {
    const { sql, parameters } = bind(db, ...args);
    return (await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters))).rows;
  };
  return Object.assign(run, { bind });
}

export type FillQuery<Args extends readonly unknown[], Row> = HotQuery<Args, Row> & { statementName: string };

/** A fill query with the name of its prepared statement on PostgreSQL. */
export function named<Args extends readonly unknown[], Row>(statementName: string, query: HotQuery<Args, Row>): FillQuery<Args, Row> {
  return Object.assign(query, { statementName });
}

/**
 * Runs a fill query: synchronously on SQLite (its read-only connection); on PostgreSQL as a named
 * prepared statement through the pool, so that each connection parses and plans it once (parsing
 * and planning are most of an indexed lookup's cost in the backend).
 */
export function runFill<Args extends readonly unknown[], Row>(db: Db, query: FillQuery<Args, Row>, ...args: Args): Row[] | Promise<Row[]> {
  const kysely = db.kysely as Kysely<Database>;
  const { sql, parameters } = query.bind(kysely, ...args);
  if (db.sqlite) return db.sqlite.readSync(sql, parameters) as Row[];
  if (db.postgres) return db.postgres.pool.query({ name: query.statementName, text: sql, values: parameters as unknown[] }).then((r) => r.rows as Row[]);
  return query(kysely, ...args);
}
