// Moderation: the dashboard (active bans and mutes, recent log), ban/unban, mute/unmute, and the full log.
// Seeing needs canViewModeration; acting needs canModerate, and on a person canRestrict (rank rules).

import type { Hono } from 'hono';
import { notFound } from '../../core/errors.js';
import type { Community, User } from '../../core/types.js';
import { deleteRestriction, listActiveRestrictions, upsertRestriction } from '../../db/bans.js';
import { getStanding, listRolesOf } from '../../db/memberships.js';
import { countModLog, insertModLog, listModLog } from '../../db/modlog.js';
import { getUserById, getUserByUsername, lockUser } from '../../db/users.js';
import { canManageCommunity, canModerate, canRestrict, canViewModeration, isActive, isPlatformAdminAccount, NO_STANDING, type Restriction, type Standing } from '../../policy.js';
import type { AppEnv, Ctx } from '../context.js';
import { actingUserId, viewerOf } from '../context.js';
import { cleanShortText, readForm } from '../forms.js';
import { ensureAllowed, ensurePageExists, loadCommunity, parsePage, totalPages } from '../load.js';
import { communityPath } from '../paths.js';
import { exactTime } from '../views/components.js';
import { modLogPage, moderationPage, type Flash, type RestrictErrors, type RestrictFormValues } from '../views/governance.js';

export const MOD_LOG_PER_PAGE = 50;
export const RECENT_LOG_ENTRIES = 20;
export const REASON_MAX = 500;
const DAY_MS = 24 * 3600 * 1000;

/** How long a ban or mute lasts; null days means until lifted. */
export const RESTRICTION_DURATIONS = [
  { value: '1d', label: '1 day', days: 1 },
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
  { value: 'permanent', label: 'Permanent', days: null },
] as const;

/** Messages after a redirect, by key: the URL never carries text of its own. */
const DONE: Record<string, string> = {
  ban: 'The ban is in place.',
  mute: 'The mute is in place.',
  unban: 'The ban has been lifted.',
  unmute: 'The mute has been lifted.',
  'ban-replaced': 'The ban is in place. It replaces the one that was already in force (see the log).',
  'mute-replaced': 'The mute is in place. It replaces the one that was already in force (see the log).',
};

/** How the log describes a ban or mute that a new one replaces. */
function replacedText(kind: 'ban' | 'mute', r: Restriction): string {
  const until = r.expiresAt === null ? 'without end' : `until ${exactTime(r.expiresAt)}`;
  return ` (replaces the ${kind} ${until}: ${r.reason})`;
}

const moderationPath = (slug: string) => `${communityPath(slug)}/moderation`;
const EMPTY_FORM: RestrictFormValues = { username: '', reason: '', duration: '1d' };

async function loadModeration(c: Ctx): Promise<{ community: Community; standing: Standing }> {
  const loaded = await loadCommunity(c, c.req.param('slug') ?? '');
  ensureAllowed(canViewModeration(c.get('actor'), loaded.standing, c.get('deps').now()));
  return loaded;
}

async function renderDashboard(
  c: Ctx, community: Community, standing: Standing,
  over: { values?: RestrictFormValues; errors?: RestrictErrors; flash?: Flash }, status: 200 | 400 | 403 = 200,
): Promise<Response> {
  const { db, config, now } = c.get('deps');
  const actor = c.get('actor');
  const t = now();
  const [restrictions, recent] = await Promise.all([listActiveRestrictions(db, community.id, t), listModLog(db, community.id, RECENT_LOG_ENTRIES, 0)]);
  const targets = await listRolesOf(db, community.id, [...new Set(restrictions.map((r) => r.userId))]);
  const act = canModerate(actor, standing, community, t);
  const items = restrictions.map((r) => {
    const target = targets.get(r.userId);
    const canLift = canRestrict(actor, standing, community, {
      userId: r.userId,
      standing: { ...NO_STANDING, role: target?.role ?? null },
      isPlatformAdmin: isPlatformAdminAccount(target?.mnwAccountId ?? '', config.platformAdminId),
    }, t).ok;
    return { ...r, canLift };
  });
  const page = moderationPage({
    viewer: viewerOf(c), community, now: t,
    canManage: canManageCommunity(actor, standing, community, t).ok,
    canAct: act.ok, cannotActReason: act.ok ? null : act.reason,
    restrictions: items, recent,
    durations: RESTRICTION_DURATIONS,
    form: { values: over.values ?? EMPTY_FORM, errors: over.errors ?? {} },
    flash: over.flash ?? null,
  });
  return c.html(page.value, status);
}

/** The person a form names, by user_id (buttons on the dashboard) or username (the ban form). */
async function findTarget(c: Ctx, form: Record<string, string>): Promise<User | null> {
  const { db } = c.get('deps');
  if (form.user_id !== undefined && form.user_id !== '') {
    return /^[1-9]\d{0,14}$/.test(form.user_id) ? getUserById(db, Number(form.user_id)) : null;
  }
  const username = (form.username ?? '').trim().replace(/^@/, '');
  return username === '' || username.length > 100 ? null : getUserByUsername(db, username);
}

function unknownUserError(form: Record<string, string>): string {
  const name = (form.username ?? '').trim();
  return name === '' && !form.user_id ? 'Please enter a username.' : 'There is no user with that name.';
}

export function moderationRoutes(app: Hono<AppEnv>): void {
  app.get('/p/:slug/moderation', async (c) => {
    const { community, standing } = await loadModeration(c);
    const done = c.req.query('done');
    return renderDashboard(c, community, standing, { flash: done && DONE[done] ? { kind: 'success', text: DONE[done]! } : null });
  });

  app.get('/p/:slug/moderation/log', async (c) => {
    const { db, now } = c.get('deps');
    const page = parsePage(c.req.query('page'));
    const { community, standing } = await loadModeration(c);
    const total = await countModLog(db, community.id);
    const pages = totalPages(total, MOD_LOG_PER_PAGE);
    ensurePageExists(page, pages);
    const entries = await listModLog(db, community.id, MOD_LOG_PER_PAGE, (page - 1) * MOD_LOG_PER_PAGE);
    const t = now();
    return c.html(
      modLogPage({ viewer: viewerOf(c), community, entries, page, totalPages: pages, total, now: t, canManage: canManageCommunity(c.get('actor'), standing, community, t).ok }).value,
    );
  });

  // ── Ban / mute ───────────────────────────────────────────────────────────────────────────────
  for (const kind of ['ban', 'mute'] as const) {
    app.post(`/p/:slug/moderation/${kind}`, async (c) => {
      const { db, config, now } = c.get('deps');
      const form = await readForm(c);
      const { community, standing } = await loadCommunity(c, c.req.param('slug'));
      const actor = c.get('actor');
      // Refuse non-moderators before saying anything about whether a username exists.
      ensureAllowed(canModerate(actor, standing, community, now()));
      const values: RestrictFormValues = { username: form.username ?? '', reason: form.reason ?? '', duration: form.duration ?? '' };
      const target = await findTarget(c, form);
      const reason = cleanShortText(form.reason, REASON_MAX, 'reason', true);
      const duration = RESTRICTION_DURATIONS.find((d) => d.value === form.duration);
      const errors: RestrictErrors = {
        username: target ? undefined : unknownUserError(form),
        reason: reason.error,
        duration: duration ? undefined : 'Choose how long it lasts.',
      };
      if (!target || reason.error || !duration) return renderDashboard(c, community, standing, { values, errors }, 400);

      const isPlatformAdmin = isPlatformAdminAccount(target.mnwAccountId, config.platformAdminId);
      const decide = (targetStanding: Standing) => canRestrict(actor, standing, community, { userId: target.id, standing: targetStanding, isPlatformAdmin }, now());
      const allowed = decide(await getStanding(db, community.id, target.id));
      // Someone this moderator may not act on (the owner, a fellow moderator, themselves): the reason at
      // the username, with the form as it was sent.
      if (!allowed.ok) return renderDashboard(c, community, standing, { values, errors: { username: allowed.reason } }, 403);
      const actorId = actingUserId(c);
      const expiresAt = duration.days === null ? null : new Date(now().getTime() + duration.days * DAY_MS);
      const replaced = await db.transaction(async (tx) => {
        // Actions on one person take turns (row lock), so the last log row always matches the final state.
        if (!(await lockUser(tx, target.id))) throw notFound('That user');
        const current = await getStanding(tx, community.id, target.id);
        ensureAllowed(decide(current));
        // A ban on someone already banned replaces it; the log says what it replaced.
        const previous = kind === 'ban' ? current.ban : current.mute;
        const replacing = isActive(previous, now()) ? previous : null;
        await upsertRestriction(tx, { communityId: community.id, userId: target.id, isMute: kind === 'mute', reason: reason.value, expiresAt, createdBy: actorId });
        await insertModLog(tx, {
          communityId: community.id, actorId, action: kind, targetType: 'user', targetId: target.id, targetLabel: target.username,
          details: `${duration.label}: ${reason.value}${replacing ? replacedText(kind, replacing) : ''}`,
        });
        return replacing !== null;
      });
      return c.redirect(`${moderationPath(community.slug)}?done=${kind}${replaced ? '-replaced' : ''}`, 303);
    });
  }

  // ── Unban / unmute ───────────────────────────────────────────────────────────────────────────
  for (const kind of ['ban', 'mute'] as const) {
    const action = kind === 'ban' ? 'unban' : 'unmute';
    app.post(`/p/:slug/moderation/${action}`, async (c) => {
      const { db, config, now } = c.get('deps');
      const form = await readForm(c);
      const { community, standing } = await loadCommunity(c, c.req.param('slug'));
      const actor = c.get('actor');
      ensureAllowed(canModerate(actor, standing, community, now()));
      const target = await findTarget(c, form);
      if (!target) {
        const values = { ...EMPTY_FORM, username: form.username ?? '' };
        return renderDashboard(c, community, standing, { values, errors: { username: unknownUserError(form) } }, 400);
      }
      const isPlatformAdmin = isPlatformAdminAccount(target.mnwAccountId, config.platformAdminId);
      const decide = (targetStanding: Standing) => canRestrict(actor, standing, community, { userId: target.id, standing: targetStanding, isPlatformAdmin }, now());
      ensureAllowed(decide(await getStanding(db, community.id, target.id)));
      const actorId = actingUserId(c);
      const lifted = await db.transaction(async (tx) => {
        if (!(await lockUser(tx, target.id))) throw notFound('That user');
        ensureAllowed(decide(await getStanding(tx, community.id, target.id)));
        // An expired row is cleared too, but only lifting one in force is an action worth logging.
        const wasActive = await deleteRestriction(tx, community.id, target.id, kind === 'mute', now());
        if (wasActive) await insertModLog(tx, { communityId: community.id, actorId, action, targetType: 'user', targetId: target.id, targetLabel: target.username });
        return wasActive;
      });
      if (!lifted) {
        const flash: Flash = { kind: 'info', text: `@${target.username} is not ${kind === 'ban' ? 'banned' : 'muted'} here, so there was nothing to lift.` };
        return renderDashboard(c, community, standing, { flash });
      }
      return c.redirect(`${moderationPath(community.slug)}?done=${action}`, 303);
    });
  }
}
