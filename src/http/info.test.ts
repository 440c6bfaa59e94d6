import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { expiryChoices } from './info.ts';

test('the console\'s expiry choices are 7/30/60/90/180/365 days and never, clipped by the cap', () => {
  assert.deepEqual(expiryChoices(null), [7, 30, 60, 90, 180, 365, null]);
  assert.deepEqual(expiryChoices(90), [7, 30, 60, 90]);
  assert.deepEqual(expiryChoices(45), [7, 30, 45]);
  assert.deepEqual(expiryChoices(7), [7]);
  assert.deepEqual(expiryChoices(3), [3]);
});

describeEachDatabase('GET /api/info', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect, { WARDEN_MAX_TOKEN_DAYS: '60' }); });
  after(async () => t.close());

  test('answers without a credential: version, clock, SSO and token settings, but not the database', async () => {
    const res = await t.request('GET', '/api/info', { token: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Warden');
    assert.match(res.body.version, /^\d+\.\d+\.\d+/);
    assert.ok(Math.abs(Date.parse(res.body.time) - Date.now()) < 5000);
    assert.equal(res.body.environment, 'test');
    assert.deepEqual(res.body.sso, { enabled: false, development: false });
    assert.deepEqual(res.body.tokens, { max_days: 60, expiry_choices: [7, 30, 60] });
    assert.equal(res.body.database, null);
  });

  test('names the database for an authenticated caller, and a bad credential does not break it', async () => {
    assert.equal((await t.request('GET', '/api/info')).body.database, dialect);
    const bad = await t.request('GET', '/api/info', { token: 'wdn_svc_nonsense' });
    assert.equal(bad.status, 200);
    assert.equal(bad.body.database, null);
  });
});
