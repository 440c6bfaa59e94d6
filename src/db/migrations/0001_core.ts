// Users (both kinds), teams with the Public team, memberships, tokens, audit events.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);

  await withId(db.schema.createTable('users'), dialect)
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('personal', 'service')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'manager', 'member')`))
    .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
    .addColumn('purpose', 'text')
    .addColumn('provisioned_by', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('deactivated_at', time)
    .addColumn('last_active_at', time)
    .addColumn('last_reviewed_at', time)
    .execute();
  await db.schema.createIndex('users_email').on('users').column('email').execute();
  await db.schema.createIndex('users_role').on('users').columns(['role', 'deactivated_at']).execute();

  await withId(db.schema.createTable('teams'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('permission', 'text', (c) => c.notNull().check(sql`permission in ('reporter', 'viewer', 'drafter', 'author', 'editor')`))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('custom').check(sql`kind in ('public', 'custom')`))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  // Team names are unique regardless of case: "Finance" and "finance" would confuse everyone.
  await db.schema.createIndex('teams_name_unique').on('teams').unique().expression(sql`lower(name)`).execute();

  await db.schema.createTable('team_members')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();

  const now = new Date().toISOString();
  await db.insertInto('teams')
    .values({ name: 'Public', description: 'Every user is in this team.', permission: 'reporter', kind: 'public', created_at: now, updated_at: now })
    .execute();

  await withId(db.schema.createTable('tokens'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('personal', 'service')`))
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('all').check(sql`scope in ('all', 'scim')`))
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('expires_at', time)
    .addColumn('last_used_at', time)
    .addColumn('last_used_ip', 'text')
    .addColumn('revoked_at', time)
    .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('tokens_owner_name', ['user_id', 'name'])
    .execute();

  await withId(db.schema.createTable('audit_events'), dialect)
    .addColumn('at', time, (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer')
    .addColumn('reason', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target_type', 'target_id']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').column('actor_id').execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
}
