// Small pieces shared by pages and by the HTMX partials, so a swapped fragment is the same markup as a full page.

import type { Role } from '../../core/types.js';
import { html, type Html, type Renderable } from '../html.js';
import { withPage } from '../paths.js';

export interface Crumb {
  label: string;
  href?: string;
}

export function breadcrumbs(crumbs: Crumb[]): Html {
  if (crumbs.length === 0) return html``;
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${crumbs.map((c, i) =>
    c.href && i < crumbs.length - 1
      ? html`<li><a href="${c.href}">${c.label}</a></li>`
      : html`<li><span aria-current="page">${c.label}</span></li>`,
  )}</ol></nav>`;
}

/** Hidden CSRF field every form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf_token" value="${token}">`;
}

export function pagination(basePath: string, page: number, totalPages: number, label = 'Pages'): Html {
  if (totalPages <= 1) return html``;
  const href = (n: number) => withPage(basePath, n);
  const shown = pageWindow(page, totalPages);
  return html`<nav class="pagination" aria-label="${label}">
    ${page > 1 ? html`<a class="page-prev" rel="prev" href="${href(page - 1)}">← Previous</a>` : html`<span class="page-prev disabled" aria-hidden="true">← Previous</span>`}
    <ol>${shown.map((n) =>
      n === null
        ? html`<li class="gap" aria-hidden="true">…</li>`
        : n === page
          ? html`<li><span class="current" aria-current="page">${n}</span></li>`
          : html`<li><a href="${href(n)}" aria-label="Page ${n}">${n}</a></li>`,
    )}</ol>
    ${page < totalPages ? html`<a class="page-next" rel="next" href="${href(page + 1)}">Next →</a>` : html`<span class="page-next disabled" aria-hidden="true">Next →</span>`}
  </nav>`;
}

/** First, last, and two either side of the current page; null marks a gap. */
export function pageWindow(page: number, total: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - page) <= 2) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

export function avatar(name: string, url: string | null, size: 'sm' | 'md' = 'md'): Html {
  if (url && /^https?:\/\//i.test(url)) {
    return html`<img class="avatar avatar-${size}" src="${url}" alt="" width="40" height="40" loading="lazy" referrerpolicy="no-referrer">`;
  }
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  return html`<span class="avatar avatar-${size} avatar-initial hue-${hueOf(name)}" aria-hidden="true">${initial}</span>`;
}

/** One of 12 colour classes, stable per name (no inline styles: the CSP forbids them). */
function hueOf(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.codePointAt(0)!) % 12;
  return h;
}

export function roleBadge(role: Role | null, isPlatformAdmin = false): Html {
  if (isPlatformAdmin) return html`<span class="badge badge-admin">Admin</span>`;
  if (role === 'owner') return html`<span class="badge badge-owner">Owner</span>`;
  if (role === 'moderator') return html`<span class="badge badge-mod">Moderator</span>`;
  return html``;
}

/** Relative time for reading, exact UTC time on hover and in the datetime attribute. */
export function timeAgo(d: Date, now = new Date()): Html {
  return html`<time datetime="${d.toISOString()}" title="${exactTime(d)}">${relativeTime(d, now)}</time>`;
}

export function exactTime(d: Date): string {
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function relativeTime(d: Date, now: Date): string {
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(h / 24);
  if (days < 30) return days === 1 ? 'yesterday' : `${days} days ago`;
  return d.toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** An error message tied to its field for screen readers. */
export function fieldError(id: string, message: string | undefined): Html {
  return message ? html`<p class="field-error" id="${id}-error" role="alert">${message}</p>` : html``;
}

export function notice(kind: 'info' | 'warning' | 'error' | 'success', body: Renderable): Html {
  return html`<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${body}</div>`;
}
