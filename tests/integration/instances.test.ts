// Two app instances on one PostgreSQL: sessions, bans, suspensions, rate limits and the read cache
// (src/web/readcache.ts) hold across both.
// PGlite belongs to one process, so this runs on PostgreSQL (CI runs the suite on both backends).

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openPostgres, type Db } from '../../src/db/connection.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DEMO, startTestApp, TestClient, type TestApp } from '../support/app.js';

const onPostgres = inject('testDb').backend === 'postgres';
if (!onPostgres) process.stdout.write('[tests] two-instance test runs only on PostgreSQL (set TEST_DATABASE_URL); skipped on PGlite\n');

describe.skipIf(!onPostgres)('two app instances on one PostgreSQL', () => {
  const LIMITS = { RATE_LIMIT_POST_SECONDS: '5', RATE_LIMIT_THREAD_SECONDS: '15', RATE_LIMIT_SIGNIN_ATTEMPTS: '100' };
  let a: TestApp;
  let bDb: Db;
  let b: RunningServer;
  let bUrl: string;
  let threadId: number;

  beforeAll(async () => {
    a = await startTestApp({ seed: true, env: LIMITS });
    bDb = await openPostgres(a.testDb.url!);
    // Instance B is configured like A but has its own pool and process state; it talks to A's development MNW.
    const config = loadConfig({ PORT: '0', BIND_ADDR: '127.0.0.1', LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false', ...LIMITS });
    b = await startServer({ config, db: bDb, log: pino({ level: 'silent' }), port: 0 });
    bUrl = b.url.replace('localhost', '127.0.0.1');
    threadId = (await a.db.query<{ id: number }>(`select t.id from threads t join categories k on k.id = t.category_id where k.slug = 'help' and not t.locked and t.deleted_at is null order by t.id limit 1`))[0]!.id;
  });
  afterAll(async () => {
    await b?.close(1000);
    await bDb?.close();
    await a?.close();
  });

  /** The same browser (same cookies) talking to instance B. */
  function onB(client: TestClient): TestClient {
    const other = new TestClient(bUrl);
    for (const [k, v] of client.cookies) other.cookies.set(k, v);
    return other;
  }

  it('a session made on one instance works on the other, CSRF token included', async () => {
    const c = a.client();
    await c.signIn(DEMO.member);
    const viaB = onB(c);
    expect((await viaB.get('/')).text).toContain('Signed in as <strong>Dara Nwosu</strong>');
    expect((await viaB.post(`/p/tidepool/help/${threadId}/reply`, { body: 'written through instance B' })).status).toBe(303);
  });

  it('a ban made on one instance is enforced on the other at once', async () => {
    const mod = a.client();
    await mod.signIn(DEMO.mod);
    const member = a.client();
    await member.signIn(DEMO.member2);
    const memberOnB = onB(member);
    expect((await mod.post('/p/tidepool/moderation/ban', { username: 'eli', reason: 'testing across instances', duration: '1d' })).status).toBe(303);
    const refused = await memberOnB.post(`/p/tidepool/help/${threadId}/reply`, { body: 'am I banned?' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('banned');
  });

  it('a suspension made on one instance signs the user out on the other at once', async () => {
    const admin = a.client();
    await admin.signIn(DEMO.admin);
    const kit = a.client();
    await kit.signIn(DEMO.kit);
    const kitOnB = onB(kit);
    expect((await kitOnB.get('/')).text).toContain('Signed in as');
    const kitId = (await a.db.query<{ id: number }>(`select id from users where mnw_account_id = $1`, [DEMO.kit]))[0]!.id;
    expect((await admin.post(`/_admin/users/${kitId}/suspend`, { reason: 'across instances' })).status).toBe(303);
    expect((await kitOnB.get('/')).text).not.toContain('Signed in as');
  });

  it('pages cached on one instance show a write made on the other at once, and only to those who may see it', async () => {
    const path = `/p/tidepool/help/${threadId}`;
    const anonOnB = new TestClient(bUrl);
    // Fill B's read cache: the same page twice, for an anonymous reader and a moderator.
    const mod = a.client();
    await mod.signIn(DEMO.mod2);
    const modOnB = onB(mod);
    for (let i = 0; i < 2; i++) {
      expect((await anonOnB.get(path)).status).toBe(200);
      expect((await modOnB.get(path)).status).toBe(200);
    }

    // A reply written through A is on B's page at once.
    const writer = a.client();
    await writer.signIn(DEMO.owner);
    const text = `cross-instance reply ${Date.now()}`;
    expect((await writer.post(`${path}/reply`, { body: text })).status).toBe(303);
    expect((await anonOnB.get(path)).text).toContain(text);
    const postId = (await a.db.query<{ id: number }>(`select id from posts where body = $1`, [text]))[0]!.id;

    // A new display name (site-wide version) shows on B's cached page at once.
    await a.db.query(`update users set display_name = 'Ada Renamed Across' where mnw_account_id = $1`, [DEMO.owner]);
    expect((await anonOnB.get(path)).text).toContain('Ada Renamed Across');

    // Deleted through A by its author: gone from B's page for readers; a moderator on B still sees where it was.
    expect((await writer.post(`${path}/posts/${postId}/delete`, { confirm: 'yes' })).status).toBe(303);
    const anonPage = (await anonOnB.get(path)).text;
    expect(anonPage).not.toContain(text);
    expect(anonPage).not.toContain(`id="post-${postId}"`);
    const modPage = (await modOnB.get(path)).text;
    expect(modPage).toContain(`id="post-${postId}"`);
    expect(modPage).not.toContain(text);
    // The moderator's view, now in B's cache, is not what a reader or a member gets.
    expect((await anonOnB.get(path)).text).not.toContain(`id="post-${postId}"`);
    const member = a.client();
    await member.signIn(DEMO.member);
    expect((await onB(member).get(path)).text).not.toContain(`id="post-${postId}"`);
  });

  it('rate limits count across both instances', async () => {
    const c = a.client();
    await c.signIn(DEMO.lanternOwner);
    expect((await c.post(`/p/tidepool/help/${threadId}/reply`, { body: 'first, on A' })).status).toBe(303);
    const second = await onB(c).post(`/p/tidepool/help/${threadId}/reply`, { body: 'second, on B' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
