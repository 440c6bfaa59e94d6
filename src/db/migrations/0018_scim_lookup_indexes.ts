// Indexes for the case-folded lookups a directory makes on every sync (issue 24): SCIM filters
// compare lower(column) = lower(value) (userName, a group's displayName), and a SCIM create looks
// for an SSO account with the same email in any case. The unique keys of 0006 (nameKey: case and
// lookalikes) cannot answer these, so without an index on the same expression each was a scan of
// every provisioned user (or account) per request. scim_user_emails has lower(value) since 0004.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';

/** The expression indexes, named so that a test can find them (src/scim/indexes.test.ts). */
export const SCIM_LOOKUP_INDEXES = [
  { name: 'scim_users_user_name_lower', table: 'scim_users', expression: 'lower(user_name)' },
  { name: 'teams_name_lower', table: 'teams', expression: 'lower(name)' },
  { name: 'users_email_lower', table: 'users', expression: 'lower(email)' },
] as const;

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  for (const i of SCIM_LOOKUP_INDEXES) {
    await db.schema.createIndex(i.name).ifNotExists().on(i.table).expression(sql.raw(i.expression)).execute();
  }
}
