// Request pipeline: request id + log → security headers → body limit → session (sets actor) → CSRF.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { AppError } from '../core/errors.js';
import { lookups } from '../db/lookups.js';
import { ANONYMOUS, isPlatformAdminAccount, type Actor } from '../policy.js';
import type { AppDeps, AppEnv } from './context.js';

export const SESSION_COOKIE = 'mt_session';
export const BROWSER_COOKIE = 'mt_browser';
export const MAX_BODY_BYTES = 1024 * 1024;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomUUID();
    const log = deps.log.child({ requestId });
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', log);
    const proto = deps.config.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    // Secure cookies whenever the site is served over HTTPS (a plain-http staging host must still get its cookies).
    const httpsSite = deps.config.production && (deps.config.oauthRedirectUrl?.startsWith('https:') ?? false);
    c.set('secure', httpsSite || proto === 'https' || new URL(c.req.url).protocol === 'https:');
    const started = performance.now();
    // Headers are set before the handler runs: the response is then built with them in one go
    // (changing a finished response's headers makes @hono/node-server copy its whole body).
    c.header('x-request-id', requestId);
    await next();
    if (!c.res.headers.has('x-request-id')) c.header('x-request-id', requestId);
    // The route pattern, not the URL: no query strings (OAuth codes, states) ever reach the log.
    const user = c.get('user');
    log.info({ method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started), userId: user?.id }, 'request');
  };
}

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headers: [string, string][] = [
      ['content-security-policy', CONTENT_SECURITY_POLICY],
      ['x-content-type-options', 'nosniff'],
      ['referrer-policy', 'same-origin'],
      ['x-frame-options', 'DENY'],
      ['cross-origin-opener-policy', 'same-origin'],
    ];
    if (c.get('secure')) headers.push(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
    // Before the handler, so responses are built with them (see requestContext); a response made
    // without the context's headers (a raw Response) gets them afterwards.
    for (const [name, value] of headers) c.header(name, value);
    await next();
    if (!c.res.headers.has('content-security-policy')) for (const [name, value] of headers) c.header(name, value);
  };
}

/** /p/tidepool/ and /p/tidepool are the same page: GETs with a trailing slash redirect to the canonical URL. */
export function trailingSlash(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && url.pathname.length > 1 && url.pathname.endsWith('/') && !url.pathname.startsWith('/static/')) {
      const path = url.pathname.replace(/\/+$/, '') || '/';
      // Only a single leading slash: never turn "//host/" into a protocol-relative redirect.
      if (!path.startsWith('//')) return c.redirect(path + url.search, 301);
    }
    return next();
  };
}

/** Refuses bodies over MAX_BODY_BYTES with 413, by header and by counting what actually arrives. */
export function bodyLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method) || !c.req.raw.body) return next();
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > MAX_BODY_BYTES) throw tooLarge();
    // Buffer the body once with a running count, so chunked uploads cannot slip past the limit.
    const reader = c.req.raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
    const buffered = new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: Buffer.concat(chunks) });
    c.req.raw = buffered;
    return next();
  };
}

const tooLarge = () => new AppError('payload_too_large', `Requests are limited to ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);

export function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'Lax' as const, secure, path: '/', maxAge: maxAgeSeconds };
}

/**
 * Who is asking: a valid session's user (never a suspended one), or anonymous. The session lookup is
 * coalesced with concurrent requests' (src/db/lookups.ts) but always reads after the request arrived.
 */
export function session(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, config, secret } = c.get('deps');
    // The browser id binds a sign-in in flight to its browser; it is issued when a sign-in starts
    // (ensureBrowserId), so reading the forum sets no cookie and anonymous pages are the same for all.
    const browserCookie = getCookie(c, BROWSER_COOKIE);
    const browserId = browserCookie !== undefined && TOKEN_SHAPE.test(browserCookie) ? browserCookie : null;
    c.set('browserId', browserId);

    let actor: Actor = ANONYMOUS;
    let user = null;
    let token = getCookie(c, SESSION_COOKIE) ?? null;
    if (token !== null) {
      user = TOKEN_SHAPE.test(token) ? await lookups(db).sessionUser(token) : null;
      if (user === null) {
        // Unknown, expired, signed out or suspended: the cookie is worthless, so drop it.
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        token = null;
      }
    }
    if (user !== null) {
      actor = { kind: 'user', id: user.id, username: user.username, suspended: user.suspendedAt !== null, isPlatformAdmin: isPlatformAdminAccount(user.mnwAccountId, config.platformAdminId) };
    }
    c.set('actor', actor);
    c.set('user', user);
    c.set('sessionToken', token);
    // No session and no browser id: nothing can be submitted, so there is no token (and csrf() refuses).
    c.set('csrfToken', token !== null || browserId !== null ? csrfTokenFor(secret, token, browserId ?? '') : '');
    // The same URL is one page for readers and another (a name, a form token) for someone signed in:
    // a shared cache must tell them apart, and must never keep a personal page.
    c.header('vary', 'Cookie');
    if (token !== null || browserId !== null) c.header('cache-control', 'private, no-cache');
    await next();
  };
}

/** The browser id, issued now (with its cookie) if this browser has none yet. */
export function ensureBrowserId(c: Context<AppEnv>): string {
  let browserId = c.get('browserId');
  if (browserId === null) {
    browserId = randomBytes(32).toString('base64url');
    setCookie(c, BROWSER_COOKIE, browserId, cookieOptions(c.get('secure'), 365 * 24 * 3600));
    c.set('browserId', browserId);
    c.set('csrfToken', csrfTokenFor(c.get('deps').secret, c.get('sessionToken'), browserId));
  }
  return browserId;
}

/** Per-session token (or per-browser before sign-in): an HMAC, so any instance can check it without storage. */
export function csrfTokenFor(secret: string, sessionToken: string | null, browserId: string): string {
  const subject = sessionToken !== null ? `session:${sessionToken}` : `browser:${browserId}`;
  return createHmac('sha256', secret).update(subject).digest('base64url');
}

/**
 * Every unsafe method needs the token, from the X-CSRF-Token header or a csrf_token form field,
 * before any handler runs — whatever the content type.
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method)) return next();
    let supplied = c.req.header('x-csrf-token') ?? null;
    if (supplied === null) {
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        let body: Record<string, unknown>;
        try {
          body = await c.req.parseBody();
        } catch {
          throw new AppError('bad_request', 'The form data could not be read.');
        }
        const field = body.csrf_token;
        supplied = typeof field === 'string' ? field : null;
      }
    }
    const expected = c.get('csrfToken');
    if (supplied === null || expected === '' || !tokensEqual(supplied, expected)) {
      throw new AppError('forbidden', 'This form is no longer valid — you may have signed out, or signed in as someone else, in another tab (or it did not come from this site). Reload the page and try again.');
    }
    return next();
  };
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

