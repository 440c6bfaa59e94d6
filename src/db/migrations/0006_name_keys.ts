// Names compared on one key stored beside them (src/http/text.ts nameKey: case folded the same way
// on both databases, lookalike letters mapped), instead of lower(), which SQLite applies to ASCII
// only: `Équipe` and `équipe` were two teams on SQLite and one on PostgreSQL.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { nameKey } from '../../http/text.ts';

const KEYED = [
  { table: 'teams', id: 'id', column: 'name', key: 'name_key', oldIndex: 'teams_name_unique', index: 'teams_name_key_unique' },
  { table: 'datastores', id: 'id', column: 'name', key: 'name_key', oldIndex: 'datastores_name_unique', index: 'datastores_name_key_unique' },
  { table: 'scim_users', id: 'user_id', column: 'user_name', key: 'user_name_key', oldIndex: 'scim_users_user_name_unique', index: 'scim_users_user_name_key_unique' },
] as const;

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  for (const k of KEYED) {
    await db.schema.alterTable(k.table).addColumn(k.key, 'text').execute();
    const rows = await db.selectFrom(k.table).select([k.id, k.column]).orderBy(k.id).execute();
    const seen = new Set<string>();
    for (const row of rows) {
      let key = nameKey(row[k.column]);
      // Names that only the new key finds equal (accented case on SQLite, lookalikes) keep working;
      // the oldest keeps the key, so a new name that repeats them is refused.
      if (seen.has(key)) key = `${key}#${row[k.id]}`;
      seen.add(key);
      await db.updateTable(k.table).set({ [k.key]: key }).where(k.id, '=', row[k.id]).execute();
    }
    await db.schema.dropIndex(k.oldIndex).execute();
    await db.schema.createIndex(k.index).on(k.table).unique().column(k.key).execute();
  }
}
