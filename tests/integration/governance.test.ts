// Community governance over real HTTP against a real database: owner settings, categories, roles,
// moderation (bans, mutes, rank rules, expiry, races), the mod log, and the platform admin.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp, type TestClient } from '../support/app.js';

let t: TestApp;
const started = new Date(Date.now() - 1000);
let owner: TestClient, mod: TestClient, mod2: TestClient, dara: TestClient, eli: TestClient, kit: TestClient, admin: TestClient, anon: TestClient;

async function signedIn(account: string): Promise<TestClient> {
  const c = t.client();
  const res = await c.signIn(account);
  expect(res.status, `sign-in of ${account}`).toBe(303);
  return c;
}

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  [owner, mod, mod2, dara, eli, kit, admin] = await Promise.all([
    signedIn(DEMO.owner), signedIn(DEMO.mod), signedIn(DEMO.mod2), signedIn(DEMO.member), signedIn(DEMO.member2), signedIn(DEMO.kit), signedIn(DEMO.admin),
  ]);
  anon = t.client();
});
afterAll(() => t?.close());

// ── Helpers reading the database directly ───────────────────────────────────────────────────────

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await t.db.query<T>(sql, params);
  return rows[0]!;
}
const userId = async (username: string) => (await one<{ id: number }>(`select id from users where username = $1`, [username])).id;
const communityId = async (slug: string) => (await one<{ id: number }>(`select id from communities where slug = $1`, [slug])).id;

/** Mod-log rows written since this file started, for one action (and optionally one target user/community). */
async function logRows(action: string, opts: { targetId?: number; community?: string | null } = {}) {
  const rows = await t.db.query<{ id: number; communityId: number | null; actorId: number; details: string; targetId: number | null }>(
    `select l.id, l.community_id as "communityId", l.actor_id as "actorId", l.details, l.target_id as "targetId"
     from mod_log l left join communities c on c.id = l.community_id
     where l.action = $1 and l.created_at >= $2 order by l.id`,
    [action, started],
  );
  const cid = opts.community === undefined ? undefined : opts.community === null ? null : await communityId(opts.community);
  return rows.filter((r) => (opts.targetId === undefined || r.targetId === opts.targetId) && (cid === undefined || r.communityId === cid));
}

async function restrictionOf(username: string, isMute: boolean) {
  const rows = await t.db.query<{ expiresAt: Date | null; reason: string }>(
    `select expires_at as "expiresAt", reason from community_bans where community_id = $1 and user_id = $2 and is_mute = $3`,
    [await communityId('tidepool'), await userId(username), isMute],
  );
  return rows[0] ?? null;
}

async function categoryOrders(slug: string): Promise<{ slug: string; sortOrder: number }[]> {
  return t.db.query(`select slug, sort_order as "sortOrder" from categories where community_id = $1 order by sort_order, id`, [await communityId(slug)]);
}

async function openThread(): Promise<{ path: string; id: number }> {
  const r = await one<{ id: number; slug: string }>(
    `select t.id, k.slug from threads t join categories k on k.id = t.category_id join communities c on c.id = t.community_id
     where c.slug = 'tidepool' and not t.locked and t.deleted_at is null order by t.id limit 1`,
  );
  return { path: `/p/tidepool/${r.slug}/${r.id}`, id: r.id };
}

const postCount = async (username: string) => (await one<{ n: number }>(`select count(*) as n from posts where author_id = $1`, [await userId(username)])).n;

/** Signs in a brand-new MNW account through the development MNW. */
const newcomer = (username: string) => signedIn(username);

// ── Who may open what ───────────────────────────────────────────────────────────────────────────

describe('access to governance pages', () => {
  it('sends anonymous visitors to sign in, and back here afterwards', async () => {
    for (const path of ['/p/tidepool/settings', '/p/tidepool/moderation', '/p/tidepool/moderation/log', '/_admin', '/p/tidepool/settings/categories/1/edit']) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(302);
      expect(res.location).toBe(`/auth/login?return_to=${encodeURIComponent(path)}`);
    }
    const post = await anon.post('/p/tidepool/moderation/ban', { username: 'eli', reason: 'x', duration: '1d' });
    expect(post.status).toBe(303);
    expect(post.location).toMatch(/^\/auth\/login/);
    expect(await restrictionOf('eli', false)).toBeNull();
  });

  it('refuses the settings to a moderator (403) and changes nothing when they post', async () => {
    const page = await mod.get('/p/tidepool/settings');
    expect(page.status).toBe(403);
    expect(page.text).toContain('<a href="/p/tidepool">Back to the community</a>');
    const res = await mod.post('/p/tidepool/settings', { name: 'Hijacked', description: '' });
    expect(res.status).toBe(403);
    expect((await one<{ name: string }>(`select name from communities where slug = 'tidepool'`)).name).toBe('Tidepool');
    expect(await logRows('edit_settings')).toHaveLength(0);
  });

  it('refuses moderation pages and actions to a member (403)', async () => {
    expect((await dara.get('/p/tidepool/moderation')).status).toBe(403);
    expect((await dara.get('/p/tidepool/moderation/log')).status).toBe(403);
    const res = await dara.post('/p/tidepool/moderation/ban', { username: 'eli', reason: 'x', duration: '1d' });
    expect(res.status).toBe(403);
    expect(await restrictionOf('eli', false)).toBeNull();
  });

  it("refuses a moderator of another community (kit moderates Lanternfish, not Tidepool)", async () => {
    expect((await kit.get('/p/lanternfish/moderation')).status).toBe(200);
    expect((await kit.get('/p/tidepool/moderation')).status).toBe(403);
  });

  it('refuses /_admin to everyone but the platform admin', async () => {
    expect((await owner.get('/_admin')).status).toBe(403);
    expect((await admin.get('/_admin')).status).toBe(200);
  });

  it('answers 404 for unknown or foreign ids', async () => {
    const foreign = await one<{ id: number }>(`select k.id from categories k join communities c on c.id = k.community_id where c.slug = 'quarry' limit 1`);
    for (const path of ['/p/tidepool/settings/categories/999999999/edit', '/p/tidepool/settings/categories/abc/edit', `/p/tidepool/settings/categories/${foreign.id}/edit`, '/p/nope/settings', '/p/nope/moderation']) {
      expect((await owner.get(path)).status, path).toBe(404);
    }
    expect((await owner.post(`/p/tidepool/settings/categories/${foreign.id}/move`, { direction: 'up' })).status).toBe(404);
    expect((await owner.post('/p/tidepool/settings/members/999999999/role', { role: 'moderator' })).status).toBe(404);
    expect((await admin.post('/_admin/users/999999999/suspend', {})).status).toBe(404);
    expect((await admin.post('/_admin/communities/0/suspend', {})).status).toBe(404);
  });
});

// ── Owner settings ──────────────────────────────────────────────────────────────────────────────

describe('owner settings', () => {
  it('edits the community name and description, logged', async () => {
    const page = await owner.get('/p/tidepool/settings');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/p/tidepool/members"');
    const res = await owner.post('/p/tidepool/settings', { name: 'Tidepool Forum', description: 'Static sites, quickly.' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/p/tidepool/settings?done=settings');
    const home = await owner.get('/p/tidepool');
    expect(home.text).toContain('Tidepool Forum');
    expect(home.text).toContain('Static sites, quickly.');
    const rows = await logRows('edit_settings', { community: 'tidepool' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toContain('“Tidepool” → “Tidepool Forum”');
  });

  it('re-renders the form with the error at the field and the text kept (400)', async () => {
    const empty = await owner.post('/p/tidepool/settings', { name: '   ', description: 'kept text' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="name-error"');
    expect(empty.text).toContain('kept text');
    const long = await owner.post('/p/tidepool/settings', { name: 'x'.repeat(101), description: '' });
    expect(long.status).toBe(400);
    const longDesc = await owner.post('/p/tidepool/settings', { name: 'Tidepool Forum', description: 'y'.repeat(501) });
    expect(longDesc.status).toBe(400);
    expect(longDesc.text).toContain('id="description-error"');
    expect(await logRows('edit_settings')).toHaveLength(1);
  });

  it('creates a category at the end of the order, logged', async () => {
    const before = await categoryOrders('tidepool');
    const res = await owner.post('/p/tidepool/settings/categories/new', { name: 'Release notes', slug: 'release-notes', description: 'Every release.' });
    expect(res.status).toBe(303);
    const after = await categoryOrders('tidepool');
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toEqual({ slug: 'release-notes', sortOrder: after.length });
    expect((await owner.get('/p/tidepool/release-notes')).status).toBe(200);
    expect(await logRows('create_category', { community: 'tidepool' })).toHaveLength(1);
  });

  it('refuses a duplicate or reserved slug with a 400 at the slug field, never a 500', async () => {
    const dup = await owner.post('/p/tidepool/settings/categories/new', { name: 'Help again', slug: 'help', description: '' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('id="new-category-slug-error"');
    expect(dup.text).toContain('Help again');
    const reserved = await owner.post('/p/tidepool/settings/categories/new', { name: 'Settings', slug: 'settings', description: '' });
    expect(reserved.status).toBe(400);
    const bad = await owner.post('/p/tidepool/settings/categories/new', { name: 'Bad', slug: 'Not a slug!', description: '' });
    expect(bad.status).toBe(400);
    // Two creations of one new slug at once: one wins, the other gets the field error.
    const racing = await Promise.all([
      owner.post('/p/tidepool/settings/categories/new', { name: 'Race A', slug: 'race', description: '' }),
      owner.post('/p/tidepool/settings/categories/new', { name: 'Race B', slug: 'race', description: '' }),
    ]);
    expect(racing.map((r) => r.status).sort()).toEqual([303, 400]);
    expect(await logRows('create_category')).toHaveLength(2);
    const orders = (await categoryOrders('tidepool')).map((k) => k.sortOrder);
    expect(orders).toEqual(orders.map((_, i) => i + 1));
  });

  it('edits a category (name, slug, description), logged; a taken slug is a 400', async () => {
    const k = await one<{ id: number }>(`select id from categories where slug = 'release-notes'`);
    const form = await owner.get(`/p/tidepool/settings/categories/${k.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="release-notes"');
    const res = await owner.post(`/p/tidepool/settings/categories/${k.id}/edit`, { name: 'Releases', slug: 'releases', description: 'Changelogs.' });
    expect(res.status).toBe(303);
    const row = await one<{ name: string; slug: string; description: string }>(`select name, slug, description from categories where id = $1`, [k.id]);
    expect(row).toEqual({ name: 'Releases', slug: 'releases', description: 'Changelogs.' });
    const rows = await logRows('edit_category', { community: 'tidepool' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toContain('slug: release-notes → releases');
    // The old address, and pages below it, redirect to the new one (not cached by the browser: it may change again).
    const old = await t.client().get('/p/tidepool/release-notes?page=1');
    expect(old.status).toBe(302);
    expect(old.location).toBe('/p/tidepool/releases?page=1');
    expect(old.headers.get('cache-control')).toBe('no-store');
    expect((await owner.get('/p/tidepool/release-notes/new')).location).toBe('/p/tidepool/releases/new');
    expect((await t.client().get('/p/tidepool/never-was-a-category')).status).toBe(404);
    // A new category may take the old slug; then the address is simply its page.
    expect((await owner.post('/p/tidepool/settings/categories/new', { name: 'Release notes (new)', slug: 'release-notes', description: '' })).status).toBe(303);
    expect((await t.client().get('/p/tidepool/release-notes')).status).toBe(200);
    const taken = await owner.post(`/p/tidepool/settings/categories/${k.id}/edit`, { name: 'Releases', slug: 'help', description: '' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('id="category-slug-error"');
    expect(await logRows('edit_category')).toHaveLength(1);
  });

  it('lets the owner make a category moderators-only and open it again, logged each time', async () => {
    const k = await one<{ id: number }>(`select id from categories where slug = 'show-and-tell'`);
    const fields = { name: 'Show and tell', slug: 'show-and-tell', description: 'Sites, themes and plugins built with Tidepool.' };
    expect((await owner.post(`/p/tidepool/settings/categories/${k.id}/edit`, { ...fields, moderators_only: 'yes' })).status).toBe(303);
    expect(await one(`select moderators_only as "moderatorsOnly" from categories where id = $1`, [k.id])).toEqual({ moderatorsOnly: true });
    const form = await owner.get(`/p/tidepool/settings/categories/${k.id}/edit`);
    expect(form.text).toMatch(/name="moderators_only" value="yes" checked/);
    // An unticked box sends nothing: members may start threads again.
    expect((await owner.post(`/p/tidepool/settings/categories/${k.id}/edit`, fields)).status).toBe(303);
    expect(await one(`select moderators_only as "moderatorsOnly" from categories where id = $1`, [k.id])).toEqual({ moderatorsOnly: false });
    const details = (await logRows('edit_category', { community: 'tidepool' })).map((r) => r.details);
    expect(details).toEqual(expect.arrayContaining(['only moderators start threads', 'members may start threads']));
  });

  it('moves categories up and down, keeping the order unique and dense, logged', async () => {
    const start = await categoryOrders('tidepool');
    const last = start[start.length - 1]!;
    const lastId = (await one<{ id: number }>(`select id from categories where slug = $1 and community_id = $2`, [last.slug, await communityId('tidepool')])).id;
    const up = await owner.post(`/p/tidepool/settings/categories/${lastId}/move`, { direction: 'up' });
    expect(up.status).toBe(303);
    const moved = await categoryOrders('tidepool');
    expect(moved[moved.length - 2]!.slug).toBe(last.slug);
    expect(moved.map((k) => k.sortOrder)).toEqual(moved.map((_, i) => i + 1));
    expect(await logRows('move_category')).toHaveLength(1);

    // The first category cannot go further up: nothing changes, nothing is logged.
    const firstId = (await one<{ id: number }>(`select id from categories where community_id = $1 order by sort_order limit 1`, [await communityId('tidepool')])).id;
    expect((await owner.post(`/p/tidepool/settings/categories/${firstId}/move`, { direction: 'up' })).status).toBe(303);
    expect(await logRows('move_category')).toHaveLength(1);
    expect((await owner.post(`/p/tidepool/settings/categories/${firstId}/move`, { direction: 'sideways' })).status).toBe(400);
  });

  it('keeps the order dense 1..n when two moves race', async () => {
    const cid = await communityId('tidepool');
    const ids = (await t.db.query<{ id: number }>(`select id from categories where community_id = $1 order by sort_order`, [cid])).map((r) => r.id);
    const before = (await logRows('move_category')).length;
    let moves = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        owner.post(`/p/tidepool/settings/categories/${ids[1]}/move`, { direction: 'down' }),
        owner.post(`/p/tidepool/settings/categories/${ids[2]}/move`, { direction: 'down' }),
        owner.post(`/p/tidepool/settings/categories/${ids[3]}/move`, { direction: 'up' }),
      ]);
      expect(results.map((r) => r.status)).toEqual([303, 303, 303]);
      moves += results.filter((r) => r.location?.endsWith('done=moved')).length;
      const orders = (await categoryOrders('tidepool')).map((k) => k.sortOrder);
      expect(orders).toEqual(orders.map((_, i) => i + 1));
    }
    // One log row per move that changed the order (a move at either end changes nothing).
    expect(moves).toBeGreaterThan(0);
    expect((await logRows('move_category')).length - before).toBe(moves);
  });

  it('promotes a member to moderator and demotes them again, logged each time', async () => {
    const daraId = await userId('dara');
    const promote = await owner.post(`/p/tidepool/settings/members/${daraId}/role`, { role: 'moderator' });
    expect(promote.status).toBe(303);
    expect(promote.location).toBe('/p/tidepool/members?done=role');
    expect((await owner.get(promote.location!)).text).toContain('The role has been saved.');
    expect((await dara.get('/p/tidepool/moderation')).status).toBe(200);
    const members = await anon.get('/p/tidepool/members');
    expect(members.text).toMatch(/Dara Nwosu[\s\S]*?badge-mod/);

    const demote = await owner.post(`/p/tidepool/settings/members/${daraId}/role`, { role: 'member' });
    expect(demote.status).toBe(303);
    expect((await dara.get('/p/tidepool/moderation')).status).toBe(403);
    const rows = await logRows('set_role', { targetId: daraId });
    expect(rows.map((r) => r.details)).toEqual(['member → moderator', 'moderator → member']);

    // Saving the same role again is not a change.
    await owner.post(`/p/tidepool/settings/members/${daraId}/role`, { role: 'member' });
    expect(await logRows('set_role', { targetId: daraId })).toHaveLength(2);
  });

  it('refuses role changes that the rules forbid', async () => {
    const adaId = await userId('ada');
    const daraId = await userId('dara');
    expect((await owner.post(`/p/tidepool/settings/members/${adaId}/role`, { role: 'member' })).status).toBe(403); // self
    expect((await admin.post(`/p/tidepool/settings/members/${adaId}/role`, { role: 'member' })).status).toBe(403); // the owner
    expect((await mod.post(`/p/tidepool/settings/members/${daraId}/role`, { role: 'moderator' })).status).toBe(403); // not the owner
    expect((await owner.post(`/p/tidepool/settings/members/${daraId}/role`, { role: 'owner' })).status).toBe(400);
    const stranger = await newcomer('nadia');
    expect(stranger).toBeDefined();
    expect((await owner.post(`/p/tidepool/settings/members/${await userId('nadia')}/role`, { role: 'moderator' })).status).toBe(404); // not a member
    const roles = await t.db.query<{ role: string }>(`select role::text from memberships where community_id = $1 and user_id = any($2::bigint[]) order by user_id`, [await communityId('tidepool'), [adaId, daraId]]);
    expect(roles.map((r) => r.role)).toEqual(['owner', 'member']);
  });
});

// ── Moderation ──────────────────────────────────────────────────────────────────────────────────

describe('moderation', () => {
  it('shows active bans and mutes with reason, expiry and who set them, and recent log entries', async () => {
    const res = await mod.get('/p/tidepool/moderation');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/data-user="hana"[\s\S]*Personal attacks after a warning\.[\s\S]*UTC[\s\S]*@bram/);
    expect(res.text).toMatch(/data-user="gus"[\s\S]*Cross-posting/);
    expect(res.text).toContain('Unban @hana');
    expect(res.text).toContain('href="/p/tidepool/moderation/log"');
    expect((res.text.match(/class="log-entry"/g) ?? []).length).toBe(20);
  });

  it('bans a member for one day: their reply is refused and nothing is written', async () => {
    const res = await mod.post('/p/tidepool/moderation/ban', { username: 'eli', reason: 'Heated thread, cool off.', duration: '1d' });
    expect(res.status).toBe(303);
    const ban = await restrictionOf('eli', false);
    expect(ban).not.toBeNull();
    const hours = (ban!.expiresAt!.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThan(24.1);
    const rows = await logRows('ban', { targetId: await userId('eli') });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toBe('1 day: Heated thread, cool off.');

    const thread = await openThread();
    const before = await postCount('eli');
    const reply = await eli.post(`${thread.path}/reply`, { body: 'Let me just say one more thing.' });
    expect(reply.status).toBe(403);
    expect(reply.text).toContain('banned');
    const start = await eli.post('/p/tidepool/help/new', { title: 'New thread while banned', body: 'hello' });
    expect(start.status).toBe(403);
    expect(await postCount('eli')).toBe(before);
    // Reading still works, and the dashboard lists the ban.
    expect((await eli.get(thread.path)).status).toBe(200);
    expect((await mod.get('/p/tidepool/moderation')).text).toContain('data-user="eli"');

    // Banning eli again replaces the ban, and both the message and the log say so.
    const again = await mod.post('/p/tidepool/moderation/ban', { username: 'eli', reason: 'Still heated.', duration: '7d' });
    expect(again.status).toBe(303);
    expect(again.location).toContain('done=ban-replaced');
    expect((await mod.get(again.location!)).text).toContain('It replaces the one that was already in force');
    const days = ((await restrictionOf('eli', false))!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    const replaced = await logRows('ban', { targetId: await userId('eli') });
    expect(replaced).toHaveLength(2);
    expect(replaced[1]!.details).toMatch(/^7 days: Still heated\. \(replaces the ban until \d{4}-\d\d-\d\d \d\d:\d\d UTC: Heated thread, cool off\.\)$/);
  });

  it('lets a ban lapse the moment expires_at passes, with no job', async () => {
    await t.db.query(`update community_bans set expires_at = now() - interval '1 minute' where user_id = $1 and not is_mute`, [await userId('eli')]);
    const thread = await openThread();
    const before = await postCount('eli');
    const reply = await eli.post(`${thread.path}/reply`, { body: 'Back, and calmer.' });
    expect(reply.status).toBe(303);
    expect(await postCount('eli')).toBe(before + 1);
    expect((await mod.get('/p/tidepool/moderation')).text).not.toContain('data-user="eli"');
    // Lifting an expired ban is not an action: friendly message, nothing logged.
    const unban = await mod.post('/p/tidepool/moderation/unban', { username: 'eli' });
    expect(unban.status).toBe(200);
    expect(unban.text).toContain('@eli is not banned here');
    expect(await logRows('unban', { targetId: await userId('eli') })).toHaveLength(0);
  });

  it('mutes: the member reads everything and writes nothing, until unmuted', async () => {
    const res = await mod.post('/p/tidepool/moderation/mute', { username: '@kit', reason: 'Flooding.', duration: '7d' });
    expect(res.status).toBe(303);
    const thread = await openThread();
    expect((await kit.get(thread.path)).status).toBe(200);
    expect((await kit.get('/p/tidepool/help')).status).toBe(200);
    const before = await postCount('kit');
    expect((await kit.post(`${thread.path}/reply`, { body: 'muted reply' })).status).toBe(403);
    expect((await kit.post('/p/tidepool/help/new', { title: 'Muted thread', body: 'x' })).status).toBe(403);
    expect(await postCount('kit')).toBe(before);
    // Muted here only: kit still writes in Lanternfish.
    const lantern = await one<{ id: number; slug: string }>(`select t.id, k.slug from threads t join categories k on k.id = t.category_id join communities c on c.id = t.community_id where c.slug = 'lanternfish' and not t.locked and t.deleted_at is null limit 1`);
    expect((await kit.post(`/p/lanternfish/${lantern.slug}/${lantern.id}/reply`, { body: 'fine here' })).status).toBe(303);

    const unmute = await mod.post('/p/tidepool/moderation/unmute', { user_id: String(await userId('kit')) });
    expect(unmute.status).toBe(303);
    expect((await kit.post(`${thread.path}/reply`, { body: 'unmuted reply' })).status).toBe(303);
    expect(await logRows('mute', { targetId: await userId('kit') })).toHaveLength(1);
    expect(await logRows('unmute', { targetId: await userId('kit') })).toHaveLength(1);
  });

  it('never lets a moderator act on the owner, another moderator or themselves', async () => {
    for (const username of ['ada', 'chen', 'bram', 'morgan']) {
      for (const kind of ['ban', 'mute']) {
        const res = await mod.post(`/p/tidepool/moderation/${kind}`, { username, reason: 'nope', duration: 'permanent' });
        expect(res.status, `${kind} ${username}`).toBe(403);
        // The form comes back with the reason at the username and what was typed kept.
        expect(res.text).toContain('id="username-error"');
        expect(res.text).toMatch(/name="reason"[^>]*value="nope"|>nope<\/textarea>/);
        expect(await restrictionOf(username, kind === 'mute'), `${kind} ${username}`).toBeNull();
      }
    }
    const logged = await t.db.query(`select 1 from mod_log where action in ('ban', 'mute') and details like '%: nope'`);
    expect(logged).toHaveLength(0);
  });

  it('never bans the owner, not even the platform admin can', async () => {
    const res = await admin.post('/p/tidepool/moderation/ban', { username: 'ada', reason: 'test', duration: '1d' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('owner');
    expect(await restrictionOf('ada', false)).toBeNull();
  });

  it('lets the owner ban a moderator (higher rank), and a moderator cannot lift it', async () => {
    expect((await owner.post('/p/tidepool/moderation/mute', { username: 'chen', reason: 'Owner test.', duration: '1d' })).status).toBe(303);
    const dash = await mod.get('/p/tidepool/moderation');
    expect(dash.text).toContain('data-user="chen"');
    expect(dash.text).not.toContain('Unmute @chen');
    expect((await mod.post('/p/tidepool/moderation/unmute', { username: 'chen' })).status).toBe(403);
    expect((await owner.post('/p/tidepool/moderation/unmute', { username: 'chen' })).status).toBe(303);
    expect(await restrictionOf('chen', true)).toBeNull();
  });

  it('re-renders the form with the error at the field for an unknown user, a missing reason or a bad duration (400)', async () => {
    const unknown = await mod.post('/p/tidepool/moderation/ban', { username: 'nobody-by-that-name', reason: 'x', duration: '1d' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('id="username-error"');
    expect(unknown.text).toContain('value="nobody-by-that-name"');
    const noReason = await mod.post('/p/tidepool/moderation/ban', { username: 'dara', reason: ' ', duration: '1d' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="reason-error"');
    const badDuration = await mod.post('/p/tidepool/moderation/mute', { username: 'dara', reason: 'x', duration: '1y' });
    expect(badDuration.status).toBe(400);
    expect(badDuration.text).toContain('id="duration-error"');
    expect((await mod.post('/p/tidepool/moderation/unban', { user_id: '999999999' })).status).toBe(400);
    expect(await restrictionOf('dara', false)).toBeNull();
    expect(await restrictionOf('dara', true)).toBeNull();
  });

  it('keeps state and log in agreement when two moderators ban and unban the same person at once', async () => {
    await newcomer('lou');
    const louId = await userId('lou');
    expect((await mod.post('/p/tidepool/moderation/ban', { username: 'lou', reason: 'Round 0.', duration: '7d' })).status).toBe(303);
    let expectedBans = 1;
    for (let round = 1; round <= 4; round++) {
      const [ban, unban] = await Promise.all([
        mod.post('/p/tidepool/moderation/ban', { username: 'lou', reason: `Round ${round}.`, duration: '1d' }),
        mod2.post('/p/tidepool/moderation/unban', { user_id: String(louId) }),
      ]);
      expect(ban.status).toBe(303);
      // lou was banned going in, so the unban always finds a ban (the old one or this round's): both are real actions.
      expect(unban.status).toBe(303);
      expectedBans++;
      const bans = await logRows('ban', { targetId: louId });
      const unbans = await logRows('unban', { targetId: louId });
      expect(bans).toHaveLength(expectedBans);
      expect(unbans).toHaveLength(round);
      // Whichever was logged last decides the final state.
      const lastIsBan = bans[bans.length - 1]!.id > unbans[unbans.length - 1]!.id;
      expect((await restrictionOf('lou', false)) !== null).toBe(lastIsBan);
      if (!lastIsBan) {
        expect((await mod.post('/p/tidepool/moderation/ban', { username: 'lou', reason: `Re-ban ${round}.`, duration: '1d' })).status).toBe(303);
        expectedBans++;
      }
    }
  });

  it('pages the mod log 50 at a time, newest first (moderators and up)', async () => {
    const cid = await communityId('tidepool');
    await t.db.query(
      `insert into mod_log (community_id, actor_id, action, target_type, target_label, details, created_at)
       select $1, $2, 'pin', 'thread', 'Filler ' || g, '', now() - make_interval(days => 200 + g) from generate_series(1, 60) g`,
      [cid, await userId('bram')],
    );
    const total = (await one<{ n: number }>(`select count(*) as n from mod_log where community_id = $1`, [cid])).n;
    const pages = Math.ceil(total / 50);
    const p1 = await mod.get('/p/tidepool/moderation/log');
    expect(p1.status).toBe(200);
    const times = (text: string) => [...text.matchAll(/<td class="log-when"><time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]!));
    const t1 = times(p1.text);
    expect(t1).toHaveLength(50);
    expect(t1).toEqual([...t1].sort((a, b) => b - a));
    const latest = await one<{ action: string }>(`select action from mod_log where community_id = $1 order by created_at desc, id desc limit 1`, [cid]);
    expect(p1.text.indexOf(`data-action="${latest.action}"`)).toBeGreaterThan(-1);
    const p2 = await mod.get('/p/tidepool/moderation/log?page=2');
    expect(p2.status).toBe(200);
    expect(Math.max(...times(p2.text))).toBeLessThanOrEqual(Math.min(...t1));
    const lastPage = await mod.get(`/p/tidepool/moderation/log?page=${pages}`);
    expect(times(lastPage.text)).toHaveLength(total - (pages - 1) * 50);
    expect((await mod.get(`/p/tidepool/moderation/log?page=${pages + 1}`)).status).toBe(404);
    expect((await mod.get('/p/tidepool/moderation/log?page=0')).status).toBe(400);
    expect((await mod.get('/p/tidepool/moderation/log?page=abc')).status).toBe(400);
  });
});

// ── Platform admin ──────────────────────────────────────────────────────────────────────────────

describe('platform admin', () => {
  it('lists communities and users with one search box', async () => {
    const all = await admin.get('/_admin');
    expect(all.status).toBe(200);
    expect(all.text).toContain('data-community="tidepool"');
    expect(all.text).toContain('data-community="quarry"');
    expect(all.text).toMatch(/data-user="ivo"[\s\S]*?Suspended/);
    const search = await admin.get('/_admin?q=quar');
    expect(search.text).toContain('data-community="quarry"');
    expect(search.text).not.toContain('data-community="tidepool"');
    const users = await admin.get('/_admin?q=ada');
    expect(users.text).toContain('data-user="ada"');
    expect(users.text).not.toContain('data-user="bram"');
    expect((await admin.get('/_admin?q=%25_%5C')).status).toBe(200);
    expect((await admin.get('/_admin?page=0')).status).toBe(400);
    expect((await admin.get('/_admin?page=999')).status).toBe(404);
  });

  it('pages the communities 50 at a time, keeping the search and the users\' page', async () => {
    await t.db.query(
      `insert into communities (slug, name, description) select 'paged-' || lpad(n::text, 3, '0'), 'Paged ' || lpad(n::text, 3, '0'), '' from generate_series(1, 60) n`,
    );
    const first = await admin.get('/_admin?q=paged');
    expect(first.text).toContain('Communities <span class="muted">(60)</span>');
    expect(first.text).toContain('data-community="paged-050"');
    expect(first.text).not.toContain('data-community="paged-051"');
    expect(first.text).toContain('Page 1 of 2 · 60 communities');
    expect(first.text).toContain('href="/_admin?q=paged&amp;cpage=2"');
    const second = await admin.get('/_admin?q=paged&cpage=2');
    expect(second.text).toContain('data-community="paged-060"');
    expect(second.text).not.toContain('data-community="paged-050"');
    expect((await admin.get('/_admin?cpage=0')).status).toBe(400);
    expect((await admin.get('/_admin?q=paged&cpage=3')).status).toBe(404);
    // Suspending from page 2 comes back to page 2 of that search.
    const paged = await t.db.query<{ id: number }>(`select id from communities where slug = 'paged-055'`);
    const suspended = await admin.post(`/_admin/communities/${paged[0]!.id}/suspend`, { q: 'paged', cpage: '2', reason: 'testing' });
    expect(suspended.location).toBe('/_admin?q=paged&cpage=2&done=suspend_community');
    expect(second.text).toContain('<input type="hidden" name="cpage" value="2">');
    await t.db.query(`delete from mod_log where target_type = 'community' and target_id = $1`, [paged[0]!.id]);
    await t.db.query(`delete from communities where slug like 'paged-%'`);
  });

  it('suspends a community: a notice for everyone but the admin, and nothing can be written', async () => {
    const quarry = await communityId('quarry');
    const juno = await signedIn(DEMO.quarryOwner);
    const thread = await one<{ id: number; slug: string }>(`select t.id, k.slug from threads t join categories k on k.id = t.category_id where t.community_id = $1 and t.deleted_at is null and not t.locked limit 1`, [quarry]);
    const threadPath = `/p/quarry/${thread.slug}/${thread.id}`;
    const posts = async () => (await one<{ n: number }>(`select count(*) as n from posts p join threads t on t.id = p.thread_id where t.community_id = $1`, [quarry])).n;

    expect((await admin.post(`/_admin/communities/${quarry}/suspend`, { reason: 'Under review.' })).status).toBe(303);
    const before = await posts();
    for (const c of [juno, anon, dara]) {
      const res = await c.get('/p/quarry');
      expect(res.status).toBe(403);
      expect(res.text).toContain('suspended');
      expect(res.text).toContain('Under review.');
      expect((await c.get(threadPath)).status).toBe(403);
    }
    const seen = await admin.get('/p/quarry');
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('suspended');
    expect((await admin.get(threadPath)).status).toBe(200);
    expect((await juno.post(`${threadPath}/reply`, { body: 'owner reply' })).status).toBe(403);
    expect((await admin.post(`${threadPath}/reply`, { body: 'admin reply' })).status).toBe(403);
    expect((await juno.post('/p/quarry/settings', { name: 'Renamed', description: '' })).status).toBe(403);
    expect(await posts()).toBe(before);
    const suspended = await logRows('suspend_community', { community: 'quarry' });
    expect(suspended).toHaveLength(1);
    expect(suspended[0]!.details).toBe('Under review.');

    // Suspending again changes nothing and logs nothing.
    expect((await admin.post(`/_admin/communities/${quarry}/suspend`, { reason: 'again' })).status).toBe(303);
    expect(await logRows('suspend_community')).toHaveLength(1);

    expect((await admin.post(`/_admin/communities/${quarry}/unsuspend`, {})).status).toBe(303);
    expect((await juno.get('/p/quarry')).status).toBe(200);
    expect((await juno.post(`${threadPath}/reply`, { body: 'owner reply' })).status).toBe(303);
    expect(await logRows('unsuspend_community', { community: 'quarry' })).toHaveLength(1);
  });

  it('suspends a user: signed out everywhere at once and refused at sign-in', async () => {
    const zed = await newcomer('zed');
    const zedPhone = await newcomer('zed');
    const zedId = await userId('zed');
    expect((await zed.get('/')).text).toContain('Signed in as');
    const res = await admin.post(`/_admin/users/${zedId}/suspend`, { reason: 'Spam.' });
    expect(res.status).toBe(303);
    expect((await one<{ n: number }>(`select count(*) as n from sessions where user_id = $1`, [zedId])).n).toBe(0);
    for (const c of [zed, zedPhone]) {
      const next = await c.get('/');
      expect(next.text).not.toContain('Signed in as');
      expect(next.text).toContain('Sign in with Makenot.work');
    }
    const thread = await openThread();
    expect((await zed.post(`${thread.path}/reply`, { body: 'still here?' })).location).toMatch(/^\/auth\/login/);
    const again = await t.client().signIn('zed');
    expect(again.status).toBe(403);
    expect(again.text).toContain('suspended');
    const rows = await logRows('suspend_user', { targetId: zedId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.communityId).toBeNull();

    expect((await admin.post(`/_admin/users/${zedId}/unsuspend`, {})).status).toBe(303);
    expect((await t.client().signIn('zed')).status).toBe(303);
    expect(await logRows('unsuspend_user', { targetId: zedId, community: null })).toHaveLength(1);
  });

  it('refuses suspensions to non-admins, and the admin cannot suspend themselves', async () => {
    const quarry = await communityId('quarry');
    expect((await owner.post(`/_admin/communities/${quarry}/suspend`, { reason: 'x' })).status).toBe(403);
    expect((await mod.post(`/_admin/users/${await userId('dara')}/suspend`, { reason: 'x' })).status).toBe(403);
    expect((await admin.post(`/_admin/users/${await userId('morgan')}/suspend`, { reason: 'x' })).status).toBe(403);
    const suspended = await t.db.query(`select 1 from users where username in ('dara', 'morgan') and suspended_at is not null`);
    expect(suspended).toHaveLength(0);
    expect((await one<{ s: Date | null }>(`select suspended_at as s from communities where id = $1`, [quarry])).s).toBeNull();
  });
});

describe('the mod log as a whole', () => {
  it('has a row for every kind of governance action this file performed', async () => {
    const rows = await t.db.query<{ action: string }>(`select distinct action from mod_log where created_at >= $1`, [started]);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['edit_settings', 'create_category', 'edit_category', 'move_category', 'set_role', 'ban', 'mute', 'unban', 'unmute',
      'suspend_community', 'unsuspend_community', 'suspend_user', 'unsuspend_user']) {
      expect(actions.has(a), a).toBe(true);
    }
  });
});
