import type { Queryable } from './connection.js';

/**
 * Counts one hit against `key` and returns how many hits its current window holds and when that window
 * ends. The window starts at the first hit after the previous one ended. One atomic statement, so
 * concurrent requests on any number of instances count correctly (the row lock orders them).
 */
export async function hitRateLimit(db: Queryable, key: string, windowSeconds: number): Promise<{ hits: number; resetsAt: Date }> {
  const rows = await db.query<{ hits: number; resetsAt: Date }>(
    `insert into rate_limits as r (key, window_start, hits) values ($1, clock_timestamp(), 1)
     on conflict (key) do update set
       window_start = case when r.window_start + make_interval(secs => $2) <= clock_timestamp() then clock_timestamp() else r.window_start end,
       hits = case when r.window_start + make_interval(secs => $2) <= clock_timestamp() then 1 else r.hits + 1 end
     returning hits, window_start + make_interval(secs => $2) as "resetsAt"`,
    [key, windowSeconds],
  );
  return rows[0]!;
}

/** Drops windows that ended long ago (called with the session clean-up). */
export async function deleteOldRateLimits(db: Queryable, olderThanSeconds = 86_400): Promise<number> {
  const rows = await db.query(`delete from rate_limits where window_start < now() - make_interval(secs => $1) returning 1`, [olderThanSeconds]);
  return rows.length;
}
