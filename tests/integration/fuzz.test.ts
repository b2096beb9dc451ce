// A request fuzzer: thousands of generated requests over every route, as every kind of actor, with
// hostile paths, ids, pages, methods, headers and bodies. Zero 5xx; afterwards the database is consistent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/prng.js';
import { consistencyProblems } from '../support/consistency.js';
import { DEMO, startTestApp, type TestApp, type TestClient } from '../support/app.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const CONCURRENCY = 4;

let t: TestApp;
const actors: { name: string; client: TestClient; csrf: string }[] = [];
let ids: { thread: number[]; post: number[]; category: number[]; user: number[]; community: number[] };

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  for (const [name, account] of [['anonymous', null], ['member', DEMO.member], ['moderator', DEMO.mod], ['owner', DEMO.owner], ['admin', DEMO.admin], ['muted', DEMO.muted], ['banned', DEMO.banned]] as const) {
    const client = t.client();
    if (account) await client.signIn(account);
    actors.push({ name, client, csrf: await client.csrf() });
  }
  const col = async (sql: string) => (await t.db.query<{ id: number }>(sql)).map((r) => r.id);
  ids = {
    thread: await col(`select id from threads order by random() limit 20`),
    post: await col(`select id from posts order by random() limit 30`),
    category: await col(`select id from categories`),
    user: await col(`select id from users`),
    community: await col(`select id from communities`),
  };
});
afterAll(() => t?.close());

describe('request fuzzer', () => {
  it(`sends ${REQUESTS} generated requests without a single 5xx, and leaves the database consistent`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261203);
    const rand = mulberry32(seed); // deterministic, so a failure replays with the same FUZZ_SEED
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const chance = (p: number) => rand() < p;

    const routes = [...new Set(t.running.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].map((s) => {
      const [method, path] = s.split(' ');
      return { method: method!, path: path! };
    });
    expect(routes.length).toBeGreaterThan(20);

    const nasty = ['0', '-1', '99999999999999999999', 'abc', '%00', '%ff%fe', '..', '%2e%2e', 'a'.repeat(5000), '😀', '<script>', "'; drop table users; --", '1e5', ' 1', '%E2%80%8B', '\\', 'NaN', '1.5'];
    const slugs = ['tidepool', 'lanternfish', 'quarry', 'driftwood', 'nope', 'TIDEPOOL', 'a'.repeat(300), '-x', '%2F', 'tide%00pool'];
    const cats = ['help', 'ideas', 'announcements', 'general', 'queries', 'nope', 'members', 'settings', 'new', 'x'.repeat(200)];
    const strings = ['', ' ', 'hello', 'x'.repeat(40_000), '\u0000null\u0000', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '\u202Eevil', '\u200b\u200b\u200b', '🦀'.repeat(100), 'a\r\nb', '%', '&amp;', '{"a":1}', 'permanent', '1d', 'up', 'down', 'moderator', 'owner', 'member', 'dara', 'ada', 'morgan'];

    const param = (name: string): string => {
      if (chance(0.25)) return encodeURIComponent(pick(nasty));
      switch (name) {
        case 'slug': return pick(slugs);
        case 'category': return pick(cats);
        case 'threadId': return String(pick(ids.thread));
        case 'postId': return String(pick(ids.post));
        case 'userId': return String(pick(ids.user));
        case 'id': return String(pick([...ids.category, ...ids.community, ...ids.user]));
        default: return pick(nasty);
      }
    };

    const build = () => {
      const actor = pick(actors);
      const r = pick(routes);
      let path = r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_, n: string) => param(n)).replace('/static/*', '/static/' + pick(['css/app.css', '../package.json', '%2e%2e/x', 'js/htmx.min.js', 'nope.js']));
      if (chance(0.05)) path = '/' + Array.from({ length: 1 + Math.floor(rand() * 5) }, () => encodeURIComponent(pick([...nasty, ...slugs]))).join('/');
      if (chance(0.3)) path += `?page=${encodeURIComponent(pick(['1', '2', '0', '-3', 'x', '999999', '1000001', '', '3']))}`;
      if (chance(0.05)) path += `${path.includes('?') ? '&' : '?'}return_to=${encodeURIComponent(pick(['//evil', '/p/x', 'https://e']))}&q=${encodeURIComponent(pick(strings))}`;
      const method = chance(0.85) ? r.method : pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
      const headers: Record<string, string> = {};
      if (chance(0.2)) headers['hx-request'] = 'true';
      if (chance(0.1)) headers['accept'] = pick(['application/json', '*/*', 'text/html', 'garbage']);
      if (chance(0.05)) headers['x-forwarded-for'] = pick(['1.2.3.4', 'not-an-ip', '::1']);
      let body: string | Uint8Array | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const fields: Record<string, string> = {};
        for (const k of ['title', 'body', 'name', 'slug', 'description', 'username', 'user_id', 'reason', 'duration', 'role', 'direction', 'category_id', 'q']) if (chance(0.5)) fields[k] = pick(strings);
        if (chance(0.9)) fields.csrf_token = actor.csrf;
        const kind = rand();
        if (kind < 0.6) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(fields).toString();
        } else if (kind < 0.7) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          headers['x-csrf-token'] = actor.csrf;
          body = new Uint8Array([0x62, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0xed, 0xa0, 0x80]); // body=<invalid UTF-8>
        } else if (kind < 0.78) {
          headers['content-type'] = 'multipart/form-data; boundary=zz';
          body = chance(0.5) ? `--zz\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${actor.csrf}\r\n--zz\r\nContent-Disposition: form-data; name="body"\r\n\r\nhello\r\n--zz--\r\n` : '--zz\r\nbroken';
        } else if (kind < 0.85) {
          headers['content-type'] = 'application/json';
          headers['x-csrf-token'] = actor.csrf;
          body = chance(0.5) ? JSON.stringify(fields) : '{"unterminated":';
        } else if (kind < 0.9) {
          headers['content-type'] = pick(['text/plain', 'application/xml', 'image/png', '']);
          body = 'x'.repeat(Math.floor(rand() * 1000));
        } else if (kind < 0.93) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = `csrf_token=${actor.csrf}&body=${'y'.repeat(1024 * 1024 + 100)}`;
        } else {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          headers['x-csrf-token'] = actor.csrf;
          body = `body=${encodeURIComponent(pick(strings))}&title=${'%'.repeat(5)}&&&=&a=%zz`;
        }
      }
      return { actor, method, path, headers, body };
    };

    const statuses = new Map<number, number>();
    const fivexx: string[] = [];
    let sent = 0;
    const worker = async () => {
      while (sent < REQUESTS) {
        sent++;
        const req = build();
        let status: number;
        try {
          status = (await req.actor.client.request(req.method, req.path, { body: req.body, headers: req.headers })).status;
        } catch (err) {
          // A connection closed after a 413 is acceptable; anything else is a failure.
          status = -1;
          fivexx.push(`${req.actor.name} ${req.method} ${req.path.slice(0, 120)} → network error ${(err as Error).message}`);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) fivexx.push(`${req.actor.name} ${req.method} ${req.path.slice(0, 120)} → ${status}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
    console.log(`[fuzz] seed=${seed} requests=${sent} statuses ${summary} 5xx=${fivexx.length}`);
    expect(fivexx).toEqual([]);
    // The fuzzer must reach handlers, not only the CSRF wall and 404s.
    expect((statuses.get(200) ?? 0) + (statuses.get(303) ?? 0)).toBeGreaterThan(REQUESTS / 10);
    expect(await consistencyProblems(t.db)).toEqual([]);
  }, 600_000);
});
