// Our own static files (CSS, fonts, htmx, favicon) from static/. Nothing is fetched from a CDN.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from './context.js';

export const STATIC_DIR = fileURLToPath(new URL('../../static', import.meta.url));

/** The files pages link with ?v=: a change to any of them gives every page new URLs for them. */
const VERSIONED = ['css/app.css', 'js/app.js', 'js/htmx.min.js'];

/** A digest of the versioned files, read once at start: browsers keep each version for a day, never an old one past a deploy. */
export const ASSET_VERSION = (() => {
  const hash = createHash('sha256');
  for (const f of VERSIONED) hash.update(readFileSync(path.join(STATIC_DIR, f)));
  return hash.digest('hex').slice(0, 12);
})();

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function staticRoutes(app: Hono<AppEnv>): void {
  app.get('/static/*', async (c) => {
    const rel = decodeURIComponent(new URL(c.req.url).pathname.slice('/static/'.length));
    const file = path.resolve(STATIC_DIR, rel);
    const type = TYPES[path.extname(file)];
    if (!file.startsWith(STATIC_DIR + path.sep) || !type) return c.notFound();
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return c.notFound();
    }
    // URLs carry ?v=; a changed asset gets a new URL, so browsers may keep these for a day.
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
