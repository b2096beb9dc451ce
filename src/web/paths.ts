// URL builders, so every link to a forum object is spelled the same way.

export const communityPath = (slug: string) => `/p/${encodeURIComponent(slug)}`;
export const categoryPath = (slug: string, category: string) => `${communityPath(slug)}/${encodeURIComponent(category)}`;
export const threadPath = (slug: string, category: string, threadId: number) => `${categoryPath(slug, category)}/${threadId}`;
/** A listing's address on page `page` (page 1 is the bare address). */
export const withPage = (path: string, page: number) => (page > 1 ? `${path}?page=${page}` : path);
export const postPath = (slug: string, category: string, threadId: number, postId: number, page = 1) =>
  `${withPage(threadPath(slug, category, threadId), page)}#post-${postId}`;
export const postEditPath = (slug: string, category: string, threadId: number, postId: number) =>
  `${threadPath(slug, category, threadId)}/posts/${postId}/edit`;

/**
 * Where a thread lives now. A thread can move to another category (and a category can be renamed),
 * so "it is elsewhere" is a temporary redirect that browsers must not keep: a kept 301 from the
 * thread's old place would loop once it moves back.
 */
export function movedRedirect(c: { header(name: string, value: string): void; redirect(location: string, status: 302): Response }, location: string): Response {
  c.header('cache-control', 'no-store');
  return c.redirect(location, 302);
}
