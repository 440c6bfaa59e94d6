// The console end to end, in Debian's Chromium, against a real `warden serve` with the development
// OpenID Provider, on SQLite and PostgreSQL: the Admin, Member, Manager and Session journeys of
// issue 9, axe-core on every page (no serious or critical violation), a screenshot of every page at
// 1280×800 and 390 px wide (the folder is printed). The Users page at 100,000 users is timed in
// test/alone/users-page.test.ts, away from the other test files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DATABASES, describeEachDatabaseAtOnce } from './support.ts';
import { Screens, browserTestsSkipReason, openBrowser, reactHolds, settle, signIn, startWarden, type Browser, type Warden } from './console/harness.ts';
import { seedGrace } from './console/seed.ts';
import { startIssuer } from './oidc-issuers.ts';
import { systemClock } from '../src/scheduler/clock.ts';

// Browser globals inside page.evaluate() (the server's tsconfig has no DOM library).
declare const window: any;
declare const document: any;
declare const sessionStorage: Record<string, string>;
declare const localStorage: Record<string, string>;
declare const navigator: { clipboard: { readText(): Promise<string> } };

const skip = browserTestsSkipReason();

/** Picks an option of a Mantine Select or MultiSelect: focus the field, type, click the option. */
async function pick(page: Page, label: string | RegExp, search: string, option: string | RegExp, scope = page.locator('body')): Promise<void> {
  const input = scope.getByRole('combobox', { name: label, exact: typeof label === 'string' });
  await input.click();
  const searchable = await input.isEditable();
  if (searchable) await input.fill(search); // a searchable one; the others just open
  const wanted = page.getByRole('option', { name: option }).first();
  // On a loaded machine the dropdown may close before its search answers (the field lost focus):
  // a person would click the field again, and so does this, once; the error then says what showed.
  if (!(await wanted.waitFor({ timeout: 7_500 }).then(() => true, () => false))) {
    if ((await input.getAttribute('aria-expanded')) !== 'true') await input.click();
    if (searchable && (await input.inputValue()) !== search) await input.fill(search);
    await wanted.waitFor({ timeout: 7_500 }).catch(async (err: Error) => {
      const shown = await page.getByRole('option').allTextContents().catch(() => []);
      throw new Error(`no option ${String(option)} in ${String(label)} after typing "${search}" (field shows "${await input.inputValue().catch(() => '?')}", expanded ${await input.getAttribute('aria-expanded').catch(() => '?')}; options shown: ${JSON.stringify(shown)})`, { cause: err });
    });
  }
  await wanted.click();
  // A MultiSelect stays open for more; Escape closes it (and would close a dialog if nothing were open).
  if ((await input.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function whoAmI(warden: Warden, token: string): Promise<number> {
  return (await warden.api('GET', '/api/users/me', { token })).status;
}

/** A time as a datetime-local input takes it (this machine's time zone, which the browser shares). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Presses Tab until the focused element's name matches: proves it is reachable by keyboard alone. */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return '';
      return String(el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/**
 * Reads the secret from its dialog, copies it with the Copy button (when asked), closes the dialog
 * (confirmed, by mouse or keyboard) and proves the secret is gone from the DOM, React and the caches.
 */
async function takeSecretAndClose(page: Page, prefix: RegExp, how: { copy?: boolean; keyboard?: boolean } = {}): Promise<string> {
  const secretBox = page.getByTestId('token-secret');
  await secretBox.waitFor();
  const secret = (await secretBox.textContent())!.trim();
  assert.match(secret, prefix);
  if (how.copy) {
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the Copy button puts the secret on the clipboard');
  }
  if (how.keyboard) {
    await tabTo(page, /^Done$/);
    await page.keyboard.press('Enter');
    if (!how.copy) {
      await tabTo(page, /Yes, I have copied it/);
      await page.keyboard.press('Enter');
    }
  } else {
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    // After the Copy button, Done closes at once: the copy is the confirmation.
    if (how.copy) assert.equal(await page.getByRole('button', { name: /Yes, I have copied it/ }).count(), 0, 'no second confirmation after Copy');
    else await page.getByRole('button', { name: /Yes, I have copied it/ }).click();
  }
  await secretBox.waitFor({ state: 'detached' });
  await settle(page); // let the refetch after the change render once more
  assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the DOM');
  const dump = await page.evaluate(() => window.wardenConsole!.cacheDump());
  assert.ok(dump.length > 100 && !dump.includes(secret), 'the secret is not in the query or mutation cache');
  assert.equal(await reactHolds(page, secret), false, 'the secret is gone from React state and props');
  // Its start is the hint, which lists show; the rest (random part and checksum) must be gone everywhere.
  assert.equal(await reactHolds(page, secret.slice(-20)), false, 'no part of the secret beyond the hint is kept');
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!storage.includes(secret), 'nor in web storage');
  return secret;
}

async function tokenMenu(page: Page, tokenName: string, item: string, confirm: string): Promise<void> {
  await page.getByRole('button', { name: `Token menu for ${tokenName}` }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: confirm }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' }).catch(async (err: Error) => {
    // Say which dialog stayed: the same confirmation again, an error, or another dialog.
    const open = await page.getByRole('dialog').allTextContents().catch(() => []);
    const notes = await page.getByRole('alert').allTextContents().catch(() => []);
    throw new Error(`after "${confirm}" a dialog is still open: ${JSON.stringify(open)}; notifications: ${JSON.stringify(notes)}`, { cause: err });
  });
}

function tokenRow(page: Page, tokenName: string) {
  return page.getByRole('row').filter({ has: page.getByText(tokenName, { exact: true }) });
}

// The two databases' journeys run at the same time, each in its own server and browser contexts:
// they mostly wait on the browser, and each database's journeys still run in order.
describeEachDatabaseAtOnce('console in Chromium', (dialect) => {
  let warden: Warden;
  let screens: Screens;
  let grace: { id: number; token: string };
  const browsers: Browser[] = [];
  let started = Date.now();

  const browser = async () => {
    const b = await openBrowser(dialect);
    browsers.push(b);
    return b;
  };

  before(async () => {
    started = Date.now();
    // The workload identity journey's issuer is on loopback; the maintainer journey needs maintainers on.
    warden = await startWarden(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1/32', WARDEN_TEAM_MAINTAINERS: 'on' });
    // axe and the screenshots look at pages, which are the same whatever the database: they run on
    // the first database (SQLite); the journeys themselves run on every database.
    screens = new Screens(dialect, { checks: dialect === DATABASES[0] });
    // What the journeys start from: a team, a datastore, and a person with a personal access token.
    assert.equal((await warden.api('POST', '/api/teams', { body: { name: 'Data Engineering', permission: 'reporter', description: 'Pipelines and loads' } })).status, 201);
    assert.equal((await warden.api('POST', '/api/datastores', { body: { name: 'Orders', kind: 'source', description: 'Order events' } })).status, 201);
    grace = await seedGrace(warden.db.db);
  });

  after(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    const problems = browsers.flatMap((b) => b.problems);
    await warden?.stop();
    if (screens) {
      if (screens.checks) process.stdout.write(`\nConsole screenshots [${dialect}] (${screens.taken.length} files): ${screens.dir}\n`);
      process.stdout.write(`Console browser suite [${dialect}]: ${((Date.now() - started) / 1000).toFixed(1)} s (axe and screenshots: ${(screens.spentMs() / 1000).toFixed(1)} s)\n`);
    }
    assert.deepEqual(problems, [], 'no CSP refusal and no uncaught error in any page');
  });

  test('Admin journey: service user, its token through revoke/restore/delete, deactivation, a team changing Check access, the audit trail', async () => {
    const { page, context } = await browser();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: warden.url });
    await signIn(page, warden, 'admin', '/');
    await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
    await screens.capture(page, 'overview', { phoneAxe: true });

    await nav(page, 'Users');
    await page.getByRole('table', { name: 'Users' }).waitFor();
    await screens.capture(page, 'users', { phoneAxe: true });

    // New service user: the id is previewed by the server's own rule.
    await page.getByRole('link', { name: 'New service user' }).click();
    await page.getByLabel('Name', { exact: false }).first().fill('Pipeline Automation');
    await page.getByTestId('user-id-preview').filter({ hasText: 'pipeline_automation@service — available' }).waitFor();
    await screens.capture(page, 'new-service-user', { phoneAxe: true });
    await page.getByRole('button', { name: 'Next' }).click();
    assert.equal(await page.getByRole('radio', { name: /^Member/ }).isChecked(), true, 'Member (least privilege) is the default');
    await pick(page, 'Teams', 'Data', /^Data Engineering/);
    await screens.capture(page, 'new-service-user-role');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Purpose').fill('Nightly loads into the warehouse');
    await page.getByLabel('First review').fill('2031-03-31');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create service user' }).click();
    await page.getByText('Pipeline Automation created').waitFor();
    const created = await warden.api('GET', `/api/users/${encodeURIComponent('pipeline_automation@service')}`);
    assert.equal(created.status, 200);
    assert.equal(created.body.role, 'member');
    assert.equal(created.body.review_due_at, '2031-03-31T00:00:00.000Z', 'the first review date of the wizard');
    assert.deepEqual(created.body.teams.map((t: { name: string }) => t.name).sort(), ['Data Engineering', 'Public']);

    // Its first token, for 90 days; the secret works from the test, then is gone from the console.
    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('deploy');
    await dialog.getByText('90 days', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await page.getByTestId('token-secret').waitFor();
    await screens.capture(page, 'token-secret', { phoneAxe: true });
    const secret = await takeSecretAndClose(page, /^wdn_svc_/, { copy: true });
    const me = await warden.api('GET', '/api/users/me', { token: secret });
    assert.equal(me.status, 200);
    assert.equal(me.body.user_id, 'pipeline_automation@service');
    const listed = await warden.api('GET', `/api/user-tokens/service?user_id=${created.body.id}`);
    const days = (Date.parse(listed.body.items[0].expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 89 && days <= 90, `the token expires in 90 days (${days.toFixed(2)})`);

    // The user page's Tokens tab: revoke (401), restore (200), revoke, delete.
    await page.waitForURL(/\/users\/\d+\?tab=tokens/);
    const row = tokenRow(page, 'deploy');
    await row.getByText('Active').waitFor();
    await screens.capture(page, 'user-tokens');
    await tokenMenu(page, 'deploy', 'Revoke', 'Revoke token');
    await row.getByText('Revoked').waitFor();
    assert.equal(await whoAmI(warden, secret), 401, 'a revoked token is refused at once');
    await tokenMenu(page, 'deploy', 'Restore', 'Restore token');
    await row.getByText('Active').waitFor();
    assert.equal(await whoAmI(warden, secret), 200, 'a restored token works again');
    await tokenMenu(page, 'deploy', 'Revoke', 'Revoke token');
    await row.getByText('Revoked').waitFor();
    await tokenMenu(page, 'deploy', 'Delete', 'Delete token');
    await row.waitFor({ state: 'detached' });
    assert.equal(await whoAmI(warden, secret), 401);

    // The service user's owner, purpose and review.
    await page.getByRole('tab', { name: 'Role & teams' }).click();
    await page.getByRole('heading', { name: 'Service user' }).waitFor();
    assert.equal(await page.getByLabel('Purpose').inputValue(), 'Nightly loads into the warehouse');
    await page.getByText('Last reviewed: Never').waitFor();
    await screens.capture(page, 'service-user');
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByRole('dialog').getByLabel('Note').fill('Still loads the warehouse nightly');
    await page.getByRole('dialog').getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByText(/^Last reviewed: (?!Never)/).waitFor();
    const reviewed = (await warden.api('GET', `/api/users/${created.body.id}`)).body;
    assert.ok(reviewed.last_reviewed_at, 'the review is recorded');
    assert.equal(reviewed.review_due_at, null, 'a review uses up the date set for it');

    // Deactivate a person by typing "deactivate"; their token stops; reactivate brings it back.
    await nav(page, 'Users');
    await page.getByLabel('Search').fill('Grace');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { level: 1, name: /Grace Hopper/ }).waitFor();
    await screens.capture(page, 'user', { phoneAxe: true });
    assert.equal(await whoAmI(warden, grace.token), 200);
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const deactivate = page.getByRole('dialog');
    await deactivate.getByLabel('Reason').fill('Left the company');
    const confirmButton = deactivate.getByRole('button', { name: 'Deactivate' });
    assert.equal(await confirmButton.isDisabled(), true, 'nothing happens until "deactivate" is typed');
    await deactivate.getByLabel(/to confirm/).fill('deactivat');
    assert.equal(await confirmButton.isDisabled(), true);
    await deactivate.getByLabel(/to confirm/).fill('deactivate');
    await screens.capture(page, 'user-deactivate');
    await confirmButton.click();
    await page.getByRole('heading', { level: 1, name: /Deactivated/ }).waitFor();
    assert.equal(await whoAmI(warden, grace.token), 401, 'a deactivated owner\'s token is refused');
    await page.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reactivate' }).click();
    // The dialog then says which tokens work again (test/console-new-user.test.ts checks the list).
    await page.getByRole('table', { name: 'Tokens that work again' }).getByText('notebook', { exact: true }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: /Active/ }).waitFor();
    assert.equal(await whoAmI(warden, grace.token), 200, 'reactivation brings the token back');
    // Just-in-time access: Manager for two days, then Member again by itself.
    await pick(page, 'Role', 'Manager', 'Manager');
    await page.getByLabel('Until (optional)').fill(localInput(Date.now() + 2 * 86_400_000));
    await page.getByLabel('Reason').fill('On call this week');
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.getByText(/^Manager until /).waitFor();
    const elevated = await warden.api('GET', `/api/users/${grace.id}`);
    assert.equal(elevated.body.role, 'manager');
    assert.equal(elevated.body.elevation?.returns_to, 'member');
    await page.getByRole('tab', { name: 'Permissions' }).click();
    await page.getByText(/Platform actions/).waitFor();
    await screens.capture(page, 'user-permissions');
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('table', { name: 'History of Grace Hopper' }).getByText('user.reactivated').waitFor();
    await screens.capture(page, 'user-history');

    // Check access before and after a team gives Pipeline Automation the viewer level on Orders.
    const checkPreview = async () => {
      await nav(page, 'Check access');
      await pick(page, 'User', 'Pipeline', /Pipeline Automation/);
      await pick(page, 'Action', 'datastore.preview', 'datastore.preview');
      await pick(page, 'Datastore', 'Orders', /^Orders/);
      await page.getByRole('button', { name: 'Check' }).click();
      return (await page.getByTestId('decision').textContent())!.trim();
    };
    assert.equal(await checkPreview(), 'Denied');
    await page.getByText('no_team').waitFor();
    await nav(page, 'Teams');
    await page.getByRole('link', { name: 'New team' }).click();
    await page.getByLabel('Name', { exact: false }).first().fill('Order readers');
    await page.getByLabel('Description').fill('May preview order events');
    await page.getByRole('radio', { name: 'Viewer' }).check();
    await pick(page, 'Members', 'Pipeline', /Pipeline Automation/);
    await page.getByLabel('Membership of Pipeline Automation ends').fill(localInput(Date.now() + 30 * 86_400_000));
    await pick(page, 'Datastores', 'Orders', /^Orders/);
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order readers' }).waitFor();
    const team = (await warden.api('GET', '/api/teams?q=Order%20readers')).body.items[0];
    const ends = (Date.parse(team.users[0].until) - Date.now()) / 86_400_000;
    assert.ok(ends > 29.9 && ends < 30.1, `the membership ends in 30 days (${ends.toFixed(2)})`);
    await screens.capture(page, 'team', { phoneAxe: true });
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('table', { name: 'History of Order readers' }).getByText('team.created').waitFor();
    await screens.capture(page, 'team-history');
    await nav(page, 'Teams');
    await page.getByRole('link', { name: 'Order readers' }).waitFor();
    await screens.capture(page, 'teams');
    await page.getByRole('link', { name: 'Public' }).click();
    await page.getByText('Every user, personal or service, is always a member').waitFor();
    await screens.capture(page, 'team-public');
    assert.equal(await checkPreview(), 'Allowed');
    assert.equal(await page.getByTestId('granting-team').textContent(), 'Order readers');
    await screens.capture(page, 'check-access');

    await nav(page, 'Datastores');
    await page.getByRole('table', { name: 'Datastores' }).getByText('Order readers').waitFor();
    await screens.capture(page, 'datastores');
    await nav(page, 'Access Tokens');
    await screens.capture(page, 'tokens-personal');
    await page.getByRole('tab', { name: 'Service' }).click();
    await page.getByRole('table', { name: 'Service tokens' }).waitFor();
    await screens.capture(page, 'tokens-service');

    // The audit log has every change, by the signed-in Admin ("admin").
    await nav(page, 'Audit');
    await pick(page, 'Action', 'token.rev', 'token.revoked');
    await page.waitForURL(/action=token\.revoked/);
    const audit = page.getByRole('table', { name: 'Audit events' });
    await audit.getByRole('row').nth(2).waitFor();
    await screens.capture(page, 'audit', { phoneAxe: true });
    const admin = (await warden.api('GET', '/api/users?q=admin%40example.com')).body.items[0].id as number;
    const expected: [string, number, RegExp][] = [
      ['user.created', 1, /pipeline_automation@service/], ['token.created', 1, /deploy/], ['token.revoked', 2, /token \d+/], ['token.restored', 1, /token \d+/],
      ['token.deleted', 1, /token \d+/], ['user.deactivated', 1, /Left the company/], ['user.reactivated', 1, new RegExp(`user ${grace.id}`)], ['team.created', 1, /Order readers/],
    ];
    for (const [action, count, mentions] of expected) {
      await page.goto(`${warden.url}/audit?action=${action}&actor=${admin}`);
      const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row').filter({ hasText: action });
      await rows.first().waitFor();
      for (const text of await rows.allTextContents()) assert.match(text, /admin/, `${action}: the actor is admin`);
      assert.equal(await rows.filter({ hasText: mentions }).count(), count, `${action} events by admin about ${mentions}`);
    }
  });

  test('Admin journey: a workload identity added from the GitHub Actions template, used by a job, deleted', async () => {
    const issuer = await startIssuer('github', systemClock);
    try {
      const svc = await warden.api('POST', '/api/users', { body: { name: 'GitHub Deployer', role: 'member' } });
      assert.equal(svc.status, 201);
      const { page } = await browser();
      await signIn(page, warden, 'admin', `/users/${svc.body.id}`);
      await page.getByRole('tab', { name: 'Workload identities' }).click();
      await page.getByText('GitHub Deployer trusts no external issuer.').waitFor();
      await page.getByRole('button', { name: 'Add workload identity' }).click();
      const dialog = page.getByRole('dialog');
      assert.equal(await dialog.getByLabel('Issuer').inputValue(), 'https://token.actions.githubusercontent.com', 'the template pre-fills the issuer');
      await dialog.getByText(/Pin repository_id/).waitFor();
      await dialog.getByLabel('Name').fill('github-main');
      await dialog.getByLabel('Issuer').fill(issuer.issuer);
      await dialog.getByLabel('Subject').fill('repo:acme/etl:ref:refs/heads/main');
      await dialog.getByLabel('Claims to pin').fill('repository_id=123456');
      await screens.capture(page, 'workload-identity-add');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('GitHub Deployer now trusts github-main').waitFor();
      const table = page.getByRole('table', { name: 'Workload identities of GitHub Deployer' });
      await table.getByText('repo:acme/etl:ref:refs/heads/main').waitFor();
      // A job exchanges its identity token; the list then shows the last use.
      const res = await fetch(`${warden.url}/api/oauth/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', subject_token: await issuer.sign() }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      await page.reload();
      await table.getByRole('row').filter({ hasText: 'github-main' }).filter({ hasNotText: 'Never' }).waitFor();
      await screens.capture(page, 'workload-identities');
      await page.getByRole('button', { name: 'Delete github-main' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText('GitHub Deployer trusts no external issuer.').waitFor();
      const refused = await fetch(`${warden.url}/api/oauth/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', subject_token: await issuer.sign() }),
      });
      assert.equal(refused.status, 400);
    } finally {
      await issuer.close();
    }
  });

  test('Qualytics controls (issue 22): 7/180-day and custom-date expiry, Download beside Copy, Show deactivated, several teams, the service token\'s owner', async () => {
    const { page } = await browser();
    await signIn(page, warden, 'admin', '/');
    await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
    // Two teams, three service users: one in each team, one deactivated.
    const team = async (name: string) => (await warden.api('POST', '/api/teams', { body: { name, permission: 'viewer' } })).body.id as number;
    const [north, south] = [await team('Q North'), await team('Q South')];
    const user = async (name: string, teamIds: number[]) => (await warden.api('POST', '/api/users', { body: { name, role: 'member', team_ids: teamIds } })).body.id as number;
    const northId = await user('Q North Loader', [north]);
    await user('Q South Loader', [south]);
    const goneId = await user('Q Gone Loader', [north]);
    assert.equal((await warden.api('DELETE', `/api/users/${goneId}`)).status, 200);

    // The Users list hides deactivated users until "Show deactivated" is on; teams filter by several.
    await nav(page, 'Users');
    const table = page.getByRole('table', { name: 'Users' });
    await page.getByLabel('Search').fill('Q ');
    await table.getByRole('link', { name: 'Q North Loader' }).waitFor();
    assert.equal(await table.getByRole('link', { name: 'Q Gone Loader' }).count(), 0, 'deactivated users are hidden by default');
    assert.equal(await page.getByRole('switch', { name: 'Show deactivated' }).isChecked(), false);
    await page.getByRole('switch', { name: 'Show deactivated' }).click();
    await table.getByRole('link', { name: 'Q Gone Loader' }).waitFor();
    await page.waitForURL(/deactivated=1/);
    await pick(page, 'Teams', 'Q North', 'Q North');
    await pick(page, 'Teams', 'Q South', 'Q South');
    await page.waitForURL(new RegExp(`team=${north}(%2C|,)${south}`));
    await table.getByRole('link', { name: 'Q South Loader' }).waitFor();
    await screens.capture(page, 'users-teams-deactivated');
    const names = async () => (await table.getByRole('link').allTextContents()).filter((n) => n.startsWith('Q ')).sort();
    assert.deepEqual(await names(), ['Q Gone Loader', 'Q North Loader', 'Q South Loader']);
    await page.getByRole('switch', { name: 'Show deactivated' }).click();
    await table.getByRole('link', { name: 'Q Gone Loader' }).waitFor({ state: 'detached' });
    assert.deepEqual(await names(), ['Q North Loader', 'Q South Loader']);

    // Generate: the lifetimes Qualytics recommends (7 and 180 days), a custom date within the cap, and Download.
    await page.goto(`${warden.url}/users/${northId}?tab=tokens`);
    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('staging');
    const offered = await dialog.getByRole('radio').evaluateAll((els) => els.map((e) => (e as any).labels?.[0]?.textContent ?? ''));
    assert.deepEqual(offered, ['7 days', '30 days', '60 days', '90 days', '180 days', '1 year', 'Custom', 'Never']);
    await dialog.getByText('Custom', { exact: true }).click();
    const date = new Date(Date.now() + 45 * 86_400_000);
    const ymd = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    await dialog.getByLabel('Expires on').fill(ymd);
    await screens.capture(page, 'token-custom-expiry');
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const secretBox = page.getByTestId('token-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())!.trim();
    await screens.capture(page, 'token-secret-download');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    assert.equal(download.suggestedFilename(), 'staging-token.txt');
    const file = await download.path();
    assert.equal((await import('node:fs')).readFileSync(file, 'utf8'), secret, 'the file holds the token and nothing else');
    // A download counts as the copy: Done closes at once.
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await secretBox.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: /Yes, I have copied it/ }).count(), 0);
    const staging = (await warden.api('GET', `/api/user-tokens/service?user_id=${northId}`)).body.items.find((t: { name: string }) => t.name === 'staging');
    const days = (Date.parse(staging.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 43.9 && days <= 45.1, `the custom date is about 45 days away (${days.toFixed(2)})`);
    assert.equal(await whoAmI(warden, secret), 200);

    await page.getByRole('button', { name: 'Generate token' }).click();
    await dialog.getByLabel('Name').fill('testing');
    await dialog.getByText('7 days', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await takeSecretAndClose(page, /^wdn_svc_/, { copy: false });
    const testing = (await warden.api('GET', `/api/user-tokens/service?user_id=${northId}`)).body.items.find((t: { name: string }) => t.name === 'testing');
    const week = (Date.parse(testing.expires_at) - Date.now()) / 86_400_000;
    assert.ok(week > 6.9 && week <= 7, `7 days (${week.toFixed(2)})`);

    // The Service tab names each token's service user, with a link to it.
    await nav(page, 'Access Tokens');
    await page.getByRole('tab', { name: 'Service' }).click();
    const service = page.getByRole('table', { name: 'Service tokens' });
    const owner = service.getByRole('row').filter({ hasText: 'staging' }).getByTestId('token-owner');
    assert.equal(await owner.textContent(), 'Q North Loader');
    await service.getByRole('row').filter({ hasText: 'staging' }).getByText('q_north_loader@service').waitFor();
    await screens.capture(page, 'tokens-service-owner');
    await owner.click();
    await page.waitForURL(new RegExp(`/users/${northId}`));
    await page.getByRole('heading', { level: 1, name: /Q North Loader/ }).waitFor();
  });

  test('Member journey: own tokens only, no Users, Audit or Service tab, a clear "not allowed" page', async () => {
    const { page } = await browser();
    await signIn(page, warden, 'Ada Lovelace', '/');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    const links = await navigation.getByRole('link').allTextContents();
    assert.deepEqual(links, ['Overview', 'Access Tokens', 'Datastores', 'Check access']);
    await screens.capture(page, 'member-overview');

    await nav(page, 'Access Tokens');
    await page.getByRole('tab', { name: 'Personal' }).waitFor();
    assert.deepEqual(await page.getByRole('tab').allTextContents(), ['Personal'], 'no Service tab');
    await page.goto(`${warden.url}/tokens?tab=service`);
    await page.getByRole('tab', { name: 'Personal' }).waitFor();
    assert.deepEqual(await page.getByRole('tab').allTextContents(), ['Personal'], 'not even by URL');
    // Generated by keyboard alone: Tab to the button, Enter, type the name (focused), arrows for the
    // lifetime, Enter to submit; the secret dialog is closed by keyboard too.
    await tabTo(page, /^Generate token$/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByLabel('Name').waitFor();
    await page.keyboard.type('laptop');
    await tabTo(page, /^90 days$/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('dialog').getByRole('radio', { name: '30 days' }).isChecked(), true);
    await page.getByRole('dialog').getByLabel('Name').focus();
    await page.keyboard.press('Enter');
    const secret = await takeSecretAndClose(page, /^wdn_pat_/, { keyboard: true });
    const laptop = (await warden.api('GET', '/api/user-tokens', { token: secret })).body.items.find((t: { name: string }) => t.name === 'laptop');
    const days = (Date.parse(laptop.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `30 days chosen with the arrow keys (${days.toFixed(2)})`);
    assert.equal(await whoAmI(warden, secret), 200);
    const row = tokenRow(page, 'laptop');
    await row.getByText('Active').waitFor();
    await screens.capture(page, 'member-tokens', { phoneAxe: true });
    // The system's dark preference is followed (and keeps its contrast).
    await page.emulateMedia({ colorScheme: 'dark' });
    await screens.capture(page, 'member-tokens-dark', { phoneAxe: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await tokenMenu(page, 'laptop', 'Revoke', 'Revoke token');
    await row.getByText('Revoked').waitFor();
    assert.equal(await whoAmI(warden, secret), 401);
    await tokenMenu(page, 'laptop', 'Restore', 'Restore token');
    await row.getByText('Active').waitFor();
    assert.equal(await whoAmI(warden, secret), 200);
    await tokenMenu(page, 'laptop', 'Revoke', 'Revoke token');
    await row.getByText('Revoked').waitFor();
    await tokenMenu(page, 'laptop', 'Delete', 'Delete token');
    await row.waitFor({ state: 'detached' });
    assert.equal(await whoAmI(warden, secret), 401);

    // A narrowed token (reads only, from this machine), then rotated with no overlap.
    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ci-runner');
    await dialog.getByRole('button', { name: 'Narrow this token (optional)' }).click();
    await pick(page, 'Only these actions', 'read', /^read — /, dialog);
    const networks = dialog.getByLabel('Only from these networks');
    await networks.fill('127.0.0.1/32');
    await networks.press('Enter');
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    const narrowed = await takeSecretAndClose(page, /^wdn_pat_/);
    await tokenRow(page, 'ci-runner').getByText(/Narrowed to \d+ actions? · 1 network/).waitFor();
    assert.equal(await whoAmI(warden, narrowed), 200, 'a read is allowed');
    assert.equal((await warden.api('POST', '/api/user-tokens', { token: narrowed, body: { name: 'more', expires_in_days: 1 } })).status, 403, 'issuing a token is not a read');
    await page.getByRole('button', { name: 'Token menu for ci-runner' }).click();
    await page.getByRole('menuitem', { name: 'Rotate' }).click();
    await page.getByRole('dialog').getByLabel(/Overlap/).fill('0');
    await screens.capture(page, 'member-rotate');
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
    const successor = await takeSecretAndClose(page, /^wdn_pat_/);
    assert.notEqual(successor, narrowed);
    assert.equal(await whoAmI(warden, narrowed), 401, 'with no overlap the old token stops at once');
    assert.equal(await whoAmI(warden, successor), 200, 'the successor works');
    assert.equal((await warden.api('POST', '/api/user-tokens', { token: successor, body: { name: 'more', expires_in_days: 1 } })).status, 403, 'and keeps the restrictions');
    await page.getByText('Rotated: replaced by a new token').waitFor();
    await page.getByText('Replaces an earlier token').waitFor();

    await nav(page, 'Datastores');
    await screens.capture(page, 'member-datastores');
    await nav(page, 'Check access');
    await screens.capture(page, 'member-check-access');
    for (const path of ['/users', '/audit', '/users/new-service-user', '/teams']) {
      await page.goto(warden.url + path);
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
      assert.match(await page.getByRole('main').textContent() ?? '', /Member/);
    }
    await screens.capture(page, 'not-allowed');
    await page.goto(`${warden.url}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await screens.capture(page, 'not-found');
  });

  test('Directory mappings and team maintainers (issue 21): an Admin maps groups; a maintainer changes members only, and sees only the controls they may use', async () => {
    const { page } = await browser();
    await signIn(page, warden, 'admin', '/');
    await nav(page, 'Directory mappings');
    await page.getByText('No mappings yet').waitFor();
    await page.getByLabel('Directory group', { exact: false }).fill('Data Engineers');
    await pick(page, 'Team', 'Data', 'Data Engineering');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    const table = page.getByRole('table', { name: 'Directory mappings' });
    await table.getByText('Team Data Engineering').waitFor();
    await page.getByLabel('Directory group', { exact: false }).fill('Warden Admins');
    await page.getByText('A role', { exact: true }).click();
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByText('A reason is required', { exact: false }).waitFor();
    await page.getByLabel('Reason', { exact: false }).fill('The platform team runs Warden');
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await table.getByText('The platform team runs Warden').waitFor();
    await screens.capture(page, 'directory-mappings');
    const mappings = await warden.api('GET', '/api/directory-mappings');
    assert.deepEqual(mappings.body.items.map((m: { group: string; role: string | null }) => [m.group, m.role]), [['Data Engineers', null], ['Warden Admins', 'manager']]);

    // Mona signs in and stays a Member (no users.read, no teams.read); an Admin makes her a member
    // and a maintainer of Data Engineering.
    const mona = await browser();
    await signIn(mona.page, warden, 'Mona Maintainer', '/');
    const monaId = (await warden.api('GET', '/api/users?q=Mona%20Maintainer')).body.items[0].id;
    assert.equal((await warden.api('GET', `/api/users/${monaId}`)).body.role, 'member');
    const team = (await warden.api('GET', '/api/teams?q=Data%20Engineering')).body.items[0];
    assert.equal((await warden.api('POST', `/api/teams/${team.id}/members`, { body: { user_id: monaId } })).status, 200);
    assert.equal((await warden.api('POST', `/api/teams/${team.id}/maintainers`, { body: { user_id: monaId } })).status, 200);
    await page.goto(`${warden.url}/teams/${team.id}`);
    await page.getByRole('heading', { name: 'Maintainers' }).waitFor();
    await page.getByRole('button', { name: 'Remove Mona Maintainer as maintainer' }).waitFor();
    await screens.capture(page, 'team-maintainers-admin');

    await mona.page.goto(`${warden.url}/teams/${team.id}`);
    await mona.page.getByText('You maintain this team', { exact: false }).waitFor();
    assert.equal(await mona.page.getByLabel('Name', { exact: false }).first().isDisabled(), true, 'not the name');
    assert.equal(await mona.page.getByRole('button', { name: 'Delete team' }).count(), 0, 'not delete');
    assert.equal(await mona.page.getByRole('button', { name: 'Save team' }).count(), 0);
    await mona.page.getByRole('button', { name: 'Save members' }).waitFor();
    assert.equal(await mona.page.getByRole('button', { name: 'Remove Mona Maintainer as maintainer' }).count(), 0, 'not herself');
    await screens.capture(mona.page, 'team-maintainer-view');
    // Grace is a member of no team: Mona, a Member, finds her through the member picker (the team's
    // member candidates, not the users list she may not read) and saves.
    const asked: string[] = [];
    mona.page.on('request', (r) => { asked.push(new URL(r.url()).pathname); });
    const members = mona.page.getByRole('combobox', { name: 'Members', exact: true });
    await members.click();
    await members.fill('G');
    await mona.page.getByText('Type at least 2 characters', { exact: false }).waitFor();
    await members.fill('Grace');
    const option = mona.page.getByRole('option', { name: /Grace Hopper/ });
    await option.waitFor();
    assert.equal(await mona.page.getByRole('option', { name: /Mona Maintainer/ }).count(), 0, 'not herself, already a member');
    if (screens.checks) await mona.page.screenshot({ path: `${screens.dir}/team-maintainer-picker.png` });
    await option.click();
    await mona.page.keyboard.press('Escape');
    await mona.page.getByRole('button', { name: 'Save members' }).click();
    await mona.page.getByText('saved', { exact: false }).first().waitFor();
    const after = (await warden.api('GET', `/api/teams/${team.id}`)).body;
    assert.ok(after.users.some((u: { id: number }) => u.id === grace.id), 'the maintainer added a member');
    const [event] = (await warden.api('GET', `/api/audit-events?target_type=team&target_id=${team.id}&size=1`)).body.items;
    assert.equal(event.actor.id, monaId, 'audited with the maintainer as actor');
    // Grace is no candidate any more; and Mona's console never asked for the users list.
    assert.ok(asked.some((p) => p === `/api/teams/${team.id}/member-candidates`), 'the picker searched the team\'s candidates');
    assert.ok(!asked.includes('/api/users'), 'nor the users list');
    const again = await warden.api('GET', `/api/teams/${team.id}/member-candidates?q=Grace`);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.ok(!again.body.items.some((u: { id: number }) => u.id === grace.id), 'a member is no candidate');
    // The team she does not maintain is not for her: a Member does not read teams.
    const other = (await warden.api('POST', '/api/teams', { body: { name: 'Finance', permission: 'viewer' } })).body;
    await mona.page.goto(`${warden.url}/teams/${other.id}`);
    await mona.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    assert.equal(await mona.page.getByRole('button', { name: 'Save members' }).count(), 0);
    assert.equal(await mona.page.getByRole('heading', { name: 'Maintainers' }).count(), 0);
  });

  test('Manager journey: reads Users and Teams without changing them, registers a datastore', async () => {
    const { page } = await browser();
    await signIn(page, warden, 'Mary Manager', '/');
    const found = await warden.api('GET', '/api/users?q=Mary%20Manager');
    assert.equal(found.body.total, 1);
    assert.equal((await warden.api('PUT', `/api/users/${found.body.items[0].id}`, { body: { role: 'manager', reason: 'Leads the data platform team' } })).status, 200);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    assert.deepEqual(links, ['Overview', 'Users', 'Access Tokens', 'Teams', 'Datastores', 'Reviews', 'Check access']);

    await nav(page, 'Users');
    await page.getByRole('link', { name: 'Grace Hopper' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New service user' }).count(), 0);
    await screens.capture(page, 'manager-users');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { level: 1, name: /Grace Hopper/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Deactivate' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Change role' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Save teams' }).count(), 0);
    await screens.capture(page, 'manager-user');

    await nav(page, 'Teams');
    assert.equal(await page.getByRole('link', { name: 'New team' }).count(), 0);
    await page.getByRole('link', { name: 'Data Engineering' }).click();
    await page.getByText('Read-only: only Admins change teams.').waitFor();
    assert.equal(await page.getByLabel('Name', { exact: false }).first().isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Save team' }).count(), 0);
    await screens.capture(page, 'manager-team');

    await nav(page, 'Datastores');
    await page.getByRole('button', { name: 'Register datastore' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: false }).first().fill('Clickstream');
    await pick(page, 'Kind', 'Enr', 'Enrichment', dialog);
    await dialog.getByLabel('Description').fill('Web analytics events');
    assert.equal(await dialog.getByLabel('Teams').count(), 0, 'putting it in a team is for Admins');
    await screens.capture(page, 'manager-register-datastore');
    await dialog.getByRole('button', { name: 'Register datastore' }).click();
    await page.getByRole('table', { name: 'Datastores' }).getByText('Clickstream').waitFor();
    const registered = await warden.api('GET', '/api/datastores?q=Clickstream');
    assert.equal(registered.body.items[0].kind, 'enrichment');
    assert.equal(registered.body.items[0].created_by.name, 'Mary Manager');
    await screens.capture(page, 'manager-datastores');
    await page.goto(`${warden.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
  });

  test('Session: CSRF still required, an expired session comes back to the same page with the draft, sign-out ends it', async () => {
    const { page, context } = await browser();
    await signIn(page, warden, 'Ada Lovelace', '/tokens');

    // The unchanged server rule: a session mutation without X-CSRF-Token is refused.
    const statuses = await page.evaluate(async () => {
      const post = (headers: Record<string, string>) => fetch('/api/user-tokens', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: `csrf-${Object.keys(headers).length}`, expires_in_days: 1 }) }).then((r) => r.status);
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c: string) => c.startsWith('warden_csrf='))!.split('=')[1]);
      return [await post({}), await post({ 'x-csrf-token': 'wrong' }), await post({ 'x-csrf-token': csrf })];
    });
    assert.deepEqual(statuses, [403, 403, 201]);

    // The session expires while a form is open: sign in again, land on the same page, nothing typed lost.
    await page.reload();
    await page.getByRole('button', { name: 'Generate token' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('draft-kept');
    await warden.db.db.kysely.updateTable('sessions').set({ expires_at: '2001-01-01T00:00:00.000Z' }).execute();
    await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
    await page.getByText('Your session has ended').waitFor();
    await screens.capture(page, 'session-ended');
    assert.equal(new URL(page.url()).pathname, '/tokens');
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.waitForURL((u) => !u.href.startsWith(warden.url) || u.pathname === '/tokens');
    if (!page.url().startsWith(warden.url)) {
      await page.locator('input[name="login"]').fill('Ada Lovelace');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
    }
    await page.waitForURL((u) => u.href.startsWith(warden.url) && u.pathname === '/tokens');
    const name = page.getByRole('dialog').getByLabel('Name');
    await name.waitFor();
    assert.equal(await name.inputValue(), 'draft-kept', 'the open form came back with what was typed');
    await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
    await takeSecretAndClose(page, /^wdn_pat_/);
    await tokenRow(page, 'draft-kept').waitFor();

    // The server-rendered pages look like the console and pass axe too: the CLI's confirmation, a sign-in error.
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    await page.goto(`${warden.url}/api/cli/authorize?redirect_uri=${encodeURIComponent('http://127.0.0.1:9/callback')}&state=s1&hostname=laptop&code_challenge=${challenge}&code_challenge_method=S256`);
    await page.getByRole('heading', { name: /Warden CLI on laptop/ }).waitFor();
    await screens.capture(page, 'server-cli-authorize', { phoneAxe: true });
    await page.goto(`${warden.url}/api/auth/callback?code=nothing&state=nothing`);
    await page.getByRole('link', { name: 'Sign in again' }).waitFor();
    await screens.capture(page, 'server-sign-in-error');
    await page.goto(`${warden.url}/tokens`);
    await tokenRow(page, 'draft-kept').waitFor();

    // Sign-out ends the session on the server, not just in this browser.
    const cookies = (await context.cookies()).filter((c) => c.name === 'warden_session' || c.name === 'warden_csrf');
    assert.equal(cookies.length, 2);
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    assert.equal((await warden.api('GET', '/api/users/me', { token: null, headers: { cookie: cookieHeader } })).status, 200);
    await page.getByRole('button', { name: /^Account: / }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByText('You have signed out').waitFor();
    await screens.capture(page, 'signed-out');
    assert.equal((await warden.api('GET', '/api/users/me', { token: null, headers: { cookie: cookieHeader } })).status, 401, 'the old session cookie is refused');
    await page.reload();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    const href = await page.getByRole('link', { name: 'Sign in with SSO' }).getAttribute('href');
    assert.equal(href, `/api/auth/login?return_to=${encodeURIComponent('/tokens')}`);
    await screens.capture(page, 'sign-in', { phoneAxe: true });
  });
}, { skip });
