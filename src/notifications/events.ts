// The events Warden announces (webhooks, mail), with what each one's `data` holds. One catalog:
// the webhook routes validate subscriptions against it and GET /api/webhooks/events publishes it.
// No event ever carries a secret: tokens appear by id, name and hint only.
import { AUDIT_ACTION_NAMES } from '../audit/actions.ts';

export const EVENT_TYPES = {
  'token.expiring': { description: 'A token expires in 30, 7 or 1 days (each notice once; only thresholds crossed during its life)', data: '{token, days_left, expires_at}' },
  'token.expired': { description: 'A token reached its expiry (not for the old token of a rotation)', data: '{token, expired_at}' },
  'token.revoked': { description: 'A token stopped working: reason manual, exposed, unused (policy) or owner_deactivated', data: '{token, reason, actor}' },
  'token.restored': { description: 'A token works again: reason manual (a revoked token restored) or owner_reactivated (its owner was reactivated; it had been announced as token.revoked with reason owner_deactivated)', data: '{token, reason, actor}' },
  'token.rotated': { description: 'A token was rotated: its successor is issued and the old one ends after the overlap', data: '{token, successor_id, ends_at, actor}' },
  'token.revocation_scheduled': { description: 'The unused-token policy will revoke this token on revoke_at unless it is used', data: '{token, revoke_at, unused_days}' },
  'user.deactivated': { description: 'A user was deactivated: its tokens and sessions stop working', data: '{user, reason, actor}' },
  'user.reactivated': { description: 'A user was reactivated', data: '{user, reason, actor}' },
  'user.role_changed': { description: 'A user\'s role changed (with its end when time-bound)', data: '{user, before, after, until, reason, actor}' },
  'service_user.review_due': { description: 'A service user is due for its periodic review', data: '{user, owner, due_at, last_reviewed_at}' },
  'service_user.deactivation_scheduled': { description: 'The review policy will deactivate this service user on deactivate_at unless it is reviewed', data: '{user, owner, deactivate_at, overdue_days}' },
  'access.elevation_expired': { description: 'A time-bound role or team membership ended by itself', data: '{user, changes}' },
  'webhook.disabled': { description: 'Warden switched a webhook off because every attempt to reach it failed for 24 hours (an Admin switches it on again)', data: '{webhook: {id, url, description}, failing_since, last_error, reason}' },
  'webhook.test': { description: 'Sent by POST /api/webhooks/{id}/test to that webhook only', data: '{webhook_id, message}' },
} as const satisfies Record<string, { description: string; data: string }>;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** The audit firehose: every audit event as `audit.<action>`; subscribe to one, or to all with `audit.*`. */
export const AUDIT_FIREHOSE = 'audit.*';
export const auditEventType = (action: string) => `audit.${action}`;

/** What a webhook may subscribe to: an event type, `audit.*`, or `audit.<action>`. */
export function isSubscribable(name: string): boolean {
  if (name === AUDIT_FIREHOSE) return true;
  if (name.startsWith('audit.')) return (AUDIT_ACTION_NAMES as string[]).includes(name.slice('audit.'.length));
  return Object.hasOwn(EVENT_TYPES, name) && name !== 'webhook.test';
}

/** Whether a webhook subscribed to `subscriptions` wants an event of `type`. */
export function wants(subscriptions: readonly string[], type: string): boolean {
  if (subscriptions.includes(type)) return true;
  return type.startsWith('audit.') && subscriptions.includes(AUDIT_FIREHOSE);
}

/** The types that may send mail (to a token's owner, a service user's owner, or the Admins). */
export const MAIL_TYPES: ReadonlySet<string> = new Set([
  'token.expiring', 'token.expired', 'token.revoked', 'token.revocation_scheduled',
  'service_user.review_due', 'service_user.deactivation_scheduled', 'access.elevation_expired', 'webhook.disabled',
]);

/** A token as events show it: never its secret. */
export interface TokenRef {
  id: number;
  name: string;
  hint: string;
  kind: 'personal' | 'service';
  expires_at: string | null;
  user: { id: number; user_id: string; name: string };
}

export interface UserRef {
  id: number;
  user_id: string;
  name: string;
  type: 'personal' | 'service';
}
