import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSystemProgram } from './system-programs.ts';

test('a missing system program skips with a notice naming the Debian package, and fails under CI=true', () => {
  const saved = process.env.CI;
  try {
    process.env.CI = 'false';
    const found = findSystemProgram('warden-no-such-program', 'warden-no-such-package');
    assert.equal(found.path, null);
    assert.match(String(found.skip), /apt-get install -y warden-no-such-package/);
    process.env.CI = 'true';
    assert.throws(() => findSystemProgram('warden-no-such-program', 'warden-no-such-package'), /CI=true and warden-no-such-program is not installed/);
    assert.equal(findSystemProgram('sh', 'dash').skip, false);
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
});
