/// <reference lib="dom" />
// The main journeys in a real browser (Debian Chromium), each on a fresh database.

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import path from 'node:path';
import { hasChromium, launch, newPage, screenshot, signInAs } from '../support/browser.js';

/** Clicks a submit button and waits until the form's POST has been answered and the next page loaded. */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  await page.waitForLoadState('load');
}

describe.skipIf(!hasChromium)('journeys', { timeout: 120_000 }, () => {
  let browser: Browser;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  const problems: string[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function fresh(opts: { javaScript?: boolean; width?: number } = {}): Promise<{ t: TestApp; page: Page }> {
    const t = await startTestApp({ seed: true });
    const { context, page } = await newPage(browser, opts);
    open.push(t, context);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // The CSP forbids inline scripts and eval: anything it blocks shows up here and fails the journey.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
    });
    return { t, page };
  }

  it('browses directory → community → category → thread → page 2', async () => {
    const { t, page } = await fresh();
    await page.goto(t.url);
    await page.getByRole('link', { name: 'Tidepool' }).click();
    expect(await page.locator('h1').textContent()).toBe('Tidepool');
    await page.getByRole('link', { name: 'Ideas & RFCs' }).click();
    await page.getByRole('link', { name: /RFC: Plugin API v2/ }).click();
    expect(await page.locator('.post').count()).toBe(50);
    await page.getByRole('navigation', { name: 'Post pages', exact: true }).getByRole('link', { name: 'Next →' }).click();
    expect(page.url()).toContain('?page=2');
    expect(await page.locator('.pagination .current').first().textContent()).toBe('2');
    expect(await page.locator('.post').count()).toBe(50);
  });

  it('signs in through the development MNW, shows the name, and signs out', async () => {
    const { t, page } = await fresh();
    await page.goto(`${t.url}/p/tidepool`);
    await page.getByRole('link', { name: 'Sign in with Makenot.work' }).click();
    expect(page.url()).toContain('/_dev/mnw/oauth/authorize');
    await page.locator('button[name="account"]', { hasText: '@dara' }).click();
    await page.waitForURL(`${t.url}/p/tidepool`);
    expect(await page.locator('.signed-in-as').textContent()).toContain('Dara Nwosu');
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.url}/`);
    expect(await page.getByRole('link', { name: 'Sign in with Makenot.work' }).count()).toBe(1);
  });

  it('creates a thread, replies with HTMX without a reload (under the CSP), edits and deletes', async () => {
    const { t, page } = await fresh();
    const csp = (await page.request.get(t.url)).headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await signInAs(page, t, 'dara');
    await page.goto(`${t.url}/p/tidepool/help`);
    await page.getByRole('link', { name: 'New thread' }).click();
    await page.getByLabel('Title').fill('Browser-made thread about themes');
    await page.getByLabel(/^Post/).fill('How do I **override** a theme partial?');
    await page.getByRole('button', { name: 'Start thread' }).click();
    await page.waitForURL(/\/p\/tidepool\/help\/\d+$/);
    expect(await page.locator('.post-body strong').first().textContent()).toBe('override');

    // Replies with JavaScript: the page must not reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByLabel(/Your reply/).fill('Answering my own question: put it in `theme/partials/`.');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.locator('.post', { hasText: 'Answering my own question' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.getByLabel(/Your reply/).inputValue()).toBe('');

    // Edit within the window.
    await page.locator('.post', { hasText: 'Answering my own question' }).getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Post/).fill('Answering my own question: put it in `theme/partials/` (edited).');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.post', { hasText: '(edited)' }).waitFor();
    expect(await page.locator('.post', { hasText: '(edited)' }).locator('.edited').count()).toBe(1);

    // Delete it: the browser asks (the dialog is accepted) and the post goes in one step, no second question.
    page.once('dialog', (d) => void d.accept());
    const threadUrl = page.url().replace(/[?#].*$/, '');
    await page.locator('.post', { hasText: '(edited)' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((u) => u.href === threadUrl);
    expect(await page.locator('.post', { hasText: '(edited)' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Delete this post/ }).count()).toBe(0);
    expect((await t.db.query(`select 1 from posts where body like '%(edited).' and deleted_at is not null`)).length).toBe(1);
  });

  it('with HTMX, a refusal shows once above the reply box (not piling up) and goes when a reply is posted', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'eli');
    const id = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
    await page.goto(`${t.url}/p/tidepool/help/${id}`);
    // Locked by a moderator while eli is typing.
    await t.db.query(`update threads set locked = true where id = $1`, [id]);
    await page.getByLabel(/Your reply/).fill('Typed while the thread was being locked.');
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Post reply' }).click();
      await page.locator('#reply-form .notice', { hasText: 'locked' }).waitFor();
    }
    expect(await page.locator('.notice', { hasText: 'locked' }).count()).toBe(1);
    expect(await page.getByLabel(/Your reply/).inputValue()).toBe('Typed while the thread was being locked.');
    // Unlocked again: the reply goes through and the notice is gone with the old form.
    await t.db.query(`update threads set locked = false where id = $1`, [id]);
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.locator('.post', { hasText: 'Typed while the thread was being locked.' }).waitFor();
    expect(await page.locator('.notice', { hasText: 'locked' }).count()).toBe(0);
  });

  it('replies with JavaScript disabled through a plain form post', async () => {
    const { t, page } = await fresh({ javaScript: false });
    await signInAs(page, t, 'eli');
    const id = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
    await page.goto(`${t.url}/p/tidepool/help/${id}`);
    await page.getByLabel(/Your reply/).fill('No JavaScript needed for this reply.');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForURL(/#post-\d+$/);
    expect(await page.locator('.post', { hasText: 'No JavaScript needed' }).count()).toBe(1);

    // Deleting it without JavaScript asks on a page first; Cancel would go back, Delete post deletes.
    await page.locator('.post', { hasText: 'No JavaScript needed' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Delete this post?' }).waitFor();
    expect(await page.locator('blockquote', { hasText: 'No JavaScript needed' }).count()).toBe(1);
    await screenshot(page, { path: path.join(import.meta.dirname, '..', '..', 'screenshots', 'confirm-delete-nojs.png'), fullPage: true });
    await page.getByRole('button', { name: 'Delete post' }).click();
    await page.waitForURL((u) => /\/p\/tidepool\/help\/\d+$/.test(u.pathname));
    expect(await page.locator('.post', { hasText: 'No JavaScript needed' }).count()).toBe(0);
  });

  it('works with the keyboard alone: reach the reply box and post', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'kit');
    const id = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
    await page.goto(`${t.url}/p/tidepool/help/${id}`);
    // The skip link is the first stop.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    for (let i = 0; i < 80; i++) {
      const id = await page.evaluate(() => document.activeElement?.id);
      if (id === 'reply-body') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-body');
    await page.keyboard.type('Typed without a mouse.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.post', { hasText: 'Typed without a mouse.' }).waitFor();
  });

  it('a moderator pins and locks a thread, and bans a member', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'bram');
    const id = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.pinned and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
    await page.goto(`${t.url}/p/tidepool/help/${id}`);
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.locator('.thread-head .flag-pinned').waitFor();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.locator('.thread-head .flag-locked').waitFor();

    await page.goto(`${t.url}/p/tidepool/moderation`);
    await page.getByLabel('Username').fill('dara');
    await page.getByLabel(/^Reason/).fill('Testing the ban journey');
    await page.getByLabel('For how long').selectOption('7d');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.locator('text=The ban is in place.').waitFor();
    expect(await page.locator('section[aria-labelledby="bans-h"]').textContent()).toContain('dara');
    const log = await t.db.query<{ action: string }>(`select action from (select id, action from mod_log order by id desc limit 3) x order by id`);
    expect(log.map((r) => r.action)).toEqual(['pin', 'lock', 'ban']);
  });

  it('the owner reorders categories and promotes a member to moderator', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'ada');
    await page.goto(`${t.url}/p/tidepool/settings`);
    await submit(page, page.getByRole('button', { name: 'Move Announcements down' }));
    const order = await t.db.query<{ slug: string }>(`select k.slug from categories k join communities c on c.id = k.community_id where c.slug = 'tidepool' order by k.sort_order`);
    expect(order.slice(0, 2).map((r) => r.slug)).toEqual(['help', 'announcements']);

    await page.goto(`${t.url}/p/tidepool/members`);
    await page.getByLabel('Role for dara').selectOption('moderator');
    await submit(page, page.locator('form', { has: page.getByLabel('Role for dara') }).getByRole('button', { name: 'Save' }));
    const role = await t.db.query(`select m.role from memberships m join users u on u.id = m.user_id join communities c on c.id = m.community_id where u.username = 'dara' and c.slug = 'tidepool'`);
    expect(role).toEqual([{ role: 'moderator' }]);
  });

  it('the admin suspends a community and its notice shows to everyone else', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'morgan');
    await page.goto(`${t.url}/_admin`);
    await page.getByLabel('Reason for suspending Quarry').fill('Journey test');
    page.once('dialog', (d) => void d.accept());
    await submit(page, page.getByRole('button', { name: 'Suspend Quarry' }));
    await page.getByRole('button', { name: 'Lift suspension of Quarry' }).waitFor();
    expect((await page.goto(`${t.url}/p/quarry`))?.status()).toBe(200);

    const other = await browser.newContext();
    open.push(other);
    const visitor = await other.newPage();
    const res = await visitor.goto(`${t.url}/p/quarry`);
    expect(res?.status()).toBe(403);
    expect(await visitor.locator('h1').textContent()).toContain('Quarry is suspended');
  });

  it('a 1-day ban refuses the member with a clear message, and after it expires they can reply again', async () => {
    const { t, page } = await fresh();
    await signInAs(page, t, 'chen');
    await page.goto(`${t.url}/p/tidepool/moderation`);
    await page.getByLabel('Username').fill('eli');
    await page.getByLabel(/^Reason/).fill('Cool down for a day');
    await page.getByLabel('For how long').selectOption('1d');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.locator('text=The ban is in place.').waitFor();

    const other = await browser.newContext();
    open.push(other);
    const eli = await other.newPage();
    await signInAs(eli, t, 'eli');
    const id = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
    await eli.goto(`${t.url}/p/tidepool/help/${id}`);
    // The reply box is replaced by the reason; a hand-made POST is refused too.
    expect(await eli.locator('#reply').textContent()).toContain('You are banned from this community until');
    const refused = await eli.request.post(`${t.url}/p/tidepool/help/${id}/reply`, { form: { body: 'sneaky', csrf_token: await eli.locator('meta[name="csrf-token"]').getAttribute('content') ?? '' } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('banned');

    await t.db.query(`update community_bans set expires_at = now() - interval '1 second' where user_id = (select id from users where username = 'eli')`);
    await eli.reload();
    await eli.getByLabel(/Your reply/).fill('Back after the ban expired.');
    await eli.getByRole('button', { name: 'Post reply' }).click();
    await eli.locator('.post', { hasText: 'Back after the ban expired.' }).waitFor();
  });
});
