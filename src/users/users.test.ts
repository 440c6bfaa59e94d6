import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';

describeEachDatabase('service users', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());

  test('an Admin creates "Pipeline Automation" as pipeline_automation@service in the Public team', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: 'Pipeline Automation', purpose: 'ETL' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.user_id, 'pipeline_automation@service');
    assert.equal(res.body.type, 'service');
    assert.equal(res.body.role, 'member');
    assert.equal(res.body.provisioned_by, 'admin');
    assert.deepEqual(res.body.teams.map((x: { name: string }) => x.name), ['Public']);
  });

  test('a name whose id already exists is a conflict, whatever its case', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: 'PIPELINE  AUTOMATION' } });
    assert.equal(res.status, 409);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('a name made only of symbols is refused with 422 naming the field', async () => {
    const res = await t.request('POST', '/api/users', { body: { name: '!!! ###' } });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].path, 'name');
  });
});
