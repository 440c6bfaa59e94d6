import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { Id, Paging, TimestampQuery, errors, StringEnum } from '../http/schemas.ts';
import { instantOf } from '../http/time.ts';
import { requireAction } from '../access/guard.ts';
import { listEvents } from './service.ts';
import { AuditEvent, AuditExportLine } from './schemas.ts';
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES } from './actions.ts';
import { verifyChain } from './chain.ts';
import { exportStream } from './export.ts';


const AuditQuery = Type.Object({
  actor_id: Type.Optional(Id()),
  target_type: Type.Optional(Type.String({ maxLength: 64 })),
  target_id: Type.Optional(Id()),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'One of GET /api/audit-events/actions' })),
  since: Type.Optional(TimestampQuery('Inclusive')),
  until: Type.Optional(TimestampQuery('Exclusive')),
  credential_token_id: Type.Optional(Id('Only what was done with this token: events whose credential is the token (kind token or scim) with this id')),
  credential_kind: Type.Optional(StringEnum(['token', 'scim', 'session', 'system', 'directory'], { description: 'Only events whose credential is of this kind' })),
  ...Paging,
});

const ActionList = Type.Object({
  items: Type.Array(Type.Object({ action: Type.String(), target_type: Type.String(), description: Type.String() })),
}, { title: 'AuditActionList' });

const ChainReport = Type.Object({
  ok: Type.Boolean({ description: 'true when every event matches its hash and follows the one before it' }),
  checked: Type.Integer({ description: 'Events that matched, from the first' }),
  first_failure: Type.Union([
    Type.Object({
      id: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      problem: StringEnum(['missing_hash', 'edited', 'broken_link'], { description: 'missing_hash: written to the database directly; edited: its content changed; broken_link: an event before it was deleted, or it was inserted' }),
      detail: Type.String(),
    }),
    Type.Null(),
  ], { description: 'The first event that does not match, or null' }),
  head: Type.Union([Type.Object({ id: Type.Integer(), hash: Type.String() }), Type.Null()], { description: 'The last event that matched and its hash: keep it elsewhere to detect a rewrite of the whole chain' }),
}, { title: 'AuditChainReport' });

const ExportQuery = Type.Object({
  since: Type.Optional(TimestampQuery('Inclusive')),
  until: Type.Optional(TimestampQuery('Exclusive')),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'One of GET /api/audit-events/actions' })),
  target_type: Type.Optional(Type.String({ maxLength: 64 })),
  after_id: Type.Optional(Id('Only events after this id (resume where the last export ended)')),
  credential_token_id: Type.Optional(Id('Only what was done with this token (credential kind token or scim)')),
});

export function registerAuditRoutes(api: ApiInstance, { db }: AppContext): void {
  api.get('/audit-events/verify', {
    schema: {
      operationId: 'verifyAuditEvents', tags: ['audit'], summary: 'Walk the audit log\'s hash chain and report the first event that does not match (Admin)',
      description: 'Each event stores SHA-256 over its canonical content and the previous event\'s hash. An edited event fails its own hash, a deleted one breaks the link of the next, one inserted directly has no hash or no link. `head` is the last good event: compare it with a copy kept elsewhere to detect a rewrite of the whole chain.',
      response: { 200: ChainReport, ...errors(401, 403) },
    },
  }, async (request) => {
    requireAction(contextOf(request), 'audit.read');
    return verifyChain(db.kysely);
  });

  api.get('/audit-events/export', {
    schema: {
      operationId: 'exportAuditEvents', tags: ['audit'], summary: 'The audit log as NDJSON, oldest first, streamed (audit.read: Admin)',
      description: 'One JSON object per line: the event as GET /api/audit-events shows it, plus `prev_hash` and `hash` (its place in the chain). Streamed in constant memory, for SIEMs; resume with `after_id` = the last id received.',
      querystring: ExportQuery,
      response: { 200: { description: 'application/x-ndjson: one audit event per line (the schema describes one line)', content: { 'application/x-ndjson': { schema: AuditExportLine } } }, ...errors(401, 403, 422) },
    },
  }, async (request, reply) => {
    requireAction(contextOf(request), 'audit.read');
    const q = request.query;
    const stream = exportStream(db.kysely, { since: instantOf('since', q.since), until: instantOf('until', q.until), action: q.action, targetType: q.target_type, afterId: q.after_id, credentialTokenId: q.credential_token_id });
    reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', 'attachment; filename="warden-audit.ndjson"');
    return reply.send(stream as never); // a stream: Fastify pipes it with backpressure, no serialiser
  });

  api.get('/audit-events/actions', {
    schema: { operationId: 'listAuditActions', description: 'The action names the audit log records (`user.created`, `token.revoked`…), for the `action` filter of GET /api/audit-events and the export.', tags: ['audit'], summary: 'Every action the audit log records (audit.read: Admin)', response: { 200: ActionList, ...errors(401, 403) } },
  }, async (request) => {
    requireAction(contextOf(request), 'audit.read');
    return { items: AUDIT_ACTION_NAMES.map((action) => ({ action, ...AUDIT_ACTIONS[action] })) };
  });

  api.get('/audit-events', {
    schema: {
      operationId: 'listAuditEvents', description: 'Audit events, newest first, one page at a time, filtered by actor, target, action and a time range. Each event names who did what to what, with the changes before and after and the reason given.', tags: ['audit'], summary: 'The audit log, newest first (audit.read: Admin)',
      querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(AuditEvent), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'AuditEventPage' }), ...errors(401, 403, 422) },
    },
  }, async (request) => {
    requireAction(contextOf(request), 'audit.read');
    const q = request.query;
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const { items, total } = await listEvents(db.kysely, {
      actorId: q.actor_id, targetType: q.target_type, targetId: q.target_id, action: q.action,
      since: instantOf('since', q.since), until: instantOf('until', q.until),
      credentialTokenId: q.credential_token_id, credentialKind: q.credential_kind, offset: (page - 1) * size, limit: size,
    });
    return { items, total, page, size };
  });
}
