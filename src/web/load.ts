// Loading what a route names (community, category, thread) with the actor's standing: 404 when it does
// not exist, the suspension notice when the actor may not see it.

import { AppError, badRequest, notFound } from '../core/errors.js';
import type { Category, Community } from '../core/types.js';
import type { VersionedCommunity } from '../db/communities.js';
import { lookups } from '../db/lookups.js';
import { findRenamedCategory, getCategoryBySlug } from '../db/categories.js';
import { getThread } from '../db/threads.js';
import { canViewCommunity, canViewThread, isPlatformAdminAccount, NO_STANDING, type Decision, type Standing } from '../policy.js';
import type { Ctx } from './context.js';
import { categoryPath } from './paths.js';
import { cached } from './readcache.js';

/** What is asked for lives at another address now (a renamed category): answered with a redirect. */
export class Moved extends Error {
  constructor(readonly location: string) {
    super('moved');
  }
}

/** Thrown when the community exists but is suspended for this actor; the error handler shows the notice. */
export class CommunitySuspended extends Error {
  constructor(readonly community: Community) {
    super('community suspended');
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_PAGE = 1_000_000;

export async function loadCommunity(c: Ctx, slug: string): Promise<{ community: VersionedCommunity; standing: Standing }> {
  const { db } = c.get('deps');
  if (!SLUG.test(slug)) throw notFound('That community');
  const actor = c.get('actor');
  const found = await lookups(db).community(slug, actor.kind === 'user' ? actor.id : null);
  if (!found) throw notFound('That community');
  if (!canViewCommunity(actor, found.community)) throw new CommunitySuspended(found.community);
  return { community: found.community, standing: actor.kind === 'user' ? found.standing : NO_STANDING };
}

export async function loadCategory(c: Ctx, slug: string, categorySlug: string): Promise<{ community: VersionedCommunity; standing: Standing; category: Category }> {
  const loaded = await loadCommunity(c, slug);
  if (!SLUG.test(categorySlug)) throw notFound('That category');
  const { db } = c.get('deps');
  const category = await cached(c, loaded.community, `category:${categorySlug}`, () => getCategoryBySlug(db, loaded.community.id, categorySlug));
  if (!category) {
    // A renamed category: its old address (and anything below it) redirects to the new one.
    const renamed = c.req.method === 'GET' ? await cached(c, loaded.community, `renamed:${categorySlug}`, () => findRenamedCategory(db, loaded.community.id, categorySlug)) : null;
    if (renamed) {
      const url = new URL(c.req.url);
      const old = categoryPath(loaded.community.slug, categorySlug);
      throw new Moved(categoryPath(loaded.community.slug, renamed) + url.pathname.slice(old.length) + url.search);
    }
    throw notFound('That category');
  }
  return { ...loaded, category };
}

/** The thread if it belongs to this community and the actor may see it (deleted ones only for moderators). */
export async function loadThread(c: Ctx, slug: string, threadIdRaw: string) {
  const loaded = await loadCommunity(c, slug);
  const threadId = parseId(threadIdRaw, 'That thread');
  const { db } = c.get('deps');
  const thread = await cached(c, loaded.community, `thread:${threadId}`, () => getThread(db, threadId));
  if (!thread || thread.communityId !== loaded.community.id) throw notFound('That thread');
  if (!canViewThread(c.get('actor'), loaded.standing, loaded.community, thread)) throw notFound('That thread');
  return { ...loaded, thread: { ...thread, authorIsPlatformAdmin: isAdminAccount(c, thread.authorMnwId) } };
}

/** Whether an MNW account is the platform admin's (the rank rule treats their content as the admin's). */
export function isAdminAccount(c: Ctx, mnwAccountId: string): boolean {
  return isPlatformAdminAccount(mnwAccountId, c.get('deps').config.platformAdminId);
}

export function parseId(raw: string, what: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/** ?page=N: absent → 1; anything but a whole number from 1 → 400 (never a 500). */
export function parsePage(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE) throw badRequest(`The page number must be a whole number from 1 to ${MAX_PAGE.toLocaleString('en-US')}.`);
  return Number(raw);
}

/** A page number a form carries back (which page it was sent from): anything unreadable is page 1. */
export function pageOrFirst(raw: string | undefined): number {
  return raw !== undefined && /^\d{1,7}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_PAGE ? Number(raw) : 1;
}

export function totalPages(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / perPage));
}

/** A page past the end is a 404 (page 1 of an empty listing is fine). */
export function ensurePageExists(page: number, pages: number): void {
  if (page > pages) throw new AppError('not_found', `There is no page ${page}; the last page is ${pages}.`);
}

/** Turns a policy "no" into the right refusal: sign-in for anonymous, 403 with the reason otherwise. */
export function ensureAllowed(decision: Decision): void {
  if (decision.ok) return;
  if (decision.signIn) throw new AppError('unauthenticated', decision.reason);
  throw new AppError('forbidden', decision.reason);
}
