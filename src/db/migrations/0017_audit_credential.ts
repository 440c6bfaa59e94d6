// Every audit event names the credential that acted (issue 21 §3): its kind (token, scim, session,
// system, directory), its id (a token's or session's; null for system and directory) and its hint
// (a token's display hint, a session's fingerprint, the system part that acted). Events written
// before this have none (null): they keep the hash they had, and the chain covers the credential
// of the events written from now on (src/audit/chain.ts).
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';

export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('credential_kind', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('credential_id', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('credential_hint', 'text').execute();
  // "What did token 41 do?": GET /api/audit-events?credential_token_id=41.
  await db.schema.createIndex('audit_events_credential').on('audit_events').columns(['credential_kind', 'credential_id']).execute();
}
