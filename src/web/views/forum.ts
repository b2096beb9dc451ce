// Pages of the public forum: directory, community, category, thread, members.

import type { Category, Community, Role, Thread } from '../../core/types.js';
import type { CategorySummary } from '../../db/categories.js';
import type { MemberRow } from '../../db/memberships.js';
import type { PostView } from '../../db/posts.js';
import type { ThreadListItem } from '../../db/threads.js';
import { Html, html, storedMarkdownHtml } from '../html.js';
import { avatar, csrfField, exactTime, fieldError, notice, pagination, plural, roleBadge, timeAgo } from './components.js';
import { layout, type Viewer } from './layout.js';
import { communityPath, categoryPath, threadPath, postPath, postEditPath, withPage } from '../paths.js';


/** Filled in with "yes" by static/js/app.js once the browser has asked; without JavaScript the server asks on a page. */
const UNCONFIRMED = html`<input type="hidden" name="confirm" value="">`;

/** Which page of the thread a form was sent from, so its answer goes back there. */
export const fromPage = (page: number) => (page > 1 ? html`<input type="hidden" name="page" value="${page}">` : html``);

export interface DirectoryEntry {
  slug: string;
  name: string;
  description: string;
  threadCount: number;
  memberCount: number;
  lastActivityAt: Date | null;
  hasForum: boolean;
  suspended: boolean;
}

export function directoryPage(p: { viewer: Viewer; entries: DirectoryEntry[]; mnwUnavailable: boolean; now: Date }): Html {
  return layout(
    { title: 'Multithreaded', viewer: p.viewer },
    html`<section class="hero">
      <h1>Project forums</h1>
      <p class="lede">Every Makenot.work project gets a place to ask, answer and plan. Pick one to read along; sign in with your MNW account to take part.</p>
    </section>
    ${p.mnwUnavailable ? notice('warning', 'Makenot.work is not answering right now, so this list shows only the forums we already know.') : ''}
    ${p.entries.length === 0
      ? html`<p class="empty">No communities yet.</p>`
      : html`<ul class="card-list directory">${p.entries.map(
          (e) => html`<li class="card community-card${e.suspended ? ' is-suspended' : ''}">
            <h2 class="card-title"><a href="${communityPath(e.slug)}">${e.name}</a></h2>
            <p class="card-desc">${e.description}</p>
            <p class="card-meta">${e.suspended
              ? html`<span class="badge badge-warning">Suspended</span>`
              : e.hasForum
                ? html`${plural(e.threadCount, 'thread')} · ${plural(e.memberCount, 'member')}${e.lastActivityAt ? html` · active ${timeAgo(e.lastActivityAt, p.now)}` : ''}`
                : html`<span class="badge">New</span> No forum yet — be the first to open it`}</p>
          </li>`,
        )}</ul>`}`,
  );
}

export interface CommunityPageProps {
  viewer: Viewer;
  community: Community;
  categories: CategorySummary[];
  recent: ThreadListItem[];
  canManage: boolean;
  canModerate: boolean;
  now: Date;
}

export function communityHeader(c: Community, links: { canManage: boolean; canModerate: boolean }): Html {
  return html`<header class="page-head">
    <div>
      <h1>${c.name}</h1>
      ${c.description ? html`<p class="lede">${c.description}</p>` : ''}
    </div>
    <nav class="page-actions" aria-label="Community">
      <a href="${communityPath(c.slug)}/members">Members</a>
      ${links.canModerate ? html`<a href="${communityPath(c.slug)}/moderation">Moderation</a>` : ''}
      ${links.canManage ? html`<a href="${communityPath(c.slug)}/settings">Settings</a>` : ''}
    </nav>
  </header>`;
}

/**
 * Marks where a handler puts a part of the page it keeps pre-rendered as bytes (readcache.ts
 * bytesAround); "<" never comes out of escaped text, so no title or name can forge it.
 */
export const SLOT = new Html('<mt-slot></mt-slot>');

/** The community page; `sections` is SLOT when the handler fills in communitySections itself. */
export function communityPage(p: CommunityPageProps & { sections?: Html }): Html {
  const c = p.community;
  return layout(
    { title: c.name, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name }] },
    html`${communityHeader(c, p)}
    ${c.suspendedAt ? notice('warning', html`This community is suspended${c.suspendedReason ? html`: ${c.suspendedReason}` : ''}. Only the platform admin can see it.`) : ''}
    ${p.sections ?? communitySections(p)}`,
  );
}

/** Categories and recent threads: the same for every reader. */
export function communitySections(p: Pick<CommunityPageProps, 'community' | 'categories' | 'recent' | 'now'>): Html {
  const c = p.community;
  return html`<section aria-labelledby="cats-h">
      <h2 id="cats-h" class="section-title">Categories</h2>
      ${p.categories.length === 0
        ? html`<p class="empty">No categories yet.</p>`
        : html`<ul class="card-list categories">${p.categories.map(
            (k) => html`<li class="card category-card">
              <h3 class="card-title"><a href="${categoryPath(c.slug, k.slug)}">${k.name}</a></h3>
              ${k.description ? html`<p class="card-desc">${k.description}</p>` : ''}
              <p class="card-meta">${plural(k.threadCount, 'thread')} · ${plural(k.postCount, 'post')}${k.lastActivityAt ? html` · last activity ${timeAgo(k.lastActivityAt, p.now)}` : ''}</p>
            </li>`,
          )}</ul>`}
    </section>
    <section aria-labelledby="recent-h">
      <h2 id="recent-h" class="section-title">Recent threads</h2>
      ${threadTable(c.slug, p.recent, p.now, { showCategory: true })}
    </section>`;
}

export function threadTable(communitySlug: string, threads: ThreadListItem[], now: Date, opts: { showCategory: boolean }): Html {
  if (threads.length === 0) return html`<p class="empty">No threads yet.</p>`;
  return html`<table class="thread-table">
    <thead><tr><th scope="col">Thread</th><th scope="col" class="num">Replies</th><th scope="col">Last activity</th></tr></thead>
    <tbody>${threads.map(
      (t) => html`<tr class="${t.pinned ? 'is-pinned' : ''}${t.deletedAt ? ' is-deleted' : ''}">
        <td class="thread-cell">
          <a class="thread-title" href="${threadPath(communitySlug, t.categorySlug, t.id)}">${t.title}</a>
          <span class="thread-flags">${t.pinned ? html`<span class="flag flag-pinned" title="Pinned">Pinned</span>` : ''}${t.locked ? html`<span class="flag flag-locked" title="Locked">Locked</span>` : ''}${t.deletedAt ? html`<span class="flag flag-deleted">Deleted</span>` : ''}</span>
          <span class="thread-byline">by ${t.authorDisplayName}${opts.showCategory ? html` in <a href="${categoryPath(communitySlug, t.categorySlug)}">${t.categoryName}</a>` : ''}</span>
        </td>
        <td class="num replies"><span class="visually-hidden">Replies: </span>${t.replyCount}</td>
        <td class="last-activity">${timeAgo(t.lastActivityAt, now)}${t.lastPosterDisplayName ? html`<span class="muted"> by ${t.lastPosterDisplayName}</span>` : ''}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export interface CategoryPageProps {
  viewer: Viewer;
  community: Community;
  category: Category;
  /** The threads, or SLOT where the handler puts the table it keeps as bytes. */
  threads: ThreadListItem[] | Html;
  page: number;
  totalPages: number;
  totalThreads: number;
  /** Show "New thread": the reader may start one, or may after signing in (policy: newThreadOffer). */
  offerNewThread: boolean;
  now: Date;
}

/** "New thread" for who may start one (and for readers, who are asked to sign in); a note in a moderators-only category. */
function newThreadAction(p: CategoryPageProps, base: string): Html {
  if (p.offerNewThread) return html`<a class="button" href="${base}/new">New thread</a>`;
  if (p.category.moderatorsOnly) return html`<p class="muted">Only moderators start threads here.</p>`;
  return html``;
}

export function categoryPage(p: CategoryPageProps): Html {
  const c = p.community;
  const k = p.category;
  const base = categoryPath(c.slug, k.slug);
  return layout(
    {
      title: p.page > 1 ? `${k.name} (page ${p.page}) · ${c.name}` : `${k.name} · ${c.name}`,
      viewer: p.viewer,
      crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: k.name }],
    },
    html`<header class="page-head">
      <div><h1>${k.name}</h1>${k.description ? html`<p class="lede">${k.description}</p>` : ''}</div>
      <div class="page-actions">${newThreadAction(p, base)}</div>
    </header>
    <p class="muted count-line">${plural(p.totalThreads, 'thread')}${p.totalPages > 1 ? ` · page ${p.page} of ${p.totalPages}` : ''}</p>
    ${p.threads instanceof Html ? p.threads : threadTable(c.slug, p.threads, p.now, { showCategory: false })}
    ${pagination(base, p.page, p.totalPages, 'Thread pages')}`,
  );
}

/** What the viewer may do with one post; computed by the policy module in the handler. */
export interface PostActions {
  canEdit: boolean;
  canDelete: boolean;
}

export interface ThreadPageProps {
  viewer: Viewer;
  community: Community;
  thread: Thread & { categorySlug: string; categoryName: string };
  /** The posts, or SLOT where the handler puts their pre-rendered bytes (see bytesAround). */
  posts: (PostView & PostActions)[] | typeof SLOT;
  page: number;
  totalPages: number;
  /** policy: replyOffer. `signIn`: offer "Sign in to reply" instead of the form. */
  reply: { allowed: boolean; reason: string | null; signIn?: boolean; body?: string; error?: string };
  can: { editThread: boolean; deleteThread: boolean; pin: boolean; lock: boolean };
  adminMnwId: string | null;
  now: Date;
}

export function threadPage(p: ThreadPageProps): Html {
  const c = p.community;
  const t = p.thread;
  const base = threadPath(c.slug, t.categorySlug, t.id);
  const onLastPage = p.page === p.totalPages;
  return layout(
    {
      title: p.page > 1 ? `${t.title} (page ${p.page})` : t.title,
      viewer: p.viewer,
      crumbs: [
        { label: 'Forums', href: '/' },
        { label: c.name, href: communityPath(c.slug) },
        { label: t.categoryName, href: categoryPath(c.slug, t.categorySlug) },
        { label: t.title },
      ],
      mainClass: 'thread-main',
    },
    html`<header class="page-head thread-head">
      <div>
        <h1>${t.title}</h1>
        <p class="thread-flags">${t.pinned ? html`<span class="flag flag-pinned">Pinned</span>` : ''}${t.locked ? html`<span class="flag flag-locked">Locked</span>` : ''}${t.deletedAt ? html`<span class="flag flag-deleted">Deleted</span>` : ''}</p>
      </div>
      ${threadActions(p, base)}
    </header>
    ${pagination(base, p.page, p.totalPages, 'Post pages (top)')}
    <ol class="posts" id="posts">${p.posts instanceof Html ? p.posts : p.posts.map((post) => postItem(p, post))}</ol>
    ${pagination(base, p.page, p.totalPages, 'Post pages')}
    ${onLastPage ? replySection(p, base) : html`<p class="muted reply-hint"><a href="${base}?page=${p.totalPages}#reply">Go to the last page to reply</a></p>`}`,
  );
}

function threadActions(p: ThreadPageProps, base: string): Html {
  const t = p.thread;
  const token = p.viewer.csrfToken;
  if (!p.can.editThread && !p.can.deleteThread && !p.can.pin && !p.can.lock) return html``;
  return html`<div class="page-actions thread-actions">
    ${p.can.editThread ? html`<a class="button button-quiet" href="${base}/edit">Edit thread</a>` : ''}
    ${p.can.pin ? html`<form method="post" action="${base}/pin">${csrfField(token)}${fromPage(p.page)}<input type="hidden" name="pinned" value="${t.pinned ? '0' : '1'}"><button class="button-quiet" type="submit">${t.pinned ? 'Unpin' : 'Pin'}</button></form>` : ''}
    ${p.can.lock ? html`<form method="post" action="${base}/lock">${csrfField(token)}${fromPage(p.page)}<input type="hidden" name="locked" value="${t.locked ? '0' : '1'}"><button class="button-quiet" type="submit">${t.locked ? 'Unlock' : 'Lock'}</button></form>` : ''}
    ${p.can.deleteThread ? html`<form method="post" action="${base}/delete" data-confirm="Delete this thread? It disappears for everyone but moderators.">${csrfField(token)}${UNCONFIRMED}${fromPage(p.page)}<button class="button-danger" type="submit">Delete thread</button></form>` : ''}
  </div>`;
}

type PostContext = Pick<ThreadPageProps, 'community' | 'thread' | 'adminMnwId' | 'now' | 'page'>;

/** One post; `justPosted` marks a reply appended by HTMX, so the script can move focus to it. */
export function postItem(p: PostContext & Pick<ThreadPageProps, 'viewer'>, post: PostView & PostActions, justPosted = false): Html {
  const c = p.community;
  const t = p.thread;
  return html`<li class="post${post.deletedAt ? ' is-deleted' : ''}${justPosted ? ' just-posted' : ''}" id="post-${post.id}">
    <article aria-labelledby="post-${post.id}-author">
      ${postContent(p, post)}
      ${post.canEdit || post.canDelete
        ? html`<footer class="post-actions">
            ${post.canEdit ? html`<a href="${postEditPath(c.slug, t.categorySlug, t.id, post.id)}">Edit</a>` : ''}
            ${post.canDelete ? html`<form method="post" action="${threadPath(c.slug, t.categorySlug, t.id)}/posts/${post.id}/delete" data-confirm="Delete this post?">${csrfField(p.viewer.csrfToken)}${UNCONFIRMED}${fromPage(p.page)}<button class="link-button" type="submit">Delete</button></form>` : ''}
          </footer>`
        : ''}
    </article>
  </li>`;
}

/** Who wrote a post, when, and what. */
function postContent(p: PostContext, post: PostView): Html {
  const c = p.community;
  const t = p.thread;
  const permalink = postPath(c.slug, t.categorySlug, t.id, post.id, p.page);
  const isAdmin = p.adminMnwId !== null && post.authorMnwId === p.adminMnwId;
  return html`<header class="post-head">
        ${avatar(post.authorDisplayName, post.authorAvatarUrl)}
        <div class="post-who">
          <span class="post-author" id="post-${post.id}-author">${post.authorDisplayName}</span>
          <span class="muted">@${post.authorUsername}</span>
          ${roleBadge(post.authorRole as Role | null, isAdmin)}
        </div>
        <div class="post-when">
          <a class="permalink" href="${permalink}">${timeAgo(post.createdAt, p.now)}<span class="visually-hidden"> (link to this post)</span></a>
          ${post.editedAt ? html`<span class="edited" title="Edited ${exactTime(post.editedAt)}">edited</span>` : ''}
        </div>
      </header>
      ${post.deletedAt
        ? html`<div class="post-body deleted-note"><p>This post was deleted.</p></div>`
        : html`<div class="post-body prose">${storedMarkdownHtml(post.bodyHtml)}</div>`}`;
}

function replySection(p: ThreadPageProps, base: string): Html {
  if (p.reply.signIn) {
    return html`<section class="reply" id="reply"><p class="reply-signin"><a class="button" href="/auth/login?return_to=${encodeURIComponent(withPage(base, p.page))}">Sign in to reply</a></p></section>`;
  }
  if (!p.reply.allowed) return html`<section class="reply" id="reply">${notice('info', p.reply.reason ?? 'You cannot reply here.')}</section>`;
  return html`<section class="reply" id="reply" aria-labelledby="reply-h">
    <h2 id="reply-h" class="section-title">Reply</h2>
    ${replyForm(base, p.viewer.csrfToken, p.reply.body ?? '', p.reply.error)}
  </section>`;
}

/**
 * The reply form. Its `.form-notices` slot is where a refusal (rate limit, lock, ban) lands when the
 * form was sent with HTMX (app.ts: htmxRefusal), replacing the previous one; `note` is news about the
 * last reply. Both are inside the form, so the next successful reply clears them.
 */
export function replyForm(base: string, csrfToken: string, body: string, error?: string, note?: string): Html {
  return html`<form id="reply-form" class="stack" method="post" action="${base}/reply"
      hx-post="${base}/reply" hx-target="#reply-form" hx-swap="outerHTML">
    <div class="form-notices">${note ? notice('info', note) : ''}</div>
    ${csrfField(csrfToken)}
    <label for="reply-body">Your reply <span class="muted">(Markdown)</span></label>
    <textarea id="reply-body" name="body" rows="6" maxlength="32000" required ${error ? html`aria-invalid="true" aria-describedby="reply-body-error"` : ''}>${body}</textarea>
    ${fieldError('reply-body', error)}
    <div><button class="button" type="submit">Post reply</button></div>
  </form>`;
}

export interface MembersPageProps {
  viewer: Viewer;
  community: Community;
  members: MemberRow[];
  page: number;
  totalPages: number;
  total: number;
  canManage: boolean;
  canModerate: boolean;
  /** Per member: whether the viewer may change their role (owner only, never self or owner). */
  roleEditable: Set<number>;
  flash: string | null;
}

export function membersPage(p: MembersPageProps): Html {
  const c = p.community;
  return layout(
    { title: `Members · ${c.name}`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: 'Members' }] },
    html`${communityHeader(c, p)}
    ${p.flash ? notice('success', p.flash) : ''}
    <h2 class="section-title">Members <span class="muted">(${p.total})</span></h2>
    <table class="member-table">
      <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col" class="num">Posts</th><th scope="col">Joined</th>${p.canManage ? html`<th scope="col">Change role</th>` : ''}</tr></thead>
      <tbody>${p.members.map(
        (m) => html`<tr>
          <td><div class="member-cell">${avatar(m.displayName, m.avatarUrl, 'sm')} <span>${m.displayName}</span> <span class="muted">@${m.username}</span></div></td>
          <td>${m.role === 'member' ? html`<span class="muted">Member</span>` : roleBadge(m.role)}</td>
          <td class="num">${m.postCount}</td>
          <td>${m.joinedAt.toISOString().slice(0, 10)}</td>
          ${p.canManage
            ? html`<td>${p.roleEditable.has(m.userId)
                ? html`<form class="inline-form" method="post" action="${communityPath(c.slug)}/settings/members/${m.userId}/role">
                    ${csrfField(p.viewer.csrfToken)}
                    <label class="visually-hidden" for="role-${m.userId}">Role for ${m.username}</label>
                    <select id="role-${m.userId}" name="role">
                      <option value="member"${m.role === 'member' ? ' selected' : ''}>Member</option>
                      <option value="moderator"${m.role === 'moderator' ? ' selected' : ''}>Moderator</option>
                    </select>
                    <button class="button-quiet" type="submit">Save</button>
                  </form>`
                : ''}</td>`
            : ''}
        </tr>`,
      )}</tbody>
    </table>
    ${pagination(`${communityPath(c.slug)}/members`, p.page, p.totalPages, 'Member pages')}`,
  );
}

export function suspendedCommunityPage(viewer: Viewer, c: Community): Html {
  return layout(
    { title: `${c.name} (suspended)`, viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name }] },
    html`<section class="status-page">
      <h1>${c.name} is suspended</h1>
      <p>This community has been suspended by the platform administrators${c.suspendedReason ? html`: <q>${c.suspendedReason}</q>` : ''}.</p>
      <p>Its threads cannot be read or changed while the suspension lasts.</p>
      <p><a href="/">Back to all forums</a></p>
    </section>`,
  );
}
