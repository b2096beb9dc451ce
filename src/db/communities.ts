import type { Community, CommunityId, UserId } from '../core/types.js';
import type { Standing } from '../policy.js';
import type { Queryable, Tx } from './connection.js';
import { standingOf, type StandingRow } from './memberships.js';
import { escapeLike } from './users.js';

const COMMUNITY_COLUMNS = `c.id, c.slug, c.name, c.description, c.created_at as "createdAt",
  c.suspended_at as "suspendedAt", c.suspended_reason as "suspendedReason"`;

export interface CommunitySummary extends Community {
  threadCount: number;
  memberCount: number;
  lastActivityAt: Date | null;
}

export async function getCommunityBySlug(db: Queryable, slug: string): Promise<Community | null> {
  const rows = await db.query<Community>(`select ${COMMUNITY_COLUMNS} from communities c where c.slug = $1`, [slug]);
  return rows[0] ?? null;
}

/**
 * A community with the version numbers its cached pages are keyed by (migration 014): content_version
 * moves with every change to its pages, site_version with every change to how people look anywhere.
 */
export interface VersionedCommunity extends Community {
  contentVersion: number;
  siteVersion: number;
}

/**
 * Communities by slug, each with one person's standing in it (role, ban, mute; user 0 for nobody), in
 * one query for a whole batch of requests: the lookup behind every community page. Keyed "slug:userId".
 */
export async function getCommunitiesWithStandings(db: Queryable, pairs: { slug: string; userId: UserId }[]): Promise<Map<string, { community: VersionedCommunity; standing: Standing }>> {
  const rows = await db.query<VersionedCommunity & StandingRow & { userId: number }>(
    `select ${COMMUNITY_COLUMNS}, c.content_version as "contentVersion", s.version as "siteVersion", k.uid as "userId",
       m.role, b.reason as "banReason", b.expires_at as "banExpires", b.id is not null as "hasBan",
       mu.reason as "muteReason", mu.expires_at as "muteExpires", mu.id is not null as "hasMute"
     from unnest($1::text[], $2::bigint[]) as k(slug, uid)
     join communities c on c.slug = k.slug
     cross join site_state s
     left join memberships m on m.community_id = c.id and m.user_id = k.uid
     left join community_bans b on b.community_id = c.id and b.user_id = k.uid and not b.is_mute
     left join community_bans mu on mu.community_id = c.id and mu.user_id = k.uid and mu.is_mute`,
    [pairs.map((p) => p.slug), pairs.map((p) => p.userId)],
  );
  return new Map(
    rows.map((r) => {
      const { role, banReason, banExpires, hasBan, muteReason, muteExpires, hasMute, userId, ...community } = r;
      return [`${community.slug}:${userId}`, { community, standing: standingOf({ role, banReason, banExpires, hasBan, muteReason, muteExpires, hasMute }) }];
    }),
  );
}

export async function getCommunityById(db: Queryable, id: CommunityId): Promise<Community | null> {
  const rows = await db.query<Community>(`select ${COMMUNITY_COLUMNS} from communities c where c.id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * A value that changes whenever the directory listing may change: any community's content_version
 * moves its sum, a removed community its count, a new one the highest id.
 */
export async function getDirectoryVersion(db: Queryable): Promise<string> {
  const rows = await db.query<{ v: string }>(
    `select count(*) || ':' || coalesce(sum(content_version), 0) || ':' || coalesce(max(id), 0) as v from communities`,
  );
  return rows[0]!.v;
}

/** The admin search: $1 (LIKE-escaped) anywhere in the slug or name; empty matches all. */
const MATCHES_SEARCH = `($1 = '' or c.slug ilike '%' || $1 || '%' or c.name ilike '%' || $1 || '%')`;

/** Communities with their counts, by name: all (the directory), or those matching `search`, optionally one page (the admin page). */
export async function listCommunities(db: Queryable, search = '', page: { limit: number; offset: number } | null = null): Promise<CommunitySummary[]> {
  return db.query<CommunitySummary>(
    `select ${COMMUNITY_COLUMNS},
       (select coalesce(sum(k.thread_count), 0) from categories k where k.community_id = c.id) as "threadCount",
       (select count(*) from memberships m where m.community_id = c.id) as "memberCount",
       (select max(k.last_activity_at) from categories k where k.community_id = c.id) as "lastActivityAt"
     from communities c
     where ${MATCHES_SEARCH}
     order by c.name, c.id
     limit $2 offset $3`,
    [escapeLike(search), page?.limit ?? null, page?.offset ?? 0],
  );
}

export async function countCommunities(db: Queryable, search = ''): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select count(*) as n from communities c where ${MATCHES_SEARCH}`,
    [escapeLike(search)],
  );
  return Number(rows[0]!.n);
}

/** Creates the community if its slug is new; returns it either way (safe under concurrent first visits). */
export async function ensureCommunity(db: Queryable, c: { slug: string; name: string; description: string }): Promise<Community> {
  await db.query(
    `insert into communities (slug, name, description) values ($1, $2, $3) on conflict (slug) do nothing`,
    [c.slug, c.name, c.description],
  );
  return (await getCommunityBySlug(db, c.slug))!;
}

export async function updateCommunity(db: Queryable, id: CommunityId, c: { name: string; description: string }): Promise<void> {
  await db.query(`update communities set name = $2, description = $3 where id = $1`, [id, c.name, c.description]);
}

export async function setCommunitySuspended(db: Queryable, id: CommunityId, suspended: boolean, reason: string): Promise<void> {
  await db.query(
    `update communities set suspended_at = case when $2 then coalesce(suspended_at, now()) else null end,
       suspended_reason = case when $2 then $3 else '' end where id = $1`,
    [id, suspended, reason],
  );
}

/**
 * The forum for an MNW project opened for the first time: the community, a first category, and the
 * project owner as community owner if they have signed in before (otherwise at their first sign-in).
 */
export async function createCommunityFromProject(db: Queryable, p: { slug: string; name: string; description: string; ownerMnwId: string }): Promise<void> {
  const rows = await db.query<{ id: number }>(
    `insert into communities (slug, name, description, mnw_owner_id) values ($1, $2, $3, nullif($4, ''))
     on conflict (slug) do nothing returning id`,
    [p.slug, p.name, p.description, p.ownerMnwId],
  );
  const id = rows[0]?.id;
  if (id === undefined) return; // someone else opened it first
  await db.query(
    `insert into categories (community_id, name, slug, description, sort_order) values ($1, 'General', 'general', 'Anything about the project.', 1)`,
    [id],
  );
  await db.query(
    `insert into memberships (community_id, user_id, role) select $1, u.id, 'owner' from users u where u.mnw_account_id = $2
     on conflict (community_id, user_id) do update set role = 'owner'`,
    [id, p.ownerMnwId],
  );
}

/** At sign-in: the user owns every community whose MNW project they own. */
export async function claimProjectOwnership(db: Queryable, userId: number, mnwAccountId: string): Promise<void> {
  await db.query(
    `insert into memberships (community_id, user_id, role) select c.id, $1, 'owner' from communities c where c.mnw_owner_id = $2
     on conflict (community_id, user_id) do update set role = 'owner'`,
    [userId, mnwAccountId],
  );
}

/** The community, with its row locked until the transaction ends (suspend and unsuspend take turns). */
export async function lockCommunity(tx: Tx, id: CommunityId): Promise<Community | null> {
  const rows = await tx.query<Community>(`select ${COMMUNITY_COLUMNS} from communities c where c.id = $1 for no key update`, [id]);
  return rows[0] ?? null;
}
