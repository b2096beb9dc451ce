// URL builders, so every link to a forum object is spelled the same way.

export const communityPath = (slug: string) => `/p/${encodeURIComponent(slug)}`;
export const categoryPath = (slug: string, category: string) => `${communityPath(slug)}/${encodeURIComponent(category)}`;
export const threadPath = (slug: string, category: string, threadId: number) => `${categoryPath(slug, category)}/${threadId}`;
export const postPath = (slug: string, category: string, threadId: number, postId: number, page = 1) =>
  `${threadPath(slug, category, threadId)}${page > 1 ? `?page=${page}` : ''}#post-${postId}`;
export const postEditPath = (slug: string, category: string, threadId: number, postId: number) =>
  `${threadPath(slug, category, threadId)}/posts/${postId}/edit`;
