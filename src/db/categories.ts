import type { Category, CategoryId, CommunityId } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';

const CATEGORY_COLUMNS = `k.id, k.community_id as "communityId", k.name, k.slug, k.description, k.sort_order as "sortOrder", k.moderators_only as "moderatorsOnly"`;

export interface CategorySummary extends Category {
  threadCount: number;
  postCount: number;
  lastActivityAt: Date | null;
}

export async function listCategories(db: Queryable, communityId: CommunityId): Promise<CategorySummary[]> {
  return db.query<CategorySummary>(
    // Totals kept by the threads trigger (migration 016), not counted here.
    `select ${CATEGORY_COLUMNS}, k.thread_count as "threadCount", k.post_count as "postCount", k.last_activity_at as "lastActivityAt"
     from categories k
     where k.community_id = $1
     order by k.sort_order, k.id`,
    [communityId],
  );
}

export async function getCategoryBySlug(db: Queryable, communityId: CommunityId, slug: string): Promise<Category | null> {
  const rows = await db.query<Category>(`select ${CATEGORY_COLUMNS} from categories k where k.community_id = $1 and k.slug = $2`, [communityId, slug]);
  return rows[0] ?? null;
}

export async function getCategoryById(db: Queryable, communityId: CommunityId, id: CategoryId): Promise<Category | null> {
  const rows = await db.query<Category>(`select ${CATEGORY_COLUMNS} from categories k where k.community_id = $1 and k.id = $2`, [communityId, id]);
  return rows[0] ?? null;
}

/**
 * Appends a category at the end. The community row is locked first so that two creations or moves
 * racing in one community take turns and sort_order stays unique and dense.
 */
export type CategoryInput = { name: string; slug: string; description: string; moderatorsOnly: boolean };

export async function createCategory(tx: Tx, communityId: CommunityId, c: CategoryInput): Promise<Category> {
  await lockCommunityCategories(tx, communityId);
  const rows = await tx.query<Category>(
    `insert into categories as k (community_id, name, slug, description, moderators_only, sort_order)
     values ($1, $2, $3, $4, $5, (select coalesce(max(sort_order), 0) + 1 from categories where community_id = $1))
     returning ${CATEGORY_COLUMNS}`,
    [communityId, c.name, c.slug, c.description, c.moderatorsOnly],
  );
  return rows[0]!;
}

export async function updateCategory(tx: Tx, id: CategoryId, c: CategoryInput): Promise<void> {
  await tx.query(`update categories set name = $2, slug = $3, description = $4, moderators_only = $5 where id = $1`, [id, c.name, c.slug, c.description, c.moderatorsOnly]);
}

/** Remembers a category's old slug, so its old address can redirect to the new one. */
export async function rememberOldSlug(tx: Tx, communityId: CommunityId, oldSlug: string, categoryId: CategoryId): Promise<void> {
  await tx.query(
    `insert into category_slug_history (community_id, slug, category_id) values ($1, $2, $3)
     on conflict (community_id, slug) do update set category_id = excluded.category_id`,
    [communityId, oldSlug, categoryId],
  );
}

/** The current slug of the category that once had `oldSlug` in this community, if any. */
export async function findRenamedCategory(db: Queryable, communityId: CommunityId, oldSlug: string): Promise<string | null> {
  const rows = await db.query<{ slug: string }>(
    `select k.slug from category_slug_history h join categories k on k.id = h.category_id where h.community_id = $1 and h.slug = $2`,
    [communityId, oldSlug],
  );
  return rows[0]?.slug ?? null;
}

/** Swaps a category with its neighbour above or below; returns false when it is already at that end. */
export async function moveCategory(tx: Tx, communityId: CommunityId, id: CategoryId, direction: 'up' | 'down'): Promise<boolean> {
  await lockCommunityCategories(tx, communityId);
  const rows = await tx.query<{ id: number; sortOrder: number }>(
    `select id, sort_order as "sortOrder" from categories where community_id = $1 order by sort_order, id`,
    [communityId],
  );
  const i = rows.findIndex((r) => r.id === id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= rows.length) return false;
  const order = rows.map((r) => r.id);
  [order[i], order[j]] = [order[j]!, order[i]!];
  // Rewrite the whole order 1..n: repairs any gap and keeps the (deferred) unique constraint satisfied at commit.
  await tx.query(
    `update categories k set sort_order = o.n from unnest($1::bigint[]) with ordinality as o(id, n) where k.id = o.id`,
    [order],
  );
  return true;
}

async function lockCommunityCategories(tx: Tx, communityId: CommunityId): Promise<void> {
  await tx.query(`select id from communities where id = $1 for update`, [communityId]);
}
