// Case-insensitive text matching that means the same on both databases. PostgreSQL's lower() (in a
// UTF-8 database) lower-cases every letter; SQLite's changes ASCII letters only, so there a search
// for "österreich" missed "Österreich". SQLite connections get `unicode_lower` (db/connection.ts):
// a text with letters outside ASCII is matched with it; an ASCII text keeps lower(), and with it
// any index on lower(column), and finds the same rows (no other letter lower-cases to ASCII).
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './connection.ts';
import type { Database } from './types.ts';
import { isAscii, unicodeLower } from './unicode-lower.ts';

/** The database a Kysely instance (or transaction) talks to. */
export function dialectOf(db: Kysely<Database>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The SQL function that lower-cases a column for comparing it with `text` on this database. */
export function lowerFor(dialect: DialectName, text: string): RawBuilder<unknown> {
  return sql.raw(lowerNameFor(dialect, text));
}

/** The name of that function: the one rule of this file. */
export function lowerNameFor(dialect: DialectName, text: string): 'lower' | 'unicode_lower' {
  return dialect === 'sqlite' && !isAscii(text) ? 'unicode_lower' : 'lower';
}

/** `expr` contains `text`, ignoring case (LIKE, with `%`, `_` and `\` in the text taken as written). */
export function containsIgnoringCase(db: Kysely<Database>, expr: RawBuilder<unknown>, text: string): RawBuilder<SqlBool> {
  const dialect = dialectOf(db);
  const pattern = `%${unicodeLower(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${lowerFor(dialect, text)}(${expr}) like ${pattern} escape '\\'`;
}
