// Many writers at once: every accepted reply stored exactly once, counters right.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyProblems } from '../support/consistency.js';
import { startTestApp, type TestApp, type TestClient } from '../support/app.js';

const WRITERS = 50;

let t: TestApp;
beforeAll(async () => {
  // Real limits: each writer posts once, so none is throttled.
  t = await startTestApp({ seed: true, env: { RATE_LIMIT_POST_SECONDS: '5', RATE_LIMIT_THREAD_SECONDS: '15' } });
});
afterAll(() => t?.close());

describe('concurrent writers', () => {
  it(`${WRITERS} writers reply to one thread at once: every reply stored exactly once, counts and last activity right`, async () => {
    const thread = (await t.db.query<{ id: number; replyCount: number }>(`select t.id, t.reply_count as "replyCount" from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!;
    const writers: { client: TestClient; token: string }[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const client = t.client();
      await client.signIn(`writer_${i}`);
      writers.push({ client, token: await client.csrf() });
    }
    const results = await Promise.all(writers.map((w, i) => w.client.post(`/p/tidepool/help/${thread.id}/reply`, { body: `concurrent reply #${i}` }, { csrf: w.token })));
    const accepted = results.filter((r) => r.status === 303).length;
    console.log(`[concurrency] writers=${WRITERS} accepted=${accepted} statuses=${[...new Set(results.map((r) => r.status))].join(',')}`);
    expect(accepted).toBe(WRITERS);
    const stored = await t.db.query<{ body: string; n: number }>(`select body, count(*) as n from posts where thread_id = $1 and body like 'concurrent reply #%' group by body`, [thread.id]);
    expect(stored).toHaveLength(WRITERS);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    const after = (await t.db.query<{ replyCount: number; lastActivityAt: Date; newest: Date }>(
      `select reply_count as "replyCount", last_activity_at as "lastActivityAt", (select max(created_at) from posts where thread_id = $1 and deleted_at is null) as newest from threads where id = $1`, [thread.id],
    ))[0]!;
    expect(after.replyCount).toBe(thread.replyCount + WRITERS);
    expect(after.lastActivityAt.getTime()).toBe(after.newest.getTime());
    expect(await consistencyProblems(t.db)).toEqual([]);
  }, 120_000);
});
