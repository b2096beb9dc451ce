// Pages of community governance: owner settings (community, categories), the moderation dashboard and
// the moderation log. Handlers decide what the viewer may do (policy) and pass booleans in.

import type { Category, Community, ModAction } from '../../core/types.js';
import type { CategorySummary } from '../../db/categories.js';
import type { ModLogView } from '../../db/modlog.js';
import type { RestrictionRow } from '../../db/bans.js';
import { html, type Html } from '../html.js';
import { categoryPath, communityPath } from '../paths.js';
import { csrfField, exactTime, fieldError, notice, pagination, plural, timeAgo } from './components.js';
import { communityHeader } from './forum.js';
import { layout, type Viewer } from './layout.js';

/** aria attributes tying an input to its error message. */
export function invalid(id: string, error: string | undefined): Html {
  return error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

export type Flash = { kind: 'info' | 'success' | 'warning'; text: string } | null;

const flashNotice = (f: Flash) => (f ? notice(f.kind, f.text) : html``);

const settingsPath = (slug: string) => `${communityPath(slug)}/settings`;
const moderationPath = (slug: string) => `${communityPath(slug)}/moderation`;

// ── Mod log ─────────────────────────────────────────────────────────────────────────────────────

const ACTION_LABELS: Record<ModAction, string> = {
  ban: 'Banned', unban: 'Unbanned', mute: 'Muted', unmute: 'Unmuted',
  pin: 'Pinned', unpin: 'Unpinned', lock: 'Locked', unlock: 'Unlocked',
  delete_thread: 'Deleted thread', delete_post: 'Deleted post', edit_thread: 'Edited thread', edit_post: 'Edited post', move_thread: 'Moved thread',
  set_role: 'Changed role', create_category: 'Created category', edit_category: 'Edited category', move_category: 'Moved category',
  edit_settings: 'Edited settings', suspend_community: 'Suspended community', unsuspend_community: 'Lifted community suspension',
  suspend_user: 'Suspended user', unsuspend_user: 'Lifted user suspension',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as ModAction] ?? action;
}

/** One table for every log listing: dashboard, full log, admin page. */
export function modLogTable(entries: ModLogView[], now: Date, opts: { showCommunity?: boolean } = {}): Html {
  if (entries.length === 0) return html`<p class="empty">Nothing has been logged yet.</p>`;
  return html`<div class="table-scroll"><table class="data-table mod-log">
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th>${opts.showCommunity ? html`<th scope="col">Community</th>` : ''}<th scope="col">Target</th><th scope="col">Details</th></tr></thead>
    <tbody>${entries.map(
      (e) => html`<tr class="log-entry" data-action="${e.action}">
        <td class="log-when">${timeAgo(e.createdAt, now)}</td>
        <td>${e.actorDisplayName} <span class="muted">@${e.actorUsername}</span></td>
        <td>${actionLabel(e.action)}</td>
        ${opts.showCommunity ? html`<td>${e.communitySlug ? html`<a href="${communityPath(e.communitySlug)}">${e.communitySlug}</a>` : html`<span class="muted">platform</span>`}</td>` : ''}
        <td>${e.targetLabel}</td>
        <td class="log-details">${e.details}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

// ── Owner settings ──────────────────────────────────────────────────────────────────────────────

export interface CommunityFormValues {
  name: string;
  description: string;
}
export interface CategoryFormValues {
  name: string;
  slug: string;
  description: string;
  moderatorsOnly: boolean;
}
export type CategoryErrors = { name?: string; slug?: string; description?: string };

export interface SettingsPageProps {
  viewer: Viewer;
  community: Community;
  categories: CategorySummary[];
  canModerate: boolean;
  settings: { values: CommunityFormValues; errors: { name?: string; description?: string } };
  newCategory: { values: CategoryFormValues; errors: CategoryErrors };
  flash: Flash;
}

export function settingsPage(p: SettingsPageProps): Html {
  const c = p.community;
  const base = settingsPath(c.slug);
  const token = p.viewer.csrfToken;
  const s = p.settings;
  return layout(
    { title: `Settings · ${c.name}`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: 'Settings' }] },
    html`${communityHeader(c, { canManage: true, canModerate: p.canModerate })}
    ${flashNotice(p.flash)}
    <section aria-labelledby="community-h" class="gov-section">
      <h2 id="community-h" class="section-title">Community</h2>
      <form class="stack" method="post" action="${base}">
        ${csrfField(token)}
        <label for="name">Name</label>
        <input id="name" name="name" value="${s.values.name}" maxlength="100" required${invalid('name', s.errors.name)}>
        ${fieldError('name', s.errors.name)}
        <label for="description">Description <span class="muted">(up to 500 characters)</span></label>
        <textarea id="description" name="description" rows="3" maxlength="500"${invalid('description', s.errors.description)}>${s.values.description}</textarea>
        ${fieldError('description', s.errors.description)}
        <div><button class="button" type="submit">Save settings</button></div>
      </form>
    </section>

    <section aria-labelledby="categories-h" class="gov-section">
      <h2 id="categories-h" class="section-title">Categories</h2>
      ${categoryTable(c, p.categories, token)}
    </section>

    <section aria-labelledby="new-category-h" class="gov-section">
      <h2 id="new-category-h" class="section-title">New category</h2>
      ${categoryForm(`${base}/categories/new`, token, p.newCategory.values, p.newCategory.errors, 'Create category', 'new-category')}
    </section>

    <section aria-labelledby="roles-h" class="gov-section">
      <h2 id="roles-h" class="section-title">Roles</h2>
      <p>Promote members to moderator, or demote moderators, on the <a href="${communityPath(c.slug)}/members">members page</a>.</p>
    </section>`,
  );
}

function categoryTable(c: Community, categories: CategorySummary[], token: string): Html {
  if (categories.length === 0) return html`<p class="empty">No categories yet. Create the first one below.</p>`;
  const base = settingsPath(c.slug);
  const move = (k: Category, direction: 'up' | 'down', enabled: boolean) =>
    html`<form class="inline-form" method="post" action="${base}/categories/${k.id}/move">
      ${csrfField(token)}<input type="hidden" name="direction" value="${direction}">
      <button class="button-quiet button-small" type="submit" aria-label="Move ${k.name} ${direction}"${enabled ? '' : html` disabled`}>${direction === 'up' ? '↑ Up' : '↓ Down'}</button>
    </form>`;
  return html`<div class="table-scroll"><table class="data-table category-admin">
    <thead><tr><th scope="col" class="num narrow-hide">#</th><th scope="col">Category</th><th scope="col" class="narrow-hide">Slug</th><th scope="col" class="num">Threads</th><th scope="col">Actions</th></tr></thead>
    <tbody>${categories.map(
      (k, i) => html`<tr data-category-id="${k.id}">
        <td class="num narrow-hide">${k.sortOrder}</td>
        <td><a href="${categoryPath(c.slug, k.slug)}">${k.name}</a>${k.moderatorsOnly ? html` <span class="flag flag-locked">Moderators start threads</span>` : ''}${k.description ? html`<span class="field-hint">${k.description}</span>` : ''}</td>
        <td class="narrow-hide"><code>${k.slug}</code></td>
        <td class="num">${k.threadCount}</td>
        <td><div class="row-actions">
          <a class="button button-quiet button-small" href="${base}/categories/${k.id}/edit" aria-label="Edit ${k.name}">Edit</a>
          ${move(k, 'up', i > 0)}
          ${move(k, 'down', i < categories.length - 1)}
        </div></td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function categoryForm(action: string, token: string, v: CategoryFormValues, e: CategoryErrors, submit: string, idPrefix: string): Html {
  const id = (f: string) => `${idPrefix}-${f}`;
  return html`<form class="stack" method="post" action="${action}">
    ${csrfField(token)}
    <label for="${id('name')}">Name</label>
    <input id="${id('name')}" name="name" value="${v.name}" maxlength="100" required${invalid(id('name'), e.name)}>
    ${fieldError(id('name'), e.name)}
    <label for="${id('slug')}">Slug <span class="muted">(in the address: lowercase letters, digits and dashes)</span></label>
    <input id="${id('slug')}" name="slug" value="${v.slug}" maxlength="63" required autocomplete="off"${invalid(id('slug'), e.slug)}>
    ${fieldError(id('slug'), e.slug)}
    <label for="${id('description')}">Description <span class="muted">(optional, up to 500 characters)</span></label>
    <textarea id="${id('description')}" name="description" rows="2" maxlength="500"${invalid(id('description'), e.description)}>${v.description}</textarea>
    ${fieldError(id('description'), e.description)}
    <label class="check" for="${id('moderators-only')}"><input type="checkbox" id="${id('moderators-only')}" name="moderators_only" value="yes"${v.moderatorsOnly ? html` checked` : ''}> <span>Only moderators start threads <span class="muted">(members can still reply; for announcements)</span></span></label>
    <div><button class="button" type="submit">${submit}</button></div>
  </form>`;
}

export interface EditCategoryProps {
  viewer: Viewer;
  community: Community;
  category: Category;
  values: CategoryFormValues;
  errors: CategoryErrors;
}

export function editCategoryPage(p: EditCategoryProps): Html {
  const c = p.community;
  const base = settingsPath(c.slug);
  return layout(
    {
      title: `Edit ${p.category.name} · ${c.name}`,
      viewer: p.viewer,
      crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: 'Settings', href: base }, { label: `Edit ${p.category.name}` }],
    },
    html`<h1>Edit category “${p.category.name}”</h1>
    ${categoryForm(`${base}/categories/${p.category.id}/edit`, p.viewer.csrfToken, p.values, p.errors, 'Save category', 'category')}
    <p><a href="${base}">Back to settings</a></p>`,
  );
}

// ── Moderation ──────────────────────────────────────────────────────────────────────────────────

export interface RestrictionItem extends RestrictionRow {
  /** Whether the viewer may lift it (policy: canRestrict on its target). */
  canLift: boolean;
}

export interface RestrictFormValues {
  username: string;
  reason: string;
  duration: string;
}
export type RestrictErrors = { username?: string; reason?: string; duration?: string };

export interface ModerationPageProps {
  viewer: Viewer;
  community: Community;
  canManage: boolean;
  /** Whether the viewer may ban and mute here right now (policy: canModerate); else why not. */
  canAct: boolean;
  cannotActReason: string | null;
  restrictions: RestrictionItem[];
  recent: ModLogView[];
  durations: readonly { value: string; label: string }[];
  form: { values: RestrictFormValues; errors: RestrictErrors };
  flash: Flash;
  now: Date;
}

export function moderationPage(p: ModerationPageProps): Html {
  const c = p.community;
  const base = moderationPath(c.slug);
  const bans = p.restrictions.filter((r) => !r.isMute);
  const mutes = p.restrictions.filter((r) => r.isMute);
  return layout(
    { title: `Moderation · ${c.name}`, viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: 'Moderation' }] },
    html`${communityHeader(c, { canManage: p.canManage, canModerate: true })}
    ${flashNotice(p.flash)}
    <section aria-labelledby="bans-h" class="gov-section">
      <h2 id="bans-h" class="section-title">Active bans <span class="muted">(${bans.length})</span></h2>
      ${restrictionTable(c, bans, p)}
    </section>
    <section aria-labelledby="mutes-h" class="gov-section">
      <h2 id="mutes-h" class="section-title">Active mutes <span class="muted">(${mutes.length})</span></h2>
      ${restrictionTable(c, mutes, p)}
    </section>

    <section aria-labelledby="restrict-h" class="gov-section">
      <h2 id="restrict-h" class="section-title">Ban or mute someone</h2>
      ${p.canAct ? restrictForm(base, p) : notice('info', p.cannotActReason ?? 'You cannot ban or mute anyone here right now.')}
    </section>

    <section aria-labelledby="recent-h" class="gov-section">
      <h2 id="recent-h" class="section-title">Recent actions</h2>
      ${modLogTable(p.recent, p.now)}
      <p><a href="${base}/log">Full moderation log</a></p>
    </section>`,
  );
}

function restrictionTable(c: Community, rows: RestrictionItem[], p: ModerationPageProps): Html {
  const kind = rows[0]?.isMute ? 'mute' : 'ban';
  if (rows.length === 0) return html`<p class="empty">None right now.</p>`;
  const base = moderationPath(c.slug);
  return html`<div class="table-scroll"><table class="data-table restrictions">
    <thead><tr><th scope="col">Who</th><th scope="col">Reason</th><th scope="col">Until</th><th scope="col">By</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr data-user="${r.username}">
        <td>${r.displayName} <span class="muted">@${r.username}</span></td>
        <td>${r.reason || html`<span class="muted">No reason given</span>`}</td>
        <td>${r.expiresAt ? html`<time datetime="${r.expiresAt.toISOString()}">${exactTime(r.expiresAt)}</time>` : html`<strong>Permanent</strong>`}</td>
        <td>@${r.createdByUsername} <span class="muted">${timeAgo(r.createdAt, p.now)}</span></td>
        <td>${r.canLift
          ? html`<form class="inline-form" method="post" action="${base}/un${kind}">
              ${csrfField(p.viewer.csrfToken)}<input type="hidden" name="user_id" value="${r.userId}">
              <button class="button-quiet button-small" type="submit">${kind === 'ban' ? 'Unban' : 'Unmute'} @${r.username}</button>
            </form>`
          : ''}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function restrictForm(base: string, p: ModerationPageProps): Html {
  const v = p.form.values;
  const e = p.form.errors;
  return html`<form class="stack restrict-form" method="post" action="${base}/ban">
    ${csrfField(p.viewer.csrfToken)}
    <label for="username">Username</label>
    <input id="username" name="username" value="${v.username}" maxlength="100" required autocomplete="off"${invalid('username', e.username)}>
    ${fieldError('username', e.username)}
    <label for="reason">Reason <span class="muted">(shown to the person and in the log)</span></label>
    <input id="reason" name="reason" value="${v.reason}" maxlength="500" required${invalid('reason', e.reason)}>
    ${fieldError('reason', e.reason)}
    <label for="duration">For how long</label>
    <select id="duration" name="duration"${invalid('duration', e.duration)}>
      ${p.durations.map((d) => html`<option value="${d.value}"${d.value === v.duration ? html` selected` : ''}>${d.label}</option>`)}
    </select>
    ${fieldError('duration', e.duration)}
    <p class="field-hint">A ban stops all writing here; a mute lets them read but not post. Timed ones end by themselves; permanent ones last until lifted.</p>
    <div class="page-actions">
      <!-- Mute comes first: pressing Enter submits the first button, and that should be the milder action. -->
      <button class="button-quiet" type="submit" formaction="${base}/mute">Mute</button>
      <button class="button-danger" type="submit" formaction="${base}/ban">Ban</button>
    </div>
  </form>`;
}

export interface ModLogPageProps {
  viewer: Viewer;
  community: Community;
  canManage: boolean;
  entries: ModLogView[];
  page: number;
  totalPages: number;
  total: number;
  now: Date;
}

export function modLogPage(p: ModLogPageProps): Html {
  const c = p.community;
  const base = `${moderationPath(c.slug)}/log`;
  return layout(
    {
      title: p.page > 1 ? `Moderation log (page ${p.page}) · ${c.name}` : `Moderation log · ${c.name}`,
      viewer: p.viewer,
      crumbs: [{ label: 'Forums', href: '/' }, { label: c.name, href: communityPath(c.slug) }, { label: 'Moderation', href: moderationPath(c.slug) }, { label: 'Log' }],
    },
    html`${communityHeader(c, { canManage: p.canManage, canModerate: true })}
    <h2 class="section-title">Moderation log</h2>
    <p class="muted count-line">${plural(p.total, 'entry', 'entries')}, newest first${p.totalPages > 1 ? ` · page ${p.page} of ${p.totalPages}` : ''}</p>
    ${modLogTable(p.entries, p.now)}
    ${pagination(base, p.page, p.totalPages, 'Log pages')}`,
  );
}
