// Sign in with Makenot.work (authorization code + PKCE), sign out. No passwords here.

import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { claimProjectOwnership } from '../../db/communities.js';
import { createSession, deleteSession, insertOAuthState, SESSION_TTL_DAYS, takeOAuthState } from '../../db/sessions.js';
import { upsertUser } from '../../db/users.js';
import { SignInError } from '../../mnw/client.js';
import type { AppEnv, Ctx } from '../context.js';
import { viewerOf } from '../context.js';
import { cookieOptions, ensureBrowserId, SESSION_COOKIE } from '../middleware.js';
import { canSignIn } from '../../policy.js';
import { throttleSignIn } from '../ratelimit.js';
import { logoutPage, signInFailedPage } from '../views/auth.js';

const MAX_RETURN_TO = 2000;
const SAFE_BASE = 'http://return-to.invalid';

/**
 * Where to go after signing in: only a same-site relative path. Anything that a browser could read as
 * another host (//host, /\host, schemes, encoded or control-character variants) falls back to "/".
 */
export function safeReturnTo(raw: string | undefined | null): string {
  if (!raw || raw.length > MAX_RETURN_TO) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return '/';
  }
  for (const s of [raw, decoded]) {
    if (!s.startsWith('/') || s.startsWith('//') || s.includes('\\') || /[\x00-\x1f\x7f\s]/.test(s)) return '/';
  }
  let u: URL;
  try {
    u = new URL(raw, SAFE_BASE);
  } catch {
    return '/';
  }
  if (u.origin !== SAFE_BASE || u.pathname.startsWith('/auth/')) return '/';
  return u.pathname + u.search + u.hash;
}

const originOf = (c: Ctx) => new URL(c.req.url).origin;

export function authRoutes(app: Hono<AppEnv>): void {
  app.get('/auth/login', async (c) => {
    const { db, mnw } = c.get('deps');
    await throttleSignIn(c);
    const returnTo = safeReturnTo(c.req.query('return_to'));
    const { url, state, codeVerifier } = await mnw.startSignIn(originOf(c));
    await insertOAuthState(db, { state, browserId: ensureBrowserId(c), codeVerifier, returnTo });
    c.header('cache-control', 'no-store');
    return c.redirect(url.toString(), 302);
  });

  app.get('/auth/callback', async (c) => {
    const { db, mnw } = c.get('deps');
    const log = c.get('log');
    const state = c.req.query('state');
    const fail = (status: 400 | 403 | 502, message: string, detail: string, returnTo = '/') => {
      log.warn({ detail }, 'sign-in failed');
      const retry = `/auth/login?return_to=${encodeURIComponent(returnTo)}`;
      return c.html(signInFailedPage(viewerOf(c), message, retry).value, status);
    };
    if (!state) return fail(400, 'The sign-in response was missing its security check. Please start again.', 'missing state');
    const pending = await takeOAuthState(db, state, c.get('browserId') ?? '');
    if (!pending) return fail(400, 'This sign-in link has expired, was already used, or was started in another browser. Please start again.', 'unknown, reused, expired or foreign state');

    let profile;
    try {
      profile = await mnw.finishSignIn(new URL(c.req.url), state, pending.codeVerifier, originOf(c));
    } catch (err) {
      if (err instanceof SignInError) return fail(err.cancelled ? 400 : 502, err.publicMessage, err.detail, pending.returnTo);
      throw err;
    }
    const user = await db.transaction(async (tx) => {
      const u = await upsertUser(tx, profile);
      await claimProjectOwnership(tx, u.id, u.mnwAccountId);
      return u;
    });
    const allowed = canSignIn(user);
    if (!allowed.ok) return fail(403, allowed.reason, `suspended user ${user.id} tried to sign in`);
    // A brand-new session id on every sign-in, and the old one destroyed: no session fixation.
    const previous = c.get('sessionToken');
    if (previous) await deleteSession(db, previous);
    const { token } = await createSession(db, user.id);
    setCookie(c, SESSION_COOKIE, token, cookieOptions(c.get('secure'), SESSION_TTL_DAYS * 24 * 3600));
    log.info({ userId: user.id }, 'signed in');
    return c.redirect(pending.returnTo, 303);
  });

  app.get('/auth/logout', (c) => {
    if (c.get('user') === null) return c.redirect('/', 303);
    return c.html(logoutPage(viewerOf(c)).value);
  });

  app.post('/auth/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await deleteSession(c.get('deps').db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });
}
