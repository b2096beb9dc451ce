// Writing: new threads, replies, edits, soft deletes, pin and lock. Each handler reads
// parse → load → authorize → change (one transaction, with its mod-log row) → respond.

import type { Hono } from 'hono';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { listCategories } from '../../db/categories.js';
import { ensureMember } from '../../db/memberships.js';
import { insertModLog } from '../../db/modlog.js';
import { countPostsInThread, findRecentDuplicateReply, getOpeningPost, getPost, insertReply, pageOfPost, softDeletePost, updatePostBody, listPostsInThread } from '../../db/posts.js';
import { createThread, findRecentDuplicateThread, lockThread, moveThread, refreshThreadStats, setThreadFlag, softDeleteThread, updateThreadTitle } from '../../db/threads.js';
import { lockUser } from '../../db/users.js';
import { renderMarkdown } from '../../markdown.js';
import {
  canDeletePost, canDeleteThread, canEditPost, canEditThread, canModerate, canMoveThread, canReply, canSeeDeletedPosts,
  canStartThread, withinEditWindow,
} from '../../policy.js';
import { EDIT_WINDOW_MINUTES, POSTS_PER_PAGE } from '../../core/types.js';
import type { AppEnv, Ctx } from '../context.js';
import { actingUserId, isHtmx, viewerOf } from '../context.js';
import { cleanBody, cleanTitle, readForm } from '../forms.js';
import { html } from '../html.js';
import { ensureAllowed, isAdminAccount, loadCategory, loadThread, pageOrFirst, parseId, totalPages } from '../load.js';
import { throttleWrite } from '../ratelimit.js';
import { categoryPath, movedRedirect, postEditPath, postPath, threadPath, withPage } from '../paths.js';
import { postItem, replyForm } from '../views/forum.js';
import { confirmDeletePage, editPostPage, editThreadPage, newThreadPage, replyPage } from '../views/writing.js';

type ThreadParams = { slug: string; category: string; threadId: string };

/** A second identical submit within this many seconds lands on the first one instead of a "slow down" page. */
const DOUBLE_SUBMIT_SECONDS = 60;

/** What a write left: the thread or post, and whether this request made it or found it already there. */
type Written = { id: number; created: boolean };

/**
 * Runs a write whose transaction finds a double submit (a double click, Enter pressed twice, Back and
 * submit) before it counts against the rate limit. A refusal by the rate limit comes back (not thrown)
 * so the handler can show it with the form and the text kept.
 */
async function writeOnce(write: Promise<Written>): Promise<Written | AppError> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof AppError && err.kind === 'rate_limited') return err;
    throw err;
  }
}

/** The thread page a form came from (its `page` field), no further than `lastPage`. */
const pageFrom = (form: Record<string, string>, lastPage = Number.MAX_SAFE_INTEGER) => Math.min(pageOrFirst(form.page), lastPage);

/** A delete goes ahead only when the browser asked first (confirm=yes); otherwise the server asks on a page. */
const confirmed = (form: Record<string, string>) => form.confirm === 'yes';

/** The start of a post as plain text (from its stored HTML, so no markdown marks), to show what a delete would remove. */
function excerptOf(bodyHtml: string): string {
  const text = bodyHtml.replace(/<[^>]*>/g, ' ').replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
const EXCERPT_CHARS = 280;

/** The thread page the HTMX request came from (HX-Current-URL); anything unreadable counts as page 1. */
function pageShownAt(currentUrl: string | undefined): number {
  try {
    return Number(new URL(currentUrl ?? 'http://x/').searchParams.get('page') ?? '1') || 1;
  } catch {
    return 1;
  }
}
const threadParams = (c: Ctx) => c.req.param() as unknown as ThreadParams;

/**
 * Soft-deletes a thread: checked before and again against the locked row, logged when a moderator
 * deletes someone else's. Used by "Delete thread" and by deleting a thread's opening post.
 */
async function deleteThread(c: Ctx, { community, standing, thread }: Awaited<ReturnType<typeof loadThread>>): Promise<Response> {
  const { db, now } = c.get('deps');
  const form = await readForm(c);
  const actor = c.get('actor');
  ensureAllowed(canDeleteThread(actor, standing, community, thread, now()));
  if (!confirmed(form)) {
    const opening = await getOpeningPost(db, thread.id);
    return c.html(confirmDeletePage({ viewer: viewerOf(c), community, thread, action: new URL(c.req.url).pathname, what: 'thread', excerpt: excerptOf(opening?.bodyHtml ?? ''), page: pageFrom(form) }).value);
  }
  const actorId = actingUserId(c);
  await db.transaction(async (tx) => {
    const current = await lockThread(tx, thread.id);
    if (!current) throw notFound('That thread');
    ensureAllowed(canDeleteThread(actor, standing, community, { ...thread, ...current }, now()));
    await softDeleteThread(tx, thread.id, actorId);
    if (actorId !== thread.authorId) {
      await insertModLog(tx, { communityId: community.id, actorId, action: 'delete_thread', targetType: 'thread', targetId: thread.id, targetLabel: thread.title });
    }
  });
  return c.redirect(categoryPath(community.slug, thread.categorySlug), 303);
}

export function writingRoutes(app: Hono<AppEnv>): void {
  // ── New thread ────────────────────────────────────────────────────────────────────────────────
  app.get('/p/:slug/:category/new', async (c) => {
    const { community, standing, category } = await loadCategory(c, c.req.param('slug'), c.req.param('category'));
    ensureAllowed(canStartThread(c.get('actor'), standing, community, category, c.get('deps').now()));
    return c.html(newThreadPage({ viewer: viewerOf(c), community, category, values: { title: '', body: '' }, errors: {} }).value);
  });

  app.post('/p/:slug/:category/new', async (c) => {
    const { db, now } = c.get('deps');
    const form = await readForm(c);
    const { community, standing, category } = await loadCategory(c, c.req.param('slug'), c.req.param('category'));
    const actor = c.get('actor');
    const allowed = canStartThread(actor, standing, community, category, now());
    if (!allowed.ok && !allowed.signIn) {
      // Refused since the form was opened (a mute, a ban, a category closed to members): the reason
      // above the form, with what was typed, so nothing is lost.
      return c.html(newThreadPage({ viewer: viewerOf(c), community, category, values: { title: form.title ?? '', body: form.body ?? '' }, errors: { form: allowed.reason } }).value, 403);
    }
    ensureAllowed(allowed);
    const title = cleanTitle(form.title);
    const body = cleanBody(form.body);
    if (title.error || body.error) {
      return c.html(newThreadPage({ viewer: viewerOf(c), community, category, values: { title: form.title ?? '', body: form.body ?? '' }, errors: { title: title.error, body: body.error } }).value, 400);
    }
    const authorId = actingUserId(c);
    const bodyHtml = renderMarkdown(body.value);
    const written = await writeOnce(
      db.transaction(async (tx): Promise<Written> => {
        // One author's new threads take turns, so a second identical submit finds the first one (and
        // lands on it without counting against the rate limit).
        await lockUser(tx, authorId);
        const first = await findRecentDuplicateThread(tx, { authorId, categoryId: category.id, title: title.value, body: body.value }, DOUBLE_SUBMIT_SECONDS);
        if (first !== null) return { id: first, created: false };
        await throttleWrite(c, tx, 'thread');
        if (standing.role === null) await ensureMember(tx, community.id, authorId);
        const created = await createThread(tx, { communityId: community.id, categoryId: category.id, authorId, title: title.value, body: body.value, bodyHtml });
        return { id: created.threadId, created: true };
      }),
    );
    if (written instanceof AppError) {
      // Too soon after the last thread: the form again, with the title and text kept.
      c.header('retry-after', String(written.retryAfterSeconds ?? 1));
      return c.html(newThreadPage({ viewer: viewerOf(c), community, category, values: { title: form.title ?? '', body: form.body ?? '' }, errors: { form: written.publicMessage } }).value, 429);
    }
    return c.redirect(threadPath(community.slug, category.slug, written.id), 303);
  });

  // ── Reply ─────────────────────────────────────────────────────────────────────────────────────
  app.post('/p/:slug/:category/:threadId{[0-9]+}/reply', async (c) => {
    const { db, now } = c.get('deps');
    const form = await readForm(c);
    const p = threadParams(c);
    const { community, standing, thread } = await loadThread(c, p.slug, p.threadId);
    const actor = c.get('actor');
    const allowed = canReply(actor, standing, community, thread, now());
    if (!allowed.ok && !allowed.signIn && !isHtmx(c)) {
      // Refused since the page was opened (locked, a mute, a ban): the reply form on its own page with
      // the reason and the text. (With HTMX the notice goes into the form, which keeps the text.)
      return c.html(replyPage({ viewer: viewerOf(c), community, thread, body: form.body ?? '', error: allowed.reason }).value, 403);
    }
    ensureAllowed(allowed);
    const base = threadPath(community.slug, thread.categorySlug, thread.id);
    const body = cleanBody(form.body);
    if (body.error) {
      if (isHtmx(c)) return c.html(replyForm(base, c.get('csrfToken'), form.body ?? '', body.error).value, 400);
      return c.html(replyPage({ viewer: viewerOf(c), community, thread, body: form.body ?? '', error: body.error }).value, 400);
    }
    const authorId = actingUserId(c);
    const bodyHtml = renderMarkdown(body.value);
    const written = await writeOnce(
      db.transaction(async (tx): Promise<Written> => {
        // The category's totals, shared by every reply in the category, are moved last (inside
        // insertReply), so that row stays locked for one statement and the commit.
        if (standing.role === null) await ensureMember(tx, community.id, authorId);
        // Re-check against the locked row: the thread may have been locked or deleted since we loaded it.
        const current = await lockThread(tx, thread.id);
        if (!current) throw notFound('That thread');
        ensureAllowed(canReply(actor, standing, community, { ...thread, ...current }, now()));
        // The thread lock orders replies: a second identical submit finds the first one (and lands on
        // it without counting against the rate limit).
        const first = await findRecentDuplicateReply(tx, { threadId: thread.id, authorId, body: body.value }, DOUBLE_SUBMIT_SECONDS);
        if (first !== null) return { id: first, created: false };
        await throttleWrite(c, tx, 'post');
        return { id: await insertReply(tx, { threadId: thread.id, authorId, body: body.value, bodyHtml }), created: true };
      }),
    );
    if (written instanceof AppError) {
      // Too soon after the last post. With HTMX the notice goes above the form (which keeps the text);
      // without, the reply form comes back on its own page with the text.
      if (isHtmx(c)) throw written;
      c.header('retry-after', String(written.retryAfterSeconds ?? 1));
      return c.html(replyPage({ viewer: viewerOf(c), community, thread, body: form.body ?? '', error: written.publicMessage }).value, 429);
    }
    const postId = written.id;
    const includeDeleted = canSeeDeletedPosts(actor, standing);
    // The reply is committed: if the database fails now, still answer "saved" (a 503 would invite a duplicate).
    const page = await pageOfPost(db, thread.id, postId, includeDeleted).catch(() => null);
    if (page === null) return c.redirect(postPath(community.slug, thread.categorySlug, thread.id, postId), 303);
    const target = postPath(community.slug, thread.categorySlug, thread.id, postId, page);
    if (!isHtmx(c)) return c.redirect(target, 303);

    // HTMX: append the new post and hand back a fresh form — unless it landed on a page the reader is not on.
    const shownPage = pageShownAt(c.req.header('hx-current-url'));
    if (page !== shownPage) {
      c.header('hx-redirect', target);
      return c.body(null, 204);
    }
    if (!written.created) {
      // The same words a moment ago: that post is already on the page (the first answer appended it).
      return c.html(replyForm(base, c.get('csrfToken'), '', undefined, 'You posted this a moment ago; it is on the page once.').value);
    }
    const rows = await listPostsInThread(db, thread.id, community.id, page, includeDeleted);
    const row = rows.find((r) => r.id === postId)!;
    const post = { ...row, authorIsPlatformAdmin: isAdminAccount(c, row.authorMnwId) };
    const t = now();
    const item = postItem(
      { community, thread, viewer: viewerOf(c), adminMnwId: c.get('deps').config.platformAdminId, now: t, page },
      { ...post, canEdit: canEditPost(actor, standing, community, post, t).ok, canDelete: canDeletePost(actor, standing, community, post, t).ok },
      true,
    );
    const appended = html`<ol hx-swap-oob="beforeend:#posts">${item}</ol>`;
    return c.html(html`${replyForm(base, c.get('csrfToken'), '')}${appended}`.value);
  });

  // ── Edit thread (title; moderators may move it) ──────────────────────────────────────────────
  app.get('/p/:slug/:category/:threadId{[0-9]+}/edit', async (c) => {
    const { db, now } = c.get('deps');
    const p = threadParams(c);
    const { community, standing, thread } = await loadThread(c, p.slug, p.threadId);
    if (thread.categorySlug !== p.category) return movedRedirect(c, `${threadPath(community.slug, thread.categorySlug, thread.id)}/edit`);
    const actor = c.get('actor');
    ensureAllowed(canEditThread(actor, standing, community, thread, now()));
    const categories = canMoveThread(actor, standing, community, now()).ok ? await listCategories(db, community.id) : null;
    return c.html(editThreadPage({ viewer: viewerOf(c), community, thread, categories, values: { title: thread.title, categoryId: thread.categoryId }, errors: {} }).value);
  });

  app.post('/p/:slug/:category/:threadId{[0-9]+}/edit', async (c) => {
    const { db, now } = c.get('deps');
    const form = await readForm(c);
    const p = threadParams(c);
    const { community, standing, thread } = await loadThread(c, p.slug, p.threadId);
    const actor = c.get('actor');
    ensureAllowed(canEditThread(actor, standing, community, thread, now()));
    const mayMove = canMoveThread(actor, standing, community, now()).ok;
    const categories = mayMove ? await listCategories(db, community.id) : null;
    const title = cleanTitle(form.title);
    const requested = form.category_id === undefined ? thread.categoryId : Number(form.category_id);
    const target = categories?.find((k) => k.id === requested);
    const categoryError = form.category_id !== undefined && mayMove && !target ? 'Pick one of the categories of this community.' : undefined;
    if (title.error || categoryError) {
      return c.html(editThreadPage({ viewer: viewerOf(c), community, thread, categories, values: { title: form.title ?? '', categoryId: target?.id ?? thread.categoryId }, errors: { title: title.error, category: categoryError } }).value, 400);
    }
    const actorId = actingUserId(c);
    const moveTo = mayMove && target && target.id !== thread.categoryId ? target : null;
    await db.transaction(async (tx) => {
      if (title.value !== thread.title) {
        await updateThreadTitle(tx, thread.id, title.value);
        if (actorId !== thread.authorId) {
          await insertModLog(tx, { communityId: community.id, actorId, action: 'edit_thread', targetType: 'thread', targetId: thread.id, targetLabel: title.value, details: `was: ${thread.title}` });
        }
      }
      if (moveTo) {
        await moveThread(tx, thread.id, moveTo.id);
        await insertModLog(tx, { communityId: community.id, actorId, action: 'move_thread', targetType: 'thread', targetId: thread.id, targetLabel: title.value, details: `${thread.categoryName} → ${moveTo.name}` });
      }
    });
    return c.redirect(threadPath(community.slug, moveTo?.slug ?? thread.categorySlug, thread.id), 303);
  });

  // ── Delete thread ─────────────────────────────────────────────────────────────────────────────
  app.post('/p/:slug/:category/:threadId{[0-9]+}/delete', async (c) => {
    const p = threadParams(c);
    return deleteThread(c, await loadThread(c, p.slug, p.threadId));
  });

  // ── Pin / lock: the form says the state it wants (pinned=1|0, locked=1|0), so a repeated or
  // stale submit changes nothing instead of flipping the thread back.
  for (const flag of ['pinned', 'locked'] as const) {
    const path = flag === 'pinned' ? 'pin' : 'lock';
    app.post(`/p/:slug/:category/:threadId{[0-9]+}/${path}`, async (c) => {
      const { db, now } = c.get('deps');
      const form = await readForm(c);
      const p = threadParams(c);
      const { community, standing, thread } = await loadThread(c, p.slug, p.threadId);
      const actor = c.get('actor');
      ensureAllowed(canModerate(actor, standing, community, now()));
      if (form[flag] !== '1' && form[flag] !== '0') throw badRequest(`Say whether the thread should be ${flag} (${flag}=1) or not (${flag}=0).`);
      const value = form[flag] === '1';
      const actorId = actingUserId(c);
      await db.transaction(async (tx) => {
        const current = await lockThread(tx, thread.id);
        if (!current) throw notFound('That thread');
        if (current[flag] === value) return;
        await setThreadFlag(tx, thread.id, flag, value);
        const action = flag === 'pinned' ? (value ? 'pin' : 'unpin') : value ? 'lock' : 'unlock';
        await insertModLog(tx, { communityId: community.id, actorId, action, targetType: 'thread', targetId: thread.id, targetLabel: thread.title });
      });
      return c.redirect(withPage(threadPath(community.slug, thread.categorySlug, thread.id), pageFrom(form)), 303);
    });
  }

  // ── Edit post ─────────────────────────────────────────────────────────────────────────────────
  const loadPost = async (c: Ctx) => {
    const p = threadParams(c);
    const loaded = await loadThread(c, p.slug, p.threadId);
    const post = await getPost(c.get('deps').db, parseId(c.req.param('postId') ?? '', 'That post'));
    if (!post || post.threadId !== loaded.thread.id) throw notFound('That post');
    return { ...loaded, post: { ...post, authorIsPlatformAdmin: isAdminAccount(c, post.authorMnwId) } };
  };

  const windowNote = (isOwn: boolean, createdAt: Date, now: Date) => {
    if (!isOwn || !withinEditWindow(createdAt, now)) return null;
    const left = Math.max(1, Math.ceil((createdAt.getTime() + EDIT_WINDOW_MINUTES * 60_000 - now.getTime()) / 60_000));
    return `You can edit your post for ${left} more minute${left === 1 ? '' : 's'}.`;
  };

  app.get('/p/:slug/:category/:threadId{[0-9]+}/posts/:postId/edit', async (c) => {
    const { db, now } = c.get('deps');
    const { community, standing, thread, post } = await loadPost(c);
    if (thread.categorySlug !== c.req.param('category')) return movedRedirect(c, postEditPath(community.slug, thread.categorySlug, thread.id, post.id));
    const actor = c.get('actor');
    ensureAllowed(canEditPost(actor, standing, community, post, now()));
    const isOwn = actor.kind === 'user' && actor.id === post.authorId;
    const page = await pageOfPost(db, thread.id, post.id, canSeeDeletedPosts(actor, standing));
    return c.html(editPostPage({ viewer: viewerOf(c), community, thread, postId: post.id, page, values: { body: post.body }, errors: {}, windowNote: windowNote(isOwn, post.createdAt, now()) }).value);
  });

  app.post('/p/:slug/:category/:threadId{[0-9]+}/posts/:postId/edit', async (c) => {
    const { db, now } = c.get('deps');
    const form = await readForm(c);
    const { community, standing, thread, post } = await loadPost(c);
    const actor = c.get('actor');
    // The window is checked here, on the server clock, not only when the form was shown.
    ensureAllowed(canEditPost(actor, standing, community, post, now()));
    const body = cleanBody(form.body);
    if (body.error) {
      const isOwn = actor.kind === 'user' && actor.id === post.authorId;
      const page = await pageOfPost(db, thread.id, post.id, canSeeDeletedPosts(actor, standing));
      return c.html(editPostPage({ viewer: viewerOf(c), community, thread, postId: post.id, page, values: { body: form.body ?? '' }, errors: { body: body.error }, windowNote: windowNote(isOwn, post.createdAt, now()) }).value, 400);
    }
    const actorId = actingUserId(c);
    const bodyHtml = renderMarkdown(body.value);
    await db.transaction(async (tx) => {
      await updatePostBody(tx, post.id, body.value, bodyHtml);
      if (actorId !== post.authorId) {
        await insertModLog(tx, { communityId: community.id, actorId, action: 'edit_post', targetType: 'post', targetId: post.id, targetLabel: `post in “${thread.title}”` });
      }
    });
    const page = await pageOfPost(db, thread.id, post.id, canSeeDeletedPosts(actor, standing));
    return c.redirect(postPath(community.slug, thread.categorySlug, thread.id, post.id, page), 303);
  });

  // ── Delete post (the opening post stands for the whole thread) ───────────────────────────────
  app.post('/p/:slug/:category/:threadId{[0-9]+}/posts/:postId/delete', async (c) => {
    const { db, now } = c.get('deps');
    const { community, standing, thread, post } = await loadPost(c);
    const actor = c.get('actor');
    const opening = await getOpeningPost(db, thread.id);
    if (opening?.id === post.id) return deleteThread(c, { community, standing, thread });
    ensureAllowed(canDeletePost(actor, standing, community, post, now()));
    const form = await readForm(c);
    if (!confirmed(form)) {
      return c.html(confirmDeletePage({ viewer: viewerOf(c), community, thread, action: new URL(c.req.url).pathname, what: 'post', excerpt: excerptOf(post.bodyHtml), page: pageFrom(form) }).value);
    }
    const actorId = actingUserId(c);
    await db.transaction(async (tx) => {
      await lockThread(tx, thread.id);
      await softDeletePost(tx, post.id, actorId);
      await refreshThreadStats(tx, thread.id);
      if (actorId !== post.authorId) {
        await insertModLog(tx, { communityId: community.id, actorId, action: 'delete_post', targetType: 'post', targetId: post.id, targetLabel: `post in “${thread.title}”` });
      }
    });
    // Back to the page the post was on, or the last page if the thread is now shorter.
    const pages = totalPages(await countPostsInThread(db, thread.id, canSeeDeletedPosts(actor, standing)), POSTS_PER_PAGE);
    return c.redirect(withPage(threadPath(community.slug, thread.categorySlug, thread.id), pageFrom(form, pages)), 303);
  });
}
