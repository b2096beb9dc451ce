// The lookups nearly every request makes, each coalesced into one query per batch (see coalesce.ts).
// Outside transactions only: a transaction must read its own writes, so it queries directly.

import type { User, UserId } from '../core/types.js';
import type { Standing } from '../policy.js';
import { Coalescer } from './coalesce.js';
import { getCommunitiesWithStandings, getDirectoryVersion, type VersionedCommunity } from './communities.js';
import type { Db } from './connection.js';
import { findSessionUsers } from './sessions.js';

export interface Lookups {
  /** The community and this person's standing in it (null: anonymous → NO_STANDING). */
  community(slug: string, userId?: UserId | null): Promise<{ community: VersionedCommunity; standing: Standing } | null>;
  sessionUser(token: string): Promise<User | null>;
  /** See getDirectoryVersion. */
  directoryVersion(): Promise<string>;
}

const byDb = new WeakMap<Db, Lookups>();

export function lookups(db: Db): Lookups {
  let l = byDb.get(db);
  if (!l) {
    const communities = new Coalescer((keys) =>
      getCommunitiesWithStandings(db, keys.map((k) => {
        const at = k.lastIndexOf(':');
        return { slug: k.slice(0, at), userId: Number(k.slice(at + 1)) };
      })),
    );
    const sessions = new Coalescer((tokens) => findSessionUsers(db, tokens));
    const directory = new Coalescer(async () => new Map([['directory', await getDirectoryVersion(db)]]));
    l = {
      // User 0 exists nowhere: anonymous readers get the community with no standing.
      community: (slug, userId) => communities.load(`${slug}:${userId ?? 0}`),
      sessionUser: (token) => sessions.load(token),
      directoryVersion: async () => (await directory.load('directory'))!,
    };
    byDb.set(db, l);
  }
  return l;
}
