// Time-bound access (issue 12 §3): a role held until an instant, with the role it returns to, and
// team memberships that end by themselves. The decision compares these with the time of each
// request; a scheduled job later writes the reversion (audited, actor system).
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await db.schema.alterTable('users').addColumn('role_before_elevation', 'text').execute();
  await db.schema.alterTable('users').addColumn('elevation_ends_at', time).execute();
  await db.schema.createIndex('users_elevation_ends_at').on('users').column('elevation_ends_at').execute();
  await db.schema.alterTable('team_members').addColumn('until', time).execute();
  await db.schema.createIndex('team_members_until').on('team_members').column('until').execute();
}
