// Token lifecycle (issue 11): rotation with an overlap (the pair links both ways and may share a
// name), restrictions fixed at creation (actions, datastores, networks), why a token was revoked,
// and when it was reported exposed.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';
import { timeType } from './helpers.ts';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const time = timeType(dialect);
  await db.schema.alterTable('tokens').addColumn('rotated_from', 'integer', (c) => c.references('tokens.id').onDelete('set null')).execute();
  await db.schema.alterTable('tokens').addColumn('rotated_to', 'integer', (c) => c.references('tokens.id').onDelete('set null')).execute();
  await db.schema.alterTable('tokens').addColumn('rotated_at', time).execute();
  // JSON arrays; null means no restriction of that kind.
  await db.schema.alterTable('tokens').addColumn('allowed_actions', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('allowed_datastores', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('allowed_cidrs', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('revoked_reason', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('exposed_at', time).execute();
  await db.updateTable('tokens').set({ revoked_reason: 'manual' }).where('revoked_at', 'is not', null).execute();
  // A name is unique among an owner's tokens that have not been rotated away (rotated_at is set on
  // the old token of a rotation): the successor keeps its predecessor's name while both work.
  if (dialect === 'postgres') await sql`alter table tokens drop constraint tokens_owner_name`.execute(db);
  else await rebuildSqliteTokensWithoutOwnerNameConstraint(db);
  await db.schema.createIndex('tokens_owner_name_current').on('tokens').columns(['user_id', 'name']).unique().where(sql.ref('rotated_at'), 'is', null).execute();
  await db.schema.createIndex('tokens_rotated_from').on('tokens').column('rotated_from').execute();
}

/** SQLite cannot drop a table constraint: copy the table without it (same columns, same ids). */
async function rebuildSqliteTokensWithoutOwnerNameConstraint(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'tokens'`.execute(db);
  const createSql = rows[0].sql;
  const withoutConstraint = createSql.replace(/,\s*constraint\s+"?tokens_owner_name"?\s+unique\s*\([^)]*\)/i, '');
  if (withoutConstraint === createSql) throw new Error('migration 0008: the tokens_owner_name constraint was not found');
  // Ids of deleted tokens stay used (the audit log names them): carry the autoincrement counter over.
  const seq = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'tokens'`.execute(db)).rows[0]?.seq ?? 0;
  await sql`pragma foreign_keys = off`.execute(db);
  await sql.raw(withoutConstraint.replace(/create table\s+"?tokens"?/i, 'create table "tokens_new"')).execute(db);
  await sql`insert into tokens_new select * from tokens`.execute(db);
  await sql`drop table tokens`.execute(db);
  await sql`alter table tokens_new rename to tokens`.execute(db);
  const now = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'tokens'`.execute(db)).rows[0]?.seq ?? 0;
  await sql`delete from sqlite_sequence where name = 'tokens'`.execute(db);
  await sql`insert into sqlite_sequence (name, seq) values ('tokens', ${Math.max(seq, now)})`.execute(db);
  await sql`pragma foreign_keys = on`.execute(db);
}
