// Whether the IdP verified an SSO identity's email (its `email_verified` claim at the last
// sign-in). SCIM reads it before attaching a directory user to an account that signed in first:
// only an email the IdP vouched for may link the two (see scim/service.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // 1 when the claim was literally true, else 0; existing identities are 0 until their next sign-in.
  await db.schema.alterTable('sso_identities').addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
