// The platform admin's page: communities and users (one search box), suspend/unsuspend forms, and the
// admin's own recent actions.

import type { User } from '../../core/types.js';
import type { CommunitySummary } from '../../db/communities.js';
import type { ModLogView } from '../../db/modlog.js';
import { html, type Html } from '../html.js';
import { communityPath } from '../paths.js';
import { csrfField, exactTime, notice, plural } from './components.js';
import { modLogTable, type Flash } from './governance.js';
import { layout, type Viewer } from './layout.js';

export interface AdminUserRow extends User {
  isPlatformAdmin: boolean;
  /** policy: canSuspendUser */
  canSuspend: boolean;
}

export interface AdminPageProps {
  viewer: Viewer;
  q: string;
  communities: CommunitySummary[];
  communityPage: number;
  communityPages: number;
  communityTotal: number;
  users: AdminUserRow[];
  userPage: number;
  userPages: number;
  userTotal: number;
  log: ModLogView[];
  flash: Flash;
  now: Date;
}

/** `/_admin` with the search kept, plus any extra parameters. */
export function adminHref(q: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `/_admin?${s}` : '/_admin';
}

export function adminPage(p: AdminPageProps): Html {
  return layout(
    { title: 'Platform admin', viewer: p.viewer, crumbs: [{ label: 'Forums', href: '/' }, { label: 'Platform admin' }] },
    html`<header class="page-head"><div><h1>Platform admin</h1>
      <p class="lede">Suspend a community (its pages show only a suspension notice to everyone but you, and nothing in it can be written) or a user (signed out everywhere, cannot sign in or write).</p></div></header>
    ${p.flash ? notice(p.flash.kind, p.flash.text) : ''}
    <form class="admin-search" method="get" action="/_admin" role="search">
      <label for="q">Search communities and users</label>
      <div class="inline-form">
        <input id="q" name="q" type="search" value="${p.q}" maxlength="100" placeholder="name, slug or username">
        <button class="button" type="submit">Search</button>
        ${p.q ? html`<a href="/_admin">Clear</a>` : ''}
      </div>
    </form>

    <section aria-labelledby="communities-h" class="gov-section">
      <h2 id="communities-h" class="section-title">Communities <span class="muted">(${p.communityTotal})</span></h2>
      ${p.communities.length === 0 ? html`<p class="empty">No community matches.</p>` : communityTable(p)}
      ${pager(p, 'communities')}
    </section>

    <section aria-labelledby="users-h" class="gov-section">
      <h2 id="users-h" class="section-title">Users <span class="muted">(${p.userTotal})</span></h2>
      ${p.users.length === 0 ? html`<p class="empty">No user matches.</p>` : userTable(p)}
      ${pager(p, 'users')}
    </section>

    <section aria-labelledby="log-h" class="gov-section">
      <h2 id="log-h" class="section-title">Recent platform actions</h2>
      ${modLogTable(p.log, p.now, { showCommunity: true })}
    </section>`,
  );
}

function suspendForm(p: AdminPageProps, kind: 'communities' | 'users', id: number, suspended: boolean, label: string): Html {
  const token = p.viewer.csrfToken;
  const action = `/_admin/${kind}/${id}`;
  const inputId = `reason-${kind}-${id}`;
  const confirm = suspended ? html`` : html` data-confirm="Suspend ${label}?"`;
  return html`<form class="inline-form" method="post" action="${action}/${suspended ? 'unsuspend' : 'suspend'}"${confirm}>
    ${csrfField(token)}
    <input type="hidden" name="q" value="${p.q}">${p.userPage > 1 ? html`<input type="hidden" name="page" value="${p.userPage}">` : ''}${p.communityPage > 1 ? html`<input type="hidden" name="cpage" value="${p.communityPage}">` : ''}
    ${suspended
      ? html`<button class="button-quiet button-small" type="submit">Lift suspension of ${label}</button>`
      : html`<label class="visually-hidden" for="${inputId}">Reason for suspending ${label}</label>
        <input id="${inputId}" name="reason" maxlength="500" placeholder="Reason (optional)">
        <button class="button-danger button-small" type="submit">Suspend ${label}</button>`}
  </form>`;
}

function stateCell(suspendedAt: Date | null, reason: string): Html {
  if (!suspendedAt) return html`<span class="muted nowrap">Active</span>`;
  return html`<span class="badge badge-warning">Suspended</span> <span class="muted" title="${exactTime(suspendedAt)}">${reason}</span>`;
}

function communityTable(p: AdminPageProps): Html {
  return html`<div class="table-scroll"><table class="data-table admin-communities">
    <thead><tr><th scope="col">Community</th><th scope="col" class="num">Members</th><th scope="col" class="num">Threads</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
    <tbody>${p.communities.map(
      (c) => html`<tr data-community="${c.slug}">
        <td><a href="${communityPath(c.slug)}">${c.name}</a> <span class="muted">/p/${c.slug}</span></td>
        <td class="num">${c.memberCount}</td>
        <td class="num">${c.threadCount}</td>
        <td>${stateCell(c.suspendedAt, c.suspendedReason)}</td>
        <td>${suspendForm(p, 'communities', c.id, c.suspendedAt !== null, c.slug)}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function userTable(p: AdminPageProps): Html {
  return html`<div class="table-scroll"><table class="data-table admin-users">
    <thead><tr><th scope="col">User</th><th scope="col">MNW id</th><th scope="col">Joined</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
    <tbody>${p.users.map(
      (u) => html`<tr data-user="${u.username}">
        <td>${u.displayName} <span class="muted">@${u.username}</span>${u.isPlatformAdmin ? html` <span class="badge badge-admin">Admin</span>` : ''}</td>
        <td><code>${u.mnwAccountId}</code></td>
        <td class="nowrap">${u.createdAt.toISOString().slice(0, 10)}</td>
        <td>${stateCell(u.suspendedAt, u.suspendedReason)}</td>
        <td>${u.canSuspend ? suspendForm(p, 'users', u.id, u.suspendedAt !== null, `@${u.username}`) : ''}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** Previous/next over user pages, keeping the search. */
/** Previous/next for one of the two lists; the other list stays on its page. */
function pager(p: AdminPageProps, list: 'users' | 'communities'): Html {
  const users = list === 'users';
  const [page, pages, total] = users ? [p.userPage, p.userPages, p.userTotal] : [p.communityPage, p.communityPages, p.communityTotal];
  if (pages <= 1) return html``;
  const href = (n: number) => {
    const pageOf = { page: users ? n : p.userPage, cpage: users ? p.communityPage : n };
    return adminHref(p.q, Object.fromEntries(Object.entries(pageOf).filter(([, v]) => v > 1).map(([k, v]) => [k, String(v)])));
  };
  return html`<nav class="pagination" aria-label="${users ? 'User pages' : 'Community pages'}">
    ${page > 1 ? html`<a class="page-prev" rel="prev" href="${href(page - 1)}">← Previous</a>` : ''}
    <span class="muted">Page ${page} of ${pages} · ${users ? plural(total, 'user') : plural(total, 'community', 'communities')}</span>
    ${page < pages ? html`<a class="page-next" rel="next" href="${href(page + 1)}">Next →</a>` : ''}
  </nav>`;
}
