// The documented way into a new instance, and an operator's break-glass: make sure the
// "Bootstrap Admin" service user exists, is active and is Admin, then issue it a 1-day token.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import { systemContext } from '../access/principal.ts';
import { created, diff, recordAudit } from '../audit/service.ts';
import { createToken } from '../tokens/service.ts';
import { findUserByUserId, insertUser, updateUserRow } from './store.ts';

const BOOTSTRAP_CONTEXT = systemContext('bootstrap');

export const BOOTSTRAP_NAME = 'Bootstrap Admin';
export const BOOTSTRAP_USER_ID = 'bootstrap_admin@service';

export async function bootstrapAdmin(db: Db, maxTokenDays: number | null) {
  const id = await transact(db, async (trx) => {
    const now = new Date().toISOString();
    const existing = await findUserByUserId(trx, BOOTSTRAP_USER_ID);
    if (!existing) {
      const newId = await insertUser(trx, {
        user_id: BOOTSTRAP_USER_ID, type: 'service', name: BOOTSTRAP_NAME, email: null, role: 'admin', owner_id: null,
        purpose: 'Break-glass access created by `warden bootstrap`', provisioned_by: 'admin', created_at: now, created_by: null, updated_at: now,
      });
      await recordAudit(trx, BOOTSTRAP_CONTEXT, {
        action: 'user.created', targetType: 'user', targetId: newId, reason: 'warden bootstrap',
        changes: created({ user_id: BOOTSTRAP_USER_ID, type: 'service', name: BOOTSTRAP_NAME, role: 'admin' }),
      });
      return newId;
    }
    // Break-glass: an Admin without end (a time-bound role of the bootstrap user is made permanent).
    const changes = diff({ role: existing.role, role_until: existing.elevation_ends_at, active: existing.deactivated_at === null }, { role: 'admin', role_until: null, active: true });
    if (Object.keys(changes).length > 0) {
      await updateUserRow(trx, existing.id, { role: 'admin', role_before_elevation: null, elevation_ends_at: null, deactivated_at: null, updated_at: now });
      await recordAudit(trx, BOOTSTRAP_CONTEXT, { action: 'user.updated', targetType: 'user', targetId: existing.id, reason: 'warden bootstrap', changes });
    }
    return existing.id;
  });
  const token = await createToken(db, BOOTSTRAP_CONTEXT, { maxTokenDays }, {
    name: `bootstrap-${new Date().toISOString()}`,
    expires_in_days: 1,
    user_id: id,
  });
  return { token: token.token, id, user_id: BOOTSTRAP_USER_ID, expires_at: token.expires_at! };
}
