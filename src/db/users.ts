import type { User, UserId } from '../core/types.js';
import type { Queryable, Tx } from './connection.js';

export const USER_COLUMNS = `u.id, u.mnw_account_id as "mnwAccountId", u.username, u.display_name as "displayName",
  u.avatar_url as "avatarUrl", u.created_at as "createdAt", u.suspended_at as "suspendedAt", u.suspended_reason as "suspendedReason"`;

export interface MnwProfile {
  mnwAccountId: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

/** Creates the user on first sign-in; refreshes name and avatar on every later one. */
export async function upsertUser(db: Queryable, p: MnwProfile): Promise<User> {
  const rows = await db.query<User>(
    `insert into users as u (mnw_account_id, username, display_name, avatar_url) values ($1, $2, $3, $4)
     on conflict (mnw_account_id) do update
       set username = excluded.username, display_name = excluded.display_name, avatar_url = excluded.avatar_url, updated_at = now()
     returning ${USER_COLUMNS}`,
    [p.mnwAccountId, p.username, p.displayName, p.avatarUrl],
  );
  return rows[0]!;
}

export async function getUserById(db: Queryable, id: UserId): Promise<User | null> {
  const rows = await db.query<User>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function getUserByUsername(db: Queryable, username: string): Promise<User | null> {
  const rows = await db.query<User>(`select ${USER_COLUMNS} from users u where lower(u.username) = lower($1) order by u.id limit 1`, [username]);
  return rows[0] ?? null;
}

export async function getUserByMnwId(db: Queryable, mnwAccountId: string): Promise<User | null> {
  const rows = await db.query<User>(`select ${USER_COLUMNS} from users u where u.mnw_account_id = $1`, [mnwAccountId]);
  return rows[0] ?? null;
}

/** Admin search over username and display name; empty search lists everyone, newest first. */
export async function searchUsers(db: Queryable, search: string, limit: number, offset: number): Promise<User[]> {
  return db.query<User>(
    `select ${USER_COLUMNS} from users u
     where $1 = '' or u.username ilike '%' || $1 || '%' or u.display_name ilike '%' || $1 || '%'
     order by u.id desc limit $2 offset $3`,
    [escapeLike(search), limit, offset],
  );
}

export async function setUserSuspended(db: Queryable, id: UserId, suspended: boolean, reason: string): Promise<void> {
  await db.query(
    `update users set suspended_at = case when $2 then coalesce(suspended_at, now()) else null end,
       suspended_reason = case when $2 then $3 else '' end where id = $1`,
    [id, suspended, reason],
  );
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** How many users searchUsers would list in all, for its pagination. */
export async function countUsers(db: Queryable, search: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select count(*) as n from users u where $1 = '' or u.username ilike '%' || $1 || '%' or u.display_name ilike '%' || $1 || '%'`,
    [escapeLike(search)],
  );
  return rows[0]!.n;
}

/**
 * The user, with their row locked until the transaction ends: actions on one person (ban, unban,
 * suspend) take turns, so the final state and the log agree. NO KEY UPDATE leaves posting (a foreign key
 * reference to the row) unblocked.
 */
export async function lockUser(tx: Tx, id: UserId): Promise<User | null> {
  const rows = await tx.query<User>(`select ${USER_COLUMNS} from users u where u.id = $1 for no key update`, [id]);
  return rows[0] ?? null;
}
