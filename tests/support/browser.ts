// Debian's Chromium driven by playwright-core (never a downloaded browser). Browser tests skip,
// saying why, when it is not installed.

import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  process.stdout.write(`[tests] SKIPPING browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)\n`);
}

export const SCREENSHOT_DIR = 'screenshots';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, opts: { width?: number; dark?: boolean; javaScript?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 900 },
    colorScheme: opts.dark ? 'dark' : 'light',
    javaScriptEnabled: opts.javaScript ?? true,
  });
  const page = await context.newPage();
  return { context, page };
}

/**
 * A screenshot, tried again when headless Chromium's compositor cannot produce a frame ("Unable to
 * capture screenshot"): that happens on a busy machine and says nothing about the page.
 */
export async function screenshot(page: Page, options: { path: string; fullPage?: boolean }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot(options);
      return;
    } catch (err) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Signs in through the real pages: header link → development MNW → pick the account. */
export async function signInAs(page: Page, app: TestApp, username: string): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.getByRole('link', { name: 'Sign in with Makenot.work' }).click();
  await page.locator(`button[name="account"]`, { hasText: `@${username}` }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/_dev/'));
}
