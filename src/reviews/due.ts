// When a service user's review is due: on its own date when one was set (review_due_at), else
// WARDEN_REVIEW_PERIOD_DAYS after its last review, or its creation. One rule for the review queue,
// the notices and the deactivation policy.
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/types.ts';

const DAY = 86_400_000;

export interface ReviewDates {
  review_due_at: string | null;
  last_reviewed_at: string | null;
  created_at: string;
}

export function reviewDueAt(u: ReviewDates, periodDays: number): string {
  return u.review_due_at ?? new Date(Date.parse(u.last_reviewed_at ?? u.created_at) + periodDays * DAY).toISOString();
}

/** SQL: the review is due before `atMs` (the same rule as reviewDueAt). */
export function reviewDueBefore(eb: ExpressionBuilder<Database, 'users'>, atMs: number, periodDays: number) {
  return eb.or([
    eb.and([eb('review_due_at', 'is not', null), eb('review_due_at', '<', new Date(atMs).toISOString())]),
    eb.and([eb('review_due_at', 'is', null), eb(eb.fn.coalesce('last_reviewed_at', 'created_at'), '<', new Date(atMs - periodDays * DAY).toISOString())]),
  ]);
}
