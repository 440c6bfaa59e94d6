// Webhooks (Admin: settings.manage): where events go, which ones, and the signing secret (shown
// once, at creation and at each rotation). Every change is audited; the secret never is.
import type { Db } from '../db/connection.ts';
import { transact } from '../db/transaction.ts';
import { nowOf, systemContext, type ActionContext } from '../access/principal.ts';
import { requireAction } from '../access/guard.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import { created, diff, recordAudit } from '../audit/service.ts';
import { findUsersByIds } from '../users/store.ts';
import { summaryOf, type UserSummary } from '../users/service.ts';
import { EVENT_TYPES, EVENT_TYPE_NAMES, isSubscribable } from './events.ts';
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES } from '../audit/actions.ts';
import { newWebhookSecret } from './signing.ts';
import { enqueueEvent } from './outbox.ts';
import { redactUrl, type Outbound } from '../net/outbound.ts';
import {
  attemptsOf, deleteWebhookRow, deliveryCounts, findDelivery, findWebhook, insertWebhook, listDeliveries, listWebhookRows, updateWebhookRow,
  type DeliveryRow, type WebhookRow,
} from './store.ts';

type Kdb = Db['kysely'];

/** After a rotation the old secret keeps signing this long, so receivers can switch without a gap. */
export const SECRET_OVERLAP_HOURS = 24;

/** A receiver whose every attempt has failed for this long is switched off (and the Admins told). */
export const FAILING_DISABLE_MS = 24 * 3_600_000;

const SWITCHED_OFF = 'switched off by an Admin';

/**
 * Switches off a receiver that has failed for FAILING_DISABLE_MS, in the caller's transaction:
 * audited with actor `system`, announced as webhook.disabled (to other webhooks that want it, and
 * mailed to the Admins).
 */
export async function disableFailingWebhook(trx: Kdb, id: number, nowMs: number, lastError: string | null): Promise<void> {
  const row = await findWebhook(trx, id);
  if (!row || row.enabled !== 1 || !row.failing_since) return;
  const at = new Date(nowMs).toISOString();
  const reason = `every attempt failed for 24 hours (since ${row.failing_since}; last: ${lastError ?? 'unknown'})`;
  await updateWebhookRow(trx, id, { enabled: 0, disabled_at: at, disabled_reason: reason, updated_at: at });
  await recordAudit(trx, systemContext('webhook-delivery', nowMs), { action: 'webhook.updated', targetType: 'webhook', targetId: id, reason, changes: { enabled: { before: true, after: false } } });
  await enqueueEvent(trx, {
    type: 'webhook.disabled',
    at,
    data: { webhook: { id, url: redactUrl(row.url), description: row.description }, failing_since: row.failing_since, last_error: lastError, reason },
  });
}

export interface WebhookView {
  id: number;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  created_at: string;
  created_by: UserSummary | null;
  updated_at: string;
  /** Until when the previous secret also signs (after a rotation), or null. */
  previous_secret_until: string | null;
  /** When and why it was switched off (by an Admin, or by Warden after 24 hours of failures); null while enabled. */
  disabled_at: string | null;
  disabled_reason: string | null;
  /** Since when every attempt has failed (null while the receiver answers); at 24 hours Warden switches it off. */
  failing_since: string | null;
  deliveries: { pending: number; succeeded: number; failed: number };
}

async function toViews(db: Kdb, rows: WebhookRow[], nowMs: number): Promise<WebhookView[]> {
  const counts = await deliveryCounts(db, rows.map((r) => r.id));
  const creators = new Map((await findUsersByIds(db, [...new Set(rows.map((r) => r.created_by).filter((v): v is number => v !== null))])).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    description: r.description,
    events: JSON.parse(r.events) as string[],
    enabled: r.enabled === 1,
    created_at: r.created_at,
    created_by: r.created_by === null ? null : (creators.get(r.created_by) ?? null),
    updated_at: r.updated_at,
    previous_secret_until: r.previous_secret_until && Date.parse(r.previous_secret_until) > nowMs ? r.previous_secret_until : null,
    disabled_at: r.enabled === 1 ? null : r.disabled_at,
    disabled_reason: r.enabled === 1 ? null : r.disabled_reason,
    failing_since: r.failing_since,
    deliveries: counts.get(r.id) as WebhookView['deliveries'],
  }));
}

/** The url as it is stored: parsed (WHATWG), http(s), no credentials, and not an address the outbound guard refuses. */
function checkUrl(outbound: Outbound, raw: string): string {
  const checked = outbound.checkUrl(raw);
  if ('error' in checked) {
    throw invalidField('url', checked.error === 'not a URL' ? 'The url is not a URL such as https://siem.example.com/hooks/warden' : `The url is refused: ${checked.error}`);
  }
  const { url } = checked;
  if (url.username || url.password) throw invalidField('url', 'Put no credentials in the url: receivers check the webhook-signature header instead');
  return url.toString();
}

function checkEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  const unknown = unique.filter((e) => !isSubscribable(e));
  if (unknown.length > 0) throw invalidField('events', `Unknown event ${unknown.join(', ')}: see GET /api/webhooks/events (audit.* is every audit action)`);
  if (unique.length === 0) throw invalidField('events', 'Name at least one event');
  return unique.sort();
}

async function load(db: Kdb, id: number): Promise<WebhookRow> {
  const row = await findWebhook(db, id);
  if (!row) throw notFound(`Webhook ${id}`);
  return row;
}

export function eventCatalog(ctx: ActionContext) {
  requireAction(ctx, 'settings.manage');
  return {
    items: [
      ...EVENT_TYPE_NAMES.filter((t) => t !== 'webhook.test').map((type) => ({ type, description: EVENT_TYPES[type].description, data: EVENT_TYPES[type].data })),
      { type: 'audit.*', description: 'Every audit action (the firehose for SIEMs); or subscribe to one as audit.<action>', data: '{audit_event_id, at, action, target_type, target_id, reason, changes, request_id, ip, credential, actor}' },
      ...AUDIT_ACTION_NAMES.map((a) => ({ type: `audit.${a}`, description: AUDIT_ACTIONS[a].description, data: '{audit_event_id, at, action, target_type, target_id, reason, changes, request_id, ip, credential, actor}' })),
    ],
  };
}

export interface WebhookInput {
  url: string;
  events: string[];
  enabled?: boolean;
  description?: string | null;
}

export async function createWebhook(db: Db, ctx: ActionContext, outbound: Outbound, input: WebhookInput): Promise<WebhookView & { secret: string }> {
  requireAction(ctx, 'settings.manage');
  const url = checkUrl(outbound, input.url);
  const events = checkEvents(input.events);
  const nowMs = nowOf(ctx);
  const now = new Date(nowMs).toISOString();
  const secret = newWebhookSecret();
  return transact(db, async (trx) => {
    const enabled = input.enabled ?? true;
    const description = input.description?.trim() || null;
    const id = await insertWebhook(trx, {
      url, description, events: JSON.stringify(events), enabled: enabled ? 1 : 0, secret, created_at: now, created_by: ctx.actor?.id ?? null, updated_at: now,
      ...(enabled ? {} : { disabled_at: now, disabled_reason: SWITCHED_OFF }),
    });
    await recordAudit(trx, ctx, { action: 'webhook.created', targetType: 'webhook', targetId: id, changes: created({ url: redactUrl(url), description, events, enabled }) });
    return { ...(await toViews(trx, [await load(trx, id)], nowMs))[0], secret };
  });
}

export async function listWebhooks(db: Db, ctx: ActionContext, page: { offset: number; limit: number }) {
  requireAction(ctx, 'settings.manage');
  const { rows, total } = await listWebhookRows(db.kysely, page.offset, page.limit);
  return { items: await toViews(db.kysely, rows, nowOf(ctx)), total };
}

export async function getWebhook(db: Db, ctx: ActionContext, id: number): Promise<WebhookView> {
  requireAction(ctx, 'settings.manage');
  return (await toViews(db.kysely, [await load(db.kysely, id)], nowOf(ctx)))[0];
}

export async function updateWebhook(db: Db, ctx: ActionContext, outbound: Outbound, id: number, input: Partial<WebhookInput>): Promise<WebhookView> {
  requireAction(ctx, 'settings.manage');
  const nowMs = nowOf(ctx);
  return transact(db, async (trx) => {
    const row = await load(trx, id);
    const before = { url: row.url, description: row.description, events: JSON.parse(row.events) as string[], enabled: row.enabled === 1 };
    const after = {
      url: input.url === undefined ? before.url : checkUrl(outbound, input.url),
      description: input.description === undefined ? before.description : input.description?.trim() || null,
      events: input.events === undefined ? before.events : checkEvents(input.events),
      enabled: input.enabled ?? before.enabled,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length > 0) {
      const now = new Date(nowMs).toISOString();
      // Switched on again, or pointed elsewhere: its failures so far no longer count towards switching it off.
      const freshStart = (after.enabled && !before.enabled) || after.url !== before.url;
      await updateWebhookRow(trx, id, {
        url: after.url, description: after.description, events: JSON.stringify(after.events), enabled: after.enabled ? 1 : 0, updated_at: now,
        ...(after.enabled ? { disabled_at: null, disabled_reason: null } : before.enabled ? { disabled_at: now, disabled_reason: SWITCHED_OFF } : {}),
        ...(freshStart ? { failing_since: null } : {}),
      });
      if (changes.url) changes.url = { before: redactUrl(before.url), after: redactUrl(after.url) };
      await recordAudit(trx, ctx, { action: 'webhook.updated', targetType: 'webhook', targetId: id, changes });
    }
    return (await toViews(trx, [await load(trx, id)], nowMs))[0];
  });
}

export async function deleteWebhook(db: Db, ctx: ActionContext, id: number): Promise<void> {
  requireAction(ctx, 'settings.manage');
  await transact(db, async (trx) => {
    const row = await load(trx, id);
    await deleteWebhookRow(trx, id);
    await recordAudit(trx, ctx, { action: 'webhook.deleted', targetType: 'webhook', targetId: id, changes: { url: { before: redactUrl(row.url), after: null }, events: { before: JSON.parse(row.events), after: null } } });
  });
}

/** A new signing secret, shown once; the old one keeps signing too for SECRET_OVERLAP_HOURS. */
export async function rotateWebhookSecret(db: Db, ctx: ActionContext, id: number): Promise<{ secret: string; previous_secret_until: string }> {
  requireAction(ctx, 'settings.manage');
  const nowMs = nowOf(ctx);
  const secret = newWebhookSecret();
  const until = new Date(nowMs + SECRET_OVERLAP_HOURS * 3_600_000).toISOString();
  return transact(db, async (trx) => {
    const row = await load(trx, id);
    await updateWebhookRow(trx, id, { secret, previous_secret: row.secret, previous_secret_until: until, updated_at: new Date(nowMs).toISOString() });
    await recordAudit(trx, ctx, { action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id, changes: { previous_secret_until: { before: null, after: until } } });
    return { secret, previous_secret_until: until };
  });
}

export interface DeliveryView {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  delivered_at: string | null;
}

function deliveryView(r: DeliveryRow): DeliveryView {
  return {
    id: r.id, webhook_id: r.webhook_id, event_id: r.event_public_id, event_type: r.event_type, status: r.status, attempts: r.attempts,
    created_at: r.created_at, last_attempt_at: r.last_attempt_at, next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
    last_status: r.last_status, last_error: r.last_error, last_latency_ms: r.last_status === null ? null : r.last_latency_ms, delivered_at: r.delivered_at,
  };
}

/** Sends a webhook.test event to this webhook only; answers its delivery (sent within a second or so). */
export async function sendTestEvent(db: Db, ctx: ActionContext, id: number): Promise<DeliveryView> {
  requireAction(ctx, 'settings.manage');
  const at = new Date(nowOf(ctx)).toISOString();
  return transact(db, async (trx) => {
    const row = await load(trx, id);
    if (row.enabled !== 1) throw conflict(`Webhook ${id} is disabled; enable it to send a test event`);
    const eventId = await enqueueEvent(trx, { type: 'webhook.test', at, webhookId: id, data: { webhook_id: id, message: 'A test event from Warden: the signature verifies with this webhook\'s secret.' } }, [{ id, events: [] }]);
    const delivery = await trx.selectFrom('webhook_deliveries').select('id').where('event_id', '=', eventId!).where('webhook_id', '=', id).executeTakeFirstOrThrow();
    return deliveryView((await findDelivery(trx, delivery.id))!);
  });
}

export async function listWebhookDeliveries(db: Db, ctx: ActionContext, id: number, f: { status?: string; offset: number; limit: number }) {
  requireAction(ctx, 'settings.manage');
  await load(db.kysely, id);
  const { rows, total } = await listDeliveries(db.kysely, id, f);
  return { items: rows.map(deliveryView), total };
}

/** One delivery with every attempt (when, status, latency, error). */
export async function getWebhookDelivery(db: Db, ctx: ActionContext, webhookId: number, deliveryId: number) {
  requireAction(ctx, 'settings.manage');
  const row = await findDelivery(db.kysely, deliveryId);
  if (!row || row.webhook_id !== webhookId) throw notFound(`Delivery ${deliveryId} of webhook ${webhookId}`);
  // An attempt without an answer shows no timing: how long a connection took to fail tells a closed port from a filtered one.
  const attempts = (await attemptsOf(db.kysely, [deliveryId])).map((a) => ({ at: a.at, status: a.status, error: a.error, latency_ms: a.status === null ? null : a.latency_ms }));
  return { ...deliveryView(row), attempt_log: attempts };
}
