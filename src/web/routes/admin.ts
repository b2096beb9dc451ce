// Platform admin: one page listing communities and users, and suspending or restoring either.
// Only canAdminister passes here; user suspensions also need canSuspendUser (never the admin).

import type { Hono } from 'hono';
import { badRequest, notFound } from '../../core/errors.js';
import { countCommunities, getCommunityById, listCommunities, lockCommunity, setCommunitySuspended } from '../../db/communities.js';
import { insertModLog, listPlatformLog } from '../../db/modlog.js';
import { deleteUserSessions } from '../../db/sessions.js';
import { countUsers, getUserById, lockUser, searchUsers, setUserSuspended } from '../../db/users.js';
import { canAdminister, canSuspendUser, isPlatformAdminAccount } from '../../policy.js';
import type { AppEnv, Ctx } from '../context.js';
import { actingUserId, viewerOf } from '../context.js';
import { cleanShortText, readForm } from '../forms.js';
import { ensureAllowed, ensurePageExists, pageOrFirst, parseId, parsePage, totalPages } from '../load.js';
import { adminHref, adminPage } from '../views/admin.js';
import type { Flash } from '../views/governance.js';

export const USERS_PER_PAGE = 50;
export const COMMUNITIES_PER_PAGE = 50;
export const PLATFORM_LOG_ENTRIES = 20;
const SEARCH_MAX = 100;
const REASON_MAX = 500;

/** Messages after a redirect, by key: the URL never carries text of its own. */
const DONE: Record<string, Flash> = {
  suspend_community: { kind: 'success', text: 'The community is suspended.' },
  unsuspend_community: { kind: 'success', text: 'The community is active again.' },
  suspend_user: { kind: 'success', text: 'The user is suspended and has been signed out everywhere.' },
  unsuspend_user: { kind: 'success', text: 'The user can sign in again.' },
  unchanged: { kind: 'info', text: 'It was already in that state; nothing changed.' },
};

const cleanSearch = (raw: string | undefined) => (raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, SEARCH_MAX);

function readReason(form: Record<string, string>): string {
  const reason = cleanShortText(form.reason, REASON_MAX, 'reason', false);
  if (reason.error) throw badRequest(reason.error);
  return reason.value;
}


/** Back to the admin page as the form left it: the same search and the same page of each list. */
function backToList(form: Record<string, string>, done: string): string {
  const pages: Record<string, string> = {};
  for (const key of ['page', 'cpage']) if (pageOrFirst(form[key]) > 1) pages[key] = String(pageOrFirst(form[key]));
  return adminHref(cleanSearch(form.q), { ...pages, done });
}

export function adminRoutes(app: Hono<AppEnv>): void {
  app.get('/_admin', async (c) => {
    const { db, config, now } = c.get('deps');
    const actor = c.get('actor');
    ensureAllowed(canAdminister(actor));
    const q = cleanSearch(c.req.query('q'));
    const page = parsePage(c.req.query('page'));
    const communityPage = parsePage(c.req.query('cpage'));
    const [communityTotal, total, log] = await Promise.all([countCommunities(db, q), countUsers(db, q), listPlatformLog(db, PLATFORM_LOG_ENTRIES)]);
    const pages = totalPages(total, USERS_PER_PAGE);
    ensurePageExists(page, pages);
    const communityPages = totalPages(communityTotal, COMMUNITIES_PER_PAGE);
    ensurePageExists(communityPage, communityPages);
    const communities = await listCommunities(db, q, { limit: COMMUNITIES_PER_PAGE, offset: (communityPage - 1) * COMMUNITIES_PER_PAGE });
    const users = (await searchUsers(db, q, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE)).map((u) => {
      const isPlatformAdmin = isPlatformAdminAccount(u.mnwAccountId, config.platformAdminId);
      return { ...u, isPlatformAdmin, canSuspend: canSuspendUser(actor, { userId: u.id, isPlatformAdmin }).ok };
    });
    const done = c.req.query('done');
    return c.html(
      adminPage({
        viewer: viewerOf(c), q, communities, communityPage, communityPages, communityTotal, users, userPage: page, userPages: pages, userTotal: total, log, now: now(),
        flash: (done && DONE[done]) || null,
      }).value,
    );
  });

  // ── Communities ──────────────────────────────────────────────────────────────────────────────
  for (const suspend of [true, false]) {
    const action = suspend ? 'suspend_community' : 'unsuspend_community';
    app.post(`/_admin/communities/:id/${suspend ? 'suspend' : 'unsuspend'}`, async (c) => {
      const { db } = c.get('deps');
      const form = await readForm(c);
      ensureAllowed(canAdminister(c.get('actor')));
      const id = parseId(c.req.param('id'), 'That community');
      if (!(await getCommunityById(db, id))) throw notFound('That community');
      const reason = suspend ? readReason(form) : '';
      const changed = await db.transaction(async (tx) => {
        const current = await lockCommunity(tx, id);
        if (!current) throw notFound('That community');
        if ((current.suspendedAt !== null) === suspend) return false;
        await setCommunitySuspended(tx, id, suspend, reason);
        await insertModLog(tx, { communityId: id, actorId: actingUserId(c), action, targetType: 'community', targetId: id, targetLabel: current.slug, details: reason });
        return true;
      });
      return c.redirect(backToList(form, changed ? action : 'unchanged'), 303);
    });
  }

  // ── Users ────────────────────────────────────────────────────────────────────────────────────
  for (const suspend of [true, false]) {
    const action = suspend ? 'suspend_user' : 'unsuspend_user';
    app.post(`/_admin/users/:id/${suspend ? 'suspend' : 'unsuspend'}`, async (c) => {
      const { db, config } = c.get('deps');
      const form = await readForm(c);
      const actor = c.get('actor');
      ensureAllowed(canAdminister(actor));
      const id = parseId(c.req.param('id'), 'That user');
      const target = await getUserById(db, id);
      if (!target) throw notFound('That user');
      ensureAllowed(canSuspendUser(actor, { userId: target.id, isPlatformAdmin: isPlatformAdminAccount(target.mnwAccountId, config.platformAdminId) }));
      const reason = suspend ? readReason(form) : '';
      const changed = await db.transaction(async (tx) => {
        const current = await lockUser(tx, id);
        if (!current) throw notFound('That user');
        if ((current.suspendedAt !== null) === suspend) return false;
        await setUserSuspended(tx, id, suspend, reason);
        // Signed out everywhere in the same transaction: no session outlives the suspension.
        if (suspend) await deleteUserSessions(tx, id);
        await insertModLog(tx, { communityId: null, actorId: actingUserId(c), action, targetType: 'user', targetId: id, targetLabel: current.username, details: reason });
        return true;
      });
      return c.redirect(backToList(form, changed ? action : 'unchanged'), 303);
    });
  }
}
