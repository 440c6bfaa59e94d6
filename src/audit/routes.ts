import { Type } from 'typebox';
import type { ApiInstance, AppContext } from '../http/app.ts';
import { contextOf } from '../http/auth.ts';
import { Id, Paging, TimestampQuery, errors } from '../http/schemas.ts';
import { instantOf } from '../http/time.ts';
import { requireAction } from '../access/guard.ts';
import { listEvents } from './service.ts';
import { AuditEvent } from './schemas.ts';
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES } from './actions.ts';


const AuditQuery = Type.Object({
  actor_id: Type.Optional(Id()),
  target_type: Type.Optional(Type.String({ maxLength: 64 })),
  target_id: Type.Optional(Id()),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'One of GET /api/audit-events/actions' })),
  since: Type.Optional(TimestampQuery('Inclusive')),
  until: Type.Optional(TimestampQuery('Exclusive')),
  ...Paging,
});

const ActionList = Type.Object({
  items: Type.Array(Type.Object({ action: Type.String(), target_type: Type.String(), description: Type.String() })),
});

export function registerAuditRoutes(api: ApiInstance, { db }: AppContext): void {
  api.get('/audit-events/actions', {
    schema: { tags: ['audit'], summary: 'Every action the audit log records (audit.read: Admin)', response: { 200: ActionList, ...errors(401, 403) } },
  }, async (request) => {
    requireAction(contextOf(request), 'audit.read');
    return { items: AUDIT_ACTION_NAMES.map((action) => ({ action, ...AUDIT_ACTIONS[action] })) };
  });

  api.get('/audit-events', {
    schema: {
      tags: ['audit'], summary: 'The audit log, newest first (audit.read: Admin)',
      querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(AuditEvent), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }), ...errors(401, 403, 422) },
    },
  }, async (request) => {
    requireAction(contextOf(request), 'audit.read');
    const q = request.query;
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const { items, total } = await listEvents(db.kysely, {
      actorId: q.actor_id, targetType: q.target_type, targetId: q.target_id, action: q.action,
      since: instantOf('since', q.since), until: instantOf('until', q.until), offset: (page - 1) * size, limit: size,
    });
    return { items, total, page, size };
  });
}
