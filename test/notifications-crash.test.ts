// Killing a real `warden serve` (SIGKILL) while a webhook delivery is in flight loses nothing: the
// delivery was leased, the lease runs out, and the restarted server sends it again with the same
// webhook-id. Also measures the delivery latency of a running server (commit to receiver).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { DATABASES, createTestDb } from './support.ts';
import { spawnServe } from './cli-support.ts';
import { startReceiver, standardWebhooksVerify } from './governance-support.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';

// The receiver is on loopback, where Warden connects only when allowed.
const serve = (env: Record<string, string>) => spawnServe({ WARDEN_WEBHOOK_TIMEOUT_SECONDS: '1', WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1', ...env });

async function until<T>(what: string, fn: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of DATABASES) {
  test(`[${dialect}] a server killed mid-delivery loses no event: the restarted server delivers it with the same webhook-id`, async () => {
    const testDb = await createTestDb(dialect);
    let hang = false;
    const receiver = await startReceiver(() => (hang ? 'hang' : 200));
    let node = await serve(testDb.env);
    try {
      // An Admin token straight from the database, as the test harness does.
      const { token } = await bootstrapAdmin(testDb.db, null);
      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${node.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
        return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any };
      };
      const hook = await api('POST', '/api/webhooks', { url: receiver.url, events: ['user.deactivated'] });
      assert.equal(hook.status, 201);

      // Latency of a running server: from the answer to the change to the receiver's receipt.
      const latencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const svc = await api('POST', '/api/users', { name: `Latency Bot ${i}` });
        const t0 = performance.now();
        await api('DELETE', `/api/users/${svc.body.id}`);
        await until('delivery', () => receiver.ofType('user.deactivated').length === i + 1);
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      console.log(`# [${dialect}] webhook delivery latency (commit to receiver, 10 events): median ${latencies[5].toFixed(0)} ms, max ${latencies[9].toFixed(0)} ms`);
      assert.ok(latencies[5] < 1500, 'delivered within about a second');

      hang = true;
      const victim = await api('POST', '/api/users', { name: 'Crash Bot' });
      await api('DELETE', `/api/users/${victim.body.id}`);
      const first = await until('the delivery in flight', () => receiver.received.find((r) => r.json.data.user?.id === victim.body.id));
      node.child.kill('SIGKILL');
      await once(node.child, 'exit');
      const row = await testDb.db.kysely.selectFrom('webhook_deliveries as d').innerJoin('notification_events as e', 'e.id', 'd.event_id')
        .select(['d.status', 'd.attempts', 'd.lease_until', 'e.public_id']).where('e.public_id', '=', first.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.attempts], ['pending', 1], 'the killed node left it pending, leased');
      assert.ok(row.lease_until);

      hang = false;
      node = await serve(testDb.env);
      const again = await until('redelivery after restart', () => receiver.received.find((r) => r.id === first.id && r.answered === 200), 30_000);
      assert.ok(standardWebhooksVerify(hook.body.secret, again));
      // The receiver has answered; the server records the success right after.
      const row2 = () => testDb.db.kysely.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('event_id', '=', (eb) => eb.selectFrom('notification_events').select('id').where('public_id', '=', first.id)).executeTakeFirstOrThrow();
      let done = await row2();
      for (let i = 0; i < 200 && done.status === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        done = await row2();
      }
      assert.deepEqual([done.status, done.attempts], ['succeeded', 2]);
    } finally {
      node.child.kill('SIGKILL');
      await receiver.close();
      await testDb.drop();
    }
  });
}
