import { type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database, WorkloadIdentitiesTable } from '../db/types.ts';

type Executor = Kysely<Database>;
export type WorkloadIdentityRow = Selectable<WorkloadIdentitiesTable>;

export async function insertWorkloadIdentity(db: Executor, values: Insertable<WorkloadIdentitiesTable>): Promise<number> {
  return (await db.insertInto('workload_identities').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findWorkloadIdentity(db: Executor, userId: number, id: number): Promise<WorkloadIdentityRow | undefined> {
  return db.selectFrom('workload_identities').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function workloadIdentitiesOf(db: Executor, userId: number): Promise<WorkloadIdentityRow[]> {
  return db.selectFrom('workload_identities').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export async function workloadIdentityNameTaken(db: Executor, userId: number, name: string): Promise<boolean> {
  return (await db.selectFrom('workload_identities').select('id').where('user_id', '=', userId).where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function deleteWorkloadIdentity(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('workload_identities').where('id', '=', id).execute();
}

/** Every trust relationship with this exact issuer, with its service user's state. */
export async function workloadIdentitiesForIssuer(db: Executor, issuer: string) {
  return db
    .selectFrom('workload_identities as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .selectAll('w')
    .select(['u.user_id as owner_user_id', 'u.deactivated_at as owner_deactivated_at'])
    .where('w.issuer', '=', issuer)
    .orderBy('w.id')
    .execute();
}

export async function touchWorkloadIdentity(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('workload_identities').set({ last_used_at: at }).where('id', '=', id).execute();
}

/**
 * Remembers an exchanged subject token until its exp; false when it was exchanged already (on any
 * node: the primary key decides). Forgets those whose exp has passed.
 */
export async function rememberSubjectToken(db: Executor, issuer: string, jti: string, expiresAt: string, now: string): Promise<boolean> {
  await db.deleteFrom('federation_replays').where('expires_at', '<', now).execute();
  const res = await db
    .insertInto('federation_replays')
    .values({ issuer, jti, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
    .returning('jti')
    .executeTakeFirst();
  return res !== undefined;
}

