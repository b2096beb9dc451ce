import type { CommunityId, UserId } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';

export interface RestrictionRow {
  id: number;
  userId: UserId;
  username: string;
  displayName: string;
  isMute: boolean;
  reason: string;
  expiresAt: Date | null;
  createdAt: Date;
  createdByUsername: string;
}

/**
 * Bans and mutes in force at `now` (expired rows are ignored, not cleaned up by a job). `now` is the
 * app's clock, the one policy decides by, so the list and the decisions never disagree.
 */
export async function listActiveRestrictions(db: Queryable, communityId: CommunityId, now: Date): Promise<RestrictionRow[]> {
  return db.query<RestrictionRow>(
    `select b.id, b.user_id as "userId", u.username, u.display_name as "displayName", b.is_mute as "isMute",
       b.reason, b.expires_at as "expiresAt", b.created_at as "createdAt", c.username as "createdByUsername"
     from community_bans b join users u on u.id = b.user_id join users c on c.id = b.created_by
     where b.community_id = $1 and (b.expires_at is null or b.expires_at > $2)
     order by b.created_at desc, b.id desc`,
    [communityId, now],
  );
}

/** Sets (or replaces) a ban or mute. */
export async function upsertRestriction(
  tx: Tx,
  r: { communityId: CommunityId; userId: UserId; isMute: boolean; reason: string; expiresAt: Date | null; createdBy: UserId },
): Promise<void> {
  await tx.query(
    `insert into community_bans (community_id, user_id, is_mute, reason, expires_at, created_by) values ($1, $2, $3, $4, $5, $6)
     on conflict (community_id, user_id, is_mute) do update
       set reason = excluded.reason, expires_at = excluded.expires_at, created_by = excluded.created_by, created_at = now()`,
    [r.communityId, r.userId, r.isMute, r.reason, r.expiresAt, r.createdBy],
  );
}

/** Lifts a ban or mute; returns whether one was in force at `now` (the app's clock, as in policy). */
export async function deleteRestriction(tx: Tx, communityId: CommunityId, userId: UserId, isMute: boolean, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `delete from community_bans where community_id = $1 and user_id = $2 and is_mute = $3
     returning (expires_at is null or expires_at > $4) as active`,
    [communityId, userId, isMute, now],
  );
  return rows.length > 0 && (rows[0] as { active: boolean }).active;
}
