// Reading the forum: directory, community, category, thread, members. Works without JavaScript.

import type { Hono } from 'hono';
import { POSTS_PER_PAGE, THREADS_PER_PAGE } from '../../core/types.js';
import { listCategories } from '../../db/categories.js';
import { createCommunityFromProject, listCommunities } from '../../db/communities.js';
import { lookups } from '../../db/lookups.js';
import { countMembers, listMembers } from '../../db/memberships.js';
import { countPostsInThread, listPostsInThread } from '../../db/posts.js';
import { countThreadsInCategory, listRecentThreads, listThreadsInCategory } from '../../db/threads.js';
import {
  canDeletePost, canDeleteThread, canEditPost, canEditThread, canManageCommunity, canModerate,
  canSeeDeletedPosts, canSetRole, canViewModeration, listingIncludesDeleted, newThreadOffer, replyOffer, type Decision,
} from '../../policy.js';
import type { AppEnv } from '../context.js';
import { viewerOf } from '../context.js';
import { ensurePageExists, isAdminAccount, loadCategory, loadCommunity, loadThread, parsePage, totalPages } from '../load.js';
import { categoryPath, communityPath, movedRedirect, threadPath, withPage } from '../paths.js';
import { bytesAround, cached, cachedRender, pageResponse, roughSize } from '../readcache.js';
import { categoryPage, communityPage, communitySections, directoryPage, membersPage, postItem, SLOT, threadPage, threadTable, type DirectoryEntry } from '../views/forum.js';

const RECENT_THREADS = 10;
const MEMBERS_PER_PAGE = 50;

/** A button is shown when it leads somewhere: to the form, or to sign in first. */
const offered = (d: Decision) => d.ok || d.signIn === true;

export function forumRoutes(app: Hono<AppEnv>): void {
  app.get('/', async (c) => {
    const { db, directory, now } = c.get('deps');
    const { cache } = c.get('deps');
    const version = await lookups(db).directoryVersion();
    const [local, mnw] = await Promise.all([cache.get(`directory@${version}`, () => listCommunities(db), roughSize), directory.list()]);
    const entries = new Map<string, DirectoryEntry>();
    for (const k of local) {
      entries.set(k.slug, { slug: k.slug, name: k.name, description: k.description, threadCount: k.threadCount, memberCount: k.memberCount, lastActivityAt: k.lastActivityAt, hasForum: true, suspended: k.suspendedAt !== null });
    }
    for (const p of mnw.projects) {
      if (!entries.has(p.slug)) entries.set(p.slug, { slug: p.slug, name: p.name, description: p.description, threadCount: 0, memberCount: 0, lastActivityAt: null, hasForum: false, suspended: false });
    }
    const sorted = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
    return c.html(directoryPage({ viewer: viewerOf(c), entries: sorted, mnwUnavailable: !mnw.available, now: now() }).value);
  });

  app.get('/p/:slug', async (c) => {
    const { db, directory, now } = c.get('deps');
    const slug = c.req.param('slug');
    // An MNW project without a forum yet gets one the first time someone opens it.
    if (/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) && !(await lookups(db).community(slug))) {
      const project = await directory.find(slug);
      if (project) await db.transaction((tx) => createCommunityFromProject(tx, { slug: project.slug, name: project.name, description: project.description, ownerMnwId: project.owner_id }));
    }
    const { community, standing } = await loadCommunity(c, slug);
    const actor = c.get('actor');
    const t = now();
    return pageResponse(c, community, communityPath(community.slug), async () => {
      const sections = await cachedRender(c, community, 'sections', async () => {
        const [categories, recent] = await Promise.all([listCategories(db, community.id), listRecentThreads(db, community.id, RECENT_THREADS)]);
        return Buffer.from(communitySections({ community, categories, recent, now: t }).value);
      }, (b) => b.length);
      const frame = communityPage({
        viewer: viewerOf(c), community, categories: [], recent: [], now: t, sections: SLOT,
        canManage: canManageCommunity(actor, standing, community, t).ok,
        canModerate: canViewModeration(actor, standing, t).ok,
      });
      return bytesAround(frame, SLOT, [sections]);
    });
  });

  app.get('/p/:slug/members', async (c) => {
    const { db, now } = c.get('deps');
    const page = parsePage(c.req.query('page'));
    const { community, standing } = await loadCommunity(c, c.req.param('slug'));
    const actor = c.get('actor');
    const total = await countMembers(db, community.id);
    const pages = totalPages(total, MEMBERS_PER_PAGE);
    ensurePageExists(page, pages);
    const members = await listMembers(db, community.id, MEMBERS_PER_PAGE, (page - 1) * MEMBERS_PER_PAGE);
    const t = now();
    const roleEditable = new Set(members.filter((m) => canSetRole(actor, standing, community, { userId: m.userId, role: m.role }, 'moderator', t).ok).map((m) => m.userId));
    return c.html(
      membersPage({
        viewer: viewerOf(c), community, members, page, totalPages: pages, total, roleEditable,
        // After a role change (a fixed key, never text from the URL).
        flash: c.req.query('done') === 'role' ? 'The role has been saved.' : null,
        canManage: canManageCommunity(actor, standing, community, t).ok,
        canModerate: canViewModeration(actor, standing, now()).ok,
      }).value,
    );
  });

  app.get('/p/:slug/:category', async (c) => {
    const { db, now } = c.get('deps');
    const page = parsePage(c.req.query('page'));
    const { community, standing, category } = await loadCategory(c, c.req.param('slug'), c.req.param('category'));
    const actor = c.get('actor');
    const t = now();
    const includeDeleted = listingIncludesDeleted(actor, standing);
    const listing = `${category.id}:${includeDeleted ? 'all' : 'visible'}`;
    const total = await cached(c, community, `threadcount:${listing}`, () => countThreadsInCategory(db, category.id, includeDeleted));
    const pages = totalPages(total, THREADS_PER_PAGE);
    ensurePageExists(page, pages);
    return pageResponse(c, community, withPage(categoryPath(community.slug, category.slug), page), async () => {
      // The table is the same for every reader of this listing: kept as bytes, per version and clock step.
      const table = await cachedRender(c, community, `threadtable:${listing}:${page}`, async () => {
        const threads = await listThreadsInCategory(db, category.id, page, includeDeleted, total);
        return Buffer.from(threadTable(community.slug, threads, t, { showCategory: false }).value);
      }, (b) => b.length);
      const frame = categoryPage({
        viewer: viewerOf(c), community, category, threads: SLOT, page, totalPages: pages, totalThreads: total, now: t,
        offerNewThread: offered(newThreadOffer(actor, standing, community, category, t)),
      });
      return bytesAround(frame, SLOT, [table]);
    });
  });

  app.get('/p/:slug/:category/:threadId{[0-9]+}', async (c) => {
    const { db, config, now } = c.get('deps');
    const page = parsePage(c.req.query('page'));
    const { community, standing, thread } = await loadThread(c, c.req.param('slug'), c.req.param('threadId'));
    if (thread.categorySlug !== c.req.param('category')) {
      const search = new URL(c.req.url).search;
      return movedRedirect(c, threadPath(community.slug, thread.categorySlug, thread.id) + search);
    }
    const actor = c.get('actor');
    const t = now();
    const includeDeleted = canSeeDeletedPosts(actor, standing);
    const listing = `${thread.id}:${includeDeleted ? 'all' : 'visible'}`;
    // Readers count visible posts from the thread's own counter (kept in the same transaction as every
    // post write); moderators, who also page through deleted posts, need a real count.
    const count = includeDeleted ? await cached(c, community, `postcount:${thread.id}`, () => countPostsInThread(db, thread.id, true)) : thread.replyCount + 1;
    const pages = totalPages(count, POSTS_PER_PAGE);
    ensurePageExists(page, pages);
    return pageResponse(c, community, withPage(threadPath(community.slug, thread.categorySlug, thread.id), page), async () => {
      const posts = await cached(c, community, `posts:${listing}:${page}`, async () =>
        (await listPostsInThread(db, thread.id, community.id, page, includeDeleted)).map((row) => ({ ...row, authorIsPlatformAdmin: isAdminAccount(c, row.authorMnwId) })),
      );
      const context = { community, thread, viewer: viewerOf(c), adminMnwId: config.platformAdminId, now: t, page };
      // Every post as a reader without edit or delete rights sees it, as UTF-8 bytes: rendered once per
      // version and clock step (relative times), then copied into each page as it is.
      const plain = await cachedRender(c, community, `postitems:${listing}:${page}`, () =>
        posts.map((post) => Buffer.from(postItem(context, { ...post, canEdit: false, canDelete: false }).value)),
      (items) => items.reduce((n, b) => n + b.length, 0));
      const items = posts.map((post, i) => {
        const canEdit = canEditPost(actor, standing, community, post, t).ok;
        // The opening post stands for the thread: it is removed with "Delete thread", not from under the post.
        const canDelete = !(page === 1 && i === 0) && canDeletePost(actor, standing, community, post, t).ok;
        return canEdit || canDelete ? Buffer.from(postItem(context, { ...post, canEdit, canDelete }).value) : plain[i]!;
      });
      const reply = replyOffer(actor, standing, community, thread, t);
      const frame = threadPage({
        viewer: context.viewer, community, thread, posts: SLOT, page, totalPages: pages, now: t, adminMnwId: config.platformAdminId,
        reply: { allowed: reply.ok, reason: reply.ok ? null : reply.reason, signIn: !reply.ok && reply.signIn === true },
        can: {
          editThread: canEditThread(actor, standing, community, thread, t).ok,
          deleteThread: canDeleteThread(actor, standing, community, thread, t).ok,
          pin: canModerate(actor, standing, community, t).ok,
          lock: canModerate(actor, standing, community, t).ok,
        },
      });
      return bytesAround(frame, SLOT, items);
    });
  });
}
