// Delivers what the outbox holds: webhooks (Standard Webhooks signing) and mail, at least once.
// Each receiver is served on its own: a pass claims receivers that have something due and no
// attempt in flight (a lease on the webhook row, SKIP LOCKED on PostgreSQL, so one node at a time
// sends to a receiver), starts their sends and returns without waiting for them, so a receiver that
// hangs until the timeout delays nobody else. Each delivery is leased too: a node that dies
// mid-delivery leaves leases that run out, and then any node sends it again with the same
// webhook-id. Failures are retried with exponential backoff until 24 hours after the event, then
// marked failed; a receiver whose every attempt has failed for 24 hours is switched off (and the
// Admins told). Connections go through the outbound guard (src/net/outbound.ts).
import type pg from 'pg';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { postgresDriver, type Db } from '../db/connection.ts';
import type { Clock } from '../scheduler/clock.ts';
import { claimDeliveriesOf, claimDueMail, claimDueReceivers, releaseReceiver } from './store.ts';
import { disableFailingWebhook, FAILING_DISABLE_MS } from './webhooks.ts';
import { createOutbound, OutboundRefused, type Outbound } from '../net/outbound.ts';
import { onOutboxWrite } from './outbox.ts';
import { signatureHeader } from './signing.ts';
import { mailsFor, smtpSender, type MailSender } from './email.ts';

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;
/** With nothing waiting, a node still looks this often (another node's crash, a missed wake-up). */
const IDLE_POLL_MS = 60_000;
const BATCH = 20;
/** Deliveries of one receiver sent at once (they hold the receiver until the last one ends). */
const PER_RECEIVER = 10;
/** Receivers one node sends to at once; beyond it the rest wait for a free slot. */
const MAX_RECEIVERS_IN_FLIGHT = 100;

/** The wait before attempt n+1 after n failed attempts: 10 s, 20 s, 40 s, … at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
}

export interface DispatcherLog {
  error(obj: unknown, msg: string): void;
  debug(obj: unknown, msg: string): void;
}

/** What one attempt came to. */
interface Outcome {
  ok: boolean;
  error: string | null;
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
  #outbound: Outbound;
  /** Sends to receivers this node holds; each ends by giving its receiver back. */
  #inFlight = new Set<Promise<void>>();
  /** The receivers those sends are for: never claimed twice by this node, whatever the leases say. */
  #sendingTo = new Set<number>();
  #mailing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;
  #listener: pg.Client | null = null;
  /** For tests: what happened in the last runs (attempt outcomes), kept small. */
  sent = 0;

  constructor(db: Db, config: Config, clock: Clock, log: DispatcherLog, mail?: MailSender | null, outbound?: Outbound) {
    this.#db = db;
    this.#outbound = outbound ?? createOutbound({ allow: config.outboundAllow });
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
    const client = new (postgresDriver().Client)({ connectionString: url });
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
    await Promise.allSettled([...this.#inFlight, this.#mailing]);
    this.#mail?.close();
  }

  /** Starts a pass (or asks the running one to go again); never waits for a receiver. */
  kick(): void {
    if (this.#stopped) return;
    this.#schedulePass().catch((err) => this.#log.error({ err }, 'notification delivery failed'));
  }

  /**
   * Delivers everything due now and returns when this node has nothing in flight: a pass, then
   * the sends it started, then another pass for what became due meanwhile (tests, draining).
   */
  async runOnce(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      await this.#schedulePass();
      if (this.#inFlight.size === 0 && this.#mailing === null) return;
      await Promise.allSettled([...this.#inFlight, this.#mailing]);
    }
  }

  /** One pass over what is due; concurrent calls share a pass and run one more after it. */
  #schedulePass(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        while (!this.#stopped) {
          this.#again = false;
          await this.#pass();
          if (this.#again) continue;
          const next = await this.#nextDue();
          // Asked again while looking for the next wake-up: that caller waits for a pass that sees its work.
          if (this.#again) continue;
          this.#wakeAt(next);
          break;
        }
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

  /**
   * When the earliest waiting delivery (webhook or mail) is due: its next attempt, or its lease's
   * end, or, for a receiver being sent to, that send's lease end (its end kicks a pass anyway).
   */
  async #nextDue(): Promise<number | null> {
    const k = this.#db.kysely;
    const now = iso(this.#clock.now());
    const hookDue = sql<string | null>`min(case when w.sending_until is not null and w.sending_until > ${now} then w.sending_until when d.lease_until is not null and d.lease_until > d.next_attempt_at then d.lease_until else d.next_attempt_at end)`;
    const hooks = await k.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id').select(hookDue.as('at'))
      .where('d.status', '=', 'pending').where('w.enabled', '=', 1).executeTakeFirst();
    const due = sql<string | null>`min(case when lease_until is not null and lease_until > next_attempt_at then lease_until else next_attempt_at end)`;
    const mail = this.#mail ? await k.selectFrom('mail_deliveries').select(due.as('at')).where('status', '=', 'pending').executeTakeFirst() : undefined;
    const times = [hooks?.at, mail?.at].filter((v): v is string => typeof v === 'string').map((v) => Date.parse(v));
    return times.length ? Math.min(...times) : null;
  }

  async #pass(): Promise<void> {
    await this.#workOutMail();
    await this.#claimReceivers();
    if (this.#mail && this.#mailing === null && !this.#stopped) {
      this.#mailing = (async () => {
        try {
          while (!this.#stopped && (await this.#deliverMail()) === BATCH);
        } finally {
          this.#mailing = null;
        }
      })();
      this.#mailing.catch((err) => this.#log.error({ err }, 'mail delivery failed'));
    }
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

  /** Claims every receiver that has something due and no attempt in flight, and starts sending to each (not waiting). */
  async #claimReceivers(): Promise<void> {
    const k = this.#db.kysely;
    while (!this.#stopped) {
      const room = Math.min(BATCH, MAX_RECEIVERS_IN_FLIGHT - this.#inFlight.size);
      if (room <= 0) return;
      const now = this.#clock.now();
      const lease = iso(now + this.#leaseMs);
      const ids = await claimDueReceivers(k, this.#db.dialect === 'postgres', iso(now), lease, room, [...this.#sendingTo]);
      for (const id of ids) {
        this.#sendingTo.add(id);
        const sending: Promise<void> = this.#sendTo(id, lease)
          .catch((err) => this.#log.error({ err, webhook: id }, 'webhook delivery failed'))
          .finally(() => {
            this.#inFlight.delete(sending);
            this.#sendingTo.delete(id);
            // The receiver is free again: its next due delivery goes now, not at the next wake-up.
            this.kick();
          });
        this.#inFlight.add(sending);
      }
      if (ids.length < room) return;
    }
  }

  /** Sends a held receiver's due deliveries, records its health, and gives it back. */
  async #sendTo(webhookId: number, lease: string): Promise<void> {
    const k = this.#db.kysely;
    try {
      const claimed = await claimDeliveriesOf(k, webhookId, iso(this.#clock.now()), lease, PER_RECEIVER);
      if (claimed.length === 0) return;
      const hook = await k.selectFrom('webhooks').select(['url', 'secret', 'previous_secret', 'previous_secret_until']).where('id', '=', webhookId).executeTakeFirst();
      if (!hook) return;
      const started = this.#clock.now();
      const outcomes = await Promise.all(claimed.map((d) => this.#sendWebhook(hook, d)));
      await this.#recordHealth(webhookId, started, outcomes);
    } finally {
      await releaseReceiver(k, webhookId, lease);
    }
  }

  /** A success clears the receiver's failing streak; a failure starts it, and 24 hours of it switch the receiver off. */
  async #recordHealth(webhookId: number, started: number, outcomes: Outcome[]): Promise<void> {
    const k = this.#db.kysely;
    if (outcomes.some((o) => o.ok)) {
      await k.updateTable('webhooks').set({ failing_since: null }).where('id', '=', webhookId).where('failing_since', 'is not', null).execute();
      return;
    }
    await k.transaction().execute(async (trx) => {
      await trx.updateTable('webhooks').set({ failing_since: iso(started) }).where('id', '=', webhookId).where('failing_since', 'is', null).execute();
      const row = await trx.selectFrom('webhooks').select(['enabled', 'failing_since']).where('id', '=', webhookId).executeTakeFirst();
      const now = this.#clock.now();
      if (row?.enabled === 1 && row.failing_since && now - Date.parse(row.failing_since) >= FAILING_DISABLE_MS) {
        await disableFailingWebhook(trx, webhookId, now, outcomes[outcomes.length - 1].error);
      }
    });
  }

  async #sendWebhook(
    hook: { url: string; secret: string; previous_secret: string | null; previous_secret_until: string | null },
    d: { id: number; webhook_id: number; event_id: number; attempts: number; created_at: string },
  ): Promise<Outcome> {
    const k = this.#db.kysely;
    const event = await k.selectFrom('notification_events').select(['public_id', 'type', 'data', 'created_at']).where('id', '=', d.event_id).executeTakeFirst();
    if (!event) return { ok: false, error: null };
    const started = this.#clock.now();
    const timestamp = Math.floor(started / 1000);
    const body = `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.created_at)},"data":${event.data}}`;
    const secrets = [hook.secret];
    if (hook.previous_secret && hook.previous_secret_until && Date.parse(hook.previous_secret_until) > started) secrets.push(hook.previous_secret);
    let status: number | null = null;
    let error: string | null = null;
    const t0 = performance.now();
    try {
      const res = await this.#outbound.fetch(hook.url, {
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
      // A refusal says why (nothing was sent); any other failure is one coarse phrase, so the log
      // tells no closed port from an open one. The detail goes to the server log only.
      error = err instanceof OutboundRefused ? err.message : 'could not connect';
      if (!(err instanceof OutboundRefused)) this.#log.debug({ webhook: d.webhook_id, delivery: d.id, detail: (err as { detail?: string }).detail ?? shortError(err) }, 'webhook receiver could not be reached');
    }
    const answered = status !== null;
    // Without an answer no timing is kept: how long a connection took to fail is a port scanner's clue.
    const latency = answered ? Math.round(performance.now() - t0) : 0;
    const at = this.#clock.now();
    const ok = error === null;
    // Retries count from the attempt's start when nothing answered (its end would give its duration away).
    const base = answered ? at : started;
    const gaveUp = !ok && base - Date.parse(d.created_at) + retryDelayMs(d.attempts) > RETRY_WINDOW_MS;
    await k.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('webhook_deliveries').set({
        status: ok ? 'succeeded' : gaveUp ? 'failed' : 'pending',
        lease_until: null,
        last_status: status,
        last_error: error,
        last_latency_ms: answered ? latency : null,
        delivered_at: ok ? iso(at) : null,
        next_attempt_at: ok || gaveUp ? iso(base) : iso(base + retryDelayMs(d.attempts)),
      }).where('id', '=', d.id).executeTakeFirst();
      // Deleted meanwhile (with its webhook): nothing to log.
      if (Number(updated.numUpdatedRows) === 0) return;
      await trx.insertInto('webhook_attempts').values({ delivery_id: d.id, at: iso(started), status, error, latency_ms: latency }).execute();
    });
    if (ok) this.sent++;
    return { ok, error };
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
