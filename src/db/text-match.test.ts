// Searches ignore case for every letter on both databases: SQLite's own lower() changes ASCII
// letters only, so "österreich" once missed "Österreich" there (while PostgreSQL found it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase, startTestApp, type TestApp } from '../../test/support.ts';
import { unicodeLower } from './unicode-lower.ts';

describeEachDatabase('searches ignore case for letters outside ASCII', (dialect) => {
  let t: TestApp;
  let team: number;
  before(async () => {
    t = await startTestApp(dialect);
    await t.serviceUser('ÖSTERREICH Loader', 'member');
    await t.serviceUser('Émile Sync', 'member');
    await t.serviceUser('Plain Sync', 'member');
    team = (await t.request('POST', '/api/teams', { body: { name: 'ÇA Équipe', permission: 'viewer', description: 'Données ÜBER alles' } })).body.id;
    assert.equal((await t.request('POST', '/api/datastores', { body: { name: 'ÅRSREDOVISNING', kind: 'source', description: 'Straße' } })).status, 201);
  });
  after(async () => t?.close());

  const names = async (url: string) => ((await t.request('GET', url)).body.items as { name: string }[]).map((i) => i.name).sort();

  test('users, teams, datastores and team member candidates: in any case', async () => {
    assert.deepEqual(await names('/api/users?q=österreich'), ['ÖSTERREICH Loader']);
    assert.deepEqual(await names(`/api/users?q=${encodeURIComponent('ÉMILE')}`), ['Émile Sync']);
    assert.deepEqual(await names(`/api/users?q=${encodeURIComponent('émile')}`), ['Émile Sync']);
    assert.deepEqual(await names('/api/users?q=sync'), ['Plain Sync', 'Émile Sync']); // ASCII as before
    assert.deepEqual(await names(`/api/teams?q=${encodeURIComponent('équipe')}`), ['ÇA Équipe']);
    assert.deepEqual(await names(`/api/teams?q=${encodeURIComponent('über')}`), ['ÇA Équipe']); // the description
    assert.deepEqual(await names(`/api/datastores?q=${encodeURIComponent('årsredovisning')}`), ['ÅRSREDOVISNING']);
    assert.deepEqual(await names(`/api/datastores?q=${encodeURIComponent('STRASSE')}`), []); // lower case, not case folding: ß is not ss
    assert.deepEqual(await names(`/api/teams/${team}/member-candidates?q=${encodeURIComponent('östErreich')}`), ['ÖSTERREICH Loader']);
  });

  test('LIKE\'s wildcards in the text are taken as written', async () => {
    assert.deepEqual(await names('/api/users?q=%25'), []);
    assert.deepEqual(await names('/api/users?q=a_n'), []); // as a wildcard, _ would find "Plain Sync"
    assert.deepEqual(await names('/api/users?q=n_s'), ['Plain Sync']); // its user_id, plain_sync@service
    assert.deepEqual(await names(`/api/users?q=${encodeURIComponent('é_')}`), []);
  });
});

test('unicodeLower lower-cases letter by letter, as PostgreSQL\'s lower() does', () => {
  assert.equal(unicodeLower('ÖSTERREICH Émile'), 'österreich émile');
  assert.equal(unicodeLower('ΟΔΟΣ'), 'οδοσ'); // no final sigma
  assert.equal(unicodeLower('ẞ'), 'ß');
});
