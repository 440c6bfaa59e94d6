// On a Node.js older than 24 the `warden` command says what it needs instead of a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((bin) => {
  const res = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return res.status === 0 && Number(res.stdout.split('.')[0]) < 24;
});

test('warden on Node.js < 24 prints one line naming the version it needs and exits 2', { skip: OLD_NODE ? false : 'no Node.js older than 24 on this machine to try' }, () => {
  const res = spawnSync(OLD_NODE!, [path.join(import.meta.dirname, '..', 'bin', 'warden.js'), 'serve'], { encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^Warden needs Node\.js 24 or newer; this is v\d+\.\d+\.\d+\./);
  assert.equal(res.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(res.stderr, /at .*\(/, 'no stack trace');
});
