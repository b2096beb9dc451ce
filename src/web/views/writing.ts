// Forms for writing: new thread, edit thread, edit post, and the reply form shown on its own after an error.

import type { Category, Community, Thread } from '../../core/types.js';
import { html, type Html } from '../html.js';
import { categoryPath, communityPath, threadPath, withPage } from '../paths.js';
import { csrfField, fieldError, notice } from './components.js';
import { layout, type Viewer } from './layout.js';
import { fromPage, replyForm } from './forum.js';

function invalid(id: string, error: string | undefined): Html {
  return error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

export interface NewThreadProps {
  viewer: Viewer;
  community: Community;
  category: Category;
  values: { title: string; body: string };
  /** `form`: a refusal of the whole form (posting too quickly), shown above it. */
  errors: { title?: string; body?: string; form?: string };
}

export function newThreadPage(p: NewThreadProps): Html {
  const c = p.community;
  const k = p.category;
  const action = `${categoryPath(c.slug, k.slug)}/new`;
  return layout(
    { title: `New thread in ${k.name}`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: k.name, href: categoryPath(c.slug, k.slug) }, { label: 'New thread' }] },
    html`<h1>New thread in ${k.name}</h1>
    ${p.errors.form ? notice('error', p.errors.form) : ''}
    <form class="stack" method="post" action="${action}">
      ${csrfField(p.viewer.csrfToken)}
      <label for="title">Title</label>
      <input id="title" name="title" value="${p.values.title}" maxlength="200" required autocomplete="off"${invalid('title', p.errors.title)}>
      ${fieldError('title', p.errors.title)}
      <label for="body">Post <span class="muted">(Markdown: **bold**, \`code\`, lists, tables, links)</span></label>
      <textarea id="body" name="body" rows="12" maxlength="32000" required${invalid('body', p.errors.body)}>${p.values.body}</textarea>
      ${fieldError('body', p.errors.body)}
      <div><button class="button" type="submit">Start thread</button> <a class="button button-quiet" href="${categoryPath(c.slug, k.slug)}">Cancel</a></div>
    </form>`,
  );
}

export interface EditThreadProps {
  viewer: Viewer;
  community: Community;
  thread: Thread & { categorySlug: string; categoryName: string };
  /** Offered only to moderators (policy: canMoveThread). */
  categories: Category[] | null;
  values: { title: string; categoryId: number };
  errors: { title?: string; category?: string };
}

export function editThreadPage(p: EditThreadProps): Html {
  const c = p.community;
  const t = p.thread;
  const base = threadPath(c.slug, t.categorySlug, t.id);
  return layout(
    { title: `Edit “${t.title}”`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: t.categoryName, href: categoryPath(c.slug, t.categorySlug) }, { label: t.title, href: base }, { label: 'Edit' }] },
    html`<h1>Edit thread</h1>
    <form class="stack" method="post" action="${base}/edit">
      ${csrfField(p.viewer.csrfToken)}
      <label for="title">Title</label>
      <input id="title" name="title" value="${p.values.title}" maxlength="200" required${invalid('title', p.errors.title)}>
      ${fieldError('title', p.errors.title)}
      ${p.categories
        ? html`<label for="category">Category</label>
          <select id="category" name="category_id"${invalid('category', p.errors.category)}>
            ${p.categories.map((k) => html`<option value="${k.id}"${k.id === p.values.categoryId ? html` selected` : ''}>${k.name}</option>`)}
          </select>
          ${fieldError('category', p.errors.category)}`
        : ''}
      <div><button class="button" type="submit">Save</button> <a class="button button-quiet" href="${base}">Cancel</a></div>
    </form>`,
  );
}

export interface EditPostProps {
  viewer: Viewer;
  community: Community;
  thread: Thread & { categorySlug: string; categoryName: string };
  postId: number;
  /** The thread page the post is on, for Cancel. */
  page: number;
  values: { body: string };
  errors: { body?: string };
  windowNote: string | null;
}

export function editPostPage(p: EditPostProps): Html {
  const c = p.community;
  const t = p.thread;
  const base = threadPath(c.slug, t.categorySlug, t.id);
  return layout(
    { title: `Edit post in “${t.title}”`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: t.categoryName, href: categoryPath(c.slug, t.categorySlug) }, { label: t.title, href: base }, { label: 'Edit post' }] },
    html`<h1>Edit post</h1>
    ${p.windowNote ? notice('info', p.windowNote) : ''}
    <form class="stack" method="post" action="${base}/posts/${p.postId}/edit">
      ${csrfField(p.viewer.csrfToken)}
      <label for="body">Post <span class="muted">(Markdown)</span></label>
      <textarea id="body" name="body" rows="14" maxlength="32000" required${invalid('body', p.errors.body)}>${p.values.body}</textarea>
      ${fieldError('body', p.errors.body)}
      <div><button class="button" type="submit">Save</button> <a class="button button-quiet" href="${withPage(base, p.page)}#post-${p.postId}">Cancel</a></div>
    </form>`,
  );
}

/** The reply form on a page of its own, when a reply without JavaScript needs correcting. */
export function replyPage(p: { viewer: Viewer; community: Community; thread: Thread & { categorySlug: string; categoryName: string }; body: string; error: string }): Html {
  const c = p.community;
  const t = p.thread;
  const base = threadPath(c.slug, t.categorySlug, t.id);
  return layout(
    { title: `Reply to “${t.title}”`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: t.categoryName, href: categoryPath(c.slug, t.categorySlug) }, { label: t.title, href: base }, { label: 'Reply' }] },
    html`<h1>Reply to “${t.title}”</h1>${replyForm(base, p.viewer.csrfToken, p.body, p.error)}`,
  );
}

/**
 * "Delete this?" on a page of its own: what a delete button leads to without JavaScript (with it, the
 * browser asks and the form says confirm=yes). The question, what goes, and one button that means it.
 */
export function confirmDeletePage(p: {
  viewer: Viewer;
  community: Community;
  thread: Thread & { categorySlug: string; categoryName: string };
  action: string;
  what: 'thread' | 'post';
  excerpt: string;
  /** The thread page the delete button was on: Cancel and the answer go back there. */
  page: number;
}): Html {
  const c = p.community;
  const t = p.thread;
  const base = threadPath(c.slug, t.categorySlug, t.id);
  const back = withPage(base, p.page);
  const question = p.what === 'thread' ? `Delete the thread “${t.title}”?` : 'Delete this post?';
  return layout(
    { title: question, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: t.categoryName, href: categoryPath(c.slug, t.categorySlug) }, { label: t.title, href: base }, { label: 'Delete' }] },
    html`<h1>${question}</h1>
    <p>${p.what === 'thread' ? 'The thread and its posts disappear for everyone but moderators.' : 'Its text disappears for everyone; moderators see that a post was deleted here.'}</p>
    ${p.excerpt ? html`<blockquote class="excerpt">${p.excerpt}</blockquote>` : ''}
    <form method="post" action="${p.action}">
      ${csrfField(p.viewer.csrfToken)}<input type="hidden" name="confirm" value="yes">${fromPage(p.page)}
      <button class="button-danger" type="submit">${p.what === 'thread' ? 'Delete thread' : 'Delete post'}</button>
      <a class="button button-quiet" href="${back}">Cancel</a>
    </form>`,
  );
}
