// Bulk data for benchmarks, written straight through the stores' tables (fast, no HTTP).
import type { Db } from '../src/db/connection.ts';
import { generateToken, hashToken, hintOf } from '../src/tokens/format.ts';

async function insertChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** `users` service users (member role) with `tokens` active service tokens spread over them; returns the secrets. */
export async function seedServiceTokens(db: Db, users: number, tokens: number): Promise<string[]> {
  const now = new Date().toISOString();
  const userRows = Array.from({ length: users }, (_, i) => ({
    user_id: `bench_${i}@service`, type: 'service' as const, name: `Bench ${i}`, email: null, role: 'member' as const,
    owner_id: null, purpose: null, provisioned_by: 'admin' as const, created_at: now, created_by: null, updated_at: now,
  }));
  await insertChunks(userRows, 500, (chunk) => db.kysely.insertInto('users').values(chunk).execute());
  const ids = (await db.kysely.selectFrom('users').select('id').where('user_id', 'like', 'bench_%').orderBy('id').execute()).map((r) => r.id);
  const secrets: string[] = [];
  const tokenRows = Array.from({ length: tokens }, (_, i) => {
    const secret = generateToken('service');
    secrets.push(secret);
    return {
      user_id: ids[i % ids.length], name: `bench-${i}`, kind: 'service' as const, scope: 'all' as const, hash: hashToken(secret), hint: hintOf(secret),
      created_at: now, created_by: null, expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    };
  });
  await insertChunks(tokenRows, 500, (chunk) => db.kysely.insertInto('tokens').values(chunk).execute());
  return secrets;
}
