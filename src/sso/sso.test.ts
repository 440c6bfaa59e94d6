// The small rules of SSO, as pure functions; the flows themselves are in test/sso-e2e.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loopbackRedirect, safeReturnTo } from './routes.ts';
import { cliTokenBaseName, csrfTokenFor, hashSessionId, userIdFor } from './service.ts';
import { escapeHtml, html } from './pages.ts';
import { devClaims } from './dev-provider.ts';

test('return_to is a path on this Warden, never another origin', () => {
  const base = 'https://warden.example.com';
  assert.equal(safeReturnTo(undefined, base), '/');
  assert.equal(safeReturnTo('/console/users?x=1#top', base), '/console/users?x=1#top');
  for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'evil', '/a\r\nSet-Cookie: x=1', 'javascript:alert(1)']) {
    assert.equal(safeReturnTo(bad, base), null, bad);
  }
});

test('the CLI redirect URI must be http on 127.0.0.1 or localhost with an explicit port', () => {
  assert.ok(loopbackRedirect('http://127.0.0.1:53682/callback'));
  assert.ok(loopbackRedirect('http://localhost:8000/'));
  for (const bad of ['https://127.0.0.1:5/', 'http://127.0.0.1/', 'http://10.0.0.1:5/', 'http://localhost.evil.example:5/', 'http://a:b@localhost:5/', 'http://localhost:5/#x', 'file:///etc/passwd', '']) {
    assert.equal(loopbackRedirect(bad), null, bad);
  }
});

test('user_id is the issuer without scheme, a bar, and the subject', () => {
  assert.equal(userIdFor('https://accounts.google.com', '1076915'), 'accounts.google.com|1076915');
  assert.equal(userIdFor('https://login.microsoftonline.com/tid/v2.0/', 'abc'), 'login.microsoftonline.com/tid/v2.0|abc');
});

test('the CLI token name is cli-<hostname> with odd characters replaced', () => {
  assert.equal(cliTokenBaseName('build-box.local'), 'cli-build-box.local');
  assert.equal(cliTokenBaseName('Ada’s MacBook Pro'), 'cli-Ada-s-MacBook-Pro');
  assert.equal(cliTokenBaseName('<>'), 'cli-unknown');
});

test('the CSRF token is bound to its session and neither reveals the other', () => {
  assert.equal(csrfTokenFor('a'), csrfTokenFor('a'));
  assert.notEqual(csrfTokenFor('a'), csrfTokenFor('b'));
  assert.notEqual(csrfTokenFor('a'), 'a');
  assert.match(hashSessionId('a'), /^[0-9a-f]{64}$/);
});

test('pages escape every interpolated value', () => {
  assert.equal(escapeHtml('<a href="x">\'&`'), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#96;');
  assert.equal(html`<p>${'<b>'}${html`<i>${'&'}</i>`}</p>`.html, '<p>&#60;b&#62;<i>&#38;</i></p>');
});

test('development accounts: the typed name makes the email; admin is admin@example.com', () => {
  assert.deepEqual(devClaims('Ada Lovelace'), { email: 'ada.lovelace@example.com', email_verified: true, name: 'Ada Lovelace' });
  assert.equal(devClaims('admin').email, 'admin@example.com');
});
