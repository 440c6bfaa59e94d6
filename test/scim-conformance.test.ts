// Microsoft's SCIM conformance collection (shared/conformance/scim, MIT, from AzureAD/SCIMReferenceCode),
// run with newman against a Warden listening on 127.0.0.1, on each database. Folders "Endpoint tests",
// "User tests" and "Group tests"; any failed assertion or request error fails the test.
//
// Where the collection departs from RFC 7644, Warden has a harmless alias rather than a skip:
// it reads /serviceConfiguration (the RFC's endpoint is /ServiceProviderConfig), so that path is an
// alias (src/scim/routes.ts). Its other known departures are outside these three folders.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

// newman ships no type declarations (and @types/newman is not a dependency): the part used here.
interface Newman {
  run(options: Record<string, unknown>, callback: (err: Error | null, summary: unknown) => void): void;
}
const newman = createRequire(import.meta.url)('newman') as Newman;

const here = path.dirname(fileURLToPath(import.meta.url));
const COLLECTION = path.resolve(here, '../../shared/conformance/scim/PostmanCollection.json');
const FOLDERS = ['Endpoint tests', 'User tests', 'Group tests'];

interface RunSummary {
  run: {
    stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    failures: { error: { name: string; message: string; test?: string }; source?: { name?: string } }[];
  };
}

function runCollection(port: number, token: string): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    newman.run({
      collection: COLLECTION,
      folder: FOLDERS,
      envVar: [
        { key: 'Protocol', value: 'http' },
        { key: 'Server', value: '127.0.0.1' },
        { key: 'Port', value: `:${port}` },
        { key: 'Api', value: 'api/scim/v2' },
        { key: 'token', value: token },
      ],
      reporters: [],
      timeoutRequest: 10_000,
    }, (err, summary) => (err ? reject(err) : resolve(summary as unknown as RunSummary)));
  });
}

describeEachDatabase('SCIM conformance (Microsoft collection, newman)', (dialect) => {
  let t: TestApp;
  let port: number;
  let token: string;
  before(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
    // the directory's own Admin service user, with a SCIM-only token, as docs/sso-and-scim.md tells
    const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
    assert.equal(sync.status, 201, sync.text);
    const created = await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } });
    assert.equal(created.status, 201, created.text);
    token = created.body.token;
  });
  after(async () => t.close());

  test('every request of "Endpoint tests", "User tests" and "Group tests" passes its assertions', async () => {
    const summary = await runCollection(port, token);
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? f.error.name}: ${f.error.message}`);
    assert.deepEqual(failures, []);
    const { requests, assertions } = summary.run.stats;
    assert.equal(requests.total, 36, 'all 36 requests of the three folders ran');
    assert.equal(requests.failed, 0);
    assert.equal(assertions.total, 46, 'all 46 assertions of the three folders ran');
    assert.equal(assertions.failed, 0);
    process.stdout.write(`# newman [${dialect}]: ${requests.total} requests, ${assertions.total} assertions, ${assertions.failed} failed\n`);
  });
});
