import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { VERSION } from '../../version.js';

const HEALTH_DB_TIMEOUT_MS = 2_000;

export function healthRoutes(app: Hono<AppEnv>): void {
  /** For monitoring (PoM): 200 when the database answers, 503 when it does not. */
  app.get('/api/health', async (c) => {
    const { db } = c.get('deps');
    let database: 'ok' | 'unreachable' = 'ok';
    try {
      await Promise.race([
        db.query('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), HEALTH_DB_TIMEOUT_MS).unref()),
      ]);
    } catch {
      database = 'unreachable';
    }
    c.header('cache-control', 'no-store');
    return c.json({ status: database === 'ok' ? 'ok' : 'degraded', version: VERSION, uptimeSeconds: Math.round(process.uptime()), database, backend: db.backend }, database === 'ok' ? 200 : 503);
  });

  /**
   * Counters for operators and the benchmark (queries run, read-cache use, memory). Only when
   * METRICS_TOKEN is set, and only with it as a bearer token.
   */
  app.get('/api/metrics', (c) => {
    const { db, cache, config } = c.get('deps');
    const expected = Buffer.from(`Bearer ${config.metricsToken ?? ''}`);
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (config.metricsToken === null || given.length !== expected.length || !timingSafeEqual(given, expected)) return c.notFound();
    c.header('cache-control', 'no-store');
    const memory = process.memoryUsage();
    return c.json({ queries: db.stats.queries, cache: { ...cache.stats, ...cache.size }, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed });
  });
}
