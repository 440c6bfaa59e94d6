// Workload identity federation (issue 20): trust relationships of service users with external
// OpenID issuers, the subject tokens already exchanged (single use, shared across nodes), and what
// a token issued by the token endpoint records about where it came from.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await withId(db.schema.createTable('workload_identities'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // JSON object of claim name → string, number or boolean (exact matches).
    .addColumn('claims', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('token_ttl_minutes', 'integer', (c) => c.notNull().check(sql`token_ttl_minutes between 5 and 60`))
    // The narrowing of every token issued through it (JSON arrays; null: none of that kind).
    .addColumn('allowed_actions', 'text')
    .addColumn('allowed_datastores', 'text')
    .addColumn('allowed_cidrs', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('last_used_at', time)
    .addUniqueConstraint('workload_identities_user_name', ['user_id', 'name'])
    .execute();
  await db.schema.createIndex('workload_identities_issuer').on('workload_identities').column('issuer').execute();

  // A subject token exchanged once is refused afterwards: its issuer and jti (or, without a jti, the
  // hash of the token), remembered until the token's own exp.
  await db.schema.createTable('federation_replays')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_replays_pk', ['issuer', 'jti'])
    .execute();
  await db.schema.createIndex('federation_replays_expires').on('federation_replays').column('expires_at').execute();

  // Tokens issued by POST /api/oauth/token: 'federated' (token exchange of an external identity
  // token) or 'exchanged' (client_credentials with a service token); null for every other token.
  await db.schema.alterTable('tokens').addColumn('origin', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('workload_identity_id', 'integer').execute();
  await db.schema.alterTable('tokens').addColumn('external_issuer', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('external_subject', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('external_jti', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('issued_from', 'integer').execute();
}
