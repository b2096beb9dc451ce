// Writing over real HTTP: threads, replies (with and without HTMX), edits, soft deletes, pin and lock,
// and every refusal leaving the database untouched.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp, type TestClient } from '../support/app.js';
import { fingerprint } from '../support/fingerprint.js';

let t: TestApp;
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  for (const [name, id] of Object.entries({ member: DEMO.member, member2: DEMO.member2, mod: DEMO.mod, owner: DEMO.owner, muted: DEMO.muted, banned: DEMO.banned, admin: DEMO.admin })) {
    clients[name] = t.client();
    await clients[name].signIn(id);
  }
});
afterAll(() => t?.close());

/** What a delete form sends once the browser has asked "Delete this?". */
const CONFIRM = { confirm: 'yes' };

const threadIdFrom = (location: string | null) => Number(/\/(\d+)(?:\?|#|$)/.exec(location ?? '')![1]);

async function newThread(c: TestClient, title: string, body = 'Opening post with **markdown**.', category = 'help') {
  const res = await c.post(`/p/tidepool/${category}/new`, { title, body });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return threadIdFrom(res.location);
}

async function threadRow(id: number) {
  return (await t.db.query<{ replyCount: number; lastActivityAt: Date; deletedAt: Date | null; pinned: boolean; locked: boolean; title: string; categoryId: number }>(
    `select reply_count as "replyCount", last_activity_at as "lastActivityAt", deleted_at as "deletedAt", pinned, locked, title, category_id as "categoryId" from threads where id = $1`, [id],
  ))[0]!;
}

async function firstPostId(threadId: number) {
  return (await t.db.query<{ id: number }>(`select min(id) as id from posts where thread_id = $1`, [threadId]))[0]!.id;
}

describe('creating threads', () => {
  it('creates the thread and its opening post, shown at the top of its category', async () => {
    const id = await newThread(clients.member!, 'How do I set a base URL for GitHub Pages?');
    const page = await clients.member!.get(`/p/tidepool/help/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<strong>markdown</strong>');
    const list = await t.client().get('/p/tidepool/help');
    const firstUnpinned = /<tr class="">[\s\S]*?<a class="thread-title" href="[^"]+\/(\d+)"/.exec(list.text);
    expect(Number(firstUnpinned![1])).toBe(id);
  });

  it('makes the author a member of the community on their first post', async () => {
    const c = t.client();
    await c.signIn('first_poster');
    await newThread(c, 'Hello from a first-time poster');
    const rows = await t.db.query(`select m.role from memberships m join users u on u.id = m.user_id join communities c on c.id = m.community_id where u.username = 'first_poster' and c.slug = 'tidepool'`);
    expect(rows).toEqual([{ role: 'member' }]);
  });

  it('a write refused since its form was opened comes back as the form with the reason and the text kept', async () => {
    const id = await newThread(clients.member!, 'Thread locked while someone types');
    await clients.mod!.post(`/p/tidepool/help/${id}/lock`, { locked: '1' });
    const before = await fingerprint(t.db);
    const reply = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'typed before the lock' });
    expect(reply.status).toBe(403);
    expect(reply.text).toContain('>typed before the lock</textarea>');
    expect(reply.text).toContain('only moderators can reply');
    const thread = await clients.member!.post('/p/tidepool/announcements/new', { title: 'Typed in a closed category', body: 'kept for copying' });
    expect(thread.status).toBe(403);
    expect(thread.text).toContain('value="Typed in a closed category"');
    expect(thread.text).toContain('>kept for copying</textarea>');
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('in a moderators-only category (Announcements) a member is refused (403, nothing written) and a moderator is not', async () => {
    const page = await clients.member!.get('/p/tidepool/announcements');
    expect(page.text).toContain('Only moderators start threads here.');
    expect(page.text).not.toContain('href="/p/tidepool/announcements/new"');
    expect((await t.client().get('/p/tidepool/announcements')).text).not.toContain('href="/p/tidepool/announcements/new"');
    const refusedForm = await clients.member!.get('/p/tidepool/announcements/new');
    expect(refusedForm.status).toBe(403);
    // The refusal page leads back to where the person was.
    expect(refusedForm.text).toContain('<a href="/p/tidepool/announcements">Back to the category</a>');
    const before = await fingerprint(t.db);
    const refused = await clients.member!.post('/p/tidepool/announcements/new', { title: 'Not an announcement', body: 'A member tries.' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Only moderators start threads in Announcements');
    expect(await fingerprint(t.db)).toEqual(before);
    expect((await clients.mod!.get('/p/tidepool/announcements')).text).toContain('href="/p/tidepool/announcements/new"');
    const id = await newThread(clients.mod!, 'Tidepool 0.9.3 is out', 'Patch release.', 'announcements');
    // Members still reply there.
    expect((await clients.member!.post(`/p/tidepool/announcements/${id}/reply`, { body: 'Thanks for the release!' })).status).toBe(303);
  });

  const badTitles: [string, string][] = [['', 'Please give it a title'], ['   ', 'Please give it a title'], ['\u200b\u200b\u200b\u200b', 'Please give it a title'], ['\u0301\u0301\u0301\u0301', 'Please give it a title'], ['\u2800\u2800\u2800', 'Please give it a title'], ['ab', 'at least 3'], ['x'.repeat(201), 'at most 200']];
  for (const [title, message] of badTitles) {
    it(`refuses the title ${JSON.stringify(title.slice(0, 12))} with the error at the field, keeping the text, writing nothing`, async () => {
      const before = await fingerprint(t.db);
      const res = await clients.member!.post('/p/tidepool/help/new', { title, body: 'my carefully written body' });
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('my carefully written body');
      expect(res.text).toContain('id="title-error"');
      expect(await fingerprint(t.db)).toBe(before);
    });
  }

  it('refuses an empty or over-long body', async () => {
    const before = await fingerprint(t.db);
    const empty = await clients.member!.post('/p/tidepool/help/new', { title: 'A fine title', body: '  \n ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Please write something');
    expect(empty.text).toContain('value="A fine title"');
    const long = await clients.member!.post('/p/tidepool/help/new', { title: 'A fine title', body: 'x'.repeat(32_001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('at most 32,000');
    expect(await fingerprint(t.db)).toBe(before);
  });

  it('accepts a body of exactly 32,000 characters and escapes markup in titles', async () => {
    const id = await newThread(clients.member!, '<script>alert(1)</script> & friends', 'y'.repeat(32_000));
    const page = await t.client().get(`/p/tidepool/help/${id}`);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('refuses request bodies over 1 MiB with 413', async () => {
    const before = await fingerprint(t.db);
    const res = await clients.member!.post('/p/tidepool/help/new', { title: 'big', body: 'z'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(await fingerprint(t.db)).toBe(before);
  });

  it('strips NUL bytes instead of failing', async () => {
    const id = await newThread(clients.member!, 'Title with a \u0000 NUL', 'Body with \u0000 NUL');
    expect((await threadRow(id)).title).toBe('Title with a NUL');
  });

  it('sends anonymous visitors to sign in and back', async () => {
    const anon = t.client();
    const form = await anon.get('/p/tidepool/help/new');
    expect(form.status).toBe(302);
    expect(form.location).toBe('/auth/login?return_to=%2Fp%2Ftidepool%2Fhelp%2Fnew');
    const post = await anon.post('/p/tidepool/help/new', { title: 'Anonymous', body: 'nope' }, { headers: { referer: `${t.url}/p/tidepool/help/new` } });
    expect(post.status).toBe(303);
    expect(post.location).toContain('/auth/login?return_to=');
  });
});

describe('replies', () => {
  it('stores the reply, updates counts and last activity, and lands on #post-{id} of the last page', async () => {
    const id = await newThread(clients.member!, 'Reply counting thread');
    const before = await threadRow(id);
    const res = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'A *helpful* reply' });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^/p/tidepool/help/${id}#post-\\d+$`));
    const after = await threadRow(id);
    expect(after.replyCount).toBe(before.replyCount + 1);
    expect(after.lastActivityAt.getTime()).toBeGreaterThanOrEqual(before.lastActivityAt.getTime());
  });

  it('puts a reply to the long thread on its last page', async () => {
    const id = (await t.db.query<{ id: number }>(`select id from threads where title like 'RFC: Plugin API v2%'`))[0]!.id;
    const res = await clients.member!.post(`/p/tidepool/ideas/${id}/reply`, { body: 'Late to the party, but +1 to phases.' });
    expect(res.location).toMatch(new RegExp(`\\?page=4#post-\\d+$`));
    const page = await t.client().get(res.location!.replace(/#.*/, ''));
    expect(page.text).toContain('Late to the party');
  });

  it('with HTMX: answers with a fresh form and the new post to append, no reload', async () => {
    const id = await newThread(clients.member!, 'HTMX reply thread');
    const token = await clients.member2!.csrf();
    const res = await clients.member2!.request('POST', `/p/tidepool/help/${id}/reply`, {
      body: new URLSearchParams({ body: 'Reply sent by htmx' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': token, 'hx-current-url': `${t.url}/p/tidepool/help/${id}` },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="reply-form"');
    expect(res.text).toContain('hx-swap-oob="beforeend:#posts"');
    expect(res.text).toMatch(/<ol hx-swap-oob="beforeend:#posts"><li class="post just-posted" id="post-\d+">/);
    expect(res.text).toContain('<p>Reply sent by htmx</p>');
    expect(res.text).not.toContain('<html');
  });

  it('with HTMX: a bad reply comes back as the form with the error and the text kept', async () => {
    const id = await newThread(clients.member!, 'HTMX error thread');
    const token = await clients.member2!.csrf();
    const before = await fingerprint(t.db);
    const res = await clients.member2!.request('POST', `/p/tidepool/help/${id}/reply`, {
      body: new URLSearchParams({ body: '\u200b ' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': token },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Please write something');
    expect(res.text).toContain('id="reply-body-error"');
    expect(await fingerprint(t.db)).toBe(before);
  });

  it('with HTMX: a refusal (locked, muted, rate limit) is put above the form, which keeps the text', async () => {
    const id = await newThread(clients.member!, 'HTMX refusal thread');
    await clients.mod!.post(`/p/tidepool/help/${id}/lock`, { locked: '1' });
    const token = await clients.member2!.csrf();
    const res = await clients.member2!.request('POST', `/p/tidepool/help/${id}/reply`, {
      body: new URLSearchParams({ body: 'typed with care' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': token, 'hx-current-url': 'not a url' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('hx-reswap')).toBe('innerHTML');
    expect(res.headers.get('hx-retarget')).toBe('find .form-notices');
    expect(res.text).toContain('locked');
  });

  it('refuses an unreadable form body with 400, not 500', async () => {
    const id = await newThread(clients.member!, 'Broken body thread');
    const token = await clients.member2!.csrf();
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=zz']) {
      const res = await clients.member2!.request('POST', `/p/tidepool/help/${id}/reply`, { body: '--zz\r\nbroken', headers: { 'content-type': type, 'x-csrf-token': token } });
      expect(res.status, type).toBe(400);
    }
  });

  it('without JavaScript: a bad reply re-renders the form on its own page', async () => {
    const id = await newThread(clients.member!, 'Plain error thread');
    const res = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'x'.repeat(32_001) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('at most 32,000');
    expect(res.text).toContain('<html');
  });
});

describe('double submits with rate limits off', () => {
  it('a reply or thread sent twice at once is stored once, and both requests land on it', async () => {
    const c = clients.owner!;
    const id = await newThread(c, 'Thread for double submits');
    const token = await c.csrf();
    const replies = await Promise.all([0, 1].map(() => c.post(`/p/tidepool/help/${id}/reply`, { body: 'double-clicked reply' }, { csrf: token })));
    expect(replies.map((r) => r.status)).toEqual([303, 303]);
    expect(replies[0]!.location).toBe(replies[1]!.location);
    expect(await t.db.query(`select 1 from posts where body = 'double-clicked reply'`)).toHaveLength(1);
    const threads = await Promise.all([0, 1].map(() => c.post('/p/tidepool/ideas/new', { title: 'Double-clicked thread', body: 'once' }, { csrf: token })));
    expect(threads.map((r) => r.status)).toEqual([303, 303]);
    expect(threads[0]!.location).toBe(threads[1]!.location);
    expect(await t.db.query(`select 1 from threads where title = 'Double-clicked thread'`)).toHaveLength(1);
    // The same title with another opening post is a thread of its own, not a double submit.
    const other = await c.post('/p/tidepool/ideas/new', { title: 'Double-clicked thread', body: 'a different opening post' }, { csrf: token });
    expect(other.status).toBe(303);
    expect(other.location).not.toBe(threads[0]!.location);
    expect(await t.db.query(`select 1 from threads where title = 'Double-clicked thread'`)).toHaveLength(2);
    // With HTMX, the same words sent again are not appended a second time: the form says so instead.
    const htmx = (text: string) => c.request('POST', `/p/tidepool/help/${id}/reply`, {
      body: new URLSearchParams({ body: text }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': token, 'hx-current-url': `${t.url}/p/tidepool/help/${id}` },
    });
    const firstHtmx = await htmx('posted with HTMX');
    expect(firstHtmx.text).toContain('hx-swap-oob="beforeend:#posts"');
    const again = await htmx('posted with HTMX');
    expect(again.status).toBe(200);
    expect(again.text).not.toContain('hx-swap-oob');
    expect(again.text).toContain('You posted this a moment ago');
    expect(await t.db.query(`select 1 from posts where body = 'posted with HTMX'`)).toHaveLength(1);
    // The same words again later, or in another thread, are a new post.
    expect((await c.post(`/p/tidepool/help/${threadIdFrom(threads[0]!.location)}/reply`, { body: 'double-clicked reply' })).status).toBe(303);
    expect(await t.db.query(`select 1 from posts where body = 'double-clicked reply'`)).toHaveLength(2);
  });
});

describe('edits', () => {
  it('lets the author edit within 15 minutes, sets edited_at and shows it', async () => {
    const id = await newThread(clients.member!, 'Edit window thread');
    const postId = await firstPostId(id);
    const form = await clients.member!.get(`/p/tidepool/help/${id}/posts/${postId}/edit`);
    expect(form.status).toBe(200);
    const res = await clients.member!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'Edited **body**' });
    expect(res.status).toBe(303);
    const page = await t.client().get(`/p/tidepool/help/${id}`);
    expect(page.text).toContain('Edited <strong>body</strong>');
    expect(page.text).toContain('class="edited"');
  });

  it('redirects edit forms reached through the wrong category to the canonical URL', async () => {
    const id = await newThread(clients.member!, 'Canonical edit thread');
    const postId = await firstPostId(id);
    const post = await clients.member!.get(`/p/tidepool/ideas/${id}/posts/${postId}/edit`);
    expect(post.status).toBe(302);
    expect(post.location).toBe(`/p/tidepool/help/${id}/posts/${postId}/edit`);
    const thread = await clients.member!.get(`/p/tidepool/ideas/${id}/edit`);
    expect(thread.location).toBe(`/p/tidepool/help/${id}/edit`);
  });

  it('enforces the window on the POST, even when the form was opened in time', async () => {
    const id = await newThread(clients.member!, 'Late edit thread');
    const postId = await firstPostId(id);
    expect((await clients.member!.get(`/p/tidepool/help/${id}/posts/${postId}/edit`)).status).toBe(200);
    t.clock.offsetMs = 16 * 60_000;
    try {
      const before = await fingerprint(t.db);
      const res = await clients.member!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'too late' });
      expect(res.status).toBe(403);
      expect(res.text).toContain('15 minutes');
      expect(await fingerprint(t.db)).toBe(before);
      // A moderator may still edit it, and that edit is logged.
      const mod = await clients.mod!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'moderator fix' });
      expect(mod.status).toBe(303);
      const log = await t.db.query(`select action from mod_log where action = 'edit_post' and target_id = $1`, [postId]);
      expect(log).toHaveLength(1);
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it("refuses a member editing or deleting someone else's post", async () => {
    const id = await newThread(clients.member!, 'Not yours thread');
    const postId = await firstPostId(id);
    const before = await fingerprint(t.db);
    expect((await clients.member2!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'mine now' })).status).toBe(403);
    expect((await clients.member2!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`, CONFIRM)).status).toBe(403);
    expect((await clients.member2!.post(`/p/tidepool/help/${id}/edit`, { title: 'Renamed by another' })).status).toBe(403);
    expect(await fingerprint(t.db)).toBe(before);
  });

  it("refuses a moderator changing the owner's post (equal or higher rank), without touching it", async () => {
    const id = await newThread(clients.owner!, 'Owner announcement');
    const postId = await firstPostId(id);
    const before = await fingerprint(t.db);
    const edit = await clients.mod!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'rewritten by a moderator' });
    expect(edit.status).toBe(403);
    expect(edit.text).toContain('equal or higher rank');
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/delete`, CONFIRM)).status).toBe(403);
    expect(await fingerprint(t.db)).toBe(before);
    expect((await clients.admin!.post(`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'the admin may' })).status).toBe(303);
  });

  it('lets the author rename their thread, and a moderator move it (logged), with the old URL redirecting', async () => {
    const id = await newThread(clients.member!, 'Thread that will move');
    expect((await clients.member!.post(`/p/tidepool/help/${id}/edit`, { title: 'Thread that has moved' })).status).toBe(303);
    const ideas = (await t.db.query<{ id: number }>(`select k.id from categories k join communities c on c.id = k.community_id where c.slug = 'tidepool' and k.slug = 'ideas'`))[0]!.id;
    const res = await clients.mod!.post(`/p/tidepool/help/${id}/edit`, { title: 'Thread that has moved', category_id: String(ideas) });
    expect(res.location).toBe(`/p/tidepool/ideas/${id}`);
    expect((await t.client().get(`/p/tidepool/help/${id}`)).status).toBe(302);
    expect(await t.db.query(`select 1 from mod_log where action = 'move_thread' and target_id = $1`, [id])).toHaveLength(1);
    const other = (await t.db.query<{ id: number }>(`select k.id from categories k join communities c on c.id = k.community_id where c.slug = 'quarry' limit 1`))[0]!.id;
    expect((await clients.mod!.post(`/p/tidepool/ideas/${id}/edit`, { title: 'x y z', category_id: String(other) })).status).toBe(400);
  });
});

describe('soft deletes', () => {
  it('without JavaScript a delete first asks on a page of its own (nothing changes), then deletes when confirmed', async () => {
    const id = await newThread(clients.member!, 'Thread whose reply is deleted without JavaScript');
    const res = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'reply that **asks** before going' });
    const postId = Number(/#post-(\d+)/.exec(res.location!)![1]);
    const before = await fingerprint(t.db);
    // The form as the page sends it when no script filled in its confirm field.
    const asked = await clients.member2!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`, { confirm: '' });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('<h1>Delete this post?</h1>');
    // The excerpt is the post's text, without markdown marks.
    expect(asked.text).toContain('reply that asks before going');
    expect(asked.text).toMatch(new RegExp(`action="/p/tidepool/help/${id}/posts/${postId}/delete"[\\s\\S]*name="confirm" value="yes"`));
    expect(await fingerprint(t.db)).toEqual(before);
    // A thread nobody answered asks too, naming it.
    const lonely = await newThread(clients.member!, 'Lonely thread to delete without JavaScript');
    const askedThread = await clients.member!.post(`/p/tidepool/help/${lonely}/delete`);
    expect(askedThread.status).toBe(200);
    expect(askedThread.text).toContain('Delete the thread “Lonely thread to delete without JavaScript”?');
    expect((await threadRow(lonely)).deletedAt).toBeNull();
    // Someone who may not delete is refused before being asked.
    expect((await clients.member!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`)).status).toBe(403);
    expect((await clients.member2!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`, CONFIRM)).status).toBe(303);
    expect((await clients.member!.post(`/p/tidepool/help/${lonely}/delete`, CONFIRM)).status).toBe(303);
    expect((await threadRow(lonely)).deletedAt).not.toBeNull();
  });

  it('an author deletes their reply: it disappears and counts and last activity follow', async () => {
    const id = await newThread(clients.member!, 'Delete reply thread');
    await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'first reply' });
    const before = await threadRow(id);
    const res = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'reply to be deleted' });
    const postId = Number(/#post-(\d+)/.exec(res.location!)![1]);
    expect((await clients.member2!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`, CONFIRM)).status).toBe(303);
    const after = await threadRow(id);
    expect(after.replyCount).toBe(before.replyCount);
    expect(after.lastActivityAt.getTime()).toBe(before.lastActivityAt.getTime());
    const page = await t.client().get(`/p/tidepool/help/${id}`);
    expect(page.text).not.toContain('reply to be deleted');
    expect(await t.db.query(`select 1 from mod_log where target_id = $1`, [postId])).toHaveLength(0);
  });

  it("a moderator deleting someone's post writes a mod-log row; moderators see a tombstone, others nothing", async () => {
    const id = await newThread(clients.member!, 'Moderated reply thread');
    const res = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'rude words here' });
    const postId = Number(/#post-(\d+)/.exec(res.location!)![1]);
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/posts/${postId}/delete`, CONFIRM)).status).toBe(303);
    expect(await t.db.query(`select 1 from mod_log where action = 'delete_post' and target_id = $1`, [postId])).toHaveLength(1);
    const modView = await clients.mod!.get(`/p/tidepool/help/${id}`);
    expect(modView.text).toContain(`id="post-${postId}"`);
    expect(modView.text).not.toContain('rude words here');
    expect((await t.client().get(`/p/tidepool/help/${id}`)).text).not.toContain(`id="post-${postId}"`);
  });

  it('an author may delete a thread nobody answered, not one with replies; a moderator may (logged)', async () => {
    const lonely = await newThread(clients.member!, 'Lonely thread');
    expect((await clients.member!.post(`/p/tidepool/help/${lonely}/delete`, CONFIRM)).status).toBe(303);
    expect((await threadRow(lonely)).deletedAt).not.toBeNull();
    expect((await t.client().get(`/p/tidepool/help/${lonely}`)).status).toBe(404);

    const busy = await newThread(clients.member!, 'Busy thread');
    await clients.member2!.post(`/p/tidepool/help/${busy}/reply`, { body: 'an answer' });
    expect((await clients.member!.post(`/p/tidepool/help/${busy}/delete`, CONFIRM)).status).toBe(403);
    expect((await clients.mod!.post(`/p/tidepool/help/${busy}/delete`, CONFIRM)).status).toBe(303);
    expect(await t.db.query(`select 1 from mod_log where action = 'delete_thread' and target_id = $1`, [busy])).toHaveLength(1);
    const list = await t.client().get('/p/tidepool/help?page=1');
    expect(list.text).not.toContain(`/p/tidepool/help/${busy}"`);
  });
});

describe('pin and lock', () => {
  it('moderators pin and lock (logged); a locked thread refuses members but not moderators', async () => {
    const id = await newThread(clients.member!, 'Thread to lock');
    expect((await clients.member!.post(`/p/tidepool/help/${id}/pin`, { pinned: '1' })).status).toBe(403);
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/pin`, { pinned: '1' })).status).toBe(303);
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/lock`, { locked: '1' })).status).toBe(303);
    // A second, stale "lock" (another moderator, a double click) changes nothing and logs nothing.
    expect((await clients.owner!.post(`/p/tidepool/help/${id}/lock`, { locked: '1' })).status).toBe(303);
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/pin`, {})).status).toBe(400);
    const row = await threadRow(id);
    expect(row.pinned && row.locked).toBe(true);
    const actions = (await t.db.query<{ action: string }>(`select action from mod_log where target_id = $1 and target_type = 'thread' order by id`, [id])).map((r) => r.action);
    expect(actions).toEqual(['pin', 'lock']);

    const before = await fingerprint(t.db);
    const refused = await clients.member2!.post(`/p/tidepool/help/${id}/reply`, { body: 'let me in' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('locked');
    expect(await fingerprint(t.db)).toBe(before);
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/reply`, { body: 'Moderator note' })).status).toBe(303);
    const page = await clients.member2!.get(`/p/tidepool/help/${id}`);
    expect(page.text).toContain('only moderators can reply');
    // Readers are not offered a sign-in that would not let them reply.
    const anonymous = await t.client().get(`/p/tidepool/help/${id}`);
    expect(anonymous.text).toContain('This thread is locked; only moderators can reply.');
    expect(anonymous.text).not.toContain('Sign in to reply');
    expect((await clients.mod!.post(`/p/tidepool/help/${id}/lock`, { locked: '0' })).status).toBe(303);
    expect((await threadRow(id)).locked).toBe(false);
  });
});

describe('answers go back to the page they came from', () => {
  it('pin, lock and deleting a post on page 2 return to page 2; a thread that shrank returns to its last page', async () => {
    const long = (await t.db.query<{ id: number; slug: string }>(
      `select t.id, k.slug from threads t join categories k on k.id = t.category_id where t.deleted_at is null and t.reply_count >= 150 order by t.id limit 1`,
    ))[0]!;
    const base = `/p/tidepool/${long.slug}/${long.id}`;
    const page2 = await clients.mod!.get(`${base}?page=2`);
    expect(page2.text).toContain('<input type="hidden" name="page" value="2">');
    expect((await clients.mod!.post(`${base}/pin`, { pinned: '1', page: '2' })).location).toBe(`${base}?page=2`);
    expect((await clients.mod!.post(`${base}/pin`, { pinned: '0', page: 'nonsense' })).location).toBe(base);
    // A member's posts (a moderator may not delete the owner's or another moderator's).
    const membersPosts = (await t.db.query<{ id: number; n: number }>(
      `select x.id, x.n from (select p.id, p.author_id, row_number() over (order by p.created_at, p.id) as n from posts p where p.thread_id = $1 and p.deleted_at is null) x
       join threads th on th.id = $1 join memberships m on m.user_id = x.author_id and m.community_id = th.community_id and m.role = 'member'
       where x.n > 50 order by x.n`, [long.id]));
    const onPage2 = membersPosts.find((r) => Number(r.n) <= 100)!.id;
    // The no-JavaScript question keeps the page for Cancel and for the answer.
    const edit = await clients.mod!.get(`${base}/posts/${onPage2}/edit`);
    expect(edit.text).toContain(`href="${base}?page=2#post-${onPage2}">Cancel`);
    const askedThread = await clients.owner!.post(`${base}/delete`, { page: '3' });
    expect(askedThread.text).toContain(`href="${base}?page=3">Cancel`);
    const asked = await clients.mod!.post(`${base}/posts/${onPage2}/delete`, { page: '2' });
    expect(asked.text).toContain(`href="${base}?page=2">Cancel`);
    expect(asked.text).toContain('<input type="hidden" name="page" value="2">');
    const deleted = await clients.member!.post(`${base}/posts/${onPage2}/delete`, { confirm: 'yes', page: '2' });
    expect(deleted.status).toBe(403);
    const res = await clients.mod!.post(`${base}/posts/${onPage2}/delete`, { confirm: 'yes', page: '2' });
    expect(res.status).toBe(303);
    // Moderators still count the deleted post, so page 2 is still theirs to see; a page past the end is clamped.
    expect(res.location).toBe(`${base}?page=2`);
    const another = membersPosts.find((r) => r.id !== onPage2)!.id;
    const pages = Math.ceil(Number((await t.db.query<{ n: number }>(`select count(*) as n from posts where thread_id = $1`, [long.id]))[0]!.n) / 50);
    expect((await clients.mod!.post(`${base}/posts/${another}/delete`, { confirm: 'yes', page: '9' })).location).toBe(`${base}?page=${pages}`);
  });
});

describe('who may not write', () => {
  it('muted and banned members are refused on every write path, and nothing is written', async () => {
    const id = await newThread(clients.member!, 'Target thread for refusals');
    const postId = await firstPostId(id);
    // Give the muted and banned users posts of their own to try editing and deleting.
    const ownThread = (await t.db.query<{ threadId: number; postId: number; who: string }>(
      `select p.thread_id as "threadId", p.id as "postId", u.mnw_account_id as who from posts p join users u on u.id = p.author_id
       join threads t on t.id = p.thread_id join communities c on c.id = t.community_id
       where c.slug = 'tidepool' and u.mnw_account_id in ($1, $2) and p.deleted_at is null and t.deleted_at is null`, [DEMO.muted, DEMO.banned],
    ));
    for (const who of ['muted', 'banned'] as const) {
      const c = clients[who]!;
      const before = await fingerprint(t.db);
      const mine = ownThread.find((r) => r.who === DEMO[who]);
      const paths: [string, Record<string, string>][] = [
        ['/p/tidepool/help/new', { title: 'Let me post', body: 'please' }],
        [`/p/tidepool/help/${id}/reply`, { body: 'please' }],
        [`/p/tidepool/help/${id}/posts/${postId}/edit`, { body: 'please' }],
      ];
      if (mine) {
        const cat = (await t.db.query<{ slug: string }>(`select k.slug from threads t join categories k on k.id = t.category_id where t.id = $1`, [mine.threadId]))[0]!.slug;
        paths.push([`/p/tidepool/${cat}/${mine.threadId}/posts/${mine.postId}/edit`, { body: 'edited' }]);
        paths.push([`/p/tidepool/${cat}/${mine.threadId}/posts/${mine.postId}/delete`, CONFIRM]);
        paths.push([`/p/tidepool/${cat}/${mine.threadId}/edit`, { title: 'renamed' }]);
      }
      for (const [path, fields] of paths) {
        const res = await c.post(path, fields);
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(res.text).toMatch(/muted|banned|only edit your own/);
      }
      expect((await c.get('/p/tidepool/help/new')).status).toBe(403);
      expect(await fingerprint(t.db)).toBe(before);
      // Reading still works.
      expect((await c.get(`/p/tidepool/help/${id}`)).status).toBe(200);
    }
  });

  it('nothing can be written in a suspended community (the admin sees it, others get the notice)', async () => {
    await t.db.query(`update communities set suspended_at = now(), suspended_reason = 'test' where slug = 'lanternfish'`);
    try {
      const cat = (await t.db.query<{ slug: string; id: number }>(`select k.slug, t.id from threads t join categories k on k.id = t.category_id join communities c on c.id = t.community_id where c.slug = 'lanternfish' and t.deleted_at is null limit 1`))[0]!;
      const before = await fingerprint(t.db);
      for (const who of ['member', 'admin'] as const) {
        const c = clients[who]!;
        expect((await c.post(`/p/lanternfish/${cat.slug}/new`, { title: 'Suspended?', body: 'x' })).status).toBe(403);
        expect((await c.post(`/p/lanternfish/${cat.slug}/${cat.id}/reply`, { body: 'x' })).status).toBe(403);
      }
      // A reply sent with HTMX from a page opened before the suspension: a notice above the form, not a page inside it.
      const token = await clients.member!.csrf();
      const htmx = await clients.member!.request('POST', `/p/lanternfish/${cat.slug}/${cat.id}/reply`, {
        body: new URLSearchParams({ body: 'typed before the suspension' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': token },
      });
      expect(htmx.status).toBe(403);
      expect(htmx.headers.get('hx-reswap')).toBe('innerHTML');
      expect(htmx.text).toContain('This community is suspended');
      expect(htmx.text).not.toContain('<main');
      expect(await fingerprint(t.db)).toBe(before);
      expect((await clients.member!.get('/p/lanternfish')).text).toContain('suspended');
      expect((await clients.admin!.get('/p/lanternfish')).status).toBe(200);
    } finally {
      await t.db.query(`update communities set suspended_at = null where slug = 'lanternfish'`);
    }
  });
});
