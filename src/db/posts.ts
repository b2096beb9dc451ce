import type { Post, PostId, Role, ThreadId, UserId } from '../core/types.js';
import { POSTS_PER_PAGE } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';

const POST_COLUMNS = `p.id, p.thread_id as "threadId", p.author_id as "authorId", p.body, p.body_html as "bodyHtml",
  p.created_at as "createdAt", p.edited_at as "editedAt", p.deleted_at as "deletedAt"`;

/** A post as the thread page shows it, with its author and the author's role in the community. */
export interface PostView extends Post {
  authorUsername: string;
  authorDisplayName: string;
  authorAvatarUrl: string | null;
  authorRole: Role | null;
  authorMnwId: string;
}

/** One page of a thread in order, authors and roles joined in: the page costs one query however long it is. */
export async function listPostsInThread(db: Queryable, threadId: ThreadId, communityId: number, page: number, includeDeleted: boolean): Promise<PostView[]> {
  return db.query<PostView>(
    `select ${POST_COLUMNS}, u.username as "authorUsername", u.display_name as "authorDisplayName",
       u.avatar_url as "authorAvatarUrl", m.role as "authorRole", u.mnw_account_id as "authorMnwId"
     from posts p
     join users u on u.id = p.author_id
     left join memberships m on m.user_id = p.author_id and m.community_id = $2
     where p.thread_id = $1${includeDeleted ? '' : ' and p.deleted_at is null'}
     order by p.created_at, p.id
     limit $3 offset $4`,
    [threadId, communityId, POSTS_PER_PAGE, (page - 1) * POSTS_PER_PAGE],
  );
}

export async function countPostsInThread(db: Queryable, threadId: ThreadId, includeDeleted: boolean): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select count(*) as n from posts p where p.thread_id = $1${includeDeleted ? '' : ' and p.deleted_at is null'}`,
    [threadId],
  );
  return rows[0]!.n;
}

/** A post with its author's role in the thread's community (for the rank rule). */
export async function getPost(db: Queryable, id: PostId): Promise<(Post & { authorRole: Role | null; authorMnwId: string }) | null> {
  const rows = await db.query<Post & { authorRole: Role | null; authorMnwId: string }>(
    `select ${POST_COLUMNS}, m.role as "authorRole", u.mnw_account_id as "authorMnwId"
     from posts p join threads t on t.id = p.thread_id join users u on u.id = p.author_id
     left join memberships m on m.user_id = p.author_id and m.community_id = t.community_id
     where p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The opening post of a thread: the first one written. */
export async function getOpeningPost(db: Queryable, threadId: ThreadId): Promise<Post | null> {
  const rows = await db.query<Post>(`select ${POST_COLUMNS} from posts p where p.thread_id = $1 order by p.created_at, p.id limit 1`, [threadId]);
  return rows[0] ?? null;
}

/** 1-based page on which a post appears, counting only posts the viewer can see. */
export async function pageOfPost(db: Queryable, threadId: ThreadId, postId: PostId, includeDeleted: boolean): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select count(*) as n from posts p, posts target
     where target.id = $2 and p.thread_id = $1 and ($3 or p.deleted_at is null)
       and (p.created_at, p.id) < (target.created_at, target.id)`,
    [threadId, postId, includeDeleted],
  );
  return Math.floor(rows[0]!.n / POSTS_PER_PAGE) + 1;
}

export interface NewPost {
  threadId: ThreadId;
  authorId: UserId;
  body: string;
  bodyHtml: string;
  createdAt?: Date | undefined;
}

/** Inserting a post; parameters $1..$5 are NewPost's threadId, authorId, body, bodyHtml, createdAt. */
const INSERT_POST = `insert into posts (thread_id, author_id, body, body_html, created_at) values ($1, $2, $3, $4, coalesce($5, now()))`;

export async function insertPost(tx: Tx, p: NewPost): Promise<PostId> {
  const rows = await tx.query<{ id: number }>(
    `${INSERT_POST} returning id`,
    [p.threadId, p.authorId, p.body, p.bodyHtml, p.createdAt ?? null],
  );
  return rows[0]!.id;
}

/**
 * A reply: the post plus the thread's counters, in one statement. The caller has locked the thread row
 * (lockThread). The thread update moves its category's totals (migration 016), so this is the write's
 * last statement before commit: that category row is shared by every reply in the category.
 */
export async function insertReply(tx: Tx, p: NewPost): Promise<PostId> {
  const rows = await tx.query<{ id: number }>(
    `with p as (
       ${INSERT_POST}
       returning id, created_at, author_id
     ), t as (
       update threads t set reply_count = reply_count + 1,
         last_activity_at = greatest(t.last_activity_at, p.created_at), last_post_id = p.id, last_poster_id = p.author_id
       from p where t.id = $1
       returning t.id
     )
     select p.id from p, t`,
    [p.threadId, p.authorId, p.body, p.bodyHtml, p.createdAt ?? null],
  );
  if (rows.length === 0) throw new Error(`insertReply: thread ${p.threadId} does not exist`);
  return rows[0]!.id;
}

export async function updatePostBody(tx: Tx, id: PostId, body: string, bodyHtml: string): Promise<void> {
  await tx.query(`update posts set body = $2, body_html = $3, edited_at = now() where id = $1`, [id, body, bodyHtml]);
}

export async function softDeletePost(tx: Tx, id: PostId, by: UserId): Promise<void> {
  await tx.query(`update posts set deleted_at = now(), deleted_by = $2 where id = $1 and deleted_at is null`, [id, by]);
}

/** The same reply by the same author in the same thread moments ago (a double submit). */
export async function findRecentDuplicateReply(db: Queryable, p: { threadId: ThreadId; authorId: UserId; body: string }, withinSeconds: number): Promise<PostId | null> {
  const rows = await db.query<{ id: number }>(
    `select id from posts where thread_id = $1 and author_id = $2 and body = $3 and deleted_at is null
       and created_at > now() - make_interval(secs => $4) order by id desc limit 1`,
    [p.threadId, p.authorId, p.body, withinSeconds],
  );
  return rows[0]?.id ?? null;
}
