// Fills a database with many users by direct inserts (as a big SCIM directory would), for the
// Users page's timing: "Seeded user 000001" … with varied roles, types and activity.
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.ts';
import { insertUser } from '../../src/users/store.ts';
import { createToken } from '../../src/tokens/service.ts';

const BATCH = 1000;

export async function seedUsers(db: Db, count: number): Promise<number> {
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    for (let start = 1; start <= count; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(start + BATCH, count + 1); i++) {
        const n = String(i).padStart(6, '0');
        const service = i % 10 === 0;
        const at = new Date(now - (i % 5000) * 60_000).toISOString();
        rows.push({
          user_id: service ? `seeded_user_${n}@service` : `https://idp.example.com|seed-${n}`,
          type: service ? ('service' as const) : ('personal' as const),
          name: `Seeded user ${n}`,
          email: service ? null : `seed.${n}@example.com`,
          role: i % 97 === 0 ? ('manager' as const) : ('member' as const),
          owner_id: null,
          purpose: null,
          provisioned_by: service ? ('admin' as const) : ('scim' as const),
          created_at: at,
          created_by: null,
          updated_at: at,
          last_active_at: i % 3 === 0 ? null : at,
        });
      }
      await trx.insertInto('users').values(rows).execute();
    }
  });
  // PostgreSQL's autovacuum would analyze the table shortly after such a load; do it now.
  if (db.dialect === 'postgres') await sql`analyze users`.execute(db.kysely);
  return count;
}

/**
 * Grace Hopper, a Member signed up by SSO (`issuer|subject` user id, as an IdP gives it), with a
 * 30-day personal access token "notebook": the person the console journeys act on.
 */
export async function seedGrace(db: Db): Promise<{ id: number; token: string; tokenId: number }> {
  const now = new Date().toISOString();
  const id = await insertUser(db.kysely, {
    user_id: 'https://idp.example.com|grace', type: 'personal', name: 'Grace Hopper', email: 'grace@example.com', role: 'member',
    owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now,
  });
  const principal = { id, userId: 'https://idp.example.com|grace', type: 'personal' as const, name: 'Grace Hopper', email: 'grace@example.com', role: 'member' as const, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
  const pat = await createToken(db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: 'notebook', expires_in_days: 30 });
  return { id, token: pat.token, tokenId: pat.id };
}
