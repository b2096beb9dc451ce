/// <reference lib="dom" />
// axe-core (from npm, injected into the page) on every main page: no serious or critical violations.

import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { hasChromium, launch, signInAs } from '../support/browser.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    return w.axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe.skipIf(!hasChromium)('accessibility (axe-core)', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const pagesFor = async (): Promise<[string, string][]> => {
    const thread = (await t.db.query<{ id: number; slug: string }>(`select t.id, k.slug from threads t join categories k on k.id = t.category_id where t.pinned and t.deleted_at is null order by t.id limit 1`))[0]!;
    const post = (await t.db.query<{ id: number }>(`select min(id) as id from posts where thread_id = $1`, [thread.id]))[0]!.id;
    const category = (await t.db.query<{ id: number }>(`select k.id from categories k join communities c on c.id = k.community_id where c.slug = 'tidepool' order by k.sort_order limit 1`))[0]!.id;
    return [
      ['directory', '/'],
      ['community', '/p/tidepool'],
      ['category', '/p/tidepool/help'],
      ['thread', `/p/tidepool/${thread.slug}/${thread.id}`],
      ['members', '/p/tidepool/members'],
      ['new thread form', '/p/tidepool/help/new'],
      ['edit thread form', `/p/tidepool/${thread.slug}/${thread.id}/edit`],
      ['edit post form', `/p/tidepool/${thread.slug}/${thread.id}/posts/${post}/edit`],
      ['settings', '/p/tidepool/settings'],
      ['category edit', `/p/tidepool/settings/categories/${category}/edit`],
      ['moderation', '/p/tidepool/moderation'],
      ['moderation log', '/p/tidepool/moderation/log'],
      ['admin', '/_admin'],
      ['logout', '/auth/logout'],
      ['not found', '/p/nope'],
    ];
  };

  for (const dark of [false, true]) {
    it(`has no serious or critical violations on the main pages (${dark ? 'dark' : 'light'})`, async () => {
      // axe is injected as a script: this context alone bypasses our CSP to allow it.
      const context = await browser.newContext({ bypassCSP: true, colorScheme: dark ? 'dark' : 'light' });
      const page = await context.newPage();
      await signInAs(page, t, 'morgan'); // the admin reaches every page
      // The admin is not the owner: make them one for this check, so settings render.
      await t.db.query(`insert into memberships (community_id, user_id, role) select c.id, u.id, 'owner' from communities c, users u where c.slug = 'tidepool' and u.username = 'morgan' on conflict (community_id, user_id) do update set role = 'owner'`);
      const failures: string[] = [];
      for (const [name, path] of await pagesFor()) {
        await page.goto(t.url + path);
        for (const v of await axe(page)) failures.push(`${name} (${path}): ${v.id} [${v.impact}] ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      // The development MNW sign-in page is part of the journey too.
      const anon = await browser.newContext({ bypassCSP: true, colorScheme: dark ? 'dark' : 'light' });
      const p2 = await anon.newPage();
      await p2.goto(`${t.url}/auth/login`);
      for (const v of await axe(p2)) failures.push(`dev MNW: ${v.id} [${v.impact}] ${v.help}`);
      await anon.close();
      await context.close();
      expect(failures).toEqual([]);
    }, 180_000);
  }

  it('labels every form control', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, t, 'ada');
    const unlabelled: string[] = [];
    for (const [name, path] of await pagesFor()) {
      await page.goto(t.url + path);
      const missing = await page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
          .filter((el) => {
            const id = el.getAttribute('id');
            const byFor = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
            return !byFor && !el.closest('label') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      for (const m of missing) unlabelled.push(`${name}: ${m}`);
    }
    await context.close();
    expect(unlabelled).toEqual([]);
  });
});
