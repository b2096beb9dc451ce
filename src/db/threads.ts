import type { CategoryId, CommunityId, Role, Thread, ThreadId, UserId } from '../core/types.js';
import { THREADS_PER_PAGE } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';
import { insertPost } from './posts.js';

const THREAD_COLUMNS = `t.id, t.community_id as "communityId", t.category_id as "categoryId", t.author_id as "authorId",
  t.title, t.pinned, t.locked, t.reply_count as "replyCount", t.created_at as "createdAt", t.updated_at as "updatedAt",
  t.last_activity_at as "lastActivityAt", t.deleted_at as "deletedAt"`;

/** A row of a thread listing: everything the list shows, in one query (no query per row). */
export interface ThreadListItem extends Thread {
  categorySlug: string;
  categoryName: string;
  authorUsername: string;
  authorDisplayName: string;
  lastPosterUsername: string | null;
  lastPosterDisplayName: string | null;
}

const LIST_SELECT = `select ${THREAD_COLUMNS}, k.slug as "categorySlug", k.name as "categoryName",
    a.username as "authorUsername", a.display_name as "authorDisplayName",
    lp.username as "lastPosterUsername", lp.display_name as "lastPosterDisplayName"
  from threads t
  join categories k on k.id = t.category_id
  join users a on a.id = t.author_id
  left join users lp on lp.id = t.last_poster_id`;

/**
 * One page of a category: pinned first, then by last activity. The page's ids come from an index-only
 * scan (threads_category_listing_idx carries every column the order and filter need), and only those
 * 25 rows are joined. A page in the back half of the listing is read from its far end, walking the same
 * index backwards, so no page skips more than half the entries and the last page costs what the first
 * does. `total` is the listing's length (countThreadsInCategory), which the caller needs anyway to
 * check the page number; if a thread arrives between the two reads, a back-half page shifts by one
 * row, as any page does when the listing changes under it. Readers and moderators, forwards and
 * backwards, get separate statements, so each prepared plan knows its filter and direction.
 */
export async function listThreadsInCategory(db: Queryable, categoryId: CategoryId, page: number, includeDeleted: boolean, total: number): Promise<ThreadListItem[]> {
  const offset = (page - 1) * THREADS_PER_PAGE;
  const limit = Math.min(THREADS_PER_PAGE, total - offset);
  if (limit <= 0) return [];
  const fromEnd = total - offset - limit;
  const backwards = fromEnd < offset;
  const order = 't.pinned desc, t.last_activity_at desc, t.id desc';
  return db.query<ThreadListItem>(
    `with page as (
       select t.id from threads t
       where t.category_id = $1${includeDeleted ? '' : ' and t.deleted_at is null'}
       order by ${backwards ? 't.pinned asc, t.last_activity_at asc, t.id asc' : order} limit $2 offset $3)
     ${LIST_SELECT} join page on page.id = t.id
     order by ${order}`,
    [categoryId, limit, backwards ? fromEnd : offset],
  );
}

/**
 * How many threads a category lists. Readers' count is the category's own total, kept by a trigger in
 * the same transaction as every thread change (migration 016); moderators, who also see deleted
 * threads, count index entries.
 */
export async function countThreadsInCategory(db: Queryable, categoryId: CategoryId, includeDeleted: boolean): Promise<number> {
  const rows = includeDeleted
    ? await db.query<{ n: number }>(`select count(*) as n from threads t where t.category_id = $1`, [categoryId])
    : await db.query<{ n: number }>(`select thread_count as n from categories where id = $1`, [categoryId]);
  return Number(rows[0]?.n ?? 0);
}

/** The community front page: most recently active threads across its categories. */
export async function listRecentThreads(db: Queryable, communityId: CommunityId, limit: number): Promise<ThreadListItem[]> {
  return db.query<ThreadListItem>(
    `${LIST_SELECT} where t.community_id = $1 and t.deleted_at is null
     order by t.last_activity_at desc, t.id desc limit $2`,
    [communityId, limit],
  );
}

/** A thread with its category and its author's role in the community (for the rank rule). */
export interface ThreadWithContext extends Thread {
  categorySlug: string;
  categoryName: string;
  authorRole: Role | null;
  authorMnwId: string;
}

export async function getThread(db: Queryable, id: ThreadId): Promise<ThreadWithContext | null> {
  const rows = await db.query<ThreadWithContext>(
    `select ${THREAD_COLUMNS}, k.slug as "categorySlug", k.name as "categoryName", am.role as "authorRole", a.mnw_account_id as "authorMnwId"
     from threads t join categories k on k.id = t.category_id join users a on a.id = t.author_id
     left join memberships am on am.user_id = t.author_id and am.community_id = t.community_id
     where t.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Locks the thread row for the rest of the transaction, so counters change one writer at a time. */
export async function lockThread(tx: Tx, id: ThreadId): Promise<Thread | null> {
  const rows = await tx.query<Thread>(`select ${THREAD_COLUMNS} from threads t where t.id = $1 for update`, [id]);
  return rows[0] ?? null;
}

export interface NewThread {
  communityId: CommunityId;
  categoryId: CategoryId;
  authorId: UserId;
  title: string;
  body: string;
  bodyHtml: string;
  /** Only the seed sets these, to build a forum with history. */
  createdAt?: Date;
}

/** The thread and its opening post, in the caller's transaction. */
export async function createThread(tx: Tx, t: NewThread): Promise<{ threadId: ThreadId; postId: number }> {
  const at = t.createdAt ?? null;
  const rows = await tx.query<{ id: number }>(
    `insert into threads (community_id, category_id, author_id, title, created_at, updated_at, last_activity_at, last_poster_id)
     values ($1, $2, $3, $4, coalesce($5, now()), coalesce($5, now()), coalesce($5, now()), $3) returning id`,
    [t.communityId, t.categoryId, t.authorId, t.title, at],
  );
  const threadId = rows[0]!.id;
  const postId = await insertPost(tx, { threadId, authorId: t.authorId, body: t.body, bodyHtml: t.bodyHtml, createdAt: t.createdAt });
  await tx.query(`update threads set last_post_id = $2 where id = $1`, [threadId, postId]);
  return { threadId, postId };
}

export async function updateThreadTitle(tx: Tx, id: ThreadId, title: string): Promise<void> {
  await tx.query(`update threads set title = $2, updated_at = now() where id = $1`, [id, title]);
}

export async function moveThread(tx: Tx, id: ThreadId, categoryId: CategoryId): Promise<void> {
  await tx.query(`update threads set category_id = $2, updated_at = now() where id = $1`, [id, categoryId]);
}

export async function setThreadFlag(tx: Tx, id: ThreadId, flag: 'pinned' | 'locked', value: boolean): Promise<void> {
  // The column name comes from a closed union, never from input.
  const column = flag === 'pinned' ? 'pinned' : 'locked';
  await tx.query(`update threads set ${column} = $2, updated_at = now() where id = $1`, [id, value]);
}

export async function softDeleteThread(tx: Tx, id: ThreadId, by: UserId): Promise<void> {
  await tx.query(`update threads set deleted_at = now(), deleted_by = $2 where id = $1 and deleted_at is null`, [id, by]);
}

/**
 * Recomputes a thread's reply count, last activity and last poster from its visible posts.
 * Called after a post disappears; replies use the cheaper increment in insertReply.
 */
export async function refreshThreadStats(tx: Tx, id: ThreadId): Promise<void> {
  await tx.query(
    `update threads t set
       reply_count = greatest(s.n - 1, 0),
       last_activity_at = coalesce(s.last_at, t.created_at),
       last_post_id = s.last_id,
       last_poster_id = coalesce(s.last_author, t.author_id)
     from (
       select count(*) as n, max(p.created_at) as last_at,
         (array_agg(p.id order by p.created_at desc, p.id desc))[1] as last_id,
         (array_agg(p.author_id order by p.created_at desc, p.id desc))[1] as last_author
       from posts p where p.thread_id = $1 and p.deleted_at is null
     ) s
     where t.id = $1`,
    [id],
  );
}

/**
 * The same thread posted by the same author moments ago (a double submit): the request that lost the
 * race is sent to the first one instead of being refused.
 */
export async function findRecentDuplicateThread(db: Queryable, t: { authorId: UserId; categoryId: CategoryId; title: string; body: string }, withinSeconds: number): Promise<ThreadId | null> {
  // Same title and the same opening post: a different body under the same title is a new thread.
  const rows = await db.query<{ id: number }>(
    `select t.id from threads t where t.author_id = $1 and t.category_id = $2 and t.title = $3 and t.deleted_at is null
       and t.created_at > now() - make_interval(secs => $4)
       and (select p.body from posts p where p.thread_id = t.id order by p.created_at, p.id limit 1) = $5
     order by t.id desc limit 1`,
    [t.authorId, t.categoryId, t.title, withinSeconds, t.body],
  );
  return rows[0]?.id ?? null;
}
