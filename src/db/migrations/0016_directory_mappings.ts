// Access that follows the directory (issue 21): mappings from directory groups (by name, any case,
// or by IdP group id) to teams and roles; the groups the IdP sent at the last sign-in; where a
// user's role came from (so that sync removes only what the directory gave); team maintainers;
// and audit events whose actor is the directory itself.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await withId(db.schema.createTable('directory_mappings'), dialect)
    // The group as the Admin wrote it, and its key (trimmed, lower case) that groups are matched on.
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('directory_mappings_group_key').on('directory_mappings').column('group_key').execute();
  await db.schema.createIndex('directory_mappings_team').on('directory_mappings').column('team_id').execute();

  // JSON array of the groups (names or ids) in the groups claim at the last sign-in; null: never sent.
  await db.schema.alterTable('users').addColumn('idp_groups', 'text').execute();
  await db.schema.alterTable('users').addColumn('idp_groups_at', time).execute();
  // 'directory' when the role was given by a directory mapping; null: set by an Admin (or never changed).
  await db.schema.alterTable('users').addColumn('role_source', 'text').execute();

  await db.schema
    .createTable('team_maintainers')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_maintainers_pk', ['team_id', 'user_id'])
    .execute();

  // 'directory' when the directory acted (group sync at sign-in, SCIM role mappings); null: actor_id says.
  await db.schema.alterTable('audit_events').addColumn('actor_kind', 'text').execute();
}
