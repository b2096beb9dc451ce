import type { CommunityId, Role, UserId } from '../core/types.js';
import type { Restriction, Standing } from '../policy.js';
import type { Queryable, Tx } from './connection.js';

/** The user's role, ban and mute in one community, in one query. Expired restrictions are returned too: policy decides. */
export async function getStanding(db: Queryable, communityId: CommunityId, userId: UserId): Promise<Standing> {
  const rows = await db.query<{ role: Role | null; banReason: string | null; banExpires: Date | null; hasBan: boolean; muteReason: string | null; muteExpires: Date | null; hasMute: boolean }>(
    `select
       (select role from memberships where community_id = $1 and user_id = $2) as role,
       b.reason as "banReason", b.expires_at as "banExpires", b.id is not null as "hasBan",
       mu.reason as "muteReason", mu.expires_at as "muteExpires", mu.id is not null as "hasMute"
     from (select 1) one
     left join community_bans b on b.community_id = $1 and b.user_id = $2 and not b.is_mute
     left join community_bans mu on mu.community_id = $1 and mu.user_id = $2 and mu.is_mute`,
    [communityId, userId],
  );
  return standingOf(rows[0]!);
}

export type StandingRow = { role: Role | null; banReason: string | null; banExpires: Date | null; hasBan: boolean; muteReason: string | null; muteExpires: Date | null; hasMute: boolean };

export function standingOf(r: StandingRow): Standing {
  const ban: Restriction | null = r.hasBan ? { reason: r.banReason ?? '', expiresAt: r.banExpires } : null;
  const mute: Restriction | null = r.hasMute ? { reason: r.muteReason ?? '', expiresAt: r.muteExpires } : null;
  return { role: r.role, ban, mute };
}

/** A first post makes its author a member; an existing role is never lowered by this. */
export async function ensureMember(db: Queryable, communityId: CommunityId, userId: UserId): Promise<void> {
  await db.query(`insert into memberships (community_id, user_id, role) values ($1, $2, 'member') on conflict do nothing`, [communityId, userId]);
}

export async function setRole(db: Queryable, communityId: CommunityId, userId: UserId, role: Role): Promise<void> {
  await db.query(
    `insert into memberships (community_id, user_id, role) values ($1, $2, $3)
     on conflict (community_id, user_id) do update set role = excluded.role`,
    [communityId, userId, role],
  );
}

export interface MemberRow {
  userId: UserId;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  role: Role;
  joinedAt: Date;
  postCount: number;
}

const ROLE_ORDER = `case m.role when 'owner' then 0 when 'moderator' then 1 else 2 end`;

/** Members with their roles, strongest first, each with how many visible posts they wrote here. */
export async function listMembers(db: Queryable, communityId: CommunityId, limit: number, offset: number): Promise<MemberRow[]> {
  return db.query<MemberRow>(
    `select m.user_id as "userId", u.username, u.display_name as "displayName", u.avatar_url as "avatarUrl",
       m.role, m.created_at as "joinedAt",
       (select count(*) from posts p join threads t on t.id = p.thread_id
         where p.author_id = m.user_id and t.community_id = m.community_id and p.deleted_at is null and t.deleted_at is null) as "postCount"
     from memberships m join users u on u.id = m.user_id
     where m.community_id = $1
     order by ${ROLE_ORDER}, lower(u.username), u.id
     limit $2 offset $3`,
    [communityId, limit, offset],
  );
}

export async function countMembers(db: Queryable, communityId: CommunityId): Promise<number> {
  const rows = await db.query<{ n: number }>(`select count(*) as n from memberships where community_id = $1`, [communityId]);
  return rows[0]!.n;
}

/** The user's role here, with the membership row locked until the transaction ends (null: not a member). */
export async function lockMembership(tx: Tx, communityId: CommunityId, userId: UserId): Promise<Role | null> {
  const rows = await tx.query<{ role: Role }>(`select role from memberships where community_id = $1 and user_id = $2 for update`, [communityId, userId]);
  return rows[0]?.role ?? null;
}

/** Role in this community (null for non-members) and MNW id of several users, for per-row decisions in listings. */
export async function listRolesOf(db: Queryable, communityId: CommunityId, userIds: readonly UserId[]): Promise<Map<UserId, { role: Role | null; mnwAccountId: string }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ userId: UserId; role: Role | null; mnwAccountId: string }>(
    `select u.id as "userId", m.role, u.mnw_account_id as "mnwAccountId"
     from users u left join memberships m on m.user_id = u.id and m.community_id = $1
     where u.id = any($2::bigint[])`,
    [communityId, userIds],
  );
  return new Map(rows.map((r) => [r.userId, { role: r.role, mnwAccountId: r.mnwAccountId }]));
}
