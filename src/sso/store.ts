// Queries for SSO identities and console sessions.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, SessionsTable } from '../db/types.ts';
import { dialectOf, lowerFor } from '../db/text-match.ts';
import { unicodeLower } from '../db/unicode-lower.ts';

type Executor = Kysely<Database>;

export async function findIdentity(db: Executor, issuer: string, subject: string) {
  return db.selectFrom('sso_identities').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
}

/** `emailVerified`: the IdP said email_verified: true at this sign-in (stored as 1, else 0). */
export async function insertIdentity(db: Executor, values: { issuer: string; subject: string; user_id: number; at: string; emailVerified: boolean }): Promise<void> {
  await db.insertInto('sso_identities')
    .values({ issuer: values.issuer, subject: values.subject, user_id: values.user_id, created_at: values.at, last_login_at: values.at, email_verified: values.emailVerified ? 1 : 0 })
    .execute();
}

export async function touchIdentity(db: Executor, id: number, at: string, emailVerified: boolean): Promise<void> {
  await db.updateTable('sso_identities').set({ last_login_at: at, email_verified: emailVerified ? 1 : 0 }).where('id', '=', id).execute();
}

/** Personal accounts provisioned by SCIM, never signed in through SSO, with this email (any case). */
export async function findAdoptableScimAccounts(db: Executor, email: string) {
  return db.selectFrom('users')
    .selectAll()
    .where('type', '=', 'personal')
    .where('provisioned_by', '=', 'scim')
    // both databases fold every letter (SQLite's own lower() folds ASCII only: db/text-match.ts)
    .where(sql`${lowerFor(dialectOf(db), email)}(email)`, '=', unicodeLower(email))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sso_identities as i').select('i.id').whereRef('i.user_id', '=', 'users.id'))))
    .execute();
}

export async function hasIdentity(db: Executor, userId: number): Promise<boolean> {
  return (await db.selectFrom('sso_identities').select('id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export async function insertSession(db: Executor, values: Insertable<SessionsTable>): Promise<number> {
  return (await db.insertInto('sessions').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** A session and what authentication needs of its user, in one indexed lookup by hash. */
export async function findSessionByHash(db: Executor, hash: string) {
  return db.selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.created_at', 's.expires_at', 's.last_seen_at', 'u.user_id as user_user_id', 'u.type', 'u.name', 'u.email', 'u.role', 'u.role_before_elevation', 'u.elevation_ends_at', 'u.deactivated_at'])
    .where('s.hash', '=', hash)
    .executeTakeFirst();
}

/** A session's stored hash by its id (the audit's fingerprint of it), or undefined once it has ended. */
export async function findSessionHashById(db: Executor, id: number) {
  return db.selectFrom('sessions').select('hash').where('id', '=', id).executeTakeFirst();
}

export async function deleteSession(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<number> {
  const res = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Sessions past their absolute end; idle ones are removed when they are next presented. */
export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function touchSession(db: Executor, id: number, userId: number, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  await db.updateTable('users').set({ last_active_at: at }).where('id', '=', userId).execute();
}
