// A real server on a loopback port, over a fresh database, and a small cookie-keeping HTTP client
// that signs in through the real OAuth endpoints and the development MNW.

import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { seed } from '../../src/seed.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDb, type TestDatabase } from './db.js';

export interface TestApp {
  url: string;
  db: TestDatabase['db'];
  testDb: TestDatabase;
  running: RunningServer;
  /** Moves the app's policy clock (edit windows); the database clock is real. */
  clock: { offsetMs: number };
  client(): TestClient;
  close(): Promise<void>;
}

export async function startTestApp(opts: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  if (opts.seed) await seed(testDb.db, { platformAdminId: 'mnw-1000' });
  // Rate limits are off unless a test turns them on: most tests post faster than any person.
  const limitsOff = { RATE_LIMIT_POST_SECONDS: '0', RATE_LIMIT_THREAD_SECONDS: '0', RATE_LIMIT_SIGNIN_ATTEMPTS: '0' };
  const config = loadConfig({ PORT: '0', BIND_ADDR: '127.0.0.1', LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false', ...limitsOff, ...opts.env });
  const clock = { offsetMs: 0 };
  const running = await startServer({ config, db: testDb.db, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, now: () => new Date(Date.now() + clock.offsetMs) });
  const url = running.url.replace('localhost', '127.0.0.1');
  return {
    url,
    db: testDb.db,
    testDb,
    running,
    clock,
    client: () => new TestClient(url),
    async close() {
      await running.close(2_000);
      await testDb.drop();
    },
  };
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Res> {
    const url = path.startsWith('http') ? path : this.base + path;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && new URL(url).origin === new URL(this.base).origin) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { method, headers, body: init.body as unknown as RequestInit["body"], redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  /** Follows redirects (GET) and returns the final response. */
  async follow(path: string, max = 10): Promise<Res & { url: string }> {
    let url = path;
    for (let i = 0; i < max; i++) {
      const res = await this.get(url);
      if (res.status >= 300 && res.status < 400 && res.location) {
        url = new URL(res.location, url.startsWith('http') ? url : this.base + url).toString();
        continue;
      }
      return { ...res, url };
    }
    throw new Error('too many redirects');
  }

  /** The CSRF token of this browser/session, read from a page like a browser form would carry it. */
  async csrf(from = '/'): Promise<string> {
    let res = await this.get(from);
    let m = /<meta name="csrf-token" content="([^"]+)"/.exec(res.text);
    if (!m && !this.cookies.has('mt_session')) {
      // Anonymous pages carry no token until the browser has started a sign-in (which issues its browser id).
      await this.get('/auth/login');
      res = await this.get(from);
      m = /<meta name="csrf-token" content="([^"]+)"/.exec(res.text);
    }
    if (!m) throw new Error(`no csrf token on ${from} (status ${res.status})`);
    return m[1]!;
  }

  /** Posts a form the way a browser does, with this session's CSRF token unless told otherwise. */
  async post(path: string, fields: Record<string, string> = {}, opts: { csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Res> {
    const form = new URLSearchParams(fields);
    if (opts.csrf !== false) form.set('csrf_token', opts.csrf ?? (await this.csrf()));
    return this.request('POST', path, { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers } });
  }

  /** The whole sign-in round trip: /auth/login → development MNW → /auth/callback. Returns the final redirect. */
  async signIn(account: string, returnTo = '/'): Promise<Res> {
    const login = await this.get(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
    if (login.status !== 302 || !login.location) throw new Error(`login did not redirect: ${login.status}`);
    const authorize = new URL(login.location);
    const page = await this.get(authorize.toString());
    if (page.status !== 200) throw new Error(`authorize page: ${page.status} ${page.text}`);
    const form = new URLSearchParams(authorize.searchParams);
    if (account.startsWith('mnw-')) form.set('account', account);
    else {
      form.set('account', 'new');
      form.set('new_username', account);
    }
    const decision = await this.request('POST', `${authorize.origin}${authorize.pathname}`, { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (decision.status !== 302 || !decision.location) throw new Error(`authorize decision: ${decision.status} ${decision.text}`);
    return this.get(decision.location);
  }
}

/** Demo accounts by role (see src/mnw/demo-accounts.ts). */
export const DEMO = {
  admin: 'mnw-1000', owner: 'mnw-1001', mod: 'mnw-1002', mod2: 'mnw-1003', member: 'mnw-1004', member2: 'mnw-1005',
  lanternOwner: 'mnw-1006', muted: 'mnw-1007', banned: 'mnw-1008', suspended: 'mnw-1009', quarryOwner: 'mnw-1010', kit: 'mnw-1011',
} as const;
