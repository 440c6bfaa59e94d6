// The Users page's first page within 1 s of navigation with 100,000 users in the database, in
// Debian's Chromium against a real `warden serve`, on SQLite and PostgreSQL. It runs with the tests
// that run alone (package.json: after the main suite, one file at a time), because a budget in
// milliseconds measured beside other test files measures them: in the main suite it failed at
// 1,007–1,085 ms on CI rehearsals while it took 600–800 ms on the same machine when quiet.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support.ts';
import { Screens, browserTestsSkipReason, openBrowser, settle, signIn, startWarden, type Browser, type Warden } from '../console/harness.ts';
import { seedUsers } from '../console/seed.ts';

const skip = browserTestsSkipReason();
const USERS_PAGE_BUDGET_MS = 1000;

for (const dialect of DATABASES) {
  describe(`the Users page at 100,000 users [${dialect}]`, { skip }, () => {
    let warden: Warden | undefined;
    let browser: Browser | undefined;

    after(async () => {
      await browser?.close().catch(() => undefined);
      await warden?.stop();
      assert.deepEqual(browser?.problems ?? [], [], 'no CSP refusal and no uncaught error in the page');
    });

    test(`the first page within ${USERS_PAGE_BUDGET_MS} ms of navigation; search finds one of them`, async () => {
      warden = await startWarden(dialect);
      // axe and the screenshots look at pages, which are the same whatever the database: SQLite only.
      const screens = new Screens(`users-100k-${dialect}`, { checks: dialect === DATABASES[0] });
      const seeded = await seedUsers(warden.db.db, 100_000);
      browser = await openBrowser();
      const { page } = browser;
      await signIn(page, warden, 'admin', '/');
      // Timed from the click on "Users" in the navigation until its first page of rows shows, on a
      // freshly loaded console each time (empty query cache); the best of three navigations.
      const attempts: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(`${warden.url}/`);
        await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
        await settle(page); // the overview done loading: what is timed is the Users page alone
        await page.waitForLoadState('networkidle');
        const t0 = Date.now();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
        await page.getByRole('table', { name: 'Users' }).locator('tbody tr').first().waitFor();
        await page.getByText(/of 100,0\d\d users/).waitFor();
        attempts.push(Date.now() - t0);
      }
      const firstPageMs = Math.min(...attempts);
      await screens.capture(page, 'users-100k');
      if (screens.checks) await page.screenshot({ path: `${screens.dir}/users-100k.viewport.png` }); // for the docs: the first screen
      const t1 = Date.now();
      await page.getByLabel('Search').fill('user 099999');
      await page.getByRole('table', { name: 'Users' }).getByText('Seeded user 099999', { exact: true }).waitFor();
      const searchMs = Date.now() - t1;
      await screens.capture(page, 'users-100k-search');
      if (screens.checks) process.stdout.write(`\nUsers page screenshots [${dialect}]: ${screens.dir}\n`);
      process.stdout.write(`Users page [${dialect}] with ${seeded.toLocaleString()} seeded users: first page ${firstPageMs} ms after navigation (best of ${attempts.join(', ')} ms; budget ${USERS_PAGE_BUDGET_MS} ms); search ${searchMs} ms\n`);
      assert.ok(firstPageMs <= USERS_PAGE_BUDGET_MS, `first page in ${firstPageMs} ms`);
    });
  });
}
