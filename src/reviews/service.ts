// The review queue: what needs a human decision now, each item with why and the call that resolves
// it. Users (service users due for review, Admin service users, inactive people) need users.read;
// service tokens are shown to those who manage them (Admins); a caller's own PATs to the caller only
// (nobody else ever sees a PAT, tokens.md).
import { reviewDueAt } from './due.ts';
import type { Db } from '../db/connection.ts';
import type { ActionContext } from '../access/principal.ts';
import { effectiveRole } from '../access/elevation.ts';
import { can, requireAction } from '../access/guard.ts';
import {
  countTokens, countUsers, elevatedWithoutEnd, pageTokens, pageUsers, personalInactive, serviceUserAdmins, serviceUsersDue,
  tokensExpiring, tokensNeverExpiring, tokensUnused, type ReviewCutoffs, type TokenItemRow, type TokenScope, type UserItemRow,
} from './store.ts';

export const REVIEW_KINDS = ['service_user_review_due', 'token_expiring', 'token_unused', 'token_never_expires', 'service_user_admin', 'personal_inactive', 'elevated_role_without_end'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface ReviewPolicy {
  /** Days between reviews of a service user (WARDEN_REVIEW_PERIOD_DAYS). */
  reviewPeriodDays: number;
}

export const UNUSED_DAYS = 90;
export const EXPIRING_DAYS = 30;
export const INACTIVE_DAYS = 90;

export interface ReviewItem {
  kind: ReviewKind;
  detail: string;
  /** Since when the item needs attention (or, for an expiring token, when it expires). */
  since: string;
  user: { id: number; user_id: string; name: string };
  token: { id: number; name: string; hint: string; kind: 'personal' | 'service'; expires_at: string | null; last_used_at: string | null } | null;
  resolve: { method: string; path: string; description: string };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** `1 day`, `3 days`. */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const days = (fromIso: string, to: number) => Math.max(0, Math.floor((to - Date.parse(fromIso)) / DAY));

interface Source {
  kind: ReviewKind;
  count(): Promise<number>;
  page(offset: number, limit: number): Promise<ReviewItem[]>;
}

function userItem(kind: ReviewKind, row: UserItemRow, detail: string, resolve: ReviewItem['resolve']): ReviewItem {
  return { kind, detail, since: row.since, user: { id: row.id, user_id: row.user_id, name: row.name }, token: null, resolve };
}

function tokenItem(kind: ReviewKind, row: TokenItemRow, since: string, detail: string, resolve: ReviewItem['resolve']): ReviewItem {
  return {
    kind, detail, since,
    user: { id: row.owner_id, user_id: row.owner_user_id, name: row.owner_name },
    token: { id: row.id, name: row.name, hint: row.hint, kind: row.kind, expires_at: row.expires_at, last_used_at: row.last_used_at },
    resolve,
  };
}

const revoke = (id: number) => ({ method: 'PUT', path: `/api/user-tokens/${id}`, description: 'Revoke it ({"revoked": true}) if nothing needs it, or issue a replacement first' });
const replace = (id: number, what: string) => ({ method: 'POST', path: '/api/user-tokens', description: `Issue a replacement ${what}, update the secret where it is used, then revoke token ${id}` });

function sources(db: Db, ctx: ActionContext, c: ReviewCutoffs, policy: ReviewPolicy, nowMs: number): Source[] {
  const k = db.kysely;
  const out: Source[] = [];
  const seesUsers = can(ctx, 'users.read');
  const scope: TokenScope = { service: can(ctx, 'service_tokens.manage'), personalOf: ctx.actor?.type === 'personal' ? ctx.actor.id : null };
  if (seesUsers) {
    out.push({
      kind: 'service_user_review_due',
      count: () => countUsers(serviceUsersDue(k, c)),
      page: async (o, l) => (await pageUsers(serviceUsersDue(k, c), 'reviewed', { offset: o, limit: l })).map((r) =>
        userItem('service_user_review_due', { ...r, since: reviewDueAt(r, policy.reviewPeriodDays) }, r.review_due_at
          ? `Review due on ${r.review_due_at.slice(0, 10)}${r.last_reviewed_at ? `; last reviewed ${plural(days(r.last_reviewed_at, nowMs), 'day')} ago` : ', never reviewed'}`
          : `Not reviewed for ${plural(days(r.since, nowMs), 'day')} (review every ${plural(policy.reviewPeriodDays, 'day')})`,
          { method: 'POST', path: `/api/users/${r.id}/review`, description: 'Record the review (keep), or deactivate it if its integration is gone' })),
    });
  }
  if (scope.service || scope.personalOf !== null) {
    out.push({
      kind: 'token_expiring',
      count: () => countTokens(tokensExpiring(k, c, scope)),
      page: async (o, l) => (await pageTokens(tokensExpiring(k, c, scope), 'expires', { offset: o, limit: l })).map((r) =>
        tokenItem('token_expiring', r, r.expires_at!, `Expires in ${plural(Math.max(0, Math.ceil((Date.parse(r.expires_at!) - nowMs) / DAY)), 'day')}`, replace(r.id, 'before it expires'))),
    }, {
      kind: 'token_unused',
      count: () => countTokens(tokensUnused(k, c, scope)),
      page: async (o, l) => (await pageTokens(tokensUnused(k, c, scope), 'used', { offset: o, limit: l })).map((r) => {
        const since = r.last_used_at ?? r.created_at;
        return tokenItem('token_unused', r, since, r.last_used_at ? `Not used for ${plural(days(since, nowMs), 'day')}` : `Never used in the ${plural(days(since, nowMs), 'day')} since it was issued`, revoke(r.id));
      }),
    }, {
      kind: 'token_never_expires',
      count: () => countTokens(tokensNeverExpiring(k, c, scope)),
      page: async (o, l) => (await pageTokens(tokensNeverExpiring(k, c, scope), 'created', { offset: o, limit: l })).map((r) =>
        tokenItem('token_never_expires', r, r.created_at, 'Never expires: a leaked copy works forever', replace(r.id, 'with an expiry'))),
    });
  }
  if (seesUsers) {
    out.push({
      kind: 'service_user_admin',
      count: () => countUsers(serviceUserAdmins(k, c)),
      page: async (o, l) => (await pageUsers(serviceUserAdmins(k, c), 'created', { offset: o, limit: l })).map((r) =>
        userItem('service_user_admin', r, 'A service user with the Admin role: full control if its token leaks',
          { method: 'PUT', path: `/api/users/${r.id}`, description: 'Lower its role to what its integration needs ({"role": "member"})' })),
    }, {
      kind: 'personal_inactive',
      count: () => countUsers(personalInactive(k, c)),
      page: async (o, l) => (await pageUsers(personalInactive(k, c), 'seen', { offset: o, limit: l })).map((r) =>
        userItem('personal_inactive', r, `Not seen for ${plural(days(r.since, nowMs), 'day')}`,
          { method: 'DELETE', path: `/api/users/${r.id}`, description: 'Deactivate the account if the person has left' })),
    }, {
      kind: 'elevated_role_without_end',
      count: () => countUsers(elevatedWithoutEnd(k, c)),
      page: async (o, l) => (await pageUsers(elevatedWithoutEnd(k, c), 'reviewed', { offset: o, limit: l })).map((r) =>
        userItem('elevated_role_without_end', r, `Holds the ${effectiveRole(r, nowMs)} role without an end date, not reviewed for ${plural(days(r.since, nowMs), 'day')}`,
          { method: 'PUT', path: `/api/users/${r.id}`, description: 'Make it time-bound ({"role", "until", "reason"}) or lower it; or record a review (POST /api/users/{id}/review {"decision": "keep"}) to keep it for another period' })),
    });
  }
  return out;
}

export interface ReviewQuery {
  kind?: ReviewKind;
  offset: number;
  limit: number;
}

/** GET /api/reviews: one page over the kinds in a fixed order, with the count of each kind. */
export async function listReviews(db: Db, ctx: ActionContext, policy: ReviewPolicy, q: ReviewQuery, nowMs = Date.now()) {
  requireAction(ctx, 'users.read');
  const cutoffs: ReviewCutoffs = {
    now: iso(nowMs),
    reviewedBefore: iso(nowMs - policy.reviewPeriodDays * DAY),
    reviewPeriodDays: policy.reviewPeriodDays,
    usedBefore: iso(nowMs - UNUSED_DAYS * DAY),
    expiresBefore: iso(nowMs + EXPIRING_DAYS * DAY),
    seenBefore: iso(nowMs - INACTIVE_DAYS * DAY),
  };
  const chosen = sources(db, ctx, cutoffs, policy, nowMs).filter((s) => q.kind === undefined || s.kind === q.kind);
  const counts: Partial<Record<ReviewKind, number>> = {};
  for (const s of chosen) counts[s.kind] = await s.count();
  const items: ReviewItem[] = [];
  let skip = q.offset;
  for (const s of chosen) {
    const n = counts[s.kind]!;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const want = q.limit - items.length;
    if (want <= 0) break;
    items.push(...(await s.page(skip, want)));
    skip = 0;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { items, total, counts };
}
