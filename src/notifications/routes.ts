import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { createOutbound } from '../net/outbound.ts';
import { Id, IdParams, NullableTimestamp, Paging, Timestamp, UserSummary, errors, StringEnum } from '../http/schemas.ts';
import {
  createWebhook, deleteWebhook, eventCatalog, getWebhook, getWebhookDelivery, listWebhookDeliveries, listWebhooks, rotateWebhookSecret, sendTestEvent, updateWebhook,
} from './webhooks.ts';

const tags = ['webhooks'];

const webhookFields = {
  id: Type.Integer(),
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(Type.String(), { description: 'Event types (GET /api/webhooks/events); audit.* is every audit action' }),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  created_by: Type.Union([UserSummary, Type.Null()]),
  updated_at: Timestamp,
  previous_secret_until: Type.Union([Timestamp, Type.Null()], { description: 'After a rotation: until when the previous secret signs as well' }),
  disabled_at: Type.Union([Timestamp, Type.Null()], { description: 'When it was switched off (null while enabled)' }),
  disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why: switched off by an Admin, or by Warden after every attempt failed for 24 hours (enable it to try again)' }),
  failing_since: Type.Union([Timestamp, Type.Null()], { description: 'Since when every attempt has failed; 24 hours of it switch the webhook off' }),
  deliveries: Type.Object({ pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }),
};
const Webhook = Type.Object(webhookFields, { $id: 'Webhook' });
const Secret = Type.String({ description: 'The signing secret (whsec_…), shown once, here, and never again. Receivers verify webhook-signature with it (Standard Webhooks).' });
const CreatedWebhook = Type.Object({ ...webhookFields, secret: Secret }, { title: 'CreatedWebhook' });

const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'Where events are POSTed (https, or http)' });
const Events = Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 200 });
const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const CreateBody = Type.Object({ url: Url, events: Events, enabled: Type.Optional(Type.Boolean()), description: Type.Optional(Description) }, { title: 'CreateWebhookRequest', additionalProperties: false });
const UpdateBody = Type.Object({ url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()), description: Type.Optional(Description) }, { title: 'UpdateWebhookRequest', additionalProperties: false });

const DeliveryStatus = StringEnum(['pending', 'succeeded', 'failed']);
const deliveryFields = {
  id: Type.Integer(),
  webhook_id: Type.Integer(),
  event_id: Type.String({ description: 'The webhook-id header the receiver got (the same on every retry)' }),
  event_type: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  created_at: Timestamp,
  last_attempt_at: NullableTimestamp,
  next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'When it is tried again (pending only)' }),
  last_status: Type.Union([Type.Integer(), Type.Null()], { description: 'The HTTP status of the last attempt, or null when it got none' }),
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_latency_ms: Type.Union([Type.Integer(), Type.Null()]),
  delivered_at: NullableTimestamp,
};
const Delivery = Type.Object(deliveryFields, { title: 'WebhookDelivery' });
const DeliveryDetail = Type.Object({
  ...deliveryFields,
  attempt_log: Type.Array(Type.Object({
    at: Timestamp,
    status: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    latency_ms: Type.Union([Type.Integer(), Type.Null()], { description: 'Null when the receiver did not answer (a refused or failed connection shows no timing)' }),
  })),
}, { title: 'WebhookDeliveryDetail' });
const DeliveryParams = Type.Object({ id: Id(), delivery_id: Id() });

export function registerWebhookRoutes(api: ApiInstance, { db, config }: AppContext): void {
  const outbound = createOutbound({ allow: config.outboundAllow });
  api.addSchema(Webhook);
  const ref = Type.Ref('Webhook');

  api.get('/webhooks/events', {
    schema: {
      operationId: 'listWebhookEventTypes', description: 'The event names a webhook can subscribe to, each with a description of the data its payload carries. Admin only.', tags, summary: 'Every event a webhook can subscribe to, with what its data holds (Admin)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), data: Type.String() }, { title: 'WebhookEventType' })) }, { title: 'WebhookEventTypeList' }), ...errors(401, 403) },
    },
  }, async (request) => eventCatalog(contextOf(request)));

  api.get('/webhooks', {
    schema: { operationId: 'listWebhooks', description: 'The webhooks, one page at a time, with their events and the state of their last delivery. The signing secret is never listed. Admin only.', tags, summary: 'Webhooks (Admin)', querystring: Type.Object({ ...Paging }), response: { 200: Type.Object({ items: Type.Array(ref), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'WebhookPage' }), ...errors(401, 403, 422) } },
  }, async (request) => {
    const page = request.query.page ?? 1;
    const size = request.query.size ?? 50;
    return { ...(await listWebhooks(db, contextOf(request), { offset: (page - 1) * size, limit: size })), page, size };
  });

  api.post('/webhooks', {
    schema: {
      operationId: 'createWebhook', tags, summary: 'Create a webhook (Admin); its signing secret is shown once',
      description: 'Events are POSTed as JSON `{type, timestamp, data}` with the Standard Webhooks headers `webhook-id` (the same on every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the base64 part of the secret). A 2xx answer within WARDEN_WEBHOOK_TIMEOUT_SECONDS is a success; anything else is retried with exponential backoff for 24 hours. Delivery is at least once: receivers drop repeated webhook-ids. The url may not name a loopback, private, link-local, unique-local, CGNAT, multicast or otherwise internal address (checked here for address literals and localhost, and at each connection on the resolved address) unless WARDEN_OUTBOUND_ALLOW_NETWORKS allows it.',
      body: CreateBody, response: { 201: CreatedWebhook, ...errors(401, 403, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createWebhook(db, contextOf(request), outbound, request.body);
  });

  api.get('/webhooks/:id', {
    schema: { operationId: 'getWebhook', description: 'One webhook, without its signing secret. Admin only.', tags, summary: 'One webhook (Admin)', params: IdParams, response: { 200: ref, ...errors(401, 403, 404) } },
  }, async (request) => getWebhook(db, contextOf(request), request.params.id));

  api.put('/webhooks/:id', {
    schema: { operationId: 'updateWebhook', description: 'Changes the fields given and keeps the others; the signing secret is changed only by rotate-secret. Admin only.', tags, summary: 'Change a webhook\'s url, events, description or enabled flag (Admin)', params: IdParams, body: UpdateBody, response: { 200: ref, ...errors(401, 403, 404, 422) } },
  }, async (request) => updateWebhook(db, contextOf(request), outbound, request.params.id, request.body));

  api.delete('/webhooks/:id', {
    schema: { operationId: 'deleteWebhook', description: 'Deletes the webhook and its delivery log; deliveries not yet sent are dropped. Admin only.', tags, summary: 'Delete a webhook and its delivery log (Admin)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    await deleteWebhook(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  api.post('/webhooks/:id/rotate-secret', {
    schema: {
      operationId: 'rotateWebhookSecret', tags, summary: 'Replace the signing secret (Admin); the new one is shown once',
      description: 'For 24 hours both secrets sign each delivery (two space-separated signatures), so the receiver can switch without a gap.',
      params: IdParams, response: { 200: Type.Object({ secret: Secret, previous_secret_until: Timestamp }, { title: 'WebhookSecret' }), ...errors(401, 403, 404) },
    },
  }, async (request) => rotateWebhookSecret(db, contextOf(request), request.params.id));

  api.post('/webhooks/:id/test', {
    schema: { operationId: 'testWebhook', tags, summary: 'Send a webhook.test event to this webhook (Admin)', description: 'Answers its delivery at once (202); follow it at GET /api/webhooks/{id}/deliveries/{delivery_id}.', params: IdParams, response: { 202: Delivery, ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    reply.status(202);
    return sendTestEvent(db, contextOf(request), request.params.id);
  });

  api.get('/webhooks/:id/deliveries', {
    schema: {
      operationId: 'listWebhookDeliveries', description: 'The deliveries of one webhook, newest first, one page at a time, filtered by status: pending, succeeded or failed. Admin only.', tags, summary: 'The delivery log of a webhook, newest first (Admin)',
      querystring: Type.Object({ status: Type.Optional(DeliveryStatus), ...Paging }), params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Delivery), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'WebhookDeliveryPage' }), ...errors(401, 403, 404, 422) },
    },
  }, async (request) => {
    const page = request.query.page ?? 1;
    const size = request.query.size ?? 50;
    return { ...(await listWebhookDeliveries(db, contextOf(request), request.params.id, { status: request.query.status, offset: (page - 1) * size, limit: size })), page, size };
  });

  api.get('/webhooks/:id/deliveries/:delivery_id', {
    schema: { operationId: 'getWebhookDelivery', description: 'One delivery with its payload and every attempt (status code, error, duration). Admin only.', tags, summary: 'One delivery with every attempt (Admin)', params: DeliveryParams, response: { 200: DeliveryDetail, ...errors(401, 403, 404) } },
  }, async (request) => getWebhookDelivery(db, contextOf(request), request.params.id, request.params.delivery_id));
}
