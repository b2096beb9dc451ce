// buildApp: middleware order and route mounts. It never listens (tests call app.request / app.fetch).

import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, statusOf } from '../core/errors.js';
import type { AppDeps, AppEnv, Ctx } from './context.js';
import { isHtmx, viewerOf } from './context.js';
import { html } from './html.js';
import { CommunitySuspended, Moved } from './load.js';
import { categoryPath, communityPath, movedRedirect, threadPath } from './paths.js';
import { RESERVED_SLUGS } from './forms.js';
import { bodyLimit, csrf, requestContext, securityHeaders, session, trailingSlash } from './middleware.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { forumRoutes } from './routes/forum.js';
import { healthRoutes } from './routes/health.js';
import { moderationRoutes } from './routes/moderation.js';
import { settingsRoutes } from './routes/settings.js';
import { writingRoutes } from './routes/writing.js';
import { staticRoutes } from './static.js';
import { notice } from './views/components.js';
import { suspendedCommunityPage } from './views/forum.js';
import { errorPage, type BackLink } from './views/status.js';

export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestContext(deps));
  app.use('*', securityHeaders());
  app.use('*', trailingSlash());
  staticRoutes(app);
  healthRoutes(app);
  app.use('*', bodyLimit());
  app.use('*', session());
  app.use('*', csrf());

  authRoutes(app);
  // Governance before writing: /p/:slug/settings and /p/:slug/moderation must win over /p/:slug/:category.
  settingsRoutes(app);
  moderationRoutes(app);
  adminRoutes(app);
  // Writing routes first: /p/:slug/:category/new must win over the thread and category patterns.
  writingRoutes(app);
  forumRoutes(app);

  app.notFound((c) => c.html(errorPage(viewerOf(c), 404, 'There is nothing at this address.').value, 404));
  app.onError((err, c) => handleError(err, c));
  return app;
}

/** The one place errors become responses: known ones to their page, everything else to a logged, detail-free 500. */
function handleError(err: Error, c: Ctx): Response {
  if (err instanceof Moved) return movedRedirect(c, err.location);
  if (err instanceof CommunitySuspended) {
    if (isHtmx(c)) return htmxRefusal(c, 'This community is suspended; nothing in it can be changed.', 403);
    return c.html(suspendedCommunityPage(viewerOf(c), err.community).value, 403);
  }
  if (err instanceof AppError) {
    if (err.kind === 'unauthenticated') return redirectToSignIn(c);
    const status = statusOf(err.kind);
    if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
    // The rest of an oversized body is never read, so this connection cannot carry another request.
    if (err.kind === 'payload_too_large') c.header('connection', 'close');
    if (status >= 500) c.get('log')?.warn({ err: err.cause ?? err }, err.publicMessage);
    if (isHtmx(c)) return htmxRefusal(c, err.publicMessage, status);
    return c.html(errorPage(viewerOf(c), status, err.publicMessage, status === 404 ? null : backLinkOf(c)).value, status as 400);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.html(errorPage(viewerOf(c), err.status, 'The request could not be understood.').value, err.status);
  }
  (c.get('log') ?? c.get('deps')?.log)?.error({ err }, 'unhandled error');
  return c.html(errorPage(viewerOf(c), 500, 'Something broke on our side. It has been logged; please try again.').value, 500);
}

/**
 * An HTMX request refused: the message goes into the sending form's notice slot (replacing any earlier
 * one) instead of replacing the form, so what the person typed survives. Every HTMX form has the slot.
 */
function htmxRefusal(c: Ctx, message: string, status: number): Response {
  c.header('hx-retarget', 'find .form-notices');
  c.header('hx-reswap', 'innerHTML');
  return c.html(notice('error', message).value, status as 400);
}

/**
 * For a refusal inside a community: a link back to the thread, category or community the request was
 * about (a 404 gets none: that page may be what does not exist).
 */
function backLinkOf(c: Ctx): BackLink | null {
  const m = /^\/p\/([a-z0-9][a-z0-9-]*)(?:\/([a-z0-9][a-z0-9-]*)(?:\/(\d+))?)?(?:\/|$)/.exec(new URL(c.req.url).pathname);
  if (!m) return null;
  const [, slug, category, threadId] = m as unknown as [string, string, string | undefined, string | undefined];
  // settings, moderation, members…: a reserved slug is a page of the community, never a category.
  if (category && !RESERVED_SLUGS.has(category)) {
    if (threadId) return { href: threadPath(slug, category, Number(threadId)), label: 'Back to the thread' };
    return { href: categoryPath(slug, category), label: 'Back to the category' };
  }
  return { href: communityPath(slug), label: 'Back to the community' };
}

/** Anonymous writes go to sign-in and come back to the page they were on. */
function redirectToSignIn(c: Ctx): Response {
  const url = new URL(c.req.url);
  let back = url.pathname + url.search;
  if (c.req.method !== 'GET') {
    const ref = c.req.header('referer');
    back = ref && ref.startsWith(url.origin + '/') ? ref.slice(url.origin.length) : '/';
  }
  const login = `/auth/login?return_to=${encodeURIComponent(back)}`;
  if (isHtmx(c)) {
    c.header('hx-redirect', login);
    return c.html(html``.value, 401);
  }
  return c.redirect(login, c.req.method === 'GET' ? 302 : 303);
}
