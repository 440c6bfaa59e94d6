// Delivers what the outbox holds: webhooks (Standard Webhooks signing) and mail, at least once.
// Each delivery is leased before it is sent: a node that dies mid-delivery leaves a lease that
// runs out, and then any node sends it again with the same webhook-id. Failures are retried with
// exponential backoff until 24 hours after the event, then marked failed. Every node runs a
// dispatcher; claims (SKIP LOCKED on PostgreSQL) make each attempt one node's.
import pg from 'pg';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../scheduler/clock.ts';
import { claimDueDeliveries, claimDueMail } from './store.ts';
import { onOutboxWrite } from './outbox.ts';
import { signatureHeader } from './signing.ts';
import { mailsFor, smtpSender, type MailSender } from './email.ts';

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;
/** With nothing waiting, a node still looks this often (another node's crash, a missed wake-up). */
const IDLE_POLL_MS = 60_000;
const BATCH = 20;

/** The wait before attempt n+1 after n failed attempts: 10 s, 20 s, 40 s, … at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
}

export interface DispatcherLog {
  error(obj: unknown, msg: string): void;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** What the delivery log keeps of a failure: short, and never the receiver's whole answer. */
const shortError = (err: unknown) => (err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err)).slice(0, 300);

export class Dispatcher {
  #db: Db;
  #config: Config;
  #clock: Clock;
  #log: DispatcherLog;
  #mail: MailSender | null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;
  #listener: pg.Client | null = null;
  /** For tests: what happened in the last runs (attempt outcomes), kept small. */
  sent = 0;

  constructor(db: Db, config: Config, clock: Clock, log: DispatcherLog, mail?: MailSender | null) {
    this.#db = db;
    this.#config = config;
    this.#clock = clock;
    this.#log = log;
    this.#mail = mail !== undefined ? mail : config.notifications.smtpUrl ? smtpSender(config.notifications.smtpUrl, config.notifications.mailFrom, config.notifications.webhookTimeoutSeconds) : null;
  }

  get #leaseMs(): number {
    return (this.#config.notifications.webhookTimeoutSeconds + 5) * 1000;
  }

  start(): void {
    this.#stopped = false;
    // Soon after this process writes an event (its transaction has usually committed by then).
    this.#unsubscribe = onOutboxWrite(() => setTimeout(() => this.kick(), 25).unref());
    if (this.#db.dialect === 'postgres' && this.#config.databaseUrl) void this.#listen(this.#config.databaseUrl);
    this.kick();
  }

  /** Other nodes' events arrive at their commit through LISTEN/NOTIFY. */
  async #listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('listen warden_outbox');
      client.on('notification', () => this.kick());
      if (this.#stopped) await client.end();
      else this.#listener = client;
    } catch {
      // Polling still delivers; LISTEN only makes it sooner.
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#unsubscribe?.();
    await this.#listener?.end().catch(() => {});
    this.#listener = null;
    await this.#running?.catch(() => {});
    this.#mail?.close();
  }

  kick(): void {
    if (this.#stopped) return;
    this.runOnce().catch((err) => this.#log.error({ err }, 'notification delivery failed'));
  }

  /** One pass over what is due; concurrent calls share a pass and run one more after it. */
  runOnce(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass();
        } while (this.#again && !this.#stopped);
        if (!this.#stopped) this.#wakeAt(await this.#nextDue());
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Sleeps until the next retry or lease end (between 25 ms and a minute from now), not a fixed poll. */
  #wakeAt(at: number | null): void {
    if (this.#timer) clearTimeout(this.#timer);
    const wait = at === null ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(25, at - this.#clock.now()));
    this.#timer = setTimeout(() => this.kick(), wait);
    this.#timer.unref();
  }

  /** When the earliest waiting delivery (webhook or mail) is due: its next attempt, or its lease's end. */
  async #nextDue(): Promise<number | null> {
    const k = this.#db.kysely;
    const due = sql<string | null>`min(case when lease_until is not null and lease_until > next_attempt_at then lease_until else next_attempt_at end)`;
    const hooks = await k.selectFrom('webhook_deliveries').select(due.as('at')).where('status', '=', 'pending').executeTakeFirst();
    const mail = this.#mail ? await k.selectFrom('mail_deliveries').select(due.as('at')).where('status', '=', 'pending').executeTakeFirst() : undefined;
    const times = [hooks?.at, mail?.at].filter((v): v is string => typeof v === 'string').map((v) => Date.parse(v));
    return times.length ? Math.min(...times) : null;
  }

  async #pass(): Promise<void> {
    await this.#workOutMail();
    while (!this.#stopped && (await this.#deliverWebhooks()) === BATCH);
    if (this.#mail) while (!this.#stopped && (await this.#deliverMail()) === BATCH);
  }

  /** Events that may mail get their mails (recipients and text) once, in one transaction each. */
  async #workOutMail(): Promise<void> {
    const k = this.#db.kysely;
    if (!this.#mail) {
      await k.updateTable('notification_events').set({ mail_state: 'off' }).where('mail_state', '=', 'pending').execute();
      return;
    }
    const pending = await k.selectFrom('notification_events').select(['id', 'type', 'data', 'created_at']).where('mail_state', '=', 'pending').orderBy('id').limit(100).execute();
    for (const e of pending) {
      await k.transaction().execute(async (trx) => {
        const claimed = await trx.updateTable('notification_events').set({ mail_state: 'done' }).where('id', '=', e.id).where('mail_state', '=', 'pending').executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return; // another node took it
        const mails = await mailsFor(trx, e.type, JSON.parse(e.data), this.#config.publicUrl, iso(this.#clock.now()));
        if (mails.length === 0) return;
        await trx.insertInto('mail_deliveries')
          .values(mails.map((m) => ({ event_id: e.id, recipient: m.to, subject: m.subject, body: m.body, status: 'pending' as const, next_attempt_at: e.created_at, created_at: e.created_at })))
          .onConflict((oc) => oc.columns(['event_id', 'recipient']).doNothing())
          .execute();
      });
    }
  }

  /** Claims and sends one batch of due webhook deliveries; returns how many it claimed. */
  async #deliverWebhooks(): Promise<number> {
    const k = this.#db.kysely;
    const now = this.#clock.now();
    const claimed = await claimDueDeliveries(k, this.#db.dialect === 'postgres', iso(now), iso(now + this.#leaseMs), BATCH);
    await Promise.all(claimed.map((d) => this.#sendWebhook(d)));
    return claimed.length;
  }

  async #sendWebhook(d: { id: number; webhook_id: number; event_id: number; attempts: number; created_at: string }): Promise<void> {
    const k = this.#db.kysely;
    const hook = await k.selectFrom('webhooks').select(['url', 'secret', 'previous_secret', 'previous_secret_until']).where('id', '=', d.webhook_id).executeTakeFirst();
    const event = await k.selectFrom('notification_events').select(['public_id', 'type', 'data', 'created_at']).where('id', '=', d.event_id).executeTakeFirst();
    if (!hook || !event) return;
    const started = this.#clock.now();
    const timestamp = Math.floor(started / 1000);
    const body = `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.created_at)},"data":${event.data}}`;
    const secrets = [hook.secret];
    if (hook.previous_secret && hook.previous_secret_until && Date.parse(hook.previous_secret_until) > started) secrets.push(hook.previous_secret);
    let status: number | null = null;
    let error: string | null = null;
    const t0 = performance.now();
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Warden-Webhooks/1',
          'webhook-id': event.public_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(secrets, event.public_id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.#config.notifications.webhookTimeoutSeconds * 1000),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `answered ${status}`;
    } catch (err) {
      error = shortError(err);
    }
    const latency = Math.round(performance.now() - t0);
    const at = this.#clock.now();
    const ok = error === null;
    const gaveUp = !ok && at - Date.parse(d.created_at) + retryDelayMs(d.attempts) > RETRY_WINDOW_MS;
    await k.transaction().execute(async (trx) => {
      await trx.insertInto('webhook_attempts').values({ delivery_id: d.id, at: iso(started), status, error, latency_ms: latency }).execute();
      await trx.updateTable('webhook_deliveries').set({
        status: ok ? 'succeeded' : gaveUp ? 'failed' : 'pending',
        lease_until: null,
        last_status: status,
        last_error: error,
        last_latency_ms: latency,
        delivered_at: ok ? iso(at) : null,
        next_attempt_at: ok || gaveUp ? iso(at) : iso(at + retryDelayMs(d.attempts)),
      }).where('id', '=', d.id).execute();
    });
    if (ok) this.sent++;
  }

  async #deliverMail(): Promise<number> {
    const k = this.#db.kysely;
    const now = this.#clock.now();
    const claimed = await claimDueMail(k, this.#db.dialect === 'postgres', iso(now), iso(now + this.#leaseMs), BATCH);
    for (const m of claimed) {
      let error: string | null = null;
      try {
        await this.#mail!.send({ to: m.recipient, subject: m.subject, body: m.body });
      } catch (err) {
        error = shortError(err);
      }
      const at = this.#clock.now();
      const gaveUp = error !== null && at - Date.parse(m.created_at) + retryDelayMs(m.attempts) > RETRY_WINDOW_MS;
      await k.updateTable('mail_deliveries').set({
        status: error === null ? 'sent' : gaveUp ? 'failed' : 'pending',
        lease_until: null,
        last_error: error,
        sent_at: error === null ? iso(at) : null,
        next_attempt_at: error === null || gaveUp ? iso(at) : iso(at + retryDelayMs(m.attempts)),
      }).where('id', '=', m.id).execute();
    }
    return claimed.length;
  }
}
