// The lookups nearly every request makes, each coalesced into one query per batch (see coalesce.ts).
// Outside transactions only: a transaction must read its own writes, so it queries directly.

import type { CommunityId, User, UserId } from '../core/types.js';
import { NO_STANDING, type Standing } from '../policy.js';
import { Coalescer } from './coalesce.js';
import { getCommunitiesBySlugs, getDirectoryVersion, type VersionedCommunity } from './communities.js';
import type { Db } from './connection.js';
import { getStandings } from './memberships.js';
import { findSessionUsers } from './sessions.js';

export interface Lookups {
  community(slug: string): Promise<VersionedCommunity | null>;
  sessionUser(token: string): Promise<User | null>;
  standing(communityId: CommunityId, userId: UserId): Promise<Standing>;
  /** See getDirectoryVersion. */
  directoryVersion(): Promise<string>;
}

const byDb = new WeakMap<Db, Lookups>();

export function lookups(db: Db): Lookups {
  let l = byDb.get(db);
  if (!l) {
    const communities = new Coalescer((slugs) => getCommunitiesBySlugs(db, slugs));
    const sessions = new Coalescer((tokens) => findSessionUsers(db, tokens));
    const standings = new Coalescer((keys) =>
      getStandings(db, keys.map((k) => {
        const [communityId, userId] = k.split(':').map(Number);
        return { communityId: communityId!, userId: userId! };
      })),
    );
    const directory = new Coalescer(async () => new Map([['directory', await getDirectoryVersion(db)]]));
    l = {
      community: (slug) => communities.load(slug),
      sessionUser: (token) => sessions.load(token),
      directoryVersion: async () => (await directory.load('directory'))!,
      standing: async (communityId, userId) => (await standings.load(`${communityId}:${userId}`)) ?? NO_STANDING,
    };
    byDb.set(db, l);
  }
  return l;
}
