import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describeEachDatabase('GET /api/reviews', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('lists exactly what needs a decision, each with why and the call that resolves it', async () => {
    const k = t.db.kysely;
    const overdue = await t.serviceUser('Overdue Bot');
    const fresh = await t.serviceUser('Fresh Bot');
    const reviewedLongAgo = await t.serviceUser('Reviewed Long Ago');
    await k.updateTable('users').set({ created_at: ago(200) }).where('id', 'in', [overdue.id, reviewedLongAgo.id, t.adminId]).execute();
    await k.updateTable('users').set({ last_reviewed_at: ago(100) }).where('id', '=', reviewedLongAgo.id).execute();
    await k.updateTable('users').set({ last_reviewed_at: ago(1) }).where('id', '=', t.adminId).execute();
    const admin = await t.serviceUser('Powerful Bot', 'admin');
    await k.updateTable('users').set({ last_reviewed_at: ago(1) }).where('id', '=', admin.id).execute();
    const quiet = await t.personalUser('Quiet Person');
    await k.updateTable('users').set({ created_at: ago(120), last_active_at: ago(95) }).where('id', '=', quiet.id).execute();

    const mk = async (name: string, days: number | null) => (await t.request('POST', '/api/user-tokens', { body: { name, expires_in_days: days, user_id: fresh.id } })).body;
    const expiring = await mk('soon', 10);
    const never = await mk('forever', null);
    const unused = await mk('dusty', 365);
    await k.updateTable('tokens').set({ created_at: ago(120) }).where('id', '=', unused.id).execute();
    const used = await mk('busy', 365);
    await k.updateTable('tokens').set({ created_at: ago(120), last_used_at: ago(2) }).where('id', '=', used.id).execute();
    const revoked = await mk('gone', null);
    await t.request('PUT', `/api/user-tokens/${revoked.id}`, { body: { revoked: true } });

    const res = await t.request('GET', '/api/reviews?size=200');
    assert.equal(res.status, 200);
    const of = (kind: string) => res.body.items.filter((i: { kind: string }) => i.kind === kind);
    assert.deepEqual(of('service_user_review_due').map((i: any) => i.user.id).sort(), [overdue.id, reviewedLongAgo.id].sort());
    const due = of('service_user_review_due').find((i: any) => i.user.id === reviewedLongAgo.id);
    assert.deepEqual(due.resolve, { method: 'POST', path: `/api/users/${reviewedLongAgo.id}/review`, description: due.resolve.description });
    assert.match(due.detail, /Not reviewed for 100 days/);
    // (the test harness's own tokens expire in 30 days or less, so they are listed too)
    const expiringIds = of('token_expiring').map((i: any) => i.token.id);
    assert.ok(expiringIds.includes(expiring.id));
    for (const id of [never.id, unused.id, used.id, revoked.id]) assert.ok(!expiringIds.includes(id), `token ${id} is not expiring soon`);
    assert.equal(of('token_expiring')[0].token.id, expiringIds[0]);
    assert.ok(of('token_expiring').every((i: any, n: number, all: any[]) => n === 0 || all[n - 1].since <= i.since), 'soonest first');
    assert.ok(of('token_never_expires').some((i: any) => i.token.id === never.id));
    assert.ok(!of('token_never_expires').some((i: any) => i.token.id === revoked.id), 'a revoked token needs no decision');
    assert.deepEqual(of('token_unused').map((i: any) => i.token.id), [unused.id]);
    assert.deepEqual(of('service_user_admin').map((i: any) => i.user.id).sort(), [t.adminId, admin.id].sort());
    assert.deepEqual(of('personal_inactive').map((i: any) => i.user.id), [quiet.id]);
    assert.equal(res.body.total, res.body.items.length);
    assert.equal(res.body.counts.token_unused, 1);
    assert.doesNotMatch(res.text, /wdn_(svc|pat)_[0-9A-Za-z]{38}/, 'no secret');

    // paging runs across kinds in order; a kind filter narrows
    const first = await t.request('GET', '/api/reviews?size=1');
    assert.equal(first.body.items[0].kind, 'service_user_review_due');
    assert.equal(first.body.total, res.body.total);
    const third = await t.request('GET', '/api/reviews?size=1&page=3');
    assert.equal(third.body.items[0].kind, 'token_expiring');
    const onlyAdmins = await t.request('GET', '/api/reviews?kind=service_user_admin');
    assert.equal(onlyAdmins.body.total, 2);
    assert.equal((await t.request('GET', '/api/reviews?kind=nope')).status, 422);
  });

  test('Managers read users but see no service tokens; members are refused; nobody sees another\'s PAT', async () => {
    const manager = await t.personalUser('Review Manager', 'manager');
    const other = await t.personalUser('Pat Owner');
    await t.db.kysely.updateTable('tokens').set({ expires_at: null }).where('user_id', '=', other.id).execute();
    const res = await t.request('GET', '/api/reviews?size=200', { token: manager.token });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.every((i: any) => i.token === null || i.token.kind === 'personal'));
    assert.ok(res.body.items.every((i: any) => i.token === null || i.user.id === manager.id));
    const adminView = await t.request('GET', '/api/reviews?size=200');
    assert.ok(!adminView.body.items.some((i: any) => i.token && i.user.id === other.id), 'an Admin never sees another person\'s PAT');
    const member = await t.personalUser('Review Member');
    assert.equal((await t.request('GET', '/api/reviews', { token: member.token })).status, 403);
  });
});

describeEachDatabase('a service user\'s own review date', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('a review date set at creation or later decides when it is due; a review clears it', async () => {
    const soon = new Date(Date.now() + 10 * DAY).toISOString();
    const made = await t.request('POST', '/api/users', { body: { name: 'Dated Bot', review_due_at: soon } });
    assert.equal(made.status, 201);
    assert.equal(made.body.review_due_at, soon);
    const due = () => t.request('GET', '/api/reviews?kind=service_user_review_due&size=200').then((r) => r.body.items.map((i: any) => i.user.id));
    assert.ok(!(await due()).includes(made.body.id), 'not due before its date');
    const past = ago(1);
    const edited = await t.request('PUT', `/api/users/${made.body.id}`, { body: { review_due_at: past } });
    assert.equal(edited.body.review_due_at, past);
    const items = (await t.request('GET', '/api/reviews?kind=service_user_review_due&size=200')).body.items;
    const item = items.find((i: any) => i.user.id === made.body.id);
    assert.equal(item.since, past);
    assert.match(item.detail, /Review due on/);
    // a fresh service user with an explicit far date is not due even if the period has passed
    const old = await t.serviceUser('Old But Dated');
    await t.db.kysely.updateTable('users').set({ created_at: ago(365), review_due_at: new Date(Date.now() + DAY).toISOString() }).where('id', '=', old.id).execute();
    assert.ok(!(await due()).includes(old.id));
    const reviewed = await t.request('POST', `/api/users/${made.body.id}/review`, { body: { decision: 'keep', note: 'fine' } });
    assert.equal(reviewed.body.review_due_at, null);
    assert.ok(!(await due()).includes(made.body.id));
    const person = await t.personalUser('Dateless Person');
    assert.equal((await t.request('PUT', `/api/users/${person.id}`, { body: { review_due_at: soon } })).status, 422);
    assert.equal((await t.request('GET', '/api/info', { token: null })).body.review_period_days, 90);
  });
});
