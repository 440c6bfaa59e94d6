// Notifications (issue 12 §1) end to end on each database: a real HTTP receiver for webhooks, a
// real SMTP server, time driven by a manual clock (no sleeps): each event fires once at its time,
// a rolled-back change sends nothing, retries keep the webhook-id, the signature verifies with the
// published algorithm, no secret is ever in a payload or a mail, and with two nodes on one
// PostgreSQL each scheduled event is sent once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { startReceiver, startSmtp, standardWebhooksVerify } from './governance-support.ts';
import { ManualClock } from '../src/scheduler/clock.ts';
import { transact, within } from '../src/db/transaction.ts';
import { deactivateUser } from '../src/users/service.ts';
import { buildApp } from '../src/http/app.ts';
import { openDatabase } from '../src/db/connection.ts';
import { SYSTEM_CONTEXT } from '../src/access/principal.ts';
import { retryDelayMs } from '../src/notifications/delivery.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SECRET_SHAPE = /wdn_(pat|svc)_[0-9A-Za-z]{20,}|whsec_[A-Za-z0-9+/=]{20,}/;

describeEachDatabase('notifications', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new ManualClock();
  const deliver = () => t.app.governance.dispatcher.runOnce();
  const tick = () => t.app.governance.scheduler.tick();
  const hook = async (url: string, events: string[]) => {
    const res = await t.request('POST', '/api/webhooks', { body: { url, events } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: number; secret: string };
  };

  before(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1', WARDEN_SCHEDULER_INTERVAL_SECONDS: '0', WARDEN_SMTP_URL: smtp.url, WARDEN_PUBLIC_URL: 'https://warden.example.com', WARDEN_MAIL_FROM: 'Warden <warden@example.com>' }, { clock });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('a webhook\'s secret is shown once; the test event arrives signed, verifiable by the published algorithm, and is logged', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver();
    try {
      const created = await hook(receiver.url, ['token.revoked']);
      assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const read = await t.request('GET', `/api/webhooks/${created.id}`);
      assert.equal(read.body.secret, undefined);
      assert.ok(!read.text.includes(created.secret.slice(6)));
      assert.ok(!(await t.request('GET', '/api/webhooks')).text.includes(created.secret.slice(6)));
      assert.ok(!(await t.request('GET', '/api/audit-events?target_type=webhook')).text.includes(created.secret.slice(6)), 'the audit log never holds the secret');

      const queued = await t.request('POST', `/api/webhooks/${created.id}/test`);
      assert.equal(queued.status, 202, queued.text);
      await deliver();
      assert.equal(receiver.received.length, 1);
      const r = receiver.received[0];
      assert.equal(r.json.type, 'webhook.test');
      assert.equal(r.id, queued.body.event_id);
      assert.match(r.id, /^msg_/);
      assert.ok(standardWebhooksVerify(created.secret, r), 'the signature verifies');
      assert.ok(!standardWebhooksVerify(created.secret, { ...r, body: r.body.replace('test', 'tost') }), 'a changed body does not');
      assert.ok(Math.abs(Number(r.timestamp) - clock.now() / 1000) < 5);

      const log = await t.request('GET', `/api/webhooks/${created.id}/deliveries`);
      assert.equal(log.body.total, 1);
      assert.equal(log.body.items[0].status, 'succeeded');
      assert.equal(log.body.items[0].attempts, 1);
      assert.equal(log.body.items[0].last_status, 200);
      assert.equal(typeof log.body.items[0].last_latency_ms, 'number');
      const detail = await t.request('GET', `/api/webhooks/${created.id}/deliveries/${log.body.items[0].id}`);
      assert.equal(detail.body.attempt_log.length, 1);

      // After a rotation both secrets sign for a day; the new one is shown once.
      const rotated = await t.request('POST', `/api/webhooks/${created.id}/rotate-secret`);
      assert.notEqual(rotated.body.secret, created.secret);
      await t.request('POST', `/api/webhooks/${created.id}/test`);
      await deliver();
      const second = receiver.received[1];
      assert.ok(standardWebhooksVerify(rotated.body.secret, second) && standardWebhooksVerify(created.secret, second));
      assert.equal((await t.request('DELETE', `/api/webhooks/${created.id}`)).status, 204);
      assert.equal((await t.request('POST', '/api/webhooks', { body: { url: receiver.url, events: ['nope'] } })).status, 422);
      const member = await t.serviceUser('Hook Member');
      assert.equal((await t.request('GET', '/api/webhooks', { token: member.token })).status, 403);
    } finally {
      await receiver.close();
    }
  });

  test('each change announces its event once, with its reason and actor, and never a secret', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver();
    const created = await hook(receiver.url, ['user.deactivated', 'user.reactivated', 'user.role_changed', 'token.revoked', 'token.rotated', 'access.elevation_expired']);
    try {
      const svc = await t.serviceUser('Announced Bot');
      const tokens = (await t.request('GET', `/api/user-tokens/service?user_id=${svc.id}`)).body.items;
      assert.equal((await t.request('PUT', `/api/users/${svc.id}`, { body: { role: 'manager', reason: 'runs dbt' } })).status, 200);
      const rotated = await t.request('POST', `/api/user-tokens/${tokens[0].id}/rotate`, { body: { overlap_hours: 1 } });
      assert.equal(rotated.status, 201, rotated.text);
      const extra = (await t.request('POST', '/api/user-tokens', { body: { name: 'extra', expires_in_days: 30, user_id: svc.id } })).body;
      assert.equal((await t.request('PUT', `/api/user-tokens/${extra.id}`, { body: { revoked: true } })).status, 200);
      const leaked = (await t.request('POST', '/api/user-tokens', { body: { name: 'leaked', expires_in_days: 30, user_id: svc.id } })).body;
      assert.equal((await t.request('POST', '/api/credentials/revoke', { token: null, body: { credentials: [leaked.token] } })).status, 202);
      // The revocation follows the answer (within a second): wait for it before deactivating the owner.
      for (let i = 0; i < 50 && (await t.request('GET', '/api/users/me', { token: leaked.token })).status !== 401; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await t.request('DELETE', `/api/users/${svc.id}`, { body: { reason: 'integration retired' } })).status, 200);
      assert.equal((await t.request('POST', `/api/users/${svc.id}/reactivate`, { body: {} })).status, 200);
      const person = await t.personalUser('Elevated Person');
      const until = new Date(clock.now() + 4 * HOUR).toISOString();
      assert.equal((await t.request('PUT', `/api/users/${person.id}`, { body: { role: 'admin', until, reason: 'incident' } })).status, 200);
      clock.set(Date.parse(until));
      await tick();
      await tick();
      await deliver();
      await deliver();

      const of = (type: string) => receiver.ofType(type).map((r) => r.json.data);
      assert.deepEqual(of('user.role_changed').map((d) => [d.user.id, d.before, d.after, d.until, d.reason]), [
        [svc.id, 'member', 'manager', null, 'runs dbt'],
        [person.id, 'member', 'admin', until, 'incident'],
      ]);
      assert.deepEqual(of('token.rotated').map((d) => [d.token.id, d.successor_id]), [[tokens[0].id, rotated.body.successor.id]]);
      const revoked = of('token.revoked').map((d) => `${d.token.id}:${d.reason}`).sort();
      // Deactivation stops the live tokens: the rotation's successor and the old one in its overlap.
      const live = [tokens[0].id, rotated.body.successor.id].map((id) => `${id}:owner_deactivated`);
      assert.deepEqual(revoked, [`${extra.id}:manual`, `${leaked.id}:exposed`, ...live].sort());
      assert.equal(of('token.revoked').find((d) => d.reason === 'exposed').actor, 'system');
      assert.deepEqual(of('user.deactivated').map((d) => [d.user.id, d.reason, d.actor.id]), [[svc.id, 'integration retired', t.adminId]]);
      assert.equal(of('user.reactivated').length, 1);
      const expired = of('access.elevation_expired');
      assert.equal(expired.length, 1);
      assert.deepEqual([expired[0].user.id, expired[0].changes.role], [person.id, { before: 'admin', after: 'member' }]);
      for (const r of receiver.received) {
        assert.doesNotMatch(r.body, SECRET_SHAPE, `no secret in ${r.json.type}`);
        assert.ok(standardWebhooksVerify(created.secret, r));
      }
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, receiver.received.length, 'one delivery per event');
    } finally {
      clock.set(Date.now());
      await t.request('DELETE', `/api/webhooks/${created.id}`);
      await receiver.close();
    }
  });

  test('a rolled-back change announces nothing', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver();
    const created = await hook(receiver.url, ['user.deactivated', 'audit.*']);
    try {
      const svc = await t.serviceUser('Rolled Back Bot');
      await deliver();
      const before = receiver.received.length;
      const eventsBefore = (await t.db.kysely.selectFrom('notification_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      await assert.rejects(transact(t.db, async (trx) => {
        await deactivateUser(within(t.db, trx), SYSTEM_CONTEXT, svc.id, 'about to fail');
        throw new Error('the rest of the change failed');
      }), /the rest of the change failed/);
      await deliver();
      assert.equal(receiver.received.length, before);
      const eventsAfter = (await t.db.kysely.selectFrom('notification_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(eventsAfter), Number(eventsBefore));
      assert.equal((await t.request('GET', `/api/users/${svc.id}`)).body.active, true);
    } finally {
      await t.request('DELETE', `/api/webhooks/${created.id}`);
      await receiver.close();
    }
  });

  test('a receiver that fails three times gets exactly one successful delivery, with the same webhook-id, after backoff', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver((n) => (n <= 3 ? 503 : 200));
    const created = await hook(receiver.url, ['user.deactivated']);
    try {
      const svc = await t.serviceUser('Flaky Receiver Bot');
      await t.request('DELETE', `/api/users/${svc.id}`);
      await deliver();
      assert.equal(receiver.received.length, 1);
      for (let failed = 1; failed <= 3; failed++) {
        await deliver();
        assert.equal(receiver.received.length, failed, 'nothing is retried before its backoff');
        clock.advance(retryDelayMs(failed));
        await deliver();
      }
      assert.deepEqual(receiver.received.map((r) => r.answered), [503, 503, 503, 200]);
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, 1, 'the same webhook-id on every attempt');
      clock.advance(DAY / 2);
      await deliver();
      assert.equal(receiver.received.length, 4, 'nothing after the success');
      clock.set(Date.now());
      const log = (await t.request('GET', `/api/webhooks/${created.id}/deliveries`)).body.items[0];
      assert.deepEqual([log.status, log.attempts, log.last_status], ['succeeded', 4, 200]);
      const detail = await t.request('GET', `/api/webhooks/${created.id}/deliveries/${log.id}`);
      assert.deepEqual(detail.body.attempt_log.map((a: { status: number }) => a.status), [503, 503, 503, 200]);
      assert.match(detail.body.attempt_log[0].error, /503/);
    } finally {
      clock.set(Date.now());
      await t.request('DELETE', `/api/webhooks/${created.id}`);
      await receiver.close();
    }
  });

  test('a receiver that never succeeds is given up 24 hours after the event', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver(() => 500);
    const created = await hook(receiver.url, ['user.deactivated']);
    try {
      const svc = await t.serviceUser('Hopeless Receiver Bot');
      await t.request('DELETE', `/api/users/${svc.id}`);
      const start = clock.now();
      await deliver();
      while (clock.now() - start < 25 * HOUR) {
        clock.advance(HOUR);
        await deliver();
      }
      const row = await t.db.kysely.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'failed');
      const attempts = receiver.received.length;
      assert.ok(attempts >= 10 && attempts <= 40, `${attempts} attempts in 24 hours`);
      clock.advance(DAY);
      await deliver();
      assert.equal(receiver.received.length, attempts);
      // A month on, the retention job forgets the delivery and its attempts.
      clock.advance(30 * DAY);
      await tick();
      assert.equal((await t.db.kysely.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', created.id).execute()).length, 0);
      assert.equal((await t.db.kysely.selectFrom('webhook_attempts').select('id').where('delivery_id', '=', row.id).execute()).length, 0);
    } finally {
      clock.set(Date.now());
      await t.request('DELETE', `/api/webhooks/${created.id}`);
      await receiver.close();
    }
  });

  test('the audit firehose is opt-in: every audit action as audit.<action> only to webhooks that ask', async () => {
    clock.set(Date.now());
    const firehose = await startReceiver();
    const quiet = await startReceiver();
    const a = await hook(firehose.url, ['audit.*']);
    const b = await hook(quiet.url, ['user.deactivated']);
    try {
      const svc = await t.serviceUser('Firehose Bot');
      await deliver();
      const types = firehose.received.map((r) => r.json.type);
      assert.ok(types.includes('audit.user.created') && types.includes('audit.token.created'), types.join());
      const createdEvent = firehose.ofType('audit.user.created').find((r) => r.json.data.target_id === svc.id)!;
      assert.equal(createdEvent.json.data.actor.id, t.adminId);
      assert.equal(typeof createdEvent.json.data.audit_event_id, 'number');
      assert.equal(quiet.received.length, 0);
      for (const r of firehose.received) assert.doesNotMatch(r.body, SECRET_SHAPE);
    } finally {
      await t.request('DELETE', `/api/webhooks/${a.id}`);
      await t.request('DELETE', `/api/webhooks/${b.id}`);
      await firehose.close();
      await quiet.close();
    }
  });

  test('expiry notices at 30, 7 and 1 days, expiry and review due each fire once at their time, by webhook and by mail', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver();
    const created = await hook(receiver.url, ['token.expiring', 'token.expired', 'service_user.review_due']);
    try {
      const owner = await t.personalUser('Olga Owner', 'member', `olga-${dialect}@example.com`);
      const adminPerson = await t.personalUser('Adam Admin', 'admin', `adam-${dialect}@example.com`);
      const pat = (await t.request('POST', '/api/user-tokens', { token: owner.token, body: { name: 'laptop', expires_in_days: 60 } })).body;
      const owned = (await t.request('POST', '/api/users', { body: { name: 'Owned Notice Bot', owner_id: owner.id } })).body;
      const orphan = (await t.request('POST', '/api/users', { body: { name: 'Orphan Notice Bot' } })).body;
      const ownedToken = (await t.request('POST', '/api/user-tokens', { body: { name: 'deploy', expires_in_days: 60, user_id: owned.id } })).body;
      const orphanToken = (await t.request('POST', '/api/user-tokens', { body: { name: 'sync', expires_in_days: 60, user_id: orphan.id } })).body;
      const mine = [pat.id, ownedToken.id, orphanToken.id];
      const start = clock.now();
      const notices = () => receiver.received.filter((r) => r.json.data.token && mine.includes(r.json.data.token.id)).map((r) => [r.json.data.token.id, r.json.type, r.json.data.days_left ?? null]);
      const at = async (ms: number) => {
        clock.set(start + ms);
        await tick();
        await tick();
        await deliver();
      };
      await at(10 * DAY);
      assert.deepEqual(notices(), []);
      await at(30 * DAY + HOUR);
      assert.deepEqual(notices().sort(), mine.map((id) => [id, 'token.expiring', 30]).sort());
      await at(31 * DAY);
      assert.equal(notices().length, 3, 'once each');
      await at(53 * DAY + HOUR);
      await at(59 * DAY + HOUR);
      await at(60 * DAY + HOUR);
      await at(61 * DAY);
      const byToken = (id: number) => notices().filter((n) => n[0] === id).map((n) => `${n[1]}:${n[2]}`);
      for (const id of mine) assert.deepEqual(byToken(id), ['token.expiring:30', 'token.expiring:7', 'token.expiring:1', 'token.expired:null']);

      // Review due (90 days after creation): one notice per service user, whatever the ticks.
      await at(91 * DAY);
      await at(92 * DAY);
      const due = receiver.ofType('service_user.review_due').map((r) => r.json.data.user.id);
      assert.equal(due.filter((id) => id === owned.id).length, 1);
      assert.equal(due.filter((id) => id === orphan.id).length, 1);

      // Mail: a PAT to its owner, a service token to the service user's owner, or else to the Admins.
      const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
      const olga = mailsTo(`olga-${dialect}@example.com`);
      assert.ok(olga.some((m) => /token "laptop" expires in 7 days/.test(m.subject)), olga.map((m) => m.subject).join(' | '));
      assert.ok(olga.some((m) => /token "deploy" expires in 1 day$/.test(m.subject)));
      assert.ok(olga.some((m) => /Owned Notice Bot|owned_notice_bot@service is due for review/.test(m.subject)));
      const adam = mailsTo(`adam-${dialect}@example.com`);
      assert.ok(adam.some((m) => /token "sync" has expired/.test(m.subject)));
      assert.ok(!adam.some((m) => /"laptop"/.test(m.subject)), 'nobody else hears of a PAT');
      const laptop = olga.find((m) => /"laptop" expires in 30 days/.test(m.subject))!;
      assert.ok(laptop.text.includes(pat.hint), 'the mail names the hint');
      assert.ok(laptop.text.includes('https://warden.example.com/tokens'), 'and links to the console');
      assert.equal(laptop.from, 'warden@example.com');
      for (const m of smtp.mails) assert.doesNotMatch(m.text, SECRET_SHAPE, 'no secret in a mail');
      void adminPerson;
    } finally {
      clock.set(Date.now());
      await t.request('DELETE', `/api/webhooks/${created.id}`);
      await receiver.close();
    }
  });

  if (dialect === 'postgres') {
    test('two nodes on one PostgreSQL: each scheduled event is sent once', async () => {
      clock.set(Date.now());
      const receiver = await startReceiver();
      const created = await hook(receiver.url, ['token.expiring']);
      const { rows } = await (await import('kysely')).sql<{ db: string }>`select current_database() as db`.execute(t.db.kysely);
      const url = new URL(process.env.WARDEN_TEST_DATABASE_URL!);
      url.pathname = `/${rows[0].db}`;
      const db2 = openDatabase({ databaseUrl: url.toString(), dataDir: '/tmp', poolSize: 3 });
      const node2 = await buildApp({ config: { ...t.config, databaseUrl: url.toString() }, db: db2, logger: false, clock });
      await node2.ready();
      try {
        const svc = await t.serviceUser('Two Node Bot');
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) ids.push((await t.request('POST', '/api/user-tokens', { body: { name: `n${i}`, expires_in_days: 20, user_id: svc.id } })).body.id);
        clock.advance(14 * DAY);
        const [a, b] = await Promise.all([t.app.governance.scheduler.tick(), node2.governance.scheduler.tick()]);
        await Promise.all([t.app.governance.scheduler.tick(), node2.governance.scheduler.tick()]);
        assert.ok(a.includes('token-notices') || b.includes('token-notices'));
        await Promise.all([deliver(), node2.governance.dispatcher.runOnce(), deliver(), node2.governance.dispatcher.runOnce()]);
        const got = receiver.ofType('token.expiring').map((r) => r.json.data.token.id).filter((id: number) => ids.includes(id)).sort();
        assert.deepEqual(got, [...ids].sort(), 'one notice per token');
      } finally {
        clock.set(Date.now());
        await node2.close();
        await db2.close();
        await t.request('DELETE', `/api/webhooks/${created.id}`);
        await receiver.close();
      }
    });
  }
});
