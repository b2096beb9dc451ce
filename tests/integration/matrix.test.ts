// The authorization matrix: every route of the app × every kind of actor → the expected outcome,
// written out as a table. Refused writes must leave the database untouched. A route without a row fails.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/connection.js';
import { upsertRestriction } from '../../src/db/bans.js';
import { ensureCommunity, setCommunitySuspended } from '../../src/db/communities.js';
import { ensureMember } from '../../src/db/memberships.js';
import { insertReply } from '../../src/db/posts.js';
import { createThread } from '../../src/db/threads.js';
import { setUserSuspended, upsertUser } from '../../src/db/users.js';
import { DEMO, startTestApp, type TestApp, type TestClient } from '../support/app.js';
import { fingerprint } from '../support/fingerprint.js';

const ACTORS = ['anonymous', 'outsider', 'member', 'muted', 'banned', 'expiredBan', 'moderator', 'otherModerator', 'owner', 'suspended', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
type Outcome = 'ok' | 'signin' | 400 | 403 | 404;

/** One outcome per actor, in the order of ACTORS. */
type Row = [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
//                 anon      outsider member muted banned expired mod   otherMod owner suspended admin
const PUBLIC: Row = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const WRITE: Row = ['signin', 'ok', 'ok', 403, 403, 'ok', 'ok', 'ok', 'ok', 'signin', 'ok'];
const AUTHOR_OR_MOD: Row = ['signin', 403, 'ok', 403, 403, 403, 'ok', 403, 'ok', 'signin', 'ok'];
const MOD_ONLY: Row = ['signin', 403, 403, 403, 403, 403, 'ok', 403, 'ok', 'signin', 'ok'];
const OWNER_ONLY: Row = ['signin', 403, 403, 403, 403, 403, 403, 403, 'ok', 'signin', 'ok'];
const ADMIN_ONLY: Row = ['signin', 403, 403, 403, 403, 403, 403, 403, 403, 'signin', 'ok'];

/** Per route: the outcome table and how to build the request (fresh targets made by `setup`). */
interface Case {
  expect: Row;
  path: (f: Fixture) => string;
  fields?: (f: Fixture) => Record<string, string>;
}

/** Objects made fresh for each cell, so an allowed change never affects the next cell. */
interface Fixture {
  threadId: number; // dara's thread, one reply by eli
  replyId: number; // dara's reply in that thread (fresh: inside the edit window)
  targetUser: { id: number; username: string }; // a member with nothing against them
  bannedUser: { id: number; username: string }; // a member with a ban and a mute
  community: { id: number; slug: string }; // a throw-away community (admin routes)
  suspendedCommunity: { id: number };
  suspendedUser: { id: number };
  categoryId: number;
}

const T = (f: Fixture) => `/p/tidepool/help/${f.threadId}`;
const CASES: Record<string, Case> = {
  'GET /': { expect: PUBLIC, path: () => '/' },
  'GET /api/health': { expect: PUBLIC, path: () => '/api/health' },
  // Metrics answer only their bearer token (none here), never a session: nobody gets them.
  'GET /api/metrics': { expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404], path: () => '/api/metrics' },
  'GET /static/*': { expect: PUBLIC, path: () => '/static/css/app.css' },
  'GET /p/:slug': { expect: PUBLIC, path: () => '/p/tidepool' },
  'GET /p/:slug/members': { expect: PUBLIC, path: () => '/p/tidepool/members' },
  'GET /p/:slug/:category': { expect: PUBLIC, path: () => '/p/tidepool/help' },
  'GET /p/:slug/:category/:threadId{[0-9]+}': { expect: PUBLIC, path: T },
  'GET /p/:slug/:category/new': { expect: WRITE, path: () => '/p/tidepool/help/new' },
  'POST /p/:slug/:category/new': { expect: WRITE, path: () => '/p/tidepool/help/new', fields: () => ({ title: 'Matrix thread', body: 'body' }) },
  'POST /p/:slug/:category/:threadId{[0-9]+}/reply': { expect: WRITE, path: (f) => `${T(f)}/reply`, fields: () => ({ body: 'matrix reply' }) },
  'GET /p/:slug/:category/:threadId{[0-9]+}/edit': { expect: AUTHOR_OR_MOD, path: (f) => `${T(f)}/edit` },
  'POST /p/:slug/:category/:threadId{[0-9]+}/edit': { expect: AUTHOR_OR_MOD, path: (f) => `${T(f)}/edit`, fields: () => ({ title: 'Renamed by the matrix' }) },
  // The thread has a reply, so its author may no longer delete it.
  'POST /p/:slug/:category/:threadId{[0-9]+}/delete': { expect: MOD_ONLY, path: (f) => `${T(f)}/delete`, fields: () => ({ confirm: 'yes' }) },
  'POST /p/:slug/:category/:threadId{[0-9]+}/pin': { expect: MOD_ONLY, path: (f) => `${T(f)}/pin`, fields: () => ({ pinned: '1' }) },
  'POST /p/:slug/:category/:threadId{[0-9]+}/lock': { expect: MOD_ONLY, path: (f) => `${T(f)}/lock`, fields: () => ({ locked: '1' }) },
  'GET /p/:slug/:category/:threadId{[0-9]+}/posts/:postId/edit': { expect: AUTHOR_OR_MOD, path: (f) => `${T(f)}/posts/${f.replyId}/edit` },
  'POST /p/:slug/:category/:threadId{[0-9]+}/posts/:postId/edit': { expect: AUTHOR_OR_MOD, path: (f) => `${T(f)}/posts/${f.replyId}/edit`, fields: () => ({ body: 'edited by the matrix' }) },
  'POST /p/:slug/:category/:threadId{[0-9]+}/posts/:postId/delete': { expect: AUTHOR_OR_MOD, path: (f) => `${T(f)}/posts/${f.replyId}/delete`, fields: () => ({ confirm: 'yes' }) },
  'GET /p/:slug/settings': { expect: OWNER_ONLY, path: () => '/p/tidepool/settings' },
  'POST /p/:slug/settings': { expect: OWNER_ONLY, path: () => '/p/tidepool/settings', fields: () => ({ name: 'Tidepool', description: 'A tiny, fast static site generator with first-class Markdown and zero config.' }) },
  'POST /p/:slug/settings/categories/new': { expect: OWNER_ONLY, path: () => '/p/tidepool/settings/categories/new', fields: () => ({ name: 'Matrix', slug: `matrix-${Math.random().toString(36).slice(2, 8)}`, description: '' }) },
  'GET /p/:slug/settings/categories/:id/edit': { expect: OWNER_ONLY, path: (f) => `/p/tidepool/settings/categories/${f.categoryId}/edit` },
  'POST /p/:slug/settings/categories/:id/edit': { expect: OWNER_ONLY, path: (f) => `/p/tidepool/settings/categories/${f.categoryId}/edit`, fields: () => ({ name: 'Help & questions', slug: 'help', description: 'Stuck? Ask here.' }) },
  'POST /p/:slug/settings/categories/:id/move': { expect: OWNER_ONLY, path: (f) => `/p/tidepool/settings/categories/${f.categoryId}/move`, fields: () => ({ direction: 'down' }) },
  'POST /p/:slug/settings/members/:userId/role': { expect: OWNER_ONLY, path: (f) => `/p/tidepool/settings/members/${f.targetUser.id}/role`, fields: () => ({ role: 'moderator' }) },
  'GET /p/:slug/moderation': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation' },
  'GET /p/:slug/moderation/log': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation/log' },
  'POST /p/:slug/moderation/ban': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation/ban', fields: (f) => ({ username: f.targetUser.username, reason: 'matrix', duration: '1d' }) },
  'POST /p/:slug/moderation/mute': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation/mute', fields: (f) => ({ username: f.targetUser.username, reason: 'matrix', duration: '7d' }) },
  'POST /p/:slug/moderation/unban': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation/unban', fields: (f) => ({ user_id: String(f.bannedUser.id) }) },
  'POST /p/:slug/moderation/unmute': { expect: MOD_ONLY, path: () => '/p/tidepool/moderation/unmute', fields: (f) => ({ user_id: String(f.bannedUser.id) }) },
  'GET /_admin': { expect: ADMIN_ONLY, path: () => '/_admin' },
  'POST /_admin/communities/:id/suspend': { expect: ADMIN_ONLY, path: (f) => `/_admin/communities/${f.community.id}/suspend`, fields: () => ({ reason: 'matrix' }) },
  'POST /_admin/communities/:id/unsuspend': { expect: ADMIN_ONLY, path: (f) => `/_admin/communities/${f.suspendedCommunity.id}/unsuspend` },
  'POST /_admin/users/:id/suspend': { expect: ADMIN_ONLY, path: (f) => `/_admin/users/${f.targetUser.id}/suspend`, fields: () => ({ reason: 'matrix' }) },
  'POST /_admin/users/:id/unsuspend': { expect: ADMIN_ONLY, path: (f) => `/_admin/users/${f.suspendedUser.id}/unsuspend` },
  'GET /auth/login': { expect: PUBLIC, path: () => '/auth/login' },
  'GET /auth/callback': { expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400], path: () => '/auth/callback' },
  'GET /auth/logout': { expect: PUBLIC, path: () => '/auth/logout' },
  // Last: it ends the actor's session (the test signs them in again).
  'POST /auth/logout': { expect: PUBLIC, path: () => '/auth/logout' },
};

let t: TestApp;
const clients = new Map<ActorName, TestClient>();
const ACCOUNTS: Record<ActorName, string | null> = {
  anonymous: null, outsider: 'matrix_outsider', member: DEMO.member, muted: DEMO.muted, banned: DEMO.banned, expiredBan: DEMO.member2,
  moderator: DEMO.mod, otherModerator: DEMO.kit, owner: DEMO.owner, suspended: 'matrix_suspended', admin: DEMO.admin,
};

async function signIn(actor: ActorName): Promise<void> {
  const client = t.client();
  const account = ACCOUNTS[actor];
  if (account) await client.signIn(account);
  // A visitor with a form token: one who has started a sign-in once (reading alone issues none).
  else await client.csrf();
  clients.set(actor, client);
}

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  for (const actor of ACTORS) await signIn(actor);
  // eli's ban ended a minute ago; matrix_suspended is suspended after signing in (their cookie must stop working).
  await t.db.transaction(async (tx) => {
    const ids = await tx.query<{ tidepool: number; eli: number; chen: number }>(`select (select id from communities where slug = 'tidepool') as tidepool, (select id from users where username = 'eli') as eli, (select id from users where username = 'chen') as chen`);
    const r = ids[0]!;
    await upsertRestriction(tx, { communityId: r.tidepool, userId: r.eli, isMute: false, reason: 'expired', expiresAt: new Date(Date.now() - 60_000), createdBy: r.chen });
    await tx.query(`update users set suspended_at = now() where username = 'matrix_suspended'`);
  });
});
afterAll(() => t?.close());

let serial = 0;
async function makeFixture(): Promise<Fixture> {
  const n = ++serial;
  return t.db.transaction(async (tx: Tx) => {
    const q = async (sql: string, p: unknown[] = []) => (await tx.query<{ id: number }>(sql, p))[0]!.id;
    const tidepool = await q(`select id from communities where slug = 'tidepool'`);
    const help = await q(`select id from categories where community_id = $1 and slug = 'help'`, [tidepool]);
    const dara = await q(`select id from users where username = 'dara'`);
    const eli = await q(`select id from users where username = 'eli'`);
    const chen = await q(`select id from users where username = 'chen'`);
    const { threadId } = await createThread(tx, { communityId: tidepool, categoryId: help, authorId: dara, title: `Matrix thread ${n}`, body: 'opening', bodyHtml: '<p>opening</p>' });
    await insertReply(tx, { threadId, authorId: eli, body: 'a reply', bodyHtml: '<p>a reply</p>' });
    const replyId = await insertReply(tx, { threadId, authorId: dara, body: 'my reply', bodyHtml: '<p>my reply</p>' });
    const user = async (name: string) => upsertUser(tx, { mnwAccountId: `mnw-matrix-${name}`, username: name, displayName: name, avatarUrl: null });
    const target = await user(`mx_target_${n}`);
    await ensureMember(tx, tidepool, target.id);
    const banned = await user(`mx_banned_${n}`);
    await ensureMember(tx, tidepool, banned.id);
    await upsertRestriction(tx, { communityId: tidepool, userId: banned.id, isMute: false, reason: 'x', expiresAt: null, createdBy: chen });
    await upsertRestriction(tx, { communityId: tidepool, userId: banned.id, isMute: true, reason: 'x', expiresAt: null, createdBy: chen });
    const community = await ensureCommunity(tx, { slug: `mx-${n}`, name: `Matrix ${n}`, description: '' });
    const suspendedCommunity = await ensureCommunity(tx, { slug: `mx-s-${n}`, name: `Matrix suspended ${n}`, description: '' });
    await setCommunitySuspended(tx, suspendedCommunity.id, true, 'x');
    const suspendedUser = await user(`mx_susp_${n}`);
    await setUserSuspended(tx, suspendedUser.id, true, 'x');
    return { threadId, replyId, targetUser: { id: target.id, username: target.username }, bannedUser: { id: banned.id, username: banned.username }, community: { id: community.id, slug: community.slug }, suspendedCommunity: { id: suspendedCommunity.id }, suspendedUser: { id: suspendedUser.id }, categoryId: help };
  });
}

function outcomeOf(res: { status: number; location: string | null }): Outcome | number {
  if (res.status >= 300 && res.status < 400) return res.location?.startsWith('/auth/login') ? 'signin' : 'ok';
  if (res.status >= 200 && res.status < 300) return 'ok';
  return res.status;
}

describe('authorization matrix', () => {
  it('has a row for every route of the app', () => {
    const routes = [...new Set(t.running.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    const missing = routes.filter((r) => !(r in CASES));
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(35);
  });

  it('gives every actor the expected outcome on every route; refused writes change nothing', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const [route, c] of Object.entries(CASES)) {
      const method = route.slice(0, route.indexOf(' '));
      // Reads change nothing, so one fixture serves the whole row; every write gets fresh targets.
      const shared = method === 'GET' ? await makeFixture() : null;
      for (const [i, actor] of ACTORS.entries()) {
        const expected = c.expect[i]!;
        const f = shared ?? (await makeFixture());
        const client = clients.get(actor)!;
        const unsafe = method !== 'GET';
        const before = unsafe && expected !== 'ok' ? await fingerprint(t.db) : null;
        const res = unsafe ? await client.post(c.path(f), c.fields?.(f) ?? {}) : await client.get(c.path(f));
        const got = outcomeOf(res);
        cells++;
        if (got !== expected) failures.push(`${route} as ${actor}: expected ${expected}, got ${got} (${res.status}${res.location ? ` → ${res.location}` : ''})`);
        if (before !== null && (await fingerprint(t.db)) !== before) failures.push(`${route} as ${actor}: refused but the database changed`);
        if (route === 'POST /auth/logout' && ACCOUNTS[actor]) await signIn(actor);
      }
    }
    console.log(`[matrix] routes=${Object.keys(CASES).length} actors=${ACTORS.length} cells=${cells} failures=${failures.length}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
