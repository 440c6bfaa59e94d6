// The CLI's pure pieces: relative times, time and expiry arguments, URLs, api paths and fields,
// list edits, and the credentials file's permission rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { relativeTime } from '../src/cli/output.ts';
import { parseTime } from '../src/cli/times.ts';
import { parseExpiry } from '../src/cli/tokens.ts';
import { normalizeUrl, readCredentials, saveInstance } from '../src/cli/credentials.ts';
import { apiPath, typedValue } from '../src/cli/api.ts';
import { collect, editList } from '../src/cli/refs.ts';
import { CliError } from '../src/cli/errors.ts';

test('relative times read like a person says them, both ways', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();
  assert.equal(relativeTime(at(-10_000), now), 'just now');
  assert.equal(relativeTime(at(-5 * 60_000), now), '5 min ago');
  assert.equal(relativeTime(at(3 * 3_600_000), now), 'in 3 h');
  assert.equal(relativeTime(at(-86_400_000), now), '1 day ago');
  assert.equal(relativeTime(at(5 * 86_400_000), now), 'in 5 days');
  assert.equal(relativeTime(at(90 * 86_400_000), now), 'in 3 months');
  assert.equal(relativeTime(at(-3 * 365 * 86_400_000), now), '3 years ago');
  assert.equal(relativeTime('not a time', now), 'not a time');
});

test('--since/--until take an ISO time or a duration back from now; --expires takes 1–365 or never', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  assert.equal(parseTime('2h', now), '2026-01-10T10:00:00.000Z');
  assert.equal(parseTime('7d', now), '2026-01-03T12:00:00.000Z');
  assert.equal(parseTime('30m', now), '2026-01-10T11:30:00.000Z');
  assert.equal(parseTime('2026-01-01T00:00:00+01:00', now), '2025-12-31T23:00:00.000Z');
  assert.throws(() => parseTime('soonish', now));
  assert.equal(parseExpiry('90'), 90);
  assert.equal(parseExpiry('never'), 'never');
  for (const bad of ['0', '366', '-1', '1.5', 'forever']) assert.throws(() => parseExpiry(bad), bad);
});

test('instance URLs are normalised; a bare host is https, or http on loopback; credentials in a URL are refused', () => {
  assert.equal(normalizeUrl('https://warden.example.com/'), 'https://warden.example.com');
  assert.equal(normalizeUrl('https://example.com/warden//'), 'https://example.com/warden');
  assert.equal(normalizeUrl('warden.example.com'), 'https://warden.example.com');
  assert.equal(normalizeUrl('localhost:8080'), 'http://localhost:8080');
  assert.throws(() => normalizeUrl('ftp://x'), CliError);
  assert.throws(() => normalizeUrl('https://user:pw@x'), CliError);
});

test('api paths take or leave the /api prefix; -F fields are typed', () => {
  assert.equal(apiPath('users/me'), '/api/users/me');
  assert.equal(apiPath('/users/me'), '/api/users/me');
  assert.equal(apiPath('/api/users/me'), '/api/users/me');
  assert.equal(apiPath('/healthz'), '/healthz');
  assert.deepEqual(['true', 'false', 'null', '42', '-1.5', 'text'].map(typedValue), [true, false, null, 42, -1.5, 'text']);
});

test('list options: repeatable and comma-separated; replace, add and remove', () => {
  assert.deepEqual(collect('b, c', collect('a')), ['a', 'b', 'c']);
  assert.equal(editList([1, 2], null, [], []), undefined, 'nothing asked: nothing changes');
  assert.deepEqual(editList([1, 2], null, [3], [1]), [2, 3]);
  assert.deepEqual(editList([1, 2], [5], [], []), [5]);
  assert.deepEqual(editList([1], null, [1], []), [1], 'no duplicates');
});

test('the credentials file is written 0600 and refused once group or others can read it; an unusable one is replaced by a private one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-cred-'));
  const file = path.join(dir, 'warden', 'credentials.json');
  try {
    assert.deepEqual(readCredentials(file), { current: null, instances: {} }, 'no file: nothing saved');
    const instance = { token: 'wdn_pat_x', token_id: 1, token_name: 'cli-a', expires_at: null, user: null, saved_at: '' };
    saveInstance('https://a.example', instance, file);
    saveInstance('https://b.example', { ...instance, token_id: 2 }, file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const data = readCredentials(file);
    assert.equal(data.current, 'https://b.example');
    assert.deepEqual(Object.keys(data.instances), ['https://a.example', 'https://b.example']);
    for (const mode of [0o640, 0o604, 0o660]) {
      fs.chmodSync(file, mode);
      assert.throws(() => readCredentials(file), (err: CliError) => err.exitCode === 1 && /refusing to read/.test(err.message) && /chmod 600/.test(err.hint ?? ''), mode.toString(8));
    }
    saveInstance('https://c.example', instance, file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(Object.keys(readCredentials(file).instances), ['https://c.example']);
    fs.writeFileSync(file, '{not json', { mode: 0o600 });
    assert.throws(() => readCredentials(file), /not valid JSON/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
