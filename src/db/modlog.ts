import type { CommunityId, ModAction, ModLogEntry, UserId } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';

export interface NewModLogEntry {
  communityId: CommunityId | null;
  actorId: UserId;
  action: ModAction;
  targetType: ModLogEntry['targetType'];
  targetId: number | null;
  targetLabel: string;
  details?: string;
}

/** Takes a Tx on purpose: a log row is always written in the same transaction as the change it records. */
export async function insertModLog(tx: Tx, e: NewModLogEntry): Promise<void> {
  await tx.query(
    `insert into mod_log (community_id, actor_id, action, target_type, target_id, target_label, details)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [e.communityId, e.actorId, e.action, e.targetType, e.targetId, e.targetLabel.slice(0, 300), (e.details ?? '').slice(0, 1000)],
  );
}

export interface ModLogView extends ModLogEntry {
  actorUsername: string;
  actorDisplayName: string;
  communitySlug: string | null;
}

/** Newest first; communityId null lists platform (admin) actions. */
export async function listModLog(db: Queryable, communityId: CommunityId | null, limit: number, offset: number): Promise<ModLogView[]> {
  return db.query<ModLogView>(
    `select l.id, l.community_id as "communityId", l.actor_id as "actorId", l.action, l.target_type as "targetType",
       l.target_id as "targetId", l.target_label as "targetLabel", l.details, l.created_at as "createdAt",
       u.username as "actorUsername", u.display_name as "actorDisplayName", c.slug as "communitySlug"
     from mod_log l join users u on u.id = l.actor_id left join communities c on c.id = l.community_id
     where l.community_id is not distinct from $1
     order by l.created_at desc, l.id desc limit $2 offset $3`,
    [communityId, limit, offset],
  );
}

export async function countModLog(db: Queryable, communityId: CommunityId | null): Promise<number> {
  const rows = await db.query<{ n: number }>(`select count(*) as n from mod_log where community_id is not distinct from $1`, [communityId]);
  return rows[0]!.n;
}

/** The admin's own actions, newest first: user suspensions (no community) and community suspensions. */
export async function listPlatformLog(db: Queryable, limit: number): Promise<ModLogView[]> {
  return db.query<ModLogView>(
    `select l.id, l.community_id as "communityId", l.actor_id as "actorId", l.action, l.target_type as "targetType",
       l.target_id as "targetId", l.target_label as "targetLabel", l.details, l.created_at as "createdAt",
       u.username as "actorUsername", u.display_name as "actorDisplayName", c.slug as "communitySlug"
     from mod_log l join users u on u.id = l.actor_id left join communities c on c.id = l.community_id
     where l.community_id is null or l.action in ('suspend_community', 'unsuspend_community')
     order by l.created_at desc, l.id desc limit $1`,
    [limit],
  );
}
