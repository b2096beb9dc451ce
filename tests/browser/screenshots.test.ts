/// <reference lib="dom" />
// Screenshots of the main pages at 360 px and 1280 px, light and dark, written to screenshots/ so the
// UI can be seen without starting it.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { hasChromium, launch, newPage, screenshot, SCREENSHOT_DIR, signInAs } from '../support/browser.js';

describe.skipIf(!hasChromium)('screenshots of the main pages', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    browser = await launch();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('captures directory, community, category, thread and forms in four looks', async () => {
    const long = (await t.db.query<{ id: number }>(`select id from threads where title like 'RFC: Plugin API v2%'`))[0]!.id;
    const code = (await t.db.query<{ id: number; slug: string }>(
      `select t.id, k.slug from threads t join categories k on k.id = t.category_id join communities c on c.id = t.community_id
       where c.slug = 'tidepool' and t.deleted_at is null and t.reply_count between 2 and 8 and exists (select 1 from posts p where p.thread_id = t.id and p.body like '%\`\`\`%') order by t.id desc limit 1`,
    ))[0]!;
    const pages: [string, string, boolean][] = [
      ['directory', '/', false],
      ['community', '/p/tidepool', false],
      ['category', '/p/tidepool/help', false],
      ['thread', `/p/tidepool/${code.slug}/${code.id}`, false],
      ['thread-page2', `/p/tidepool/ideas/${long}?page=2`, false],
      ['new-thread', '/p/tidepool/help/new', true],
      ['members', '/p/tidepool/members', false],
      ['settings', '/p/tidepool/settings', true],
      ['moderation', '/p/tidepool/moderation', true],
      ['moderation-log', '/p/tidepool/moderation/log', true],
    ];
    for (const width of [360, 1280]) {
      for (const dark of [false, true]) {
        const { context, page } = await newPage(browser, { width, dark });
        await signInAs(page, t, 'ada');
        for (const [name, url] of pages) {
          const res = await page.goto(t.url + url);
          expect(res?.status(), url).toBe(200);
          // Nothing may widen the page beyond the screen: long code and tables scroll inside themselves.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${name} at ${width}px overflows by ${overflow}px`).toBeLessThanOrEqual(0);
          await screenshot(page, { path: path.join(SCREENSHOT_DIR, `${name}-${width}-${dark ? 'dark' : 'light'}.png`), fullPage: name !== 'thread-page2' });
        }
        // The platform admin page, as the admin.
        const admin = await newPage(browser, { width, dark });
        await signInAs(admin.page, t, 'morgan');
        expect((await admin.page.goto(`${t.url}/_admin`))?.status()).toBe(200);
        expect(await admin.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        await screenshot(admin.page, { path: path.join(SCREENSHOT_DIR, `admin-${width}-${dark ? 'dark' : 'light'}.png`), fullPage: true });
        await admin.context.close();
        await context.close();
      }
    }
    expect(fs.readdirSync(SCREENSHOT_DIR).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(pages.length * 4);
  }, 300_000);
});
