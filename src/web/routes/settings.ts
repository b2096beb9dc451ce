// Owner settings: community name and description, categories (create, edit, reorder) and members' roles.
// Each handler reads parse → load → authorize (canManageCommunity / canSetRole) → change in one
// transaction with its mod-log row → 303 redirect, or the form again with errors (400).

import type { Hono } from 'hono';
import { badRequest, notFound } from '../../core/errors.js';
import type { Category, Community, Role } from '../../core/types.js';
import { createCategory, getCategoryById, getCategoryBySlug, listCategories, moveCategory, rememberOldSlug, updateCategory } from '../../db/categories.js';
import { updateCommunity } from '../../db/communities.js';
import { getStanding, lockMembership, setRole } from '../../db/memberships.js';
import { insertModLog } from '../../db/modlog.js';
import { getUserById } from '../../db/users.js';
import { canManageCommunity, canSetRole, canViewModeration, type Standing } from '../../policy.js';
import type { AppEnv, Ctx } from '../context.js';
import { actingUserId, viewerOf } from '../context.js';
import { cleanShortText, cleanSlug, readForm } from '../forms.js';
import { ensureAllowed, loadCommunity, parseId } from '../load.js';
import { communityPath } from '../paths.js';
import {
  editCategoryPage, settingsPage, type CategoryErrors, type CategoryFormValues, type Flash, type SettingsPageProps,
} from '../views/governance.js';

export const COMMUNITY_NAME_MAX = 100;
export const CATEGORY_NAME_MAX = 100;
export const DESCRIPTION_MAX = 500;
const SETTABLE_ROLES: readonly Role[] = ['member', 'moderator'];

/** Messages after a redirect, by key: the URL never carries text of its own. */
const DONE: Record<string, string> = {
  settings: 'Settings saved.',
  created: 'Category created.',
  edited: 'Category saved.',
  moved: 'Category moved.',
  unchanged: 'Nothing to change.',
};

const settingsPath = (slug: string) => `${communityPath(slug)}/settings`;

/** A unique-key violation other than the (deferred) sort-order one: the slug is taken. */
function isSlugTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint !== 'categories_sort_order_unique';
}

const SLUG_TAKEN = 'Another category of this community already uses this slug.';

function readCategoryForm(form: Record<string, string>) {
  // An unticked checkbox sends nothing.
  const moderatorsOnly = form.moderators_only === 'yes';
  const values: CategoryFormValues = { name: form.name ?? '', slug: form.slug ?? '', description: form.description ?? '', moderatorsOnly };
  const name = cleanShortText(form.name, CATEGORY_NAME_MAX, 'name', true);
  const slug = cleanSlug(form.slug);
  const description = cleanShortText(form.description, DESCRIPTION_MAX, 'description', false);
  const errors: CategoryErrors = { name: name.error, slug: slug.error, description: description.error };
  const ok = !name.error && !slug.error && !description.error;
  return { values, errors, ok, clean: { name: name.value, slug: slug.value, description: description.value, moderatorsOnly } };
}

/** The community, for someone allowed to shape it (owner or platform admin). */
async function loadManaged(c: Ctx): Promise<{ community: Community; standing: Standing }> {
  const loaded = await loadCommunity(c, c.req.param('slug') ?? '');
  ensureAllowed(canManageCommunity(c.get('actor'), loaded.standing, loaded.community, c.get('deps').now()));
  return loaded;
}

async function loadManagedCategory(c: Ctx): Promise<{ community: Community; standing: Standing; category: Category }> {
  const loaded = await loadManaged(c);
  const id = parseId(c.req.param('id') ?? '', 'That category');
  const category = await getCategoryById(c.get('deps').db, loaded.community.id, id);
  if (!category) throw notFound('That category');
  return { ...loaded, category };
}

async function renderSettings(
  c: Ctx, community: Community, standing: Standing,
  over: Partial<Pick<SettingsPageProps, 'settings' | 'newCategory' | 'flash'>>, status: 200 | 400 = 200,
): Promise<Response> {
  const categories = await listCategories(c.get('deps').db, community.id);
  const page = settingsPage({
    viewer: viewerOf(c), community, categories,
    canModerate: canViewModeration(c.get('actor'), standing, c.get('deps').now()).ok,
    settings: over.settings ?? { values: { name: community.name, description: community.description }, errors: {} },
    newCategory: over.newCategory ?? { values: { name: '', slug: '', description: '', moderatorsOnly: false }, errors: {} },
    flash: over.flash ?? null,
  });
  return c.html(page.value, status);
}

const flashOf = (key: string | undefined): Flash => (key && DONE[key] ? { kind: key === 'unchanged' ? 'info' : 'success', text: DONE[key]! } : null);

export function settingsRoutes(app: Hono<AppEnv>): void {
  // ── Community name and description ───────────────────────────────────────────────────────────
  app.get('/p/:slug/settings', async (c) => {
    const { community, standing } = await loadManaged(c);
    return renderSettings(c, community, standing, { flash: flashOf(c.req.query('done')) });
  });

  app.post('/p/:slug/settings', async (c) => {
    const { db } = c.get('deps');
    const form = await readForm(c);
    const { community, standing } = await loadManaged(c);
    const name = cleanShortText(form.name, COMMUNITY_NAME_MAX, 'name', true);
    const description = cleanShortText(form.description, DESCRIPTION_MAX, 'description', false);
    if (name.error || description.error) {
      const settings = { values: { name: form.name ?? '', description: form.description ?? '' }, errors: { name: name.error, description: description.error } };
      return renderSettings(c, community, standing, { settings }, 400);
    }
    const changes: string[] = [];
    if (name.value !== community.name) changes.push(`name: “${community.name}” → “${name.value}”`);
    if (description.value !== community.description) changes.push('description changed');
    if (changes.length === 0) return c.redirect(`${settingsPath(community.slug)}?done=unchanged`, 303);
    await db.transaction(async (tx) => {
      await updateCommunity(tx, community.id, { name: name.value, description: description.value });
      await insertModLog(tx, { communityId: community.id, actorId: actingUserId(c), action: 'edit_settings', targetType: 'community', targetId: community.id, targetLabel: name.value, details: changes.join('; ') });
    });
    return c.redirect(`${settingsPath(community.slug)}?done=settings`, 303);
  });

  // ── Categories ───────────────────────────────────────────────────────────────────────────────
  app.post('/p/:slug/settings/categories/new', async (c) => {
    const { db } = c.get('deps');
    const form = await readForm(c);
    const { community, standing } = await loadManaged(c);
    const input = readCategoryForm(form);
    if (!input.ok) return renderSettings(c, community, standing, { newCategory: { values: input.values, errors: input.errors } }, 400);
    let created: Category | null;
    try {
      created = await db.transaction(async (tx) => {
        if (await getCategoryBySlug(tx, community.id, input.clean.slug)) return null;
        const category = await createCategory(tx, community.id, input.clean);
        await insertModLog(tx, { communityId: community.id, actorId: actingUserId(c), action: 'create_category', targetType: 'category', targetId: category.id, targetLabel: category.name, details: `slug: ${category.slug}` });
        return category;
      });
    } catch (err) {
      // Two creations of one slug at once: the check above passed for both, the unique key stopped one.
      if (!isSlugTaken(err)) throw err;
      created = null;
    }
    if (!created) return renderSettings(c, community, standing, { newCategory: { values: input.values, errors: { slug: SLUG_TAKEN } } }, 400);
    return c.redirect(`${settingsPath(community.slug)}?done=created`, 303);
  });

  app.get('/p/:slug/settings/categories/:id/edit', async (c) => {
    const { community, category } = await loadManagedCategory(c);
    const values = { name: category.name, slug: category.slug, description: category.description, moderatorsOnly: category.moderatorsOnly };
    return c.html(editCategoryPage({ viewer: viewerOf(c), community, category, values, errors: {} }).value);
  });

  app.post('/p/:slug/settings/categories/:id/edit', async (c) => {
    const { db } = c.get('deps');
    const form = await readForm(c);
    const { community, category } = await loadManagedCategory(c);
    const input = readCategoryForm(form);
    const again = (errors: CategoryErrors) => c.html(editCategoryPage({ viewer: viewerOf(c), community, category, values: input.values, errors }).value, 400);
    if (!input.ok) return again(input.errors);
    const changes: string[] = [];
    if (input.clean.name !== category.name) changes.push(`name: “${category.name}” → “${input.clean.name}”`);
    if (input.clean.slug !== category.slug) changes.push(`slug: ${category.slug} → ${input.clean.slug}`);
    if (input.clean.description !== category.description) changes.push('description changed');
    if (input.clean.moderatorsOnly !== category.moderatorsOnly) changes.push(input.clean.moderatorsOnly ? 'only moderators start threads' : 'members may start threads');
    if (changes.length === 0) return c.redirect(`${settingsPath(community.slug)}?done=unchanged`, 303);
    let saved: boolean;
    try {
      saved = await db.transaction(async (tx) => {
        const holder = await getCategoryBySlug(tx, community.id, input.clean.slug);
        if (holder && holder.id !== category.id) return false;
        await updateCategory(tx, category.id, input.clean);
        if (input.clean.slug !== category.slug) await rememberOldSlug(tx, community.id, category.slug, category.id);
        await insertModLog(tx, { communityId: community.id, actorId: actingUserId(c), action: 'edit_category', targetType: 'category', targetId: category.id, targetLabel: input.clean.name, details: changes.join('; ') });
        return true;
      });
    } catch (err) {
      if (!isSlugTaken(err)) throw err;
      saved = false;
    }
    if (!saved) return again({ slug: SLUG_TAKEN });
    return c.redirect(`${settingsPath(community.slug)}?done=edited`, 303);
  });

  app.post('/p/:slug/settings/categories/:id/move', async (c) => {
    const { db } = c.get('deps');
    const form = await readForm(c);
    const { community, category } = await loadManagedCategory(c);
    const direction = form.direction;
    if (direction !== 'up' && direction !== 'down') throw badRequest('Choose whether to move the category up or down.');
    // moveCategory locks the community row, so racing moves take turns and the order stays 1..n.
    const moved = await db.transaction(async (tx) => {
      if (!(await moveCategory(tx, community.id, category.id, direction))) return false;
      await insertModLog(tx, { communityId: community.id, actorId: actingUserId(c), action: 'move_category', targetType: 'category', targetId: category.id, targetLabel: category.name, details: `moved ${direction}` });
      return true;
    });
    return c.redirect(`${settingsPath(community.slug)}?done=${moved ? 'moved' : 'unchanged'}`, 303);
  });

  // ── Roles (the form is on the members page) ──────────────────────────────────────────────────
  app.post('/p/:slug/settings/members/:userId/role', async (c) => {
    const { db, now } = c.get('deps');
    const form = await readForm(c);
    const { community, standing } = await loadManaged(c);
    const actor = c.get('actor');
    const userId = parseId(c.req.param('userId'), 'That member');
    const role = SETTABLE_ROLES.find((r) => r === form.role);
    if (!role) throw badRequest('Choose either member or moderator.');
    const [target, targetStanding] = await Promise.all([getUserById(db, userId), getStanding(db, community.id, userId)]);
    if (!target || targetStanding.role === null) throw notFound('That member');
    ensureAllowed(canSetRole(actor, standing, community, { userId, role: targetStanding.role }, role, now()));
    await db.transaction(async (tx) => {
      // Re-read the role under a row lock: two owners' tabs racing leave one log row per real change.
      const current = await lockMembership(tx, community.id, userId);
      if (current === null) throw notFound('That member');
      ensureAllowed(canSetRole(actor, standing, community, { userId, role: current }, role, now()));
      if (current === role) return;
      await setRole(tx, community.id, userId, role);
      await insertModLog(tx, { communityId: community.id, actorId: actingUserId(c), action: 'set_role', targetType: 'user', targetId: userId, targetLabel: target.username, details: `${current} → ${role}` });
    });
    return c.redirect(`${communityPath(community.slug)}/members?done=role`, 303);
  });
}
