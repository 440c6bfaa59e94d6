// The CLI's browser login hands the CLI a one-time code, never the token itself (RFC 8252 style):
// the code is short-lived, single use, stored hashed, and bound to the login's state and to the
// PKCE S256 challenge the CLI sent at the start. The CLI exchanges it for its token over a direct POST.
import type { Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType, withId } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await withId(db.schema.createTable('cli_login_codes'), dialect)
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    // The console session that confirmed (the audit actor's credential); no foreign key: sessions end.
    .addColumn('session_id', 'integer', (c) => c.notNull())
    .addColumn('state_hash', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .execute();
  await db.schema.createIndex('cli_login_codes_expires').on('cli_login_codes').column('expires_at').execute();
}
