// A stand-in for Makenot.work, for development and tests only: the same contract as the real one
// (DESIGN.md "MNW contract"), with PKCE verified for real so the client code path is the production one.
// It is a separate application mounted by src/main.ts only when no MNW is configured outside production.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { html } from '../web/html.js';
import { DEMO_ACCOUNTS, DEMO_PROJECTS, DEMO_ROLES, type DemoAccount } from './demo-accounts.js';

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 3600;
const NEW_USERNAME = /^[a-z0-9_]{2,32}$/;

interface IssuedCode {
  account: DemoAccount;
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

export interface DevMnwOptions {
  clientId: string;
  /** The redirect URIs this client may use, checked like a real authorization server would. */
  isAllowedRedirect(uri: string): boolean;
}

export function buildDevMnw(opts: DevMnwOptions): Hono {
  const app = new Hono();
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, { account: DemoAccount; expiresAt: number }>();
  const extraAccounts = new Map<string, DemoAccount>();

  const findAccount = (id: string) => DEMO_ACCOUNTS.find((a) => a.id === id) ?? extraAccounts.get(id);

  const authorizeError = (msg: string) =>
    new Response(`Development MNW: ${msg}`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });

  function checkRequest(q: Record<string, string | undefined>): string | null {
    if (q.response_type !== 'code') return 'response_type must be "code".';
    if (q.client_id !== opts.clientId) return 'unknown client_id.';
    if (!q.redirect_uri || !opts.isAllowedRedirect(q.redirect_uri)) return 'redirect_uri is not registered for this client.';
    if (q.code_challenge_method !== 'S256' || !q.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge)) return 'PKCE with S256 is required.';
    if (!q.state) return 'state is required.';
    return null;
  }

  app.get('/oauth/authorize', (c) => {
    const q = c.req.query();
    const problem = checkRequest(q);
    if (problem) return authorizeError(problem);
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'].map(
      (k) => html`<input type="hidden" name="${k}" value="${q[k] ?? ''}">`,
    );
    return c.html(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Makenot.work (development)</title><link rel="stylesheet" href="/static/css/app.css"><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body class="dev-mnw"><main id="main" class="wrap narrow">
<p class="badge badge-warning">Development stand-in for Makenot.work</p>
<h1>Sign in to Makenot.work</h1>
<p>Multithreaded wants to know who you are. Pick a demo account, or make up a new one.</p>
<form method="post" action="/_dev/mnw/oauth/authorize" class="stack">
  ${hidden}
  <!-- New account first: Enter in its field must submit it, not the first demo account. -->
  <fieldset><legend>New account</legend>
    <label for="new-username">Username <span class="muted">(lowercase letters, digits, _)</span></label>
    <input id="new-username" name="new_username" autocomplete="off" pattern="[a-z0-9_]{2,32}">
    <button type="submit" name="account" value="new" class="button">Sign in as new user</button>
  </fieldset>
  <fieldset class="account-list"><legend>Demo accounts</legend>
  ${DEMO_ACCOUNTS.map(
    (a) => html`<button type="submit" name="account" value="${a.id}" class="account-button">
      <strong>${a.display_name}</strong> <span class="muted">@${a.username} · ${DEMO_ROLES[a.id] ?? ''}</span></button>`,
  )}
  </fieldset>
  <button type="submit" name="deny" value="1" class="button-quiet">Cancel</button>
</form></main></body></html>`.value,
    );
  });

  app.post('/oauth/authorize', async (c) => {
    // Same-origin only: a page elsewhere must not be able to sign a visitor in as someone.
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return authorizeError('cross-site form posts are refused.');
    const body = await c.req.parseBody();
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') q[k] = v;
    const problem = checkRequest(q);
    if (problem) return authorizeError(problem);
    const back = new URL(q.redirect_uri!);
    back.searchParams.set('state', q.state!);
    if (q.deny) {
      back.searchParams.set('error', 'access_denied');
      return c.redirect(back.toString(), 302);
    }
    let account = q.account ? findAccount(q.account) : undefined;
    if (q.account === 'new') {
      const username = (q.new_username ?? '').trim().toLowerCase();
      if (!NEW_USERNAME.test(username)) return authorizeError('new usernames are 2-32 lowercase letters, digits or _. Go back and try again.');
      if (DEMO_ACCOUNTS.some((a) => a.username === username)) return authorizeError(`"${username}" is a demo account; pick it from the list instead.`);
      account = { id: `mnw-dev-${username}`, username, display_name: username, avatar_url: null };
      extraAccounts.set(account.id, account);
    }
    if (!account) return authorizeError('pick an account.');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { account, clientId: q.client_id!, redirectUri: q.redirect_uri!, challenge: q.code_challenge!, expiresAt: Date.now() + CODE_TTL_MS });
    back.searchParams.set('code', code);
    return c.redirect(back.toString(), 302);
  });

  app.post('/oauth/token', async (c) => {
    const fail = (error: string, description: string) => c.json({ error, error_description: description }, 400);
    const body = await c.req.parseBody();
    const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    if (get('grant_type') !== 'authorization_code') return fail('unsupported_grant_type', 'only authorization_code');
    const issued = codes.get(get('code'));
    codes.delete(get('code')); // single use, whatever happens next
    if (!issued || issued.expiresAt < Date.now()) return fail('invalid_grant', 'unknown, used or expired code');
    if (get('client_id') !== issued.clientId) return fail('invalid_client', 'client_id mismatch');
    if (get('redirect_uri') !== issued.redirectUri) return fail('invalid_grant', 'redirect_uri mismatch');
    const verifier = get('code_verifier');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return fail('invalid_grant', 'code_verifier missing or malformed');
    const expected = Buffer.from(issued.challenge);
    const actual = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return fail('invalid_grant', 'PKCE verification failed');
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, { account: issued.account, expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
    c.header('cache-control', 'no-store');
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: TOKEN_TTL_S, scope: 'profile' });
  });

  app.get('/api/userinfo', (c) => {
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer (\S+)$/i.exec(auth);
    const t = m ? tokens.get(m[1]!) : undefined;
    if (!t || t.expiresAt < Date.now()) return c.json({ error: 'invalid_token' }, 401);
    const a = t.account;
    return c.json({ id: a.id, username: a.username, display_name: a.display_name, avatar_url: a.avatar_url });
  });

  app.get('/api/projects', (c) => c.json(DEMO_PROJECTS));

  return app;
}
