// Rate limits: kept in PostgreSQL, answered with 429 + Retry-After and a readable page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.js';
import { fingerprint } from '../support/fingerprint.js';

let t: TestApp;
let threadId: number;
beforeAll(async () => {
  t = await startTestApp({ seed: true, env: { RATE_LIMIT_POST_SECONDS: '5', RATE_LIMIT_THREAD_SECONDS: '15', RATE_LIMIT_SIGNIN_ATTEMPTS: '40', RATE_LIMIT_SIGNIN_WINDOW_SECONDS: '600' } });
  threadId = (await t.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null limit 1`))[0]!.id;
});
afterAll(() => t?.close());

describe('write limits', () => {
  it('allows one reply per 5 s per user; the next gets 429 with Retry-After and a readable page, and nothing is written', async () => {
    const c = t.client();
    await c.signIn(DEMO.member);
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'first' })).status).toBe(303);
    const before = await fingerprint(t.db);
    const second = await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'second' });
    expect(second.status).toBe(429);
    const retry = Number(second.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(5);
    expect(second.text).toContain('too quickly');
    expect(await fingerprint(t.db)).toBe(before);
  });

  it('without JavaScript, a reply or thread sent too soon comes back as its form with the text kept (429)', async () => {
    const c = t.client();
    await c.signIn(DEMO.mod);
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'a first reply' })).status).toBe(303);
    const reply = await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'a second reply, typed with care' });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(reply.text).toContain('posting too quickly');
    expect(reply.text).toContain('>a second reply, typed with care</textarea>');
    expect((await c.post('/p/tidepool/help/new', { title: 'First thread of the minute', body: 'one' })).status).toBe(303);
    const thread = await c.post('/p/tidepool/help/new', { title: 'Second thread too soon', body: 'two, kept' });
    expect(thread.status).toBe(429);
    expect(thread.text).toContain('starting threads too quickly');
    expect(thread.text).toContain('value="Second thread too soon"');
    expect(thread.text).toContain('>two, kept</textarea>');
  });

  it('does not count a refused form against the user', async () => {
    const c = t.client();
    await c.signIn(DEMO.member2);
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: '   ' })).status).toBe(400);
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'now with words' })).status).toBe(303);
  });

  it('is stricter for accounts made today', async () => {
    const c = t.client();
    await c.signIn('brand_new_user');
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'hello' })).status).toBe(303);
    const again = await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'hello again' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(5);
  });

  it('allows one new thread per 15 s', async () => {
    const c = t.client();
    await c.signIn(DEMO.kit);
    expect((await c.post('/p/tidepool/help/new', { title: 'First thread', body: 'x' })).status).toBe(303);
    const second = await c.post('/p/tidepool/help/new', { title: 'Second thread', body: 'y' });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(5);
  });

  it('counts concurrent requests correctly: of 10 simultaneous replies exactly one is accepted', async () => {
    const c = t.client();
    await c.signIn(DEMO.lanternOwner);
    const token = await c.csrf();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.post(`/p/tidepool/help/${threadId}/reply`, { body: `burst ${i}` }, { csrf: token })));
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 429)).toHaveLength(9);
  });
});

describe('double submits', () => {
  it('a reply or thread sent twice lands both requests on the first one, stored once', async () => {
    const c = t.client();
    await c.signIn(DEMO.quarryOwner);
    const token = await c.csrf();
    const [a, b] = await Promise.all([0, 1].map(() => c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'sent twice by accident' }, { csrf: token })));
    expect([a!.status, b!.status]).toEqual([303, 303]);
    expect(a!.location).toBe(b!.location);
    expect(await t.db.query(`select 1 from posts where body = 'sent twice by accident'`)).toHaveLength(1);
    const first = await c.post('/p/tidepool/help/new', { title: 'Entered twice', body: 'x' }, { csrf: token });
    const second = await c.post('/p/tidepool/help/new', { title: 'Entered twice', body: 'x' }, { csrf: token });
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
  });
});

describe('sign-in limit', () => {
  it('refuses sign-in attempts past the limit for one address', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_SIGNIN_ATTEMPTS: '3', RATE_LIMIT_SIGNIN_WINDOW_SECONDS: '600' } });
    try {
      const c = limited.client();
      for (let i = 0; i < 3; i++) expect((await c.get('/auth/login')).status).toBe(302);
      const res = await c.get('/auth/login');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.text).toContain('signing in too quickly');
      // Counted per client address, not in one bucket for everyone.
      const keys = await limited.db.query<{ key: string }>(`select key from rate_limits where key like 'signin:%'`);
      expect(keys.map((k) => k.key)).toEqual(['signin:ip:127.0.0.1']);
    } finally {
      await limited.close();
    }
  });
});
