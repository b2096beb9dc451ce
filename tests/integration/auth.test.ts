// Sign-in with the development MNW over real HTTP: the full round trip, PKCE, state, redirects,
// sessions, logout, suspension, and failures of MNW itself.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, TestClient, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
});
afterAll(() => t?.close());

const sessionRows = async () => (await t.db.query<{ n: number }>(`select count(*) as n from sessions`))[0]!.n;

/** Runs login and the MNW decision, returning the callback URL without visiting it. */
async function callbackUrl(c: TestClient, account: string, returnTo = '/'): Promise<{ callback: string; code: string; state: string }> {
  const login = await c.get(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  const authorize = new URL(login.location!);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', account);
  const decision = await c.request('POST', authorize.origin + authorize.pathname, { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const cb = new URL(decision.location!);
  return { callback: cb.toString(), code: cb.searchParams.get('code')!, state: cb.searchParams.get('state')! };
}

describe('sign-in round trip', () => {
  it('signs in through the development MNW and shows the name in the header', async () => {
    const c = t.client();
    const login = await c.get('/auth/login?return_to=%2Fp%2Ftidepool');
    expect(login.status).toBe(302);
    const authorize = new URL(login.location!);
    expect(authorize.pathname).toBe('/_dev/mnw/oauth/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();

    const done = await c.signIn(DEMO.member, '/p/tidepool');
    expect(done.status).toBe(303);
    expect(done.location).toBe('/p/tidepool');
    const page = await c.get('/p/tidepool');
    expect(page.text).toContain('Signed in as <strong>Dara Nwosu</strong>');
  });

  it('creates the user once and refreshes the profile on every sign-in', async () => {
    const c = t.client();
    await c.signIn('newcomer_1');
    await t.db.query(`update users set display_name = 'stale' where username = 'newcomer_1'`);
    await t.client().signIn('newcomer_1');
    const rows = await t.db.query<{ displayName: string }>(`select display_name as "displayName" from users where username = 'newcomer_1'`);
    expect(rows).toEqual([{ displayName: 'newcomer_1' }]);
  });

  it('issues a new session id at sign-in and destroys the one before (no fixation)', async () => {
    const c = t.client();
    await c.signIn(DEMO.member);
    const first = c.cookies.get('mt_session')!;
    await c.signIn(DEMO.member2);
    const second = c.cookies.get('mt_session')!;
    expect(second).not.toBe(first);
    const old = new TestClient(t.url);
    old.cookies.set('mt_session', first);
    expect((await old.get('/')).text).not.toContain('Signed in as');
  });

  it('stores only a hash of the session token, in a cookie that is HttpOnly and SameSite=Lax', async () => {
    const c = t.client();
    const login = await callbackUrl(c, DEMO.member);
    const res = await c.get(login.callback);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('mt_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=604800/);
    const token = c.cookies.get('mt_session')!;
    const raw = await t.db.query(`select 1 from sessions where encode(token_hash, 'escape') = $1 or encode(token_hash, 'base64') = $1`, [token]);
    expect(raw).toHaveLength(0);
  });
});

describe('the MNW project directory', () => {
  it("makes the project's MNW owner the owner of its new community when they sign in", async () => {
    expect((await t.client().get('/p/driftwood')).status).toBe(200);
    const juno = t.client();
    await juno.signIn(DEMO.quarryOwner);
    const role = await t.db.query(`select m.role from memberships m join users u on u.id = m.user_id join communities c on c.id = m.community_id where c.slug = 'driftwood' and u.mnw_account_id = $1`, [DEMO.quarryOwner]);
    expect(role).toEqual([{ role: 'owner' }]);
    expect((await juno.get('/p/driftwood/settings')).status).toBe(200);
  });
});

describe('PKCE and state', () => {
  it('the development MNW refuses a wrong code_verifier', async () => {
    const c = t.client();
    const { code } = await callbackUrl(c, DEMO.member);
    const res = await c.request('POST', '/_dev/mnw/oauth/token', {
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${t.url}/auth/callback`, client_id: 'multithreaded-dev', code_verifier: 'x'.repeat(43) }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toBe('invalid_grant');
  });

  it('ends on a clear page, with no session, when the verifier does not match', async () => {
    const c = t.client();
    const { callback } = await callbackUrl(c, DEMO.member);
    await t.db.query(`update oauth_states set code_verifier = $1`, ['y'.repeat(43)]);
    const before = await sessionRows();
    const res = await c.get(callback);
    expect(res.status).toBe(502);
    expect(res.text).toContain('Try signing in again');
    expect(c.cookies.has('mt_session')).toBe(false);
    expect(await sessionRows()).toBe(before);
  });

  it('refuses an unknown state, a reused state, and a state from another browser', async () => {
    const c = t.client();
    const missing = await c.get('/auth/callback?code=abc');
    expect(missing.status).toBe(400);
    const unknown = await c.get('/auth/callback?code=abc&state=nope');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('expired, was already used');

    const { callback } = await callbackUrl(c, DEMO.member);
    const other = t.client();
    const stolen = await other.get(callback);
    expect(stolen.status).toBe(400);
    expect(other.cookies.has('mt_session')).toBe(false);
    // The stolen attempt consumed the state: the rightful browser must start again too.
    expect((await c.get(callback)).status).toBe(400);

    const again = await callbackUrl(c, DEMO.member);
    expect((await c.get(again.callback)).status).toBe(303);
    const reuse = await c.get(again.callback);
    expect(reuse.status).toBe(400);
  });

  it('says so when the person cancels at MNW', async () => {
    const c = t.client();
    const login = await c.get('/auth/login');
    const authorize = new URL(login.location!);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('deny', '1');
    const decision = await c.request('POST', authorize.origin + authorize.pathname, { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const res = await c.get(decision.location!);
    expect(res.status).toBe(400);
    expect(res.text).toContain('cancelled');
  });
});

describe('return_to', () => {
  const hostile = ['//evil.example', '/\\evil.example', 'https://evil.example/', 'http:evil.example', '%2F%2Fevil.example', '/%2F/evil.example', '/%5Cevil.example', 'javascript:alert(1)', ' //evil.example', '/\t/evil.example', '\\\\evil.example', '/auth/logout', ''];
  for (const value of hostile) {
    it(`falls back to / for ${JSON.stringify(value)}`, async () => {
      const res = await t.client().signIn(DEMO.member, value);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/');
    });
  }
  it('keeps a same-site path with its query and fragment', async () => {
    const res = await t.client().signIn(DEMO.member, '/p/tidepool/help?page=2#post-3');
    expect(res.location).toBe('/p/tidepool/help?page=2#post-3');
  });
});

describe('sessions and logout', () => {
  it('GET /auth/logout only asks; POST with CSRF signs out and the old cookie is worthless', async () => {
    const c = t.client();
    await c.signIn(DEMO.member);
    const token = c.cookies.get('mt_session')!;
    const ask = await c.get('/auth/logout');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('action="/auth/logout"');
    expect((await c.get('/')).text).toContain('Signed in as');

    const noCsrf = await c.post('/auth/logout', {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect((await c.get('/')).text).toContain('Signed in as');

    const out = await c.post('/auth/logout');
    expect(out.status).toBe(303);
    expect((await c.get('/')).text).not.toContain('Signed in as');
    const replay = new TestClient(t.url);
    replay.cookies.set('mt_session', token);
    expect((await replay.get('/')).text).not.toContain('Signed in as');
  });

  it('an expired session is anonymous, and expired rows are cleaned up', async () => {
    const c = t.client();
    await c.signIn(DEMO.member2);
    await t.db.query(`update sessions set expires_at = now() - interval '1 second'`);
    expect((await c.get('/')).text).not.toContain('Signed in as');
    const { deleteExpired } = await import('../../src/db/sessions.js');
    const removed = await deleteExpired(t.db);
    expect(removed.sessions).toBeGreaterThan(0);
    expect(await sessionRows()).toBe(0);
  });

  it("a suspended user's session stops working at once, and they cannot sign in again", async () => {
    const c = t.client();
    await c.signIn(DEMO.kit);
    expect((await c.get('/')).text).toContain('Signed in as');
    await t.db.query(`update users set suspended_at = now() where mnw_account_id = $1`, [DEMO.kit]);
    expect((await c.get('/')).text).not.toContain('Signed in as');
    const again = await t.client().signIn(DEMO.kit);
    expect(again.status).toBe(403);
    expect(again.text).toContain('suspended');
    await t.db.query(`update users set suspended_at = null where mnw_account_id = $1`, [DEMO.kit]);
  });

  it('the seeded platform-suspended user is refused at sign-in', async () => {
    const before = await sessionRows();
    const res = await t.client().signIn(DEMO.suspended);
    expect(res.status).toBe(403);
    expect(await sessionRows()).toBe(before);
  });
});

describe('when MNW misbehaves', () => {
  /** A fake MNW whose behaviour each test chooses. */
  async function fakeMnw(handler: http.RequestListener) {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
  }

  async function appAgainst(mnwUrl: string) {
    return startTestApp({ env: { MNW_BASE_URL: mnwUrl, OAUTH_REDIRECT_URL: 'http://127.0.0.1:1/auth/callback', OAUTH_CLIENT_ID: 'test-client', PLATFORM_ADMIN_ID: 'mnw-1000', MNW_TIMEOUT_MS: '400' } });
  }

  async function attempt(app: TestApp) {
    const c = app.client();
    const login = await c.get('/auth/login');
    const state = new URL(login.location!).searchParams.get('state')!;
    return c.get(`/auth/callback?code=abc&state=${encodeURIComponent(state)}`);
  }

  it('unreachable: the directory still renders from local data, sign-in fails clearly', async () => {
    const dead = await fakeMnw(() => {});
    const url = dead.url;
    await dead.close();
    const app = await appAgainst(url);
    try {
      const home = await app.client().get('/');
      expect(home.status).toBe(200);
      expect(home.text).toContain('not answering');
      const res = await attempt(app);
      expect(res.status).toBe(502);
      expect(res.text).toContain('could not be reached');
    } finally {
      await app.close();
    }
  });

  it('slow: gives up after the timeout with a clear page', async () => {
    const slow = await fakeMnw(() => {}); // never answers
    const app = await appAgainst(slow.url);
    try {
      const started = Date.now();
      const res = await attempt(app);
      expect(res.status).toBe(502);
      expect(res.text).toContain('could not be reached');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await app.close();
      await slow.close();
    }
  });

  it('malformed userinfo: refused, and no user row is created', async () => {
    const odd = await fakeMnw((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/oauth/token')) return res.end(JSON.stringify({ access_token: 'tok', token_type: 'Bearer', expires_in: 60 }));
      if (req.url?.startsWith('/api/userinfo')) return res.end(JSON.stringify({ id: { nested: true }, username: '<script>alert(1)</script>' }));
      if (req.url?.startsWith('/api/projects')) return res.end('[]');
      res.statusCode = 404;
      res.end('{}');
    });
    const app = await appAgainst(odd.url);
    try {
      const users = async () => (await app.db.query<{ n: number }>(`select count(*) as n from users`))[0]!.n;
      const before = await users();
      const res = await attempt(app);
      expect(res.status).toBe(502);
      expect(res.text).toContain('could not read');
      expect(await users()).toBe(before);
    } finally {
      await app.close();
      await odd.close();
    }
  });

  it('token endpoint error: refused with a clear page', async () => {
    const refusing = await fakeMnw((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'invalid_grant' }));
    });
    const app = await appAgainst(refusing.url);
    try {
      const res = await attempt(app);
      expect(res.status).toBe(502);
      expect(res.text).toContain('did not accept');
    } finally {
      await app.close();
      await refusing.close();
    }
  });
});
