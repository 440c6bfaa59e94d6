import type { CreateTableBuilder } from 'kysely';
import type { DialectName } from '../connection.ts';

/** An integer primary key that the database assigns. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A time column: timestamptz on PostgreSQL, ISO 8601 text on SQLite. */
export function timeType(dialect: DialectName) {
  return dialect === 'postgres' ? ('timestamptz' as const) : ('text' as const);
}
