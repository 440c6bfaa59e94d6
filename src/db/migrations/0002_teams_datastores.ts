// The datastore registry that datastore-level access is decided on, and which teams reach which datastore.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await withId(db.schema.createTable('datastores'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('source', 'enrichment')`))
    .addColumn('description', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('datastores_name_unique').on('datastores').unique().expression(sql`lower(name)`).execute();

  await db.schema.createTable('team_datastores')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('datastore_id', 'integer', (c) => c.notNull().references('datastores.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_datastores_pk', ['team_id', 'datastore_id'])
    .execute();
  await db.schema.createIndex('team_datastores_datastore').on('team_datastores').column('datastore_id').execute();
}
