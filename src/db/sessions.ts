import { createHash, randomBytes } from 'node:crypto';
import type { User, UserId } from '../core/types.js';
import type { Queryable } from './connection.js';
import { USER_COLUMNS } from './users.js';

export const SESSION_TTL_DAYS = 7;
const OAUTH_STATE_TTL_MINUTES = 10;

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** Creates a session and returns the token for the cookie; the table keeps only its hash. */
export async function createSession(db: Queryable, userId: UserId): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const rows = await db.query<{ expiresAt: Date }>(
    `insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(days => $3))
     returning expires_at as "expiresAt"`,
    [hashToken(token), userId, SESSION_TTL_DAYS],
  );
  return { token, expiresAt: rows[0]!.expiresAt };
}

/** The signed-in user for a token, or null when unknown, expired, or the user is suspended. */
export async function findSessionUser(db: Queryable, token: string): Promise<User | null> {
  const rows = await db.query<User>(
    `select ${USER_COLUMNS} from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now() and u.suspended_at is null`,
    [hashToken(token)],
  );
  return rows[0] ?? null;
}

/** The users behind several tokens in one query (the batched lookup behind every signed-in request); keyed by token. */
export async function findSessionUsers(db: Queryable, tokens: string[]): Promise<Map<string, User>> {
  const hashes = tokens.map((t) => hashToken(t).toString('hex'));
  const rows = await db.query<User & { tokenHash: string }>(
    `select encode(s.token_hash, 'hex') as "tokenHash", ${USER_COLUMNS} from sessions s join users u on u.id = s.user_id
     where s.token_hash = any(select decode(h, 'hex') from unnest($1::text[]) h) and s.expires_at > now() and u.suspended_at is null`,
    [hashes],
  );
  const byHash = new Map(rows.map(({ tokenHash, ...user }) => [tokenHash, user as User]));
  const found = new Map<string, User>();
  tokens.forEach((t, i) => {
    const user = byHash.get(hashes[i]!);
    if (user) found.set(t, user);
  });
  return found;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query(`delete from sessions where token_hash = $1`, [hashToken(token)]);
}

/** Signs a user out everywhere at once (suspension). */
export async function deleteUserSessions(db: Queryable, userId: UserId): Promise<void> {
  await db.query(`delete from sessions where user_id = $1`, [userId]);
}

export async function deleteExpired(db: Queryable): Promise<{ sessions: number; states: number }> {
  const s = await db.query(`delete from sessions where expires_at <= now() returning 1`);
  const o = await db.query(`delete from oauth_states where expires_at <= now() returning 1`);
  return { sessions: s.length, states: o.length };
}

// ── OAuth sign-ins in flight ────────────────────────────────────────────────────────────────────

export async function insertOAuthState(db: Queryable, s: { state: string; browserId: string; codeVerifier: string; returnTo: string }): Promise<void> {
  await db.query(
    `insert into oauth_states (state_hash, browser_hash, code_verifier, return_to, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [hashToken(s.state), hashToken(s.browserId), s.codeVerifier, s.returnTo, OAUTH_STATE_TTL_MINUTES],
  );
}

/**
 * Consumes a state (single use: deleted whether or not it matches this browser) and returns its verifier
 * and return path only if it is unexpired and was started by this browser.
 */
export async function takeOAuthState(db: Queryable, state: string, browserId: string): Promise<{ codeVerifier: string; returnTo: string } | null> {
  const rows = await db.query<{ codeVerifier: string; returnTo: string; sameBrowser: boolean; fresh: boolean }>(
    `delete from oauth_states where state_hash = $1
     returning code_verifier as "codeVerifier", return_to as "returnTo", browser_hash = $2 as "sameBrowser", expires_at > now() as fresh`,
    [hashToken(state), hashToken(browserId)],
  );
  const r = rows[0];
  return r && r.sameBrowser && r.fresh ? { codeVerifier: r.codeVerifier, returnTo: r.returnTo } : null;
}

// ── Shared settings ─────────────────────────────────────────────────────────────────────────────

/** Returns the stored value, storing `make()` first if there is none; every instance gets the same answer. */
export async function getOrCreateSetting(db: Queryable, key: string, make: () => string): Promise<string> {
  await db.query(`insert into app_settings (key, value) values ($1, $2) on conflict (key) do nothing`, [key, make()]);
  const rows = await db.query<{ value: string }>(`select value from app_settings where key = $1`, [key]);
  return rows[0]!.value;
}
