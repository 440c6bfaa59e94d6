import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleEntry } from './main.ts';

test('the development provider\'s notices are information about it, not warnings about Warden', () => {
  const entry = consoleEntry('warn', 'oidc-provider WARNING: a quick start development-only feature devInteractions is enabled, you are expected to disable these interactions and provide your own');
  assert.equal(entry.level, 'info');
  assert.equal(entry.source, 'development-sign-in');
  assert.match(entry.text, /^development OpenID Provider \(expected in development\): a quick start development-only feature devInteractions/);
  assert.doesNotMatch(entry.text, /WARNING/);
  // Anything else a dependency prints keeps its level.
  assert.deepEqual(consoleEntry('warn', 'oidc-provider WARNING: something else'), { level: 'warn', source: 'console', text: 'oidc-provider WARNING: something else' });
  assert.deepEqual(consoleEntry('error', 'boom'), { level: 'error', source: 'console', text: 'boom' });
});
