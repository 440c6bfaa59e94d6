// Webhooks and the private network (issue 17 §2), and a receiver that keeps failing (§3), on each
// database with real HTTP receivers on 127.0.0.1:
// - by default every spelling of an internal address is refused when a webhook is saved, and a
//   name that resolves to loopback is refused at connection (nothing reaches the listener), logged
//   as refused; a closed port and a port that never answers look the same in the delivery log;
// - URLs with secret-looking query values are redacted in the audit log and the audit.* events;
// - a receiver whose every attempt failed for 24 hours is switched off, audited, announced
//   (webhook.disabled, mail to the Admins), shown with when and why, and can be switched on again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';
import { startReceiver, startSmtp } from './governance-support.ts';
import { ManualClock } from '../src/scheduler/clock.ts';
import { Dispatcher } from '../src/notifications/delivery.ts';
import { createOutbound, parseAllowList, type Resolver } from '../src/net/outbound.ts';
import { enqueueEvent } from '../src/notifications/outbox.ts';
import { transact } from '../src/db/transaction.ts';

const HOUR = 3_600_000;
const quiet = { error: () => {}, debug: () => {} };

describeEachDatabase('webhooks and the private network', (dialect) => {
  let t: TestApp;
  let dispatcher: Dispatcher;
  const clock = new ManualClock();
  // Two names of this file's own: receiver.test (allowed by name) and rebind.test (a name that now
  // resolves to loopback, not allowed); every other name (localhost) through the system resolver.
  const resolve: Resolver = async (name) => {
    if (name === 'receiver.test' || name === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
    return dns.promises.lookup(name, { all: true });
  };

  before(async () => {
    // The default: WARDEN_OUTBOUND_ALLOW_NETWORKS unset.
    t = await startTestApp(dialect, { WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }, { clock });
    // The app's own dispatcher resolves through the system; this one through the table above.
    await t.app.governance.dispatcher.stop();
    const config = { ...t.config, notifications: { ...t.config.notifications, webhookTimeoutSeconds: 1 } };
    dispatcher = new Dispatcher(t.db, config, clock, quiet, null, createOutbound({ allow: parseAllowList('receiver.test'), resolve }));
  });
  after(async () => {
    await dispatcher.stop();
    await t.close();
  });

  const create = (url: string, events = ['user.deactivated']) => t.request('POST', '/api/webhooks', { body: { url, events } });
  const lastDelivery = async (id: number) => (await t.request('GET', `/api/webhooks/${id}/deliveries`)).body.items[0];

  test('by default every spelling of loopback and of the internal networks is refused when a webhook is saved (422, nothing created)', async () => {
    const spellings = [
      '127.0.0.1', 'localhost', '2130706433', '0x7f000001', '0177.0.0.1', '127.1', '0.0.0.0', '[::1]', '[::ffff:127.0.0.1]',
      '169.254.169.254', '100.100.100.200', '10.0.0.1', '192.168.0.1', '[fd00::1]', '[fe80::1]',
    ];
    const before = (await t.request('GET', '/api/webhooks')).body.total;
    for (const host of spellings) {
      const res = await create(`http://${host}:8080/hook`);
      assert.equal(res.status, 422, `${host}: ${res.text}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(JSON.stringify(res.body.errors), /WARDEN_OUTBOUND_ALLOW_NETWORKS/, host);
    }
    const hook = (await create('https://hooks.example.com/in')).body;
    assert.equal((await t.request('PUT', `/api/webhooks/${hook.id}`, { body: { url: 'http://[::ffff:7f00:1]/x' } })).status, 422, 'an edit is checked too');
    assert.equal((await t.request('GET', '/api/webhooks')).body.total, before + 1);
    await t.request('DELETE', `/api/webhooks/${hook.id}`);
  });

  test('at connection a name that resolves to loopback is refused on the resolved address: logged as refused, nothing reaches the listener', async () => {
    clock.set(Date.now());
    const receiver = await startReceiver();
    // A name (accepted when saved) that now resolves to 127.0.0.1, and rows saved before this guard existed.
    const rebind = (await create(`http://rebind.test:${receiver.port}/hook`)).body;
    assert.ok(rebind.id, 'a name is not resolved when saved');
    const now = new Date(clock.now()).toISOString();
    const legacy = [];
    for (const url of [`http://localhost:${receiver.port}/hook`, `http://127.0.0.1:${receiver.port}/hook`, `http://[::ffff:127.0.0.1]:${receiver.port}/hook`, `http://2130706433:${receiver.port}/hook`]) {
      legacy.push((await t.db.kysely.insertInto('webhooks').values({ url, events: '["user.deactivated"]', enabled: 1, secret: 'whsec_AAAA', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id);
    }
    try {
      for (const id of [rebind.id, ...legacy]) assert.equal((await t.request('POST', `/api/webhooks/${id}/test`)).status, 202);
      await dispatcher.runOnce();
      assert.equal(receiver.received.length, 0, 'no request reached the receiver');
      for (const id of [rebind.id, ...legacy]) {
        const d = await lastDelivery(id);
        assert.equal(d.status, 'pending');
        assert.equal(d.last_status, null);
        assert.equal(d.last_latency_ms, null);
        assert.match(d.last_error, /^refused: loopback( \(IPv4 in IPv6\))? address .*WARDEN_OUTBOUND_ALLOW_NETWORKS.*no connection was made$/, `${id}: ${d.last_error}`);
      }
    } finally {
      for (const id of [rebind.id, ...legacy]) await t.request('DELETE', `/api/webhooks/${id}`);
      await receiver.close();
    }
  });

  test('a closed port and a port that never answers look the same in the delivery log: "could not connect", no timing', async () => {
    clock.set(Date.now());
    const hanging = await startReceiver(() => 'hang');
    const closedPort = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const open = (await create(`http://receiver.test:${hanging.port}/hook`)).body;
    const closed = (await create(`http://receiver.test:${closedPort}/hook`)).body;
    try {
      for (const id of [open.id, closed.id]) await t.request('POST', `/api/webhooks/${id}/test`);
      await dispatcher.runOnce();
      assert.equal(hanging.received.length, 1, 'the open port got the request (and never answered)');
      const shown = [];
      for (const id of [open.id, closed.id]) {
        const d = await lastDelivery(id);
        const detail = (await t.request('GET', `/api/webhooks/${id}/deliveries/${d.id}`)).body;
        shown.push({ error: d.last_error, status: d.last_status, latency: d.last_latency_ms, attempt: [detail.attempt_log[0].error, detail.attempt_log[0].latency_ms], next: Date.parse(d.next_attempt_at) - Date.parse(d.last_attempt_at) });
      }
      assert.deepEqual(shown[0], { error: 'could not connect', status: null, latency: null, attempt: ['could not connect', null], next: 10_000 });
      assert.deepEqual(shown[1], shown[0], 'nothing tells them apart');
    } finally {
      await t.request('DELETE', `/api/webhooks/${open.id}`);
      await t.request('DELETE', `/api/webhooks/${closed.id}`);
      await hanging.close();
    }
  });

  test('URLs with secret-looking query values are redacted in the audit log and in audit.* events', async () => {
    clock.set(Date.now());
    const firehose = await startReceiver();
    const watcher = (await create(`http://receiver.test:${firehose.port}/hook`, ['audit.*'])).body;
    const secretUrl = 'https://hooks.example.com/in?team=ops&token=s3cr3t-one&api_key=s3cr3t-two';
    try {
      const hook = (await create(secretUrl)).body;
      assert.equal(hook.url, secretUrl, 'the Admin\'s own view shows the URL whole');
      assert.equal((await t.request('PUT', `/api/webhooks/${hook.id}`, { body: { url: 'https://hooks.example.com/in?sig=s3cr3t-three' } })).status, 200);
      assert.equal((await t.request('DELETE', `/api/webhooks/${hook.id}`)).status, 204);
      await dispatcher.runOnce();
      const audit = await t.request('GET', `/api/audit-events?target_type=webhook&target_id=${hook.id}`);
      assert.equal(audit.body.items.length, 3);
      assert.doesNotMatch(audit.text, /s3cr3t/);
      assert.match(audit.text, /team=ops&token=\*\*\*&api_key=\*\*\*/);
      const events = firehose.received.filter((r) => r.json.data.target_id === hook.id);
      assert.deepEqual(events.map((r) => r.json.type).sort(), ['audit.webhook.created', 'audit.webhook.deleted', 'audit.webhook.updated']);
      for (const r of events) assert.doesNotMatch(r.body, /s3cr3t/);
    } finally {
      await t.request('DELETE', `/api/webhooks/${watcher.id}`);
      await firehose.close();
    }
  });
});

describeEachDatabase('a receiver that fails for 24 hours', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new ManualClock();
  const deliver = () => t.app.governance.dispatcher.runOnce();

  before(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1', WARDEN_SCHEDULER_INTERVAL_SECONDS: '0', WARDEN_SMTP_URL: smtp.url, WARDEN_PUBLIC_URL: 'https://warden.example.com' }, { clock });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('is switched off after 24 hours of failures, audited, announced by webhook and mail to the Admins, shown with when and why, and can be switched on again', async () => {
    clock.set(Date.now());
    let down = true;
    const failing = await startReceiver(() => (down ? 503 : 200));
    const watching = await startReceiver();
    const admin = await t.personalUser('Wanda Webhooks', 'admin', `wanda-${dialect}@example.com`);
    const hook = (await t.request('POST', '/api/webhooks', { body: { url: failing.url, events: ['user.deactivated'] } })).body;
    const watcher = (await t.request('POST', '/api/webhooks', { body: { url: watching.url, events: ['webhook.disabled'] } })).body;
    try {
      const start = clock.now();
      let n = 0;
      // The events themselves, written as a change would write them (the bootstrap token would not last the day).
      const anEvent = () => transact(t.db, (trx) => enqueueEvent(trx, { type: 'user.deactivated', at: new Date(clock.now()).toISOString(), data: { user: { id: ++n }, reason: 'test', actor: 'system' } }));
      await anEvent();
      await deliver();
      const first = (await t.request('GET', `/api/webhooks/${hook.id}`)).body;
      assert.equal(first.failing_since, new Date(start).toISOString());
      // An event every hour, every attempt failing: on at 23 hours, off at the first failure from 24 hours on.
      while (clock.now() - start < 23 * HOUR) {
        clock.advance(HOUR);
        await anEvent();
        await deliver();
      }
      assert.equal((await t.request('GET', `/api/webhooks/${hook.id}`, { token: admin.token })).body.enabled, true, 'still on after 23 hours');
      clock.advance(HOUR + 60_000);
      await anEvent();
      await deliver();
      await deliver();
      const off = (await t.request('GET', `/api/webhooks/${hook.id}`, { token: admin.token })).body;
      assert.equal(off.enabled, false);
      assert.equal(off.disabled_at, new Date(clock.now()).toISOString());
      assert.match(off.disabled_reason, /every attempt failed for 24 hours .*answered 503/);
      assert.equal(off.failing_since, new Date(start).toISOString());

      const audit = (await t.request('GET', `/api/audit-events?target_type=webhook&target_id=${hook.id}&action=webhook.updated`, { token: admin.token })).body.items;
      assert.equal(audit.length, 1);
      assert.equal(audit[0].actor, 'system');
      assert.deepEqual(audit[0].changes.enabled, { before: true, after: false });
      const announced = watching.ofType('webhook.disabled');
      assert.equal(announced.length, 1);
      assert.equal(announced[0].json.data.webhook.id, hook.id);
      const mail = smtp.mails.filter((m) => m.to.includes(`wanda-${dialect}@example.com`) && /webhook \d+ was switched off/.test(m.subject));
      assert.equal(mail.length, 1, smtp.mails.map((m) => m.subject).join(' | '));
      assert.ok(mail[0].text.includes(`https://warden.example.com/webhooks?webhook=${hook.id}`));

      // Off: nothing is sent to it.
      const attempts = failing.received.length;
      await anEvent();
      clock.advance(HOUR);
      await deliver();
      assert.equal(failing.received.length, attempts);

      // Switched on again by an Admin: a fresh start, and it is delivered to again.
      down = false;
      const on = await t.request('PUT', `/api/webhooks/${hook.id}`, { token: admin.token, body: { enabled: true } });
      assert.equal(on.status, 200, on.text);
      assert.deepEqual([on.body.enabled, on.body.disabled_at, on.body.disabled_reason, on.body.failing_since], [true, null, null, null]);
      await anEvent();
      await deliver();
      assert.ok(failing.received.length > attempts);
      assert.equal(failing.received.at(-1)!.answered, 200);

      // Switched off by an Admin: shown as such.
      const manual = (await t.request('PUT', `/api/webhooks/${hook.id}`, { token: admin.token, body: { enabled: false } })).body;
      assert.deepEqual([manual.enabled, manual.disabled_reason], [false, 'switched off by an Admin']);
      assert.equal(manual.disabled_at, new Date(clock.now()).toISOString());
    } finally {
      clock.set(Date.now());
      await t.request('DELETE', `/api/webhooks/${hook.id}`);
      await t.request('DELETE', `/api/webhooks/${watcher.id}`);
      await failing.close();
      await watching.close();
    }
  });
});
