// What pages are built from, kept in memory between requests: loaded rows and rendered fragments.
//
// Every key starts with the scope of the community it belongs to — its id, content_version and the
// site version (migration 014) — read from the database on every request. A commit anywhere moves the
// version, so the next request on any instance asks for a key nobody has stored: an entry can be
// evicted, but never served stale. Entries are bounded by size (least recently used go first).

import type { VersionedCommunity } from '../db/communities.js';
import type { Ctx } from './context.js';
import { Html } from './html.js';

interface Entry {
  value: unknown;
  bytes: number;
}

export class ReadCache {
  private entries = new Map<string, Entry>();
  private loading = new Map<string, Promise<unknown>>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(private readonly maxBytes: number) {}

  /**
   * The stored value, or `load()`'s, stored for next time. Concurrent misses on one key share one load.
   * `sizeOf` estimates the value's memory (strings count two bytes a character).
   */
  async get<T>(key: string, load: () => Promise<T>, sizeOf: (v: T) => number): Promise<T> {
    const entry = this.entries.get(key);
    if (entry) {
      this.stats.hits++;
      // Move to the young end of the LRU order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value as T;
    }
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight as Promise<T>;
    this.stats.misses++;
    const p = load().then(
      (value) => {
        this.loading.delete(key);
        this.store(key, value, sizeOf(value));
        return value;
      },
      (err: unknown) => {
        this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, p);
    return p;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private store(key: string, value: unknown, bytes: number): void {
    if (this.maxBytes <= 0 || bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
      this.stats.evictions++;
    }
  }
}

/** The key prefix for everything built from one version of a community's pages. */
export function scopeOf(c: VersionedCommunity): string {
  return `${c.id}@${c.contentVersion}.${c.siteVersion}`;
}

/** Rough memory of loaded rows: their JSON length, doubled for UTF-16 strings and object overhead. */
export function roughSize(v: unknown): number {
  return JSON.stringify(v ?? null).length * 2 + 64;
}

/** How long a rendering with relative times ("5 min ago") is kept before it is rendered again. */
export const CLOCK_STEP_MS = 15_000;
const clockStep = (t: Date) => Math.floor(t.getTime() / CLOCK_STEP_MS);

/** Rows of one version of a community's pages, loaded once per version on this instance. */
export function cached<T>(c: Ctx, community: VersionedCommunity, key: string, load: () => Promise<T>): Promise<T> {
  return c.get('deps').cache.get(`${scopeOf(community)}:${key}`, load, roughSize);
}

/**
 * Something rendered from one version of a community's pages. Relative times ("5 min ago") make it
 * depend on the clock too, so it is rendered again every CLOCK_STEP_MS: a relative time shown is at
 * most that much behind (the words change at 45 s, then every minute).
 */
export function cachedRender<T>(c: Ctx, community: VersionedCommunity, key: string, render: () => T | Promise<T>, sizeOf: (v: T) => number): Promise<T> {
  const { cache, now } = c.get('deps');
  return cache.get(`${scopeOf(community)}:${key}@${clockStep(now())}`, async () => render(), sizeOf);
}

/** A page whose slot is filled with ready UTF-8 bytes: only the frame around them is encoded. */
export function bytesAround(frame: Html, slot: Html, parts: Buffer[]): Buffer {
  const at = frame.value.indexOf(slot.value);
  if (at < 0) throw new Error('the page has no slot for its parts');
  return Buffer.concat([Buffer.from(frame.value.slice(0, at)), ...parts, Buffer.from(frame.value.slice(at + slot.value.length))]);
}

// Anonymous readers without a browser id (nobody who has started a sign-in) all get the same bytes: no
// cookie, no CSRF token. So their whole page is one fragment. Only a page's canonical URL is kept (a
// real page number, no other query, no odd spelling of the path): made-up URLs cannot crowd the cache.

/**
 * The page: for anonymous readers rendered once per version and clock step, and kept as UTF-8 bytes ready
 * to send; for everyone else rendered every time.
 */
export async function pageResponse(c: Ctx, community: VersionedCommunity, canonical: string, render: () => Promise<Html | Buffer>): Promise<Response> {
  const url = new URL(c.req.url);
  const bytes = async () => {
    const page = await render();
    return page instanceof Html ? Buffer.from(page.value) : page;
  };
  let body: Buffer;
  if (c.get('csrfToken') !== '' || url.pathname + url.search !== canonical) {
    body = await bytes();
  } else {
    const { cache, now } = c.get('deps');
    body = await cache.get(`${scopeOf(community)}:anon:${canonical}@${clockStep(now())}`, bytes, (b) => b.length + 64);
  }
  // A Buffer is a Uint8Array; Hono's type wants one over a plain ArrayBuffer.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'text/html; charset=UTF-8' });
}

