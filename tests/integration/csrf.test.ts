// CSRF: every unsafe route in the app's own route table refuses a request without the right token,
// whatever the content type, and changes nothing. New routes are covered automatically.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp, type TestClient } from '../support/app.js';
import { fingerprint } from '../support/fingerprint.js';

let t: TestApp;
let admin: TestClient;
let params: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  admin = t.client();
  await admin.signIn(DEMO.admin);
  const thread = (await t.db.query<{ id: number; postId: number }>(
    `select t.id, (select max(p.id) from posts p where p.thread_id = t.id) as "postId"
     from threads t join categories k on k.id = t.category_id where k.slug = 'help' and t.deleted_at is null order by t.id limit 1`,
  ))[0]!;
  const ids = (await t.db.query<{ community: number; category: number; user: number }>(
    `select (select id from communities where slug = 'tidepool') as community,
            (select id from categories where slug = 'help' limit 1) as category,
            (select id from users where username = 'dara') as "user"`,
  ))[0]!;
  params = { slug: 'tidepool', category: 'help', threadId: String(thread.id), postId: String(thread.postId), id: String(ids.category), userId: String(ids.user) };
});
afterAll(() => t?.close());

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function unsafeRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: string; path: string }[] = [];
  for (const r of t.running.app.routes) {
    const methods = r.method === 'ALL' ? [] : [r.method];
    for (const m of methods) {
      if (!UNSAFE.has(m) || seen.has(`${m} ${r.path}`)) continue;
      seen.add(`${m} ${r.path}`);
      out.push({ method: m, path: r.path });
    }
  }
  return out;
}

function concrete(path: string): string {
  return path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, name: string) => {
    if (path.startsWith('/_admin/communities') && name === 'id') return '1';
    if (path.startsWith('/_admin/users') && name === 'id') return params.userId!;
    return params[name] ?? '1';
  });
}

describe('CSRF middleware over the route table', () => {
  it('finds the unsafe routes (so this test cannot pass vacuously)', () => {
    const routes = unsafeRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect(routes.map((r) => r.path)).toContain('/auth/logout');
  });

  it('refuses every unsafe route without a token, in every content type, changing nothing', async () => {
    const token = await admin.csrf();
    // Another browser's token (getting it starts a sign-in there, which writes an oauth_states row).
    const otherToken = await t.client().csrf();
    const before = await fingerprint(t.db);
    const fields = { title: 'Hijacked title', body: 'hijacked body', name: 'x', slug: 'x', username: 'dara', reason: 'x', duration: '1d', role: 'moderator', direction: 'up' };
    const attempts: { label: string; body: string | Uint8Array; headers: Record<string, string> }[] = [
      { label: 'form without token', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { label: 'form with wrong token', body: new URLSearchParams({ ...fields, csrf_token: token.slice(0, -2) + 'xx' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { label: 'form with empty token', body: new URLSearchParams({ ...fields, csrf_token: '' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { label: 'json carrying the token', body: JSON.stringify({ ...fields, csrf_token: token }), headers: { 'content-type': 'application/json' } },
      { label: 'text/plain carrying the token', body: `csrf_token=${token}&title=x`, headers: { 'content-type': 'text/plain' } },
      { label: 'no content type', body: `csrf_token=${token}`, headers: {} },
      { label: 'multipart without token', body: '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' } },
      { label: 'wrong header', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': 'nope' } },
      { label: 'another session token', body: new URLSearchParams({ ...fields, csrf_token: otherToken }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ];
    let checked = 0;
    for (const route of unsafeRoutes()) {
      for (const a of attempts) {
        const res = await admin.request(route.method, concrete(route.path), { body: a.body, headers: a.headers });
        expect(res.status, `${route.method} ${route.path}: ${a.label}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(await fingerprint(t.db)).toBe(before);
  });

  it('accepts the token from the X-CSRF-Token header (HTMX) and from the form field', async () => {
    const token = await admin.csrf();
    const viaHeader = await admin.request('POST', concrete('/p/:slug/:category/:threadId/pin'), { body: 'pinned=1', headers: { 'x-csrf-token': token, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(viaHeader.status).toBe(303);
    const viaField = await admin.post(concrete('/p/:slug/:category/:threadId/pin'), { pinned: '0' });
    expect(viaField.status).toBe(303);
  });

  it('refuses a token of a session that has signed out', async () => {
    const c = t.client();
    await c.signIn(DEMO.member);
    const old = await c.csrf();
    await c.post('/auth/logout');
    await c.signIn(DEMO.member);
    const res = await c.post('/auth/logout', {}, { csrf: old });
    expect(res.status).toBe(403);
  });
});
