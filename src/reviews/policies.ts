// Optional review policies (off by default, each a setting), run by the scheduler:
// - WARDEN_POLICY_DEACTIVATE_OVERDUE_DAYS: a service user overdue for review by N days is
//   deactivated (actor system);
// - WARDEN_POLICY_REVOKE_UNUSED_DAYS: a token unused for N days is revoked (reason unused, actor
//   system).
// Each is announced (webhook/mail: service_user.deactivation_scheduled, token.revocation_scheduled)
// WARDEN_POLICY_NOTICE_DAYS before it acts, and never acts sooner than that after its announcement,
// even when the policy is switched on for something long overdue. A review or a use in between
// moves the date on, and the old announcement no longer counts.
import { reviewDueAt, reviewDueBefore } from './due.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { transact, within } from '../db/transaction.ts';
import { systemContext } from '../access/principal.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { deactivateUser } from '../users/service.ts';
import { enqueueEvent, tokenRef, userRef } from '../notifications/outbox.ts';

const DAY = 86_400_000;
const LIMIT = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** When an announcement with this key was made, or null. */
async function announcedAt(db: Db, key: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('notification_events').select('created_at').where('dedupe_key', '=', key).executeTakeFirst();
  return row ? Date.parse(row.created_at) : null;
}

/**
 * The policy's step for one item: announce when the notice period before `actAt` has begun, act
 * when `actAt` has come and the announcement is at least the notice period old.
 */
async function step(db: Db, nowMs: number, noticeDays: number, key: string, actAt: number, announce: () => Promise<unknown>, act: () => Promise<void>): Promise<'announced' | 'acted' | null> {
  if (nowMs < actAt - noticeDays * DAY) return null;
  const announced = await announcedAt(db, key);
  if (announced === null) {
    await announce();
    return 'announced';
  }
  if (nowMs >= actAt && nowMs >= announced + noticeDays * DAY) {
    await act();
    return 'acted';
  }
  return null;
}

export async function runDeactivationPolicy(db: Db, config: Config, nowMs: number): Promise<{ announced: number; deactivated: number }> {
  const overdueDays = config.policies.deactivateOverdueDays;
  const out = { announced: 0, deactivated: 0 };
  if (overdueDays === null) return out;
  const { noticeDays } = config.policies;
  // Due (review date passed) and within the notice period of the deactivation date.
  const candidates = await db.kysely.selectFrom('users').select(['id', 'owner_id', 'last_reviewed_at', 'created_at', 'review_due_at'])
    .where('type', '=', 'service').where('deactivated_at', 'is', null)
    .where((eb) => reviewDueBefore(eb, nowMs - (overdueDays - noticeDays) * DAY + 1, config.reviewPeriodDays))
    .orderBy('id').limit(LIMIT).execute();
  for (const u of candidates) {
    const dueAt = Date.parse(reviewDueAt(u, config.reviewPeriodDays));
    const actAt = dueAt + overdueDays * DAY;
    const key = `policy.deactivate:${u.id}:${iso(dueAt)}`;
    const result = await step(db, nowMs, noticeDays, key, actAt,
      () => transact(db, async (trx) => enqueueEvent(trx, {
        type: 'service_user.deactivation_scheduled', at: iso(nowMs), dedupeKey: key,
        data: { user: await userRef(trx, u.id), owner: u.owner_id === null ? null : await userRef(trx, u.owner_id), deactivate_at: iso(Math.max(actAt, nowMs + noticeDays * DAY)), overdue_days: overdueDays },
      })),
      async () => {
        try {
          await transact(db, (trx) => deactivateUser(within(db, trx), systemContext('scheduler', nowMs), u.id, `Overdue for review by ${overdueDays} days (WARDEN_POLICY_DEACTIVATE_OVERDUE_DAYS)`));
        } catch (err) {
          // The last Admin stays (409): the instance never locks itself out, policy or not.
          if (!(err instanceof AppError && err.status === 409)) throw err;
        }
      });
    if (result === 'announced') out.announced++;
    if (result === 'acted') out.deactivated++;
  }
  return out;
}

export async function runUnusedTokenPolicy(db: Db, config: Config, nowMs: number): Promise<{ announced: number; revoked: number }> {
  const unusedDays = config.policies.revokeUnusedDays;
  const out = { announced: 0, revoked: 0 };
  if (unusedDays === null) return out;
  const { noticeDays } = config.policies;
  const now = iso(nowMs);
  const candidates = await db.kysely.selectFrom('tokens as t').innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.last_used_at', 't.created_at'])
    .where('u.deactivated_at', 'is', null)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where((eb) => eb(eb.fn.coalesce('t.last_used_at', 't.created_at'), '<=', iso(nowMs - (unusedDays - noticeDays) * DAY)))
    .orderBy('t.id').limit(LIMIT).execute();
  for (const t of candidates) {
    const lastUse = t.last_used_at ?? t.created_at;
    const actAt = Date.parse(lastUse) + unusedDays * DAY;
    const key = `policy.revoke:${t.id}:${lastUse}`;
    const result = await step(db, nowMs, noticeDays, key, actAt,
      () => transact(db, async (trx) => enqueueEvent(trx, {
        type: 'token.revocation_scheduled', at: now, dedupeKey: key,
        data: { token: await tokenRef(trx, t.id), revoke_at: iso(Math.max(actAt, nowMs + noticeDays * DAY)), unused_days: unusedDays },
      })),
      () => transact(db, async (trx) => {
        // Only if still live and still unused since then (a use in between moved the date on).
        const res = await trx.updateTable('tokens').set({ revoked_at: now, revoked_by: null, revoked_reason: 'unused' })
          .where('id', '=', t.id).where('revoked_at', 'is', null)
          .where((eb) => eb(eb.fn.coalesce('last_used_at', 'created_at'), '=', lastUse))
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return;
        await recordAudit(trx, systemContext('scheduler', nowMs), {
          action: 'token.revoked', targetType: 'token', targetId: t.id, reason: 'unused',
          changes: { status: { before: 'active', after: 'revoked' }, last_used_at: { before: t.last_used_at, after: t.last_used_at } },
        });
      }));
    if (result === 'announced') out.announced++;
    if (result === 'acted') out.revoked++;
  }
  return out;
}
