// Throttles on writing and signing in, kept in PostgreSQL so they hold across app instances.

import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from '../core/errors.js';
import type { User } from '../core/types.js';
import type { Queryable } from '../db/connection.js';
import { hitRateLimit } from '../db/ratelimits.js';
import type { Ctx } from './context.js';

/** Accounts younger than this get the stricter limits: most spam comes from fresh accounts. */
export const NEW_ACCOUNT_HOURS = 24;
export const NEW_ACCOUNT_FACTOR = 3;

function isNewAccount(user: User, now: Date): boolean {
  return now.getTime() - user.createdAt.getTime() < NEW_ACCOUNT_HOURS * 3_600_000;
}

function refuse(c: Ctx, what: string, resetsAt: Date, detail: Record<string, unknown>): never {
  const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - Date.now()) / 1000));
  c.get('log').warn({ ...detail, retryAfter }, 'rate limited');
  throw new AppError('rate_limited', `You are ${what} too quickly. Please wait ${retryAfter} second${retryAfter === 1 ? '' : 's'} and try again.`, retryAfter);
}

/**
 * One post (or thread) per interval per user. Call inside the write's transaction: a write that fails
 * afterwards rolls its hit back, so a rejected form does not cost the user their turn.
 */
export async function throttleWrite(c: Ctx, tx: Queryable, kind: 'post' | 'thread'): Promise<void> {
  const { config } = c.get('deps');
  const user = c.get('user');
  const base = kind === 'post' ? config.rateLimits.postIntervalSeconds : config.rateLimits.threadIntervalSeconds;
  if (base <= 0 || user === null) return;
  const interval = isNewAccount(user, c.get('deps').now()) ? base * NEW_ACCOUNT_FACTOR : base;
  const { hits, resetsAt } = await hitRateLimit(tx, `${kind}:user:${user.id}`, interval);
  if (hits > 1) refuse(c, kind === 'post' ? 'posting' : 'starting threads', resetsAt, { limit: kind, userId: user.id });
}

/** Sign-in attempts per client address. */
export async function throttleSignIn(c: Ctx): Promise<void> {
  const { config, db } = c.get('deps');
  const { signInAttempts, signInWindowSeconds } = config.rateLimits;
  if (signInAttempts <= 0) return;
  const ip = clientAddress(c);
  const { hits, resetsAt } = await hitRateLimit(db, `signin:ip:${ip}`, signInWindowSeconds);
  if (hits > signInAttempts) refuse(c, 'signing in', resetsAt, { limit: 'signin', ip });
}

/** The client's address: the proxy's X-Forwarded-For (first hop) when trusted, else the socket's. */
export function clientAddress(c: Ctx): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
