// The transactional outbox: events are rows written in the transaction of the change that caused
// them (so a rolled-back change announces nothing and a crash after commit loses nothing), each
// with one delivery row per webhook that wants it. Mail is worked out later by a node that has
// SMTP (delivery.ts), from the same rows.
import crypto from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { ActionContext } from '../access/principal.ts';
import { MAIL_TYPES, auditEventType, wants, type TokenRef, type UserRef } from './events.ts';

type Executor = Kysely<Database>;

export interface OutgoingEvent {
  type: string;
  data: Record<string, unknown>;
  /** When it happened (ISO 8601). */
  at: string;
  /** Makes a scheduled event happen once: a second insert with the same key adds nothing. */
  dedupeKey?: string;
  /** Only this webhook (the test event); otherwise every enabled webhook subscribed to the type. */
  webhookId?: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called (soon after) whenever this process writes an event, so its dispatcher need not wait for the next poll. */
export function onOutboxWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function newPublicId(): string {
  return `msg_${crypto.randomBytes(18).toString('base64url')}`;
}

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The enabled webhooks as read in another statement (allocateAuditIds): a JSON array of [id, events] pairs, events as stored. */
export function subscribersOf(json: string): { id: number; events: string[] }[] {
  return (JSON.parse(json) as [number | string, string][]).map(([id, events]) => ({ id: Number(id), events: JSON.parse(events) as string[] }));
}

/** Enabled webhooks and what they subscribe to. */
async function subscribers(db: Executor): Promise<{ id: number; events: string[] }[]> {
  const rows = await db.selectFrom('webhooks').select(['id', 'events']).where('enabled', '=', 1).execute();
  return rows.map((r) => ({ id: r.id, events: JSON.parse(r.events) as string[] }));
}

/**
 * Writes an event and its deliveries in the caller's transaction. Returns the event id, or null
 * when nothing was written (nobody wants it, or a scheduled event that already happened).
 */
export async function enqueueEvent(db: Executor, event: OutgoingEvent, known?: { id: number; events: string[] }[]): Promise<number | null> {
  const hooks = (known ?? (await subscribers(db))).filter((h) => (event.webhookId !== undefined ? h.id === event.webhookId : wants(h.events, event.type)));
  const mail = MAIL_TYPES.has(event.type);
  // Without a receiver a plain event is not kept; a scheduled one is, so that it stays "done".
  if (hooks.length === 0 && !mail && event.dedupeKey === undefined) return null;
  let insert = db.insertInto('notification_events').values({
    public_id: newPublicId(), type: event.type, data: JSON.stringify(event.data), created_at: event.at,
    dedupe_key: event.dedupeKey ?? null, mail_state: mail ? 'pending' : null,
  });
  if (event.dedupeKey !== undefined) insert = insert.onConflict((oc) => oc.column('dedupe_key').doNothing());
  const row = await insert.returning('id').executeTakeFirst();
  if (!row) return null;
  if (hooks.length > 0) {
    await db.insertInto('webhook_deliveries')
      .values(hooks.map((h) => ({ webhook_id: h.id, event_id: row.id, status: 'pending' as const, next_attempt_at: event.at, created_at: event.at })))
      .execute();
  }
  // Other nodes wake at commit (LISTEN) when there is a webhook to send; this node soon after in
  // any case (mail is worked out by the node that wrote the event, or by any within a minute).
  if (hooks.length > 0 && isPostgres(db)) await sql`select pg_notify('warden_outbox', '')`.execute(db);
  for (const l of listeners) l();
  return row.id;
}

// ---- Events from audit entries -----------------------------------------------------------------

export async function userRef(db: Executor, id: number): Promise<UserRef | null> {
  const u = await db.selectFrom('users').select(['id', 'user_id', 'name', 'type']).where('id', '=', id).executeTakeFirst();
  return u ?? null;
}

export async function tokenRef(db: Executor, id: number): Promise<TokenRef | null> {
  const t = await db.selectFrom('tokens as t').innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.hint', 't.kind', 't.expires_at', 'u.id as owner_id', 'u.user_id as owner_user_id', 'u.name as owner_name'])
    .where('t.id', '=', id).executeTakeFirst();
  return t ? { id: t.id, name: t.name, hint: t.hint, kind: t.kind, expires_at: t.expires_at, user: { id: t.owner_id, user_id: t.owner_user_id, name: t.owner_name } } : null;
}

export const actorOf = (ctx: ActionContext) => (ctx.actor ? { id: ctx.actor.id, user_id: ctx.actor.userId, name: ctx.actor.name } : ('system' as const));

export interface AuditFacts {
  id: number;
  at: string;
  action: string;
  target_type: string;
  target_id: number | null;
  reason: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  request_id: string | null;
  ip: string | null;
  /** The credential that acted, as the audit event records it. */
  credential: { kind: string; id: number | null; hint: string | null };
}

/** The announcements an audit entry makes: its domain events and its place in the audit firehose. */
export async function announceAudit(db: Executor, ctx: ActionContext, e: AuditFacts, known?: { id: number; events: string[] }[]): Promise<void> {
  const hooks = known ?? (await subscribers(db));
  const actor = actorOf(ctx);
  const firehose = auditEventType(e.action);
  if (hooks.some((h) => wants(h.events, firehose))) {
    const { id, ...rest } = e;
    await enqueueEvent(db, { type: firehose, at: e.at, data: { audit_event_id: id, ...rest, actor } }, hooks);
  }
  const domain = await domainEvents(db, e, actor);
  for (const d of domain) await enqueueEvent(db, { ...d, at: e.at }, hooks);
}

async function domainEvents(db: Executor, e: AuditFacts, actor: ReturnType<typeof actorOf>): Promise<{ type: string; data: Record<string, unknown> }[]> {
  if (e.target_id === null) return [];
  switch (e.action) {
    case 'user.deactivated': {
      const user = await userRef(db, e.target_id);
      // Its tokens stop working with it (they come back on reactivation unless revoked or expired).
      const live = await db.selectFrom('tokens').select('id').where('user_id', '=', e.target_id).where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', e.at)])).orderBy('id').execute();
      const tokens = [];
      for (const t of live) tokens.push({ type: 'token.revoked', data: { token: await tokenRef(db, t.id), reason: 'owner_deactivated', actor } });
      return [{ type: 'user.deactivated', data: { user, reason: e.reason, actor } }, ...tokens];
    }
    case 'user.reactivated': {
      // The tokens that work again: a receiver that acted on their token.revoked at deactivation
      // learns that they are back (the same set: neither revoked nor expired).
      const live = await db.selectFrom('tokens').select('id').where('user_id', '=', e.target_id).where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', e.at)])).orderBy('id').execute();
      const tokens = [];
      for (const t of live) tokens.push({ type: 'token.restored', data: { token: await tokenRef(db, t.id), reason: 'owner_reactivated', actor } });
      return [{ type: 'user.reactivated', data: { user: await userRef(db, e.target_id), reason: e.reason, actor } }, ...tokens];
    }
    case 'token.restored':
      return [{ type: 'token.restored', data: { token: await tokenRef(db, e.target_id), reason: 'manual', actor } }];
    case 'user.updated':
    case 'user.created':
      if (!e.changes.role || e.action === 'user.created') return [];
      return [{
        type: 'user.role_changed',
        data: { user: await userRef(db, e.target_id), before: e.changes.role.before, after: e.changes.role.after, until: e.changes.role_until?.after ?? null, reason: e.reason, actor },
      }];
    case 'token.revoked':
      return [{ type: 'token.revoked', data: { token: await tokenRef(db, e.target_id), reason: e.reason ?? 'manual', actor } }];
    case 'token.rotated':
      return [{ type: 'token.rotated', data: { token: await tokenRef(db, e.target_id), successor_id: e.changes.rotated_to?.after ?? null, ends_at: e.changes.expires_at?.after ?? null, actor } }];
    case 'access.elevation_expired':
      return [{ type: 'access.elevation_expired', data: { user: await userRef(db, e.target_id), changes: e.changes, reason: e.reason } }];
    default:
      return [];
  }
}
