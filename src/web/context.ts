// What handlers get from the app: dependencies and per-request values set by middleware.

import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/connection.js';
import type { MnwClient } from '../mnw/client.js';
import type { ProjectDirectory } from '../mnw/directory.js';
import { AppError } from '../core/errors.js';
import { ANONYMOUS, type Actor } from '../policy.js';
import type { ReadCache } from './readcache.js';
import type { Viewer } from './views/layout.js';

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  mnw: MnwClient;
  directory: ProjectDirectory;
  /** HMAC key for CSRF tokens; shared by every instance. */
  secret: string;
  /** Rows and fragments of community pages, keyed by version (never stale; see readcache.ts). */
  cache: ReadCache;
  /** The clock policy decisions use; tests move it. */
  now: () => Date;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    actor: Actor;
    user: User | null;
    sessionToken: string | null;
    /** null until a sign-in starts (middleware.ts ensureBrowserId). */
    browserId: string | null;
    csrfToken: string;
    secure: boolean;
  };
}

export type Ctx = Context<AppEnv>;

/** The frame of every page: who is looking, their CSRF token, and where "sign in" should come back to. */
export function viewerOf(c: Ctx): Viewer {
  // Errors can be rendered before the session middleware ran: fall back to an anonymous frame.
  const user = c.get('user') ?? null;
  const actor = c.get('actor') ?? ANONYMOUS;
  const url = new URL(c.req.url);
  return {
    signedIn: user !== null,
    username: user?.username ?? null,
    displayName: user?.displayName ?? null,
    isPlatformAdmin: actor.kind === 'user' && actor.isPlatformAdmin,
    csrfToken: c.get('csrfToken') ?? '',
    path: url.pathname + url.search,
  };
}

export const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';

/**
 * The id of the signed-in user making a change. Handlers call it after the policy said yes, so an
 * anonymous actor never gets here; if one does, it is sent to sign in rather than written as user 0.
 */
export function actingUserId(c: Ctx): number {
  const actor = c.get('actor');
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Please sign in first.');
  return actor.id;
}
