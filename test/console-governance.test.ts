// The governance pages of the console in Debian's Chromium against a real `warden serve`, on SQLite
// and PostgreSQL: the review queue (keep, deactivate), webhooks (create with the secret shown once
// and gone after closing, send a test event that a real receiver verifies, the delivery log),
// the audit chain check, and a time-bound role on the user page. axe-core on each page, screenshots
// at 1280×800 and 390 px wide (the folder is printed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeEachDatabaseAtOnce } from './support.ts';
import { Screens, browserTestsSkipReason, openBrowser, reactHolds, settle, signIn, startWarden, type Browser, type Warden } from './console/harness.ts';
import { startReceiver, standardWebhooksVerify } from './governance-support.ts';

const skip = browserTestsSkipReason();
const DAY = 86_400_000;

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describeEachDatabaseAtOnce('console governance pages', (dialect) => {
  let warden: Warden;
  let browser: Browser;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const screens = new Screens(`governance-${dialect}`);

  before(async () => {
    receiver = await startReceiver();
    warden = await startWarden(dialect, { WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1' });
    browser = await openBrowser(dialect);
    page = browser.page;
    await signIn(page, warden, 'admin');
  });
  after(async () => {
    console.log(`# [${dialect}] governance screenshots: ${screens.dir}`);
    await browser?.close();
    await warden?.stop();
    await receiver?.close();
  });

  test('Reviews: the queue lists an overdue service user; Keep records the review, Deactivate deactivates', async () => {
    const keep = (await warden.api('POST', '/api/users', { body: { name: 'Console Overdue Keep' } })).body;
    const drop = (await warden.api('POST', '/api/users', { body: { name: 'Console Overdue Drop' } })).body;
    await warden.db.db.kysely.updateTable('users').set({ created_at: new Date(Date.now() - 200 * DAY).toISOString() }).where('id', 'in', [keep.id, drop.id]).execute();
    await nav(page, 'Reviews');
    const row = (name: string) => page.getByRole('row').filter({ hasText: name }).filter({ hasText: 'Review due' });
    await row('Console Overdue Keep').waitFor();
    await screens.capture(page, 'reviews', { phoneAxe: true });
    await row('Console Overdue Keep').getByRole('button', { name: /^Keep:/ }).click();
    await page.getByLabel('Note').fill('still loads the warehouse');
    await page.getByRole('button', { name: 'Record review: keep' }).click();
    await row('Console Overdue Keep').waitFor({ state: 'detached' });
    const kept = (await warden.api('GET', `/api/audit-events?target_type=user&target_id=${keep.id}&action=user.reviewed`)).body.items[0];
    assert.deepEqual([kept.reason, kept.changes.decision.after], ['still loads the warehouse', 'keep']);

    await row('Console Overdue Drop').getByRole('button', { name: /^Deactivate:/ }).click();
    await page.getByLabel('Note').fill('integration retired');
    await page.getByRole('button', { name: 'Record review: deactivate' }).click();
    await row('Console Overdue Drop').waitFor({ state: 'detached' });
    assert.equal((await warden.api('GET', `/api/users/${drop.id}`)).body.active, false);
  });

  test('Webhooks: the secret is shown once and gone after closing; a test event reaches the receiver, verifiable, and shows in the log', async () => {
    await nav(page, 'Webhooks');
    await page.getByRole('button', { name: 'New webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    const events = dialog.getByRole('combobox', { name: 'Events' });
    await events.click();
    await events.fill('token.revoked');
    await page.getByRole('option', { name: /^token\.revoked/ }).first().click();
    if ((await events.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Create webhook' }).click();
    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())!.trim();
    assert.match(secret, /^whsec_/);
    await screens.capture(page, 'webhook-secret');
    await page.getByRole('button', { name: 'I have copied it — close' }).click();
    await secretBox.waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(secret.slice(6)), 'the secret left the DOM');
    assert.equal(await reactHolds(page, secret.slice(6)), false, 'and React');

    const hookRow = page.getByRole('row').filter({ hasText: receiver.url });
    await hookRow.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('heading', { name: /^Deliveries of webhook/ }).waitFor();
    const deadline = Date.now() + 15_000;
    while (receiver.ofType('webhook.test').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const received = receiver.ofType('webhook.test')[0];
    assert.ok(received, 'the receiver got the test event');
    assert.ok(standardWebhooksVerify(secret, received), 'signed with the secret the page showed');
    await page.getByRole('row').filter({ hasText: received.id }).getByText('succeeded').waitFor({ timeout: 15_000 });
    await screens.capture(page, 'webhooks', { phoneAxe: true });
  });

  test('Webhooks: Edit changes the URL and events; a webhook switched off shows since when and why, and the switch turns it on again', async () => {
    const hook = (await warden.api('POST', '/api/webhooks', { body: { url: `${receiver.url}?v=1`, events: ['token.revoked'], description: 'edit me' } })).body;
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('button', { name: `Edit webhook ${hook.id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit webhook ${hook.id}` });
    const url = dialog.getByRole('textbox', { name: 'URL' });
    assert.equal(await url.inputValue(), `${receiver.url}?v=1`, 'the form starts from the webhook');
    await url.fill(`${receiver.url}?v=2`);
    const events = dialog.getByRole('combobox', { name: 'Events' });
    await events.click();
    await events.fill('user.deactivated');
    await page.getByRole('option', { name: /^user\.deactivated/ }).first().click();
    if ((await events.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await warden.api('GET', `/api/webhooks/${hook.id}`)).body;
    assert.deepEqual([saved.url, saved.events], [`${receiver.url}?v=2`, ['token.revoked', 'user.deactivated']]);

    // A refused URL keeps the dialog open with the reason at the field.
    await page.getByRole('button', { name: `Edit webhook ${hook.id}` }).click();
    await dialog.getByRole('textbox', { name: 'URL' }).fill('http://169.254.169.254/latest');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/link-local address/).first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    assert.equal((await warden.api('PUT', `/api/webhooks/${hook.id}`, { body: { enabled: false } })).status, 200);
    await page.reload();
    const state = page.getByTestId(`webhook-${hook.id}-disabled`);
    await state.waitFor();
    assert.match((await state.textContent())!, /^Off since .+: switched off by an Admin$/);
    await screens.capture(page, 'webhooks-disabled');
    await page.getByRole('switch', { name: `Webhook ${hook.id} enabled` }).click({ force: true });
    await state.waitFor({ state: 'detached' });
    assert.equal((await warden.api('GET', `/api/webhooks/${hook.id}`)).body.enabled, true);
    assert.equal((await warden.api('DELETE', `/api/webhooks/${hook.id}`)).status, 204);
  });

  test('Audit: the chain check says intact, with its head', async () => {
    await nav(page, 'Audit');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText(/^Intact: [\d,]+ events$/).waitFor();
    await screens.capture(page, 'audit-chain');
  });

  test('Tokens: Activity lists what a token did; the revoke confirmation shows it; a token reported exposed links to what it did before', async () => {
    const svc = (await warden.api('POST', '/api/users', { body: { name: 'Console Pipeline', role: 'admin', reason: 'runs the loads' } })).body;
    const token = (await warden.api('POST', '/api/user-tokens', { body: { name: 'pipeline', expires_in_days: 30, user_id: svc.id } })).body;
    for (const name of ['Pipeline Made One', 'Pipeline Made Two']) assert.equal((await warden.api('POST', '/api/users', { token: token.token, body: { name } })).status, 201);
    const leaked = (await warden.api('POST', '/api/user-tokens', { body: { name: 'leaky', expires_in_days: 30, user_id: svc.id } })).body;
    assert.equal((await warden.api('POST', '/api/users', { token: leaked.token, body: { name: 'Made Before The Leak' } })).status, 201);
    assert.equal((await warden.api('POST', '/api/credentials/revoke', { token: null, body: { credentials: [leaked.token] } })).status, 202);
    for (let i = 0; i < 100 && (await warden.api('GET', `/api/user-tokens/${leaked.id}`)).body.status !== 'revoked'; i++) await new Promise((r) => setTimeout(r, 50));

    await page.goto(`${warden.url}/users/${svc.id}?tab=tokens`);
    await page.getByRole('button', { name: 'Token menu for pipeline' }).click();
    await page.getByRole('menuitem', { name: 'Activity', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Activity of “pipeline”' });
    const table = drawer.getByRole('table', { name: 'Activity of pipeline' });
    await table.getByText('Pipeline Made Two', { exact: true }).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2, 'only what this token did');
    assert.ok(await drawer.getByText(token.hint).first().isVisible(), 'named by its hint');
    await settle(page);
    await screens.capture(page, 'token-activity');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Token menu for pipeline' }).click();
    await page.getByRole('menuitem', { name: 'Revoke', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “pipeline”?' });
    await confirm.getByRole('region', { name: 'Activity of pipeline' }).getByText(/in the last 30 days: 2 changes/).waitFor();
    assert.ok(await confirm.getByText(/user\.created/).first().isVisible());
    // A plain screenshot: axe on a confirmation that is still fading in measures the fade, not the colours.
    await page.screenshot({ path: `${screens.dir}/token-revoke-activity.png` });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    for (let i = 0; i < 50 && (await warden.api('GET', `/api/user-tokens/${token.id}`)).body.status !== 'revoked'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await warden.api('GET', `/api/user-tokens/${token.id}`)).body.status, 'revoked');

    await page.getByRole('button', { name: 'What it did in the 30 days before' }).click();
    const exposedDrawer = page.getByRole('dialog', { name: 'Activity of “leaky”' });
    await exposedDrawer.getByText(/before it was reported exposed/).waitFor();
    await exposedDrawer.getByRole('table', { name: 'Activity of leaky' }).getByText('Made Before The Leak', { exact: true }).waitFor();
    await screens.capture(page, 'token-exposed-activity');
    await exposedDrawer.getByRole('link', { name: 'Everything done with this token, in the audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('credential_token_id'), String(leaked.id));
    await page.getByRole('table', { name: 'Audit events' }).getByText('Made Before The Leak', { exact: true }).waitFor();
  });

  test('no CSP refusal and no page error on the governance pages', () => {
    assert.deepEqual(browser.problems, []);
  });

  test('User page: a time-bound role shows until when, and what returns', async () => {
    const person = (await warden.api('GET', '/api/users?type=personal&q=admin')).body.items[0];
    const other = (await warden.api('POST', '/api/users', { body: { name: 'Console Elevated Bot' } })).body;
    const until = new Date(Date.now() + 4 * 3_600_000).toISOString();
    assert.equal((await warden.api('PUT', `/api/users/${other.id}`, { body: { role: 'admin', until, reason: 'cover the on-call' } })).status, 200);
    void person;
    await page.goto(`${warden.url}/users/${other.id}`);
    await page.getByText(/A time-bound role: then Member returns by itself/).waitFor();
    await settle(page);
    await screens.capture(page, 'user-elevated');
  });
}, { skip });
