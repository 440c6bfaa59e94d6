// SCIM 2.0 (directory sync): which personal accounts and teams a directory provisions, and the
// attributes it sent. Kept beside users/teams (not as columns on them) so the users and teams
// tables stay the directory-agnostic truth that access decisions read.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);

  // One row per personal account a directory provisioned. A DELETE over SCIM sets detached_at
  // (the account stays, deactivated); a later create with the same userName re-attaches it.
  await db.schema.createTable('scim_users')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('display_name', 'text')
    .addColumn('formatted_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('middle_name', 'text')
    .addColumn('honorific_prefix', 'text')
    .addColumn('honorific_suffix', 'text')
    // The resource as the directory sent it (canonical attribute names), JSON text.
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('detached_at', time)
    .execute();
  // userName is unique regardless of case (RFC 7643: caseExact false, uniqueness server).
  await db.schema.createIndex('scim_users_user_name_unique').on('scim_users').unique().expression(sql`lower(user_name)`).execute();
  await db.schema.createIndex('scim_users_external_id').on('scim_users').column('external_id').execute();

  // emails as rows so that filters such as emails[type eq "work" and value co "@x"] run in SQL.
  await db.schema.createTable('scim_user_emails')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('scim_users.user_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('type', 'text')
    .addColumn('display', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('scim_user_emails_pk', ['user_id', 'position'])
    .execute();
  await db.schema.createIndex('scim_user_emails_value').on('scim_user_emails').expression(sql`lower(value)`).execute();

  // Teams a directory knows about (any custom team is a group; this holds what SCIM adds to it).
  await db.schema.createTable('scim_groups')
    .addColumn('team_id', 'integer', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('external_id', 'text')
    // JSON {"<user id>": "<display as the directory sent it>"}.
    .addColumn('member_displays', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scim_groups_external_id').on('scim_groups').column('external_id').execute();
}
