// The queries behind the review queue: each kind of item that needs a human decision, counted and
// paged, oldest first (the longest-waiting item leads).
import { type Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { effectiveRoleSql } from '../users/store.ts';
import { reviewDueBefore } from './due.ts';
import type { Role } from '../access/model.ts';

type Executor = Kysely<Database>;

export interface ReviewCutoffs {
  now: string;
  /** Users (elevated roles) not reviewed since before this are due. */
  reviewedBefore: string;
  /** The review period, for service users without a review date of their own. */
  reviewPeriodDays: number;
  /** Tokens not used since before this are unused. */
  usedBefore: string;
  /** Tokens expiring before this are expiring soon. */
  expiresBefore: string;
  /** Personal accounts not seen since before this are inactive. */
  seenBefore: string;
}

export interface UserItemRow {
  id: number;
  user_id: string;
  name: string;
  since: string;
  role: Role;
  role_before_elevation: Role | null;
  elevation_ends_at: string | null;
  review_due_at: string | null;
  last_reviewed_at: string | null;
  created_at: string;
}

export interface TokenItemRow {
  id: number;
  name: string;
  hint: string;
  kind: 'personal' | 'service';
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
  owner_id: number;
  owner_user_id: string;
  owner_name: string;
}

interface Page {
  offset: number;
  limit: number;
}

const activeUsers = (db: Executor) => db.selectFrom('users').where('deactivated_at', 'is', null);

export function serviceUsersDue(db: Executor, c: ReviewCutoffs) {
  return activeUsers(db).where('type', '=', 'service').where((eb) => reviewDueBefore(eb, Date.parse(c.now), c.reviewPeriodDays));
}

export function serviceUserAdmins(db: Executor, c: ReviewCutoffs) {
  return activeUsers(db).where('type', '=', 'service').where(effectiveRoleSql(c.now), '=', 'admin');
}

/**
 * Users holding the manager or admin role without an end, not reviewed within the review period
 * (Admin service users have their own kind). A time-bound role needs no review: it ends by itself.
 */
export function elevatedWithoutEnd(db: Executor, c: ReviewCutoffs) {
  return activeUsers(db)
    .where(effectiveRoleSql(c.now), 'in', ['manager', 'admin'])
    .where((eb) => eb.or([eb('elevation_ends_at', 'is', null), eb('elevation_ends_at', '<=', c.now)]))
    .where((eb) => eb.not(eb.and([eb('type', '=', 'service'), eb(effectiveRoleSql(c.now), '=', 'admin')])))
    .where((eb) => eb(eb.fn.coalesce('last_reviewed_at', 'created_at'), '<', c.reviewedBefore));
}

export function personalInactive(db: Executor, c: ReviewCutoffs) {
  return activeUsers(db).where('type', '=', 'personal').where((eb) => eb(eb.fn.coalesce('last_active_at', 'created_at'), '<', c.seenBefore));
}

/** Live tokens (neither revoked nor expired) of active owners; `personalOf` narrows PATs to one owner. */
function liveTokens(db: Executor, c: ReviewCutoffs, scope: { service: boolean; personalOf: number | null }) {
  return db
    .selectFrom('tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .where('u.deactivated_at', 'is', null)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', c.now)]))
    .where((eb) => {
      const parts = [];
      if (scope.service) parts.push(eb('t.kind', '=', 'service'));
      if (scope.personalOf !== null) parts.push(eb.and([eb('t.kind', '=', 'personal'), eb('t.user_id', '=', scope.personalOf)]));
      return parts.length ? eb.or(parts) : eb.val(false);
    });
}

export type TokenScope = { service: boolean; personalOf: number | null };

export function tokensUnused(db: Executor, c: ReviewCutoffs, scope: TokenScope) {
  return liveTokens(db, c, scope).where((eb) => eb(eb.fn.coalesce('t.last_used_at', 't.created_at'), '<', c.usedBefore));
}

export function tokensExpiring(db: Executor, c: ReviewCutoffs, scope: TokenScope) {
  return liveTokens(db, c, scope).where('t.expires_at', 'is not', null).where('t.expires_at', '<', c.expiresBefore);
}

export function tokensNeverExpiring(db: Executor, c: ReviewCutoffs, scope: TokenScope) {
  return liveTokens(db, c, scope).where('t.expires_at', 'is', null);
}

type UserQuery = ReturnType<typeof activeUsers>;
type TokenQuery = ReturnType<typeof liveTokens>;

export async function countUsers(q: UserQuery): Promise<number> {
  return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

export async function countTokens(q: TokenQuery): Promise<number> {
  return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** One page of users; `since` is the column the item is due from. */
export async function pageUsers(q: UserQuery, since: 'reviewed' | 'seen' | 'created', p: Page): Promise<UserItemRow[]> {
  return q
    .select((eb) => [
      'id', 'user_id', 'name', 'role', 'role_before_elevation', 'elevation_ends_at', 'review_due_at', 'last_reviewed_at', 'created_at',
      (since === 'reviewed' ? eb.fn.coalesce('last_reviewed_at', 'created_at') : since === 'seen' ? eb.fn.coalesce('last_active_at', 'created_at') : eb.ref('created_at')).as('since'),
    ])
    .orderBy('since')
    .orderBy('id')
    .offset(p.offset)
    .limit(p.limit)
    .execute() as Promise<UserItemRow[]>;
}

export async function pageTokens(q: TokenQuery, order: 'used' | 'expires' | 'created', p: Page): Promise<TokenItemRow[]> {
  const ordered = order === 'used'
    ? q.orderBy((eb) => eb.fn.coalesce('t.last_used_at', 't.created_at'))
    : order === 'expires' ? q.orderBy('t.expires_at') : q.orderBy('t.created_at');
  return ordered
    .select(['t.id', 't.name', 't.hint', 't.kind', 't.expires_at', 't.last_used_at', 't.created_at', 'u.id as owner_id', 'u.user_id as owner_user_id', 'u.name as owner_name'])
    .orderBy('t.id')
    .offset(p.offset)
    .limit(p.limit)
    .execute();
}
