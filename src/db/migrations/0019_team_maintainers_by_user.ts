// The teams a user maintains, looked up by user (issue 24): every first-sight `GET /api/users/me`
// and every user view asks it, and the primary key (team_id, user_id) cannot answer a question
// that starts from the user, so without this index each was a scan of team_maintainers.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createIndex('team_maintainers_user').ifNotExists().on('team_maintainers').column('user_id').execute();
}
