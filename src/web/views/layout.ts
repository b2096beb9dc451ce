import { html, type Html } from '../html.js';
import { breadcrumbs, type Crumb } from './components.js';
import { ASSET_VERSION } from '../static.js';

/** What every page's frame needs to know about the person looking at it. */
export interface Viewer {
  signedIn: boolean;
  username: string | null;
  displayName: string | null;
  isPlatformAdmin: boolean;
  csrfToken: string;
  /** The current path, so "Sign in" comes back here. */
  path: string;
}

export interface PageProps {
  title: string;
  viewer: Viewer;
  crumbs?: Crumb[];
  /** Extra class on <main>, for page-specific layout. */
  mainClass?: string;
}

export const SITE_NAME = 'Multithreaded';
/**
 * htmx settings: no injected <style> and no eval (the CSP forbids both); 4xx answers are swapped in,
 * because they carry the form with its error message or a notice explaining the refusal.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '4..', swap: true, error: false },
    { code: '...', swap: false, error: true },
  ],
});

export function layout(p: PageProps, content: Html): Html {
  const v = p.viewer;
  const loginHref = `/auth/login?return_to=${encodeURIComponent(v.path)}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${v.csrfToken ? html`<meta name="csrf-token" content="${v.csrfToken}">
` : ''}<meta name="htmx-config" content='${HTMX_CONFIG}'>
<title>${p.title === SITE_NAME ? SITE_NAME : `${p.title} · ${SITE_NAME}`}</title>
<link rel="stylesheet" href="/static/css/app.css?v=${ASSET_VERSION}">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/static/js/htmx.min.js?v=${ASSET_VERSION}" defer></script>
<script src="/static/js/app.js?v=${ASSET_VERSION}" defer></script>
</head>
<body${v.csrfToken ? html` hx-headers='{"X-CSRF-Token": "${v.csrfToken}"}'` : ''}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-inner">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">≋</span> ${SITE_NAME}</a>
    <nav class="user-nav" aria-label="Account">
      ${v.isPlatformAdmin ? html`<a href="/_admin">Admin</a>` : ''}
      ${v.signedIn
        ? html`<span class="signed-in-as">Signed in as <strong>${v.displayName}</strong> <span class="muted">@${v.username}</span></span>
           <a href="/auth/logout">Sign out</a>`
        : html`<a class="button button-small" href="${loginHref}">Sign in with Makenot.work</a>`}
    </nav>
  </div>
</header>
<main id="main" class="wrap ${p.mainClass ?? ''}" tabindex="-1">
${breadcrumbs(p.crumbs ?? [])}
${content}
</main>
<footer class="site-footer"><div class="wrap">
  <p>${SITE_NAME} — forums for <a href="https://makenot.work" rel="nofollow noopener">Makenot.work</a> projects.</p>
</div></footer>
</body>
</html>`;
}
