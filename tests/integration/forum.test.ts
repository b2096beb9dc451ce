// The public forum over real HTTP against a real database: pages, pagination, errors, canonical URLs, query cost.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
});
afterAll(() => t?.close());

async function idOf(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await t.db.query<{ id: number }>(sql, params);
  return rows[0]!.id;
}

describe('directory and community pages', () => {
  it('lists the seeded communities and the MNW project without a forum yet', async () => {
    const res = await t.client().get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tidepool');
    expect(res.text).toContain('Lanternfish');
    expect(res.text).toContain('Driftwood');
    expect(res.text).toContain('No forum yet');
  });

  it('shows categories in their set order and recent threads', async () => {
    const res = await t.client().get('/p/tidepool');
    expect(res.status).toBe(200);
    const order = ['Announcements', 'Help &amp; questions', 'Ideas &amp; RFCs', 'Show and tell', 'Contributors'].map((n) => res.text.indexOf(`>${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(res.text).toContain('Recent threads');
  });

  it('creates the community of an MNW project on first visit, once', async () => {
    const a = await t.client().get('/p/driftwood');
    expect(a.status).toBe(200);
    expect(a.text).toContain('General');
    await t.client().get('/p/driftwood');
    const rows = await t.db.query<{ n: number }>(`select count(*) as n from communities where slug = 'driftwood'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('lists members with their roles', async () => {
    const res = await t.client().get('/p/tidepool/members');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/Ada Okafor[\s\S]*badge-owner/);
    expect(res.text).toContain('badge-mod');
  });

  it('answers 404 for unknown communities, categories and threads', async () => {
    const c = t.client();
    for (const path of ['/p/nope', '/p/tidepool/nope', '/p/tidepool/help/999999999', '/p/NOPE!', '/p/tidepool/help/abc/def', '/nothing/here']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain('Not found');
    }
  });
});

describe('category pages', () => {
  it('lists 25 threads a page, pinned first, then by last activity', async () => {
    const c = t.client();
    const p1 = await c.get('/p/tidepool/help');
    expect(p1.status).toBe(200);
    const rows = p1.text.match(/<tr class="[^"]*">/g) ?? [];
    expect(rows.length).toBe(25);
    const times = [...p1.text.matchAll(/<td class="last-activity"><time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]!));
    const pinnedCount = (p1.text.match(/<tr class="is-pinned/g) ?? []).length;
    const unpinned = times.slice(pinnedCount);
    expect(unpinned).toEqual([...unpinned].sort((a, b) => b - a));
    expect(p1.text).toContain('rel="next" href="/p/tidepool/help?page=2"');
    const p4 = await c.get('/p/tidepool/help?page=4');
    expect(p4.status).toBe(200);
  });

  it('refuses bad page numbers with 400 and pages past the end with 404', async () => {
    const c = t.client();
    for (const q of ['0', '-1', 'abc', '1.5', '99999999999999999999', '', '%00']) {
      expect((await c.get(`/p/tidepool/help?page=${q}`)).status, q).toBe(400);
    }
    expect((await c.get('/p/tidepool/help?page=50')).status).toBe(404);
    expect((await c.get('/p/tidepool/announcements?page=1')).status).toBe(200);
  });

  it('shows an empty category without error', async () => {
    await t.db.query(`insert into categories (community_id, name, slug, sort_order) select id, 'Empty', 'empty', 99 from communities where slug = 'quarry'`);
    const res = await t.client().get('/p/quarry/empty');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No threads yet');
  });
});

describe('thread pages', () => {
  it('shows 50 posts a page in order with rendered markdown, and pagination', async () => {
    const id = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const c = t.client();
    const p1 = await c.get(`/p/tidepool/ideas/${id}`);
    expect(p1.status).toBe(200);
    const ids = [...p1.text.matchAll(/<li class="post[^"]*" id="post-(\d+)">/g)].map((m) => Number(m[1]));
    expect(ids.length).toBe(50);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(p1.text).toMatch(/<pre><code class="language-/);
    expect(p1.text).toContain(`href="/p/tidepool/ideas/${id}?page=4"`);
    const p4 = await c.get(`/p/tidepool/ideas/${id}?page=4`);
    expect(p4.status).toBe(200);
    expect((await c.get(`/p/tidepool/ideas/${id}?page=5`)).status).toBe(404);
    expect((await c.get(`/p/tidepool/ideas/${id}?page=0`)).status).toBe(400);
  });

  it('links each post to its own page, and offers no "Delete" under the opening post', async () => {
    const id = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const c = t.client();
    await c.signIn('mnw-1002');
    const p2 = await c.get(`/p/tidepool/ideas/${id}?page=2`);
    const links = [...p2.text.matchAll(/class="permalink" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBe(50);
    expect(links.every((l) => l.includes('?page=2#post-'))).toBe(true);
    const p1 = await c.get(`/p/tidepool/ideas/${id}`);
    const opening = /<li class="post[^"]*" id="post-\d+">[\s\S]*?<\/li>/.exec(p1.text)![0];
    expect(opening).not.toContain('/delete');
  });

  it('redirects URLs with a trailing slash to the canonical one', async () => {
    const res = await t.client().get('/p/tidepool/help/?page=2');
    expect(res.status).toBe(301);
    expect(res.location).toBe('/p/tidepool/help?page=2');
    expect((await t.client().get('//evil.example/')).location ?? '').not.toMatch(/^\/\//);
  });

  it('redirects a thread URL with the wrong category to where the thread is now (302, never kept: it may move back)', async () => {
    const id = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const res = await t.client().get(`/p/tidepool/help/${id}?page=2`);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.location).toBe(`/p/tidepool/ideas/${id}?page=2`);
  });

  it('does not show a thread from another community under this one', async () => {
    const id = await idOf(`select t.id from threads t join communities c on c.id = t.community_id where c.slug = 'quarry' limit 1`);
    expect((await t.client().get(`/p/tidepool/help/${id}`)).status).toBe(404);
  });

  it('never shows the text of a deleted post, and hides deleted threads', async () => {
    const post = await t.db.query<{ id: number; threadId: number; body: string; slug: string }>(
      `select p.id, p.thread_id as "threadId", p.body, k.slug from posts p join threads t on t.id = p.thread_id join categories k on k.id = t.category_id where p.deleted_at is not null limit 1`,
    );
    const p = post[0]!;
    const res = await t.client().get(`/p/tidepool/${p.slug}/${p.threadId}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(`id="post-${p.id}"`);
    const snippet = p.body.slice(0, 40);
    expect(res.text).not.toContain(snippet);
    const deleted = await t.db.query<{ id: number; slug: string }>(`select t.id, k.slug from threads t join categories k on k.id = t.category_id where t.deleted_at is not null limit 1`);
    expect((await t.client().get(`/p/tidepool/${deleted[0]!.slug}/${deleted[0]!.id}`)).status).toBe(404);
  });

  it('costs the same number of queries for a 50-post page as for a 1-post page', async () => {
    const long = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const short = await idOf(`select id from threads where reply_count = 0 and deleted_at is null limit 1`);
    const shortCat = (await t.db.query<{ slug: string }>(`select k.slug from threads t join categories k on k.id = t.category_id where t.id = $1`, [short]))[0]!.slug;
    const c = t.client();
    // Cold: nothing cached, so this is what building the page costs.
    const count = async (path: string) => {
      t.running.deps.cache.clear();
      const before = t.db.stats.queries;
      const res = await c.get(path);
      expect(res.status).toBe(200);
      return t.db.stats.queries - before;
    };
    const longCost = await count(`/p/tidepool/ideas/${long}`);
    const shortCost = await count(`/p/tidepool/${shortCat}/${short}`);
    expect(longCost).toBe(shortCost);
    expect(longCost).toBeLessThanOrEqual(4);
  });

  it('serves a repeat visit from the read cache with one query (the version check), signed in with two', async () => {
    const long = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const path = `/p/tidepool/ideas/${long}`;
    const cost = async (client: ReturnType<typeof t.client>) => {
      const before = t.db.stats.queries;
      const res = await client.get(path);
      expect(res.status).toBe(200);
      return { queries: t.db.stats.queries - before, text: res.text };
    };
    const anon = t.client();
    const first = await cost(anon);
    const again = await cost(anon);
    expect(again.queries).toBe(1);
    expect(again.text).toBe(first.text);
    const member = t.client();
    await member.signIn('mnw-1004');
    await cost(member);
    expect((await cost(member)).queries).toBe(2); // session; community with versions and standing
  });

  it('gives anonymous readers the same bytes and no cookie, and shows a new post on the very next request', async () => {
    const long = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const path = `/p/tidepool/ideas/${long}?page=4`;
    const a = await t.client().get(path);
    const b = await t.client().get(path);
    expect(a.headers.get('set-cookie')).toBeNull();
    expect(a.text).not.toContain('csrf-token');
    expect(b.text).toBe(a.text);
    // A write committed by anyone (here: straight into the database, as another instance would) is
    // visible to the next request: the page is keyed by the community version the write moved.
    await t.db.query(`update posts set body_html = '<p>Rewritten elsewhere</p>' where id = (select max(id) from posts where thread_id = $1)`, [long]);
    expect((await t.client().get(path)).text).toContain('Rewritten elsewhere');
    await t.db.query(`update users set display_name = 'Renamed Person' where id = (select author_id from posts where id = (select max(id) from posts where thread_id = $1))`, [long]);
    expect((await t.client().get(path)).text).toContain('Renamed Person');
  });

  it('renders a cached page again after one clock step, so relative times are never more than 15 s behind', async () => {
    const long = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const path = `/p/tidepool/ideas/${long}?page=4`;
    // Make the last post 40 s old ("just now"), read the page into the cache, then let 16 s pass.
    await t.db.query(`update posts set created_at = now() - interval '40 seconds' where id = (select max(id) from posts where thread_id = $1)`, [long]);
    const lastPost = (await t.db.query<{ id: number }>(`select max(id) as id from posts where thread_id = $1`, [long]))[0]!.id;
    const timeOf = (text: string) => new RegExp(`id="post-${lastPost}"[\\s\\S]*?<time[^>]*>([^<]*)</time>`).exec(text)![1];
    expect(timeOf((await t.client().get(path)).text)).toBe('just now');
    t.clock.offsetMs = 16_000;
    try {
      expect(timeOf((await t.client().get(path)).text)).toBe('1 min ago');
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('keeps only the canonical URL of an anonymous page in the cache (made-up URLs cannot crowd it out)', async () => {
    const long = await idOf(`select id from threads where title like 'RFC: Plugin API v2%'`);
    const canonical = ['/p/tidepool', '/p/tidepool/help', `/p/tidepool/ideas/${long}`, `/p/tidepool/ideas/${long}?page=2`];
    for (const path of canonical) expect((await t.client().get(path)).status).toBe(200);
    const before = t.running.deps.cache.size.entries;
    const junk = ['/p/tidepool?page=7', '/p/tidepool?x=1', '/p/tidepool/%68elp', '/p/tidepool/help?page=1', '/p/tidepool/help?page=1&x=2',
      `/p/tidepool/ideas/${long}?page=1`, `/p/tidepool/%69deas/${long}`, `/p/tidepool/ideas/${long}?page=2&utm=1`];
    for (const path of junk) expect((await t.client().get(path)).status, path).toBe(200);
    expect(t.running.deps.cache.size.entries).toBe(before);
  });

  it('serves pages that never re-render markdown (stored HTML is used as is)', async () => {
    const post = (await t.db.query<{ id: number; threadId: number }>(`select id, thread_id as "threadId" from posts where deleted_at is null order by id limit 1`))[0]!;
    await t.db.query(`update posts set body_html = '<p>stored-html-marker</p>' where id = $1`, [post.id]);
    const cat = (await t.db.query<{ slug: string; c: string }>(`select k.slug, cm.slug as c from threads t join categories k on k.id = t.category_id join communities cm on cm.id = t.community_id where t.id = $1`, [post.threadId]))[0]!;
    const res = await t.client().get(`/p/${cat.c}/${cat.slug}/${post.threadId}`);
    expect(res.text).toContain('stored-html-marker');
  });
});

describe('health and static files', () => {
  it('reports version and database status', async () => {
    const res = await t.client().get('/api/health');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ status: 'ok', database: 'ok' });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('keeps /api/metrics behind METRICS_TOKEN: 404 without it, counters with it', async () => {
    const token = 'm'.repeat(40);
    const m = await startTestApp({ seed: true, env: { METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${m.url}/api/metrics`)).status).toBe(404);
      expect((await fetch(`${m.url}/api/metrics`, { headers: { authorization: `Bearer ${'x'.repeat(40)}` } })).status).toBe(404);
      await fetch(`${m.url}/p/tidepool`);
      const res = await fetch(`${m.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { queries: number; cache: { misses: number }; rssBytes: number };
      expect(body.queries).toBeGreaterThan(0);
      expect(body.cache.misses).toBeGreaterThan(0);
      expect(body.rssBytes).toBeGreaterThan(0);
    } finally {
      await m.close();
    }
  });

  it('serves htmx and the stylesheet from our own static folder, and nothing outside it', async () => {
    const c = t.client();
    expect((await c.get('/static/js/htmx.min.js')).status).toBe(200);
    expect((await c.get('/static/css/app.css')).headers.get('content-type')).toContain('text/css');
    expect((await c.get('/static/../package.json')).status).toBe(404);
    expect((await c.get('/static/%2e%2e/package.json')).status).toBe(404);
  });
});
