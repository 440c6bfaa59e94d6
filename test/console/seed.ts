// Fills a database with many users by direct inserts (as a big SCIM directory would), for the
// Users page's timing: "Seeded user 000001" … with varied roles, types and activity.
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.ts';

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
