// A digest of every forum table, to prove a refused request changed nothing.

import type { Queryable } from '../../src/db/connection.js';

const TABLES = ['users', 'communities', 'categories', 'threads', 'posts', 'memberships', 'community_bans', 'mod_log', 'sessions', 'oauth_states'];

export async function fingerprint(db: Queryable): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    // Table names come from the constant list above, never from input.
    const rows = await db.query<{ digest: string | null }>(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from ${table} x`);
    parts.push(`${table}:${rows[0]!.digest}`);
  }
  return parts.join(' ');
}
