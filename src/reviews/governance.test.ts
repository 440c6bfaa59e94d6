// Access reviews (issue 12 §2): elevated roles without an end in the queue, a review that keeps or
// deactivates in one transaction, and the optional policies (off by default) that deactivate
// overdue service users and revoke unused tokens, each announced before it acts, audited with
// actor system. Time is a manual clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { ManualClock } from '../scheduler/clock.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describeEachDatabase('reviews: elevated roles and review decisions', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }); });
  after(async () => t.close());

  test('the queue lists exactly the roles above member held without an end and not reviewed within the period', async () => {
    const k = t.db.kysely;
    const oldManager = await t.personalUser('Old Manager', 'manager');
    const reviewedManager = await t.personalUser('Reviewed Manager', 'manager');
    const newAdmin = await t.personalUser('New Admin', 'admin');
    const oldMember = await t.personalUser('Old Member');
    const temporary = await t.personalUser('Temporary Admin');
    const serviceManager = await t.serviceUser('Old Service Manager', 'manager');
    await k.updateTable('users').set({ created_at: ago(200) }).where('id', 'in', [oldManager.id, reviewedManager.id, oldMember.id, temporary.id, serviceManager.id, t.adminId]).execute();
    await k.updateTable('users').set({ last_reviewed_at: ago(10) }).where('id', '=', reviewedManager.id).execute();
    assert.equal((await t.request('PUT', `/api/users/${temporary.id}`, { body: { role: 'admin', until: new Date(Date.now() + 4 * HOUR).toISOString(), reason: 'on call' } })).status, 200);
    const res = await t.request('GET', '/api/reviews?kind=elevated_role_without_end&size=200');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((i: { user: { id: number } }) => i.user.id).sort(), [oldManager.id, serviceManager.id].sort());
    const item = res.body.items.find((i: { user: { id: number } }) => i.user.id === oldManager.id);
    assert.match(item.detail, /manager role without an end date, not reviewed for 200 days/);
    assert.deepEqual([item.resolve.method, item.resolve.path], ['PUT', `/api/users/${oldManager.id}`]);
    void newAdmin;
    // A review (keep) takes it off the queue for a period.
    assert.equal((await t.request('POST', `/api/users/${oldManager.id}/review`, { body: { decision: 'keep', note: 'still leads the data team' } })).status, 200);
    const after = await t.request('GET', '/api/reviews?kind=elevated_role_without_end&size=200');
    assert.deepEqual(after.body.items.map((i: { user: { id: number } }) => i.user.id), [serviceManager.id]);
  });

  test('a review records who, when, what and why; deactivate deactivates in the same transaction; a note alone is a keep', async () => {
    const svc = await t.serviceUser('Reviewed Bot');
    const keep = await t.request('POST', `/api/users/${svc.id}/review`, { body: { note: 'still used by the nightly load' } });
    assert.equal(keep.status, 200);
    assert.equal(keep.body.active, true);
    assert.ok(keep.body.last_reviewed_at);
    const gone = await t.request('POST', `/api/users/${svc.id}/review`, { body: { decision: 'deactivate', note: 'integration retired' }, headers: { 'x-request-id': 'review-42' } });
    assert.equal(gone.status, 200, gone.text);
    assert.equal(gone.body.active, false);
    const log = await t.request('GET', `/api/audit-events?target_type=user&target_id=${svc.id}`);
    const [deactivated, reviewed, kept] = log.body.items;
    assert.deepEqual([deactivated.action, reviewed.action, kept.action], ['user.deactivated', 'user.reviewed', 'user.reviewed']);
    assert.equal(reviewed.changes.decision.after, 'deactivate');
    assert.equal(kept.changes.decision.after, 'keep');
    assert.deepEqual([reviewed.reason, reviewed.request_id, deactivated.request_id, reviewed.actor.id], ['integration retired', 'review-42', 'review-42', t.adminId]);
    assert.equal((await t.request('GET', `/api/user-tokens/service?user_id=${svc.id}`)).status, 200);
    // The last Admin that stays Admin cannot be deactivated by a review: nothing is recorded.
    const before = (await t.request('GET', `/api/audit-events?target_type=user&target_id=${t.adminId}&action=user.reviewed`)).body.total;
    await t.db.kysely.updateTable('users').set({ role: 'member' }).where('role', '=', 'admin').where('id', '!=', t.adminId).execute();
    const other = await t.serviceUser('Reviewing Admin', 'admin');
    await t.db.kysely.updateTable('users').set({ role: 'manager' }).where('id', '=', other.id).execute();
    await t.db.kysely.updateTable('users').set({ role: 'admin', role_before_elevation: 'manager', elevation_ends_at: new Date(Date.now() + HOUR).toISOString() }).where('id', '=', other.id).execute();
    const refused = await t.request('POST', `/api/users/${t.adminId}/review`, { token: other.token, body: { decision: 'deactivate' } });
    assert.equal(refused.status, 409, refused.text);
    assert.equal((await t.request('GET', `/api/audit-events?target_type=user&target_id=${t.adminId}&action=user.reviewed`)).body.total, before);
    assert.equal((await t.request('POST', `/api/users/${svc.id}/review`, { body: { decision: 'archive' } })).status, 422);
  });
});

describeEachDatabase('review policies', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock();
  before(async () => {
    t = await startTestApp(dialect, {
      WARDEN_SCHEDULER_INTERVAL_SECONDS: '0', WARDEN_REVIEW_PERIOD_DAYS: '90',
      WARDEN_POLICY_DEACTIVATE_OVERDUE_DAYS: '10', WARDEN_POLICY_REVOKE_UNUSED_DAYS: '30', WARDEN_POLICY_NOTICE_DAYS: '3',
    }, { clock });
  });
  after(async () => t.close());

  const events = async (type: string) => (await t.db.kysely.selectFrom('notification_events').select(['data', 'created_at']).where('type', '=', type).orderBy('id').execute()).map((e) => ({ ...JSON.parse(e.data), at: e.created_at }));
  const user = (id: number) => t.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const token = (id: number) => t.db.kysely.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('an overdue service user is announced notice days before, then deactivated by the system; a review in between keeps it', async () => {
    const start = Date.now();
    clock.set(start);
    const idle = await t.serviceUser('Idle Policy Bot');
    const reviewed = await t.serviceUser('Reviewed Policy Bot');
    const at = async (days: number) => {
      clock.set(start + days * DAY);
      await t.app.governance.scheduler.tick();
    };
    await at(96);
    assert.deepEqual(await events('service_user.deactivation_scheduled'), []);
    await at(97 + 1 / 24);
    const announced = (await events('service_user.deactivation_scheduled')).map((e) => e.user.id).filter((id) => [idle.id, reviewed.id].includes(id));
    assert.deepEqual(announced.sort(), [idle.id, reviewed.id].sort());
    // The owner (here: none, so the Admins) is told; the person in charge reviews one of them.
    await t.db.kysely.updateTable('users').set({ last_reviewed_at: new Date(clock.now()).toISOString() }).where('id', '=', reviewed.id).execute();
    await at(99.9);
    assert.equal((await user(idle.id)).deactivated_at, null, 'not before the date');
    await at(100 + 1 / 24);
    assert.notEqual((await user(idle.id)).deactivated_at, null);
    assert.equal((await user(reviewed.id)).deactivated_at, null, 'the review moved its date on');
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('target_type', '=', 'user').where('target_id', '=', idle.id).where('action', '=', 'user.deactivated').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_id, null, 'actor system');
    assert.match(audit[0].reason!, /Overdue for review by 10 days/);
    await at(101);
    assert.equal((await t.db.kysely.selectFrom('audit_events').select('id').where('target_id', '=', idle.id).where('action', '=', 'user.deactivated').execute()).length, 1, 'once');
  });

  test('switched on for something long overdue, a policy announces first and acts no sooner than the notice period after', async () => {
    clock.set(Date.now());
    const ancient = await t.serviceUser('Ancient Policy Bot');
    await t.db.kysely.updateTable('users').set({ created_at: new Date(Date.now() - 400 * DAY).toISOString() }).where('id', '=', ancient.id).execute();
    await t.app.governance.scheduler.tick();
    assert.equal((await user(ancient.id)).deactivated_at, null);
    const notice = (await events('service_user.deactivation_scheduled')).find((e) => e.user.id === ancient.id);
    assert.equal(notice.deactivate_at, new Date(clock.now() + 3 * DAY).toISOString());
    clock.advance(3 * DAY - HOUR);
    await t.app.governance.scheduler.tick();
    assert.equal((await user(ancient.id)).deactivated_at, null);
    clock.advance(2 * HOUR);
    await t.app.governance.scheduler.tick();
    assert.notEqual((await user(ancient.id)).deactivated_at, null);
  });

  test('a token unused for N days is announced, then revoked with reason unused by the system; a use in between keeps it', async () => {
    const start = Date.now();
    clock.set(start);
    const svc = await t.serviceUser('Token Policy Bot');
    const unused = (await t.request('POST', '/api/user-tokens', { body: { name: 'dusty', expires_in_days: 365, user_id: svc.id } })).body;
    const used = (await t.request('POST', '/api/user-tokens', { body: { name: 'busy', expires_in_days: 365, user_id: svc.id } })).body;
    await t.db.kysely.updateTable('users').set({ last_reviewed_at: new Date(start + 200 * DAY).toISOString() }).where('id', '=', svc.id).execute();
    const at = async (days: number) => {
      clock.set(start + days * DAY);
      await t.app.governance.scheduler.tick();
    };
    await at(26.9);
    assert.ok(!(await events('token.revocation_scheduled')).some((e) => e.token.id === unused.id));
    await at(27.1);
    const notices = (await events('token.revocation_scheduled')).filter((e) => [unused.id, used.id].includes(e.token.id));
    assert.deepEqual(notices.map((e) => e.token.id).sort(), [unused.id, used.id].sort());
    assert.equal(notices[0].unused_days, 30);
    await t.db.kysely.updateTable('tokens').set({ last_used_at: new Date(start + 28 * DAY).toISOString() }).where('id', '=', used.id).execute();
    await at(30.1);
    const revoked = await token(unused.id);
    assert.deepEqual([revoked.revoked_reason, revoked.revoked_by], ['unused', null]);
    assert.equal((await token(used.id)).revoked_at, null, 'a use moved its date on');
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('target_type', '=', 'token').where('target_id', '=', unused.id).where('action', '=', 'token.revoked').execute();
    assert.deepEqual([audit.length, audit[0].actor_id, audit[0].reason], [1, null, 'unused']);
    const announcedRevocations = (await events('token.revoked')).filter((e) => e.token.id === unused.id);
    assert.deepEqual(announcedRevocations.map((e) => e.reason), ['unused']);
    clock.set(Date.now());
    const view = await t.request('GET', `/api/user-tokens/${unused.id}`);
    assert.deepEqual([view.status, view.body.status, view.body.revoked_reason], [200, 'revoked', 'unused']);
  });
});

describeEachDatabase('review policies are off by default', (dialect) => {
  test('without the settings nothing is announced, deactivated or revoked', async () => {
    const clock = new ManualClock();
    const t = await startTestApp(dialect, { WARDEN_SCHEDULER_INTERVAL_SECONDS: '0' }, { clock });
    try {
      const svc = await t.serviceUser('Unpoliced Bot');
      clock.advance(500 * DAY);
      await t.app.governance.scheduler.tick();
      const row = await t.db.kysely.selectFrom('users').select('deactivated_at').where('id', '=', svc.id).executeTakeFirstOrThrow();
      assert.equal(row.deactivated_at, null);
      const scheduled = await t.db.kysely.selectFrom('notification_events').select('id').where('type', 'in', ['service_user.deactivation_scheduled', 'token.revocation_scheduled']).execute();
      assert.equal(scheduled.length, 0);
      assert.equal((await t.db.kysely.selectFrom('tokens').select('id').where('revoked_at', 'is not', null).execute()).length, 0);
    } finally {
      await t.close();
    }
  });
});
