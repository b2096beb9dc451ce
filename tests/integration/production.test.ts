// The built app as a production process, against real PostgreSQL 15 (a private throw-away server,
// whatever backend the rest of the suite uses), with a stand-in MNW on its own port.
//
//   a. boot dist with every production variable; pages, health, JSON logs with request ids, a full
//      OAuth + PKCE sign-in round trip; no cookie, code or state ever reaches the log      (issue 6.7)
//   b. SIGTERM in the middle of a burst of 100 replies: exit 0, no accepted write lost or doubled
//   c0. a transaction cut by a database stop fails as 503 and the process survives (deterministic
//       form of the crash (d) can hit: a pooled client inside a transaction had no 'error' listener)
//   c. health 503 while the database is stopped, 200 again after it starts, no app restart
//   d. the database stopped and restarted under write load: 503 never 500, nothing lost  (issue 8.5)
//   e. SIGKILL in the middle of a burst of new threads: no partial thread or post         (issue 8.5)
//
// The build goes to a private folder (tsc -p tsconfig.build.json, the same as `npm run build`, with
// its own outDir) so a concurrent `npm run build` — which starts with rm -rf dist — cannot pull it
// away mid-test. MT_TEST_DIST=. runs the same tests against the repository's own dist/ instead.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECTS } from '../../src/mnw/demo-accounts.js';
import { TestClient } from '../support/app.js';
import { FakeMnw, type FakeMnwProfile } from '../support/fake-mnw.js';
import { freePort, PgInstance, pgInstanceAvailability } from '../support/pg-instance.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PKG_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const RUN = randomBytes(3).toString('hex');
const CLIENT_ID = 'multithreaded-prod-test';
const SESSION_SECRET = randomBytes(32).toString('hex'); // 64 hex characters
const PLATFORM_ADMIN_ID = 'mnw-1000';

const avail = pgInstanceAvailability();
if (!avail.ok) console.log(`[production] SKIPPED: ${avail.reason}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ── The build ────────────────────────────────────────────────────────────────────────────────────

/**
 * tsc into <tmp>/dist, beside links to what dist/ finds relative to itself (../package.json,
 * ../../migrations, ../../static) and node_modules. MT_TEST_DIST=<folder> uses an existing build in
 * <folder>/dist instead (MT_TEST_DIST=. tests the repository's own `npm run build` output).
 */
async function buildDist(): Promise<{ root: string; entry: string; ms: number; diagnostics: string; own: boolean }> {
  const existing = process.env.MT_TEST_DIST;
  if (existing) {
    const root = path.resolve(REPO, existing);
    const entry = path.join(root, 'dist', 'main.js');
    if (!fs.existsSync(entry)) throw new Error(`MT_TEST_DIST=${existing}: ${entry} does not exist (run npm run build)`);
    return { root, entry, ms: 0, diagnostics: '', own: false };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-build-'));
  for (const name of ['package.json', 'migrations', 'static', 'node_modules']) fs.symlinkSync(path.join(REPO, name), path.join(root, name));
  const started = Date.now();
  const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
  const res = await runProcess(tsc, ['-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', path.join(root, 'dist')], { cwd: REPO, timeoutMs: 120_000 });
  const entry = path.join(root, 'dist', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`build produced no dist/main.js (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  // tsc emits even with type errors; CI's typecheck step owns those. Say so loudly rather than hide them.
  const diagnostics = res.code === 0 ? '' : (res.stdout + res.stderr).trim();
  return { root, entry, ms: Date.now() - started, diagnostics, own: true };
}

function runProcess(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${opts.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// ── The app as a process ───────────────────────────────────────────────────────────────────────────

interface LogLine {
  level?: number;
  msg?: string;
  requestId?: string;
  route?: string;
  method?: string;
  status?: number;
  [k: string]: unknown;
}

interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Every stdout line, raw. */
  lines: string[];
  stderr: () => string;
  logs: () => LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive: () => boolean;
}

const children = new Set<ChildProcess>();

let ctx: { pg: PgInstance; mnw: FakeMnw; entry: string; buildRoot: string; ownBuild: boolean };

function productionEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    MNW_BASE_URL: ctx.mnw.url,
    OAUTH_CLIENT_ID: CLIENT_ID,
    OAUTH_REDIRECT_URL: `http://127.0.0.1:${port}/auth/callback`,
    PLATFORM_ADMIN_ID,
    SESSION_SECRET,
    BIND_ADDR: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    // Bursts from one account are the point of these tests; rate limits (issue 8.2) have their own tests.
    RATE_LIMIT_POST_SECONDS: '0',
    RATE_LIMIT_THREAD_SECONDS: '0',
    RATE_LIMIT_SIGNIN_ATTEMPTS: '10000',
  };
}

async function runCli(databaseUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [ctx.entry, ...args], { cwd: ctx.buildRoot, env: productionEnv(databaseUrl, 3400), timeoutMs: 60_000 });
}

async function bootApp(databaseUrl: string): Promise<AppProcess> {
  const port = await freePort();
  ctx.mnw.redirectUris.add(`http://127.0.0.1:${port}/auth/callback`);
  const child = spawn(process.execPath, [ctx.entry], { cwd: ctx.buildRoot, env: productionEnv(databaseUrl, port), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      children.delete(child);
      resolve(exitInfo);
    });
  });
  let onLine: (line: string) => void = () => {};
  child.stdout!.on('data', (b: Buffer) => {
    partial += b.toString();
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const app: AppProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    lines,
    stderr: () => stderr,
    logs: () => lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    }),
    exited,
    alive: () => exitInfo === null,
  };
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      onLine = (line) => {
        if (/"msg":"Multithreaded [^"]* listening"/.test(line)) resolve();
      };
      for (const l of lines) onLine(l);
      void exited.then((e) => reject(new Error(`app exited during start (code ${e.code}, signal ${e.signal}):\n${lines.join('\n')}\n${stderr}`)));
    }),
    30_000,
    'app start',
  );
  return app;
}

/** SIGTERM and wait for the exit; returns how it ended and how long it took. */
async function stopApp(app: AppProcess, timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const t0 = Date.now();
  if (app.alive()) app.child.kill('SIGTERM');
  const e = await withTimeout(app.exited, timeoutMs, 'app exit after SIGTERM');
  return { ...e, ms: Date.now() - t0 };
}

function describeApp(app: AppProcess): string {
  return `alive=${app.alive()} exit=${app.child.exitCode} signal=${app.child.signalCode}\n--- stderr ---\n${app.stderr().slice(-4000)}\n--- last log lines ---\n${app.lines.slice(-15).join('\n')}`;
}

// ── Sign-in through the fake MNW ───────────────────────────────────────────────────────────────────

async function signIn(app: AppProcess, profile: FakeMnwProfile, returnTo = '/p/tidepool'): Promise<{ client: TestClient; code: string; state: string; cookie: string }> {
  const client = new TestClient(app.url);
  ctx.mnw.nextProfile = profile;
  const login = await client.get(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  expect(login.status, login.text).toBe(302);
  const authorize = new URL(login.location!);
  expect(authorize.origin).toBe(ctx.mnw.url);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const decision = await client.get(authorize.toString());
  expect(decision.status, decision.text).toBe(302);
  const callback = new URL(decision.location!);
  expect(callback.origin + callback.pathname).toBe(`${app.url}/auth/callback`);
  const done = await client.get(callback.toString());
  expect(done.status, done.text).toBe(303);
  expect(done.location).toBe(returnTo);
  const cookie = client.cookies.get('mt_session');
  expect(cookie, 'session cookie set').toBeTruthy();
  return { client, code: callback.searchParams.get('code')!, state: callback.searchParams.get('state')!, cookie: cookie! };
}

const profile = (n: string): FakeMnwProfile => ({ id: `prod-${RUN}-${n}`, username: `p${RUN}_${n}`, display_name: `Prod ${n}`, avatar_url: null });

// ── Database checks ──────────────────────────────────────────────────────────────────────────────

interface Consistency {
  threadsWithoutPosts: number;
  orphanPosts: number;
  badReplyCounts: number;
  badLastPost: number;
}

/** The invariants a crash or an outage must never break. */
async function consistency(dbName: string): Promise<Consistency> {
  const [row] = await ctx.pg.sql<Record<string, string>>(
    `select
       (select count(*) from threads t where not exists (select 1 from posts p where p.thread_id = t.id)) as "threadsWithoutPosts",
       (select count(*) from posts p where not exists (select 1 from threads t where t.id = p.thread_id)) as "orphanPosts",
       (select count(*) from threads t
         where t.reply_count <> greatest((select count(*) from posts p where p.thread_id = t.id and p.deleted_at is null) - 1, 0)) as "badReplyCounts",
       (select count(*) from threads t where t.last_post_id is not null
         and not exists (select 1 from posts p where p.id = t.last_post_id and p.thread_id = t.id)) as "badLastPost"`,
    [],
    dbName,
  );
  return {
    threadsWithoutPosts: Number(row!.threadsWithoutPosts),
    orphanPosts: Number(row!.orphanPosts),
    badReplyCounts: Number(row!.badReplyCounts),
    badLastPost: Number(row!.badLastPost),
  };
}

async function threadReplyCount(dbName: string, threadId: number): Promise<{ replyCount: number; visibleReplies: number }> {
  const [row] = await ctx.pg.sql<{ reply_count: number; n: string }>(
    `select t.reply_count, (select count(*) from posts p where p.thread_id = t.id and p.deleted_at is null) - 1 as n from threads t where t.id = $1`,
    [threadId],
    dbName,
  );
  return { replyCount: Number(row!.reply_count), visibleReplies: Number(row!.n) };
}

/** How many stored posts carry each marker (markers are [a-z0-9]+ tokens inside the body). */
async function markerCounts(dbName: string, prefix: string): Promise<Map<string, number>> {
  const rows = await ctx.pg.sql<{ body: string }>(`select body from posts where body like $1`, [`%${prefix}%`], dbName);
  const counts = new Map<string, number>();
  const re = new RegExp(`${prefix}[0-9]+`, 'g');
  for (const { body } of rows) for (const m of body.match(re) ?? []) counts.set(m, (counts.get(m) ?? 0) + 1);
  return counts;
}

async function pickThread(dbName: string): Promise<{ id: number; category: string; path: string }> {
  const [row] = await ctx.pg.sql<{ id: number; slug: string }>(
    `select t.id, k.slug from threads t join categories k on k.id = t.category_id join communities c on c.id = t.community_id
     where c.slug = 'tidepool' and not t.locked and t.deleted_at is null order by t.reply_count, t.id limit 1`,
    [],
    dbName,
  );
  const id = Number(row!.id);
  return { id, category: row!.slug, path: `/p/tidepool/${row!.slug}/${id}` };
}

/**
 * Opens n keep-alive connections that the server has accepted, so that a burst reaches the server at
 * once instead of waiting in the kernel's accept queue (which a closing server resets).
 */
async function warmConnections(client: TestClient, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => client.get('/static/favicon.svg').catch(() => null)));
}

/** A burst of form posts; `signal` runs once the first is accepted (or after maxWaitMs). */
async function burstWithSignal(
  n: number,
  send: (i: number, t0: number) => Promise<Outcome>,
  signal: () => void,
  maxWaitMs: number,
): Promise<{ outcomes: Outcome[]; signalAt: number }> {
  const t0 = Date.now();
  let firstAccepted: () => void = () => {};
  const accepted = new Promise<void>((r) => (firstAccepted = r));
  const burst = Array.from({ length: n }, (_, i) =>
    send(i, t0).then((o) => {
      if (o.status === 303) firstAccepted();
      return o;
    }),
  );
  await Promise.race([accepted, sleep(maxWaitMs)]);
  const signalAt = Date.now() - t0;
  signal();
  const outcomes = await withTimeout(Promise.all(burst), 45_000, 'burst responses');
  return { outcomes, signalAt };
}

type Outcome = { marker: string; status: number | null; error: string | null; at: number };

async function postForm(client: TestClient, url: string, fields: Record<string, string>, csrf: string, marker: string, t0: number): Promise<Outcome> {
  try {
    const res = await client.post(url, fields, { csrf });
    return { marker, status: res.status, error: null, at: Date.now() - t0 };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { marker, status: null, error: e.cause?.code ?? e.cause?.message ?? e.message, at: Date.now() - t0 };
  }
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const o of outcomes) {
    const k = o.status !== null ? String(o.status) : `error:${o.error}`;
    t[k] = (t[k] ?? 0) + 1;
  }
  return t;
}

// ── The tests ────────────────────────────────────────────────────────────────────────────────────

const TEMPLATE = `mt_prod_tpl_${RUN}`;

describe.skipIf(!avail.ok)('production build on real PostgreSQL (private server)', () => {
  beforeAll(async () => {
    const t0 = Date.now();
    const settled = await Promise.allSettled([
      buildDist(),
      PgInstance.create(),
      new FakeMnw({ clientId: CLIENT_ID, projects: DEMO_PROJECTS.map((p) => ({ ...p })) }).start(),
    ] as const);
    const [b, p, m] = settled;
    if (b.status === 'rejected' || p.status === 'rejected' || m.status === 'rejected') {
      // Whatever did start is stopped here: nothing outlives a failed setup.
      if (b.status === 'fulfilled' && b.value.own) fs.rmSync(b.value.root, { recursive: true, force: true });
      if (p.status === 'fulfilled') await p.value.destroy();
      if (m.status === 'fulfilled') await m.value.close();
      throw settled.map((r) => (r.status === 'rejected' ? r.reason : null)).find((e) => e !== null);
    }
    const [build, pgi, mnw] = [b.value, p.value, m.value];
    ctx = { pg: pgi, mnw, entry: build.entry, buildRoot: build.root, ownBuild: build.own };
    if (build.diagnostics) console.warn(`[production] WARNING: tsc reported errors (output still emitted; typecheck fails in CI):\n${build.diagnostics.slice(0, 3000)}`);
    // One seeded template; every scenario clones it (CREATE DATABASE ... TEMPLATE).
    await pgi.createDatabase(TEMPLATE);
    const t1 = Date.now();
    const seeded = await runCli(pgi.url(TEMPLATE), ['--seed']);
    expect(seeded.code, seeded.stderr + seeded.stdout).toBe(0);
    expect(seeded.stdout).toContain('demo data created');
    console.log(`[production] ${build.own ? `build ${build.ms} ms` : `using ${build.entry}`}, PostgreSQL ${pgi.port} up, --seed ${Date.now() - t1} ms; setup ${Date.now() - t0} ms`);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await ctx?.mnw.close();
    await ctx?.pg.destroy();
    if (ctx?.ownBuild) fs.rmSync(ctx.buildRoot, { recursive: true, force: true });
  }, 60_000);

  describe('serving, signing in, and SIGTERM under a write burst', () => {
    const DB = `mt_prod_a_${RUN}`;
    let app: AppProcess;
    let thread: { id: number; category: string; path: string };
    let writer: Awaited<ReturnType<typeof signIn>>;

    beforeAll(async () => {
      await ctx.pg.createDatabase(DB, TEMPLATE);
      thread = await pickThread(DB);
      app = await bootApp(ctx.pg.url(DB));
    }, 60_000);
    afterAll(async () => {
      if (app?.alive()) app.child.kill('SIGKILL');
    });

    it('serves pages and health, logs JSON lines with request ids, and signs in with PKCE without logging secrets', async () => {
      const anon = new TestClient(app.url);
      const requestIds = new Map<string, string>();
      for (const p of ['/', '/p/tidepool', thread.path, '/api/health']) {
        const res = await anon.get(p);
        expect(res.status, `${p}: ${res.text.slice(0, 300)}`).toBe(200);
        const id = res.headers.get('x-request-id');
        expect(id, `x-request-id on ${p}`).toMatch(/^[0-9a-f-]{36}$/);
        requestIds.set(p, id!);
      }
      const health = (await anon.get('/api/health')).text;
      expect(JSON.parse(health)).toMatchObject({ status: 'ok', version: PKG_VERSION, database: 'ok' });
      expect(typeof JSON.parse(health).uptimeSeconds).toBe('number');
      // The directory comes from (fake) MNW.
      expect((await anon.get('/')).text).toContain('Tidepool');

      // Sign-in round trip: /auth/login → MNW authorize → /auth/callback?code&state → session.
      writer = await signIn(app, profile('writer'));
      const me = await writer.client.get('/p/tidepool');
      expect(me.status).toBe(200);
      expect(me.text).toContain(`p${RUN}_writer`);
      expect(ctx.mnw.refusals).toEqual([]);
      expect(ctx.mnw.counts.tokenOk).toBeGreaterThanOrEqual(1);
      const reply = await writer.client.post(`${thread.path}/reply`, { body: `hello from production ${RUN}` });
      expect(reply.status, reply.text.slice(0, 300)).toBe(303);

      // A callback carried to another browser is refused (its state belongs to the first browser).
      const intruder = new TestClient(app.url);
      const login = await intruder.get('/auth/login');
      const decision = await intruder.get(login.location!);
      const cb = new URL(decision.location!);
      const stranger = new TestClient(app.url); // another browser: the state is not theirs
      expect((await stranger.get(cb.pathname + cb.search)).status).toBe(400);

      await sleep(100); // let the last log lines flush
      const logs = app.logs();
      expect(app.lines.length).toBeGreaterThan(5);
      const notJson = app.lines.filter((l) => l.trim() !== '' && !l.startsWith('{'));
      expect(notJson, 'every stdout line is a JSON log line').toEqual([]);
      const line = logs.find((l) => l.requestId === requestIds.get('/p/tidepool') && l.msg === 'request');
      expect(line, 'request log line for /p/tidepool').toMatchObject({ method: 'GET', route: '/p/:slug', status: 200 });
      expect(logs.some((l) => l.route === '/auth/callback' && l.status === 303)).toBe(true);

      const all = app.lines.join('\n') + app.stderr();
      for (const secret of [writer.cookie, writer.code, writer.state, cb.searchParams.get('code')!, cb.searchParams.get('state')!]) {
        expect(all.includes(secret), `log leaks a secret (${secret.slice(0, 6)}…)`).toBe(false);
      }
      expect(all).not.toMatch(/[?&](code|state)=/);
      expect(all).not.toMatch(/mt_session=/);
      expect(all).not.toContain(SESSION_SECRET);
    }, 30_000);

    it('SIGTERM in the middle of 100 concurrent replies: exit 0, every accepted reply stored exactly once, no 5xx', async () => {
      expect(writer, 'signed in by the previous test').toBeTruthy();
      const N = 100;
      const prefix = `burst${RUN}x`;
      const csrf = await writer.client.csrf(thread.path);
      await warmConnections(writer.client, N);
      // SIGTERM shortly after the burst starts: as soon as the first reply is accepted (3 s at the latest).
      const { outcomes, signalAt } = await burstWithSignal(
        N,
        (i, t0) => postForm(writer.client, `${thread.path}/reply`, { body: `Burst reply ${prefix}${i} during shutdown` }, csrf, `${prefix}${i}`, t0),
        () => app.child.kill('SIGTERM'),
        3_000,
      );
      const sentAt = Date.now();
      const exit = await withTimeout(app.exited, 20_000, 'exit after SIGTERM');
      const exitMs = Date.now() - sentAt;

      const counts = await markerCounts(DB, prefix);
      const acceptedMarkers = outcomes.filter((o) => o.status === 303).map((o) => o.marker);
      const lost = acceptedMarkers.filter((m) => (counts.get(m) ?? 0) !== 1);
      const doubled = [...counts].filter(([, n]) => n > 1);
      const storedUnacknowledged = outcomes.filter((o) => o.status !== 303 && counts.has(o.marker)).length;
      const fiveXX = outcomes.filter((o) => o.status !== null && o.status >= 500);
      const rc = await threadReplyCount(DB, thread.id);
      console.log(
        `[production] SIGTERM burst: attempted ${N}, accepted (303) ${acceptedMarkers.length}, not accepted ${N - acceptedMarkers.length}, ` +
          `lost ${lost.length}, stored twice ${doubled.length}, stored without a 303 ${storedUnacknowledged}, 5xx ${fiveXX.length}; ` +
          `SIGTERM ${signalAt} ms into the burst, exit ${exit.code} ${exitMs} ms after the last response; outcomes ${JSON.stringify(tally(outcomes))}`,
      );

      expect(exit, describeApp(app)).toEqual({ code: 0, signal: null });
      expect(app.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
      expect(fiveXX, 'no request got a 5xx').toEqual([]);
      const unexpected = outcomes.filter((o) => o.status !== null && o.status !== 303);
      expect(unexpected, 'every answered request was accepted (rate limits are off here)').toEqual([]);
      expect(acceptedMarkers.length).toBeGreaterThan(0);
      expect(lost, 'accepted replies missing from the database').toEqual([]);
      expect(doubled, 'replies stored twice').toEqual([]);
      expect(rc.replyCount).toBe(rc.visibleReplies);
      expect(await consistency(DB)).toEqual({ threadsWithoutPosts: 0, orphanPosts: 0, badReplyCounts: 0, badLastPost: 0 });
    }, 60_000);
  });

  describe('SIGKILL in the middle of a burst of new threads', () => {
    const DB = `mt_prod_e_${RUN}`;
    let app: AppProcess | null = null;
    beforeAll(async () => {
      await ctx.pg.createDatabase(DB, TEMPLATE);
    }, 30_000);
    afterAll(async () => {
      if (app?.alive()) app.child.kill('SIGKILL');
    });

    it('leaves no thread without its opening post, no post without a thread, and consistent counts; the restarted app serves', async () => {
      app = await bootApp(ctx.pg.url(DB));
      const { client } = await signIn(app, profile('crasher'), '/p/tidepool/help');
      const csrf = await client.csrf('/p/tidepool/help/new');
      const N = 60;
      const prefix = `crash${RUN}x`;
      await warmConnections(client, N);
      const victim = app;
      const { outcomes, signalAt: killAt } = await burstWithSignal(
        N,
        (i, t0) => postForm(client, '/p/tidepool/help/new', { title: `Crash test ${prefix}${i}`, body: `Opening post ${prefix}${i}` }, csrf, `${prefix}${i}`, t0),
        () => victim.child.kill('SIGKILL'),
        3_000,
      );
      const exit = await withTimeout(app.exited, 10_000, 'exit after SIGKILL');
      expect(exit.signal).toBe('SIGKILL');

      // Boot again on the same database: migrations on a crashed database, then serve.
      app = await bootApp(ctx.pg.url(DB));
      const anon = new TestClient(app.url);
      expect((await anon.get('/api/health')).status).toBe(200);
      expect((await anon.get('/p/tidepool/help')).status).toBe(200);

      const threads = await ctx.pg.sql<{ id: number; title: string; posts: string }>(
        `select t.id, t.title, (select count(*) from posts p where p.thread_id = t.id) as posts from threads t where t.title like $1`,
        [`Crash test ${prefix}%`],
        DB,
      );
      const byMarker = new Map<string, number[]>();
      for (const t of threads) {
        const m = /crash[0-9a-f]+x\d+/.exec(t.title)![0];
        byMarker.set(m, [...(byMarker.get(m) ?? []), Number(t.posts)]);
      }
      const acceptedMarkers = outcomes.filter((o) => o.status === 303).map((o) => o.marker);
      const lost = acceptedMarkers.filter((m) => byMarker.get(m)?.length !== 1);
      const partial = threads.filter((t) => Number(t.posts) !== 1);
      const doubled = [...byMarker].filter(([, v]) => v.length > 1);
      const check = await consistency(DB);
      const fiveXX = outcomes.filter((o) => o.status !== null && o.status >= 500);
      console.log(
        `[production] SIGKILL burst: attempted ${N}, accepted (303) ${acceptedMarkers.length}, stored ${threads.length}, lost ${lost.length}, ` +
          `partial threads ${partial.length}, stored twice ${doubled.length}, 5xx ${fiveXX.length}; SIGKILL at ${killAt} ms; outcomes ${JSON.stringify(tally(outcomes))}; ` +
          `consistency ${JSON.stringify(check)}`,
      );
      expect(fiveXX).toEqual([]);
      expect(lost, 'threads acknowledged with 303 but missing').toEqual([]);
      expect(partial, 'threads without exactly their opening post').toEqual([]);
      expect(doubled).toEqual([]);
      expect(check).toEqual({ threadsWithoutPosts: 0, orphanPosts: 0, badReplyCounts: 0, badLastPost: 0 });

      // And the restarted app takes writes again.
      const again = await signIn(app, profile('crasher'), '/p/tidepool/help');
      const created = await again.client.post('/p/tidepool/help/new', { title: `After the crash ${RUN}`, body: 'still here' });
      expect(created.status, created.text.slice(0, 300)).toBe(303);
      const stopped = await stopApp(app);
      expect(stopped.code).toBe(0);
    }, 60_000);
  });

  describe('the database goes away and comes back (one app process throughout)', () => {
    const DB = `mt_prod_cd_${RUN}`;
    let app: AppProcess;
    let thread: { id: number; category: string; path: string };
    beforeAll(async () => {
      await ctx.pg.createDatabase(DB, TEMPLATE);
      thread = await pickThread(DB);
      app = await bootApp(ctx.pg.url(DB));
    }, 60_000);
    afterAll(async () => {
      if (app?.alive()) app.child.kill('SIGKILL');
      // Whatever happened, leave the private server running for the next scenario and for destroy().
      if (!ctx.pg.isRunning) await ctx.pg.start().catch(() => {});
    }, 60_000);

    it('a transaction in progress when PostgreSQL stops fails as "unavailable" (503) and the process survives', async () => {
      // Deterministic form of what (d) hits by chance: the pool has handed a client to a transaction,
      // and the server terminates that connection between two queries.
      const script = `
        import { openPostgres } from ${JSON.stringify(pathToFileURL(path.join(ctx.buildRoot, 'dist', 'db', 'connection.js')).href)};
        import readline from 'node:readline';
        const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
        const db = await openPostgres(process.argv[1], { max: 2 });
        let outcome;
        try {
          await db.transaction(async (tx) => {
            await tx.query('select 1');
            console.log('in transaction');
            await lines.next(); // the test stops PostgreSQL, then says go
            await new Promise((r) => setTimeout(r, 300));
            await tx.query('select 2');
          });
          outcome = 'committed';
        } catch (err) {
          outcome = err.name + ':' + (err.kind ?? err.code ?? err.message);
        }
        console.log('outcome ' + outcome);
        await lines.next(); // PostgreSQL is back
        console.log('after restart ' + JSON.stringify(await db.query('select 42 as n')));
        await db.close();
        process.exit(0);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, ctx.pg.url(DB)], { cwd: ctx.buildRoot, stdio: ['pipe', 'pipe', 'pipe'] });
      children.add(child);
      let out = '';
      let err = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const waitFor = async (text: string) => {
        const until = Date.now() + 20_000;
        while (!out.includes(text) && child.exitCode === null && Date.now() < until) await sleep(50);
        return out.includes(text);
      };
      try {
        expect(await waitFor('in transaction'), out + err).toBe(true);
        await ctx.pg.stop();
        child.stdin!.write('go\n');
        const answered = await waitFor('outcome ');
        await ctx.pg.start();
        child.stdin!.end('go\n');
        const code = await withTimeout(exited, 20_000, 'transaction script exit');
        console.log(`[production] transaction cut by a database stop: ${out.trim().split('\n').join(' | ')}${code === 0 ? '' : ` | exit ${code}: ${err.trim().split('\n').slice(0, 6).join(' / ')}`}`);
        expect(answered && code === 0, `the process must survive and report the failure; exit ${code}\n${out}\n${err}`).toBe(true);
        expect(out).toContain('outcome AppError:unavailable');
        expect(out).toContain('after restart [{"n":42}]');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        if (!ctx.pg.isRunning) await ctx.pg.start();
      }
    }, 60_000);

    it('health answers 503 (and pages 503, not 500) while PostgreSQL is stopped, and 200 again once it is back, without a restart', async () => {
      const anon = new TestClient(app.url);
      const member = await signIn(app, profile('reader'));
      const pid = app.child.pid;
      expect((await anon.get('/api/health')).status).toBe(200);
      const csrf = await member.client.csrf(thread.path);

      const stopAt = Date.now();
      await ctx.pg.stop();
      const health = await anon.get('/api/health');
      expect(health.status, health.text).toBe(503);
      expect(JSON.parse(health.text)).toMatchObject({ database: 'unreachable' });
      for (const [who, c] of [['anonymous', anon], ['signed in', member.client]] as const) {
        for (const p of ['/', '/p/tidepool', thread.path]) {
          const res = await c.get(p);
          expect(res.status, `${who} ${p} while the database is down: ${res.text.slice(0, 200)}`).toBe(503);
        }
      }
      const write = await member.client.post(`${thread.path}/reply`, { body: 'while down' }, { csrf });
      expect(write.status, `a write while the database is down: ${write.text.slice(0, 200)}`).toBe(503);

      await ctx.pg.start();
      const startedAt = Date.now();
      let healthy = false;
      while (Date.now() - startedAt < 20_000) {
        if ((await anon.get('/api/health')).status === 200) {
          healthy = true;
          break;
        }
        await sleep(200);
      }
      const recoveredMs = Date.now() - startedAt;
      console.log(`[production] health across a database stop/start: down ${startedAt - stopAt} ms, 200 again ${recoveredMs} ms after the start`);
      expect(healthy, 'health is 200 again within 20 s').toBe(true);
      for (const p of ['/', '/p/tidepool', thread.path]) expect((await anon.get(p)).status).toBe(200);
      expect((await member.client.get('/p/tidepool')).text).toContain(`p${RUN}_reader`);
      expect(app.alive(), describeApp(app)).toBe(true);
      expect(app.child.pid).toBe(pid);
      const fiveHundreds = app.logs().filter((l) => l.msg === 'request' && l.status === 500);
      expect(fiveHundreds).toEqual([]);
    }, 60_000);

    it('PostgreSQL stopped for ~2 s under write load: 503 while down, never 500; every accepted reply stored once; service resumes by itself', async () => {
      const writers = await Promise.all([1, 2, 3].map((n) => signIn(app, profile(`loader${n}`))));
      const tokens = await Promise.all(writers.map((w) => w.client.csrf(thread.path)));
      const prefix = `outage${RUN}x`;
      const outcomes: Outcome[] = [];
      const t0 = Date.now();
      let seq = 0;
      let running = true;
      let downFrom = Infinity;
      let upAt = Infinity;
      const acceptedAfterRestart = new Set<number>();
      const loops = writers.map(async (w, k) => {
        while (running) {
          const marker = `${prefix}${seq++}`;
          const o = await postForm(w.client, `${thread.path}/reply`, { body: `Reply under load ${marker}` }, tokens[k]!, marker, t0);
          outcomes.push(o);
          if (o.status === 303 && Date.now() - t0 > upAt) acceptedAfterRestart.add(k);
          await sleep(25);
        }
      });

      await sleep(1_000);
      downFrom = Date.now() - t0;
      await ctx.pg.stop();
      const stoppedAt = Date.now() - t0;
      await sleep(2_000);
      await ctx.pg.start();
      upAt = Date.now() - t0;
      const resumeDeadline = Date.now() + 20_000;
      while (acceptedAfterRestart.size < writers.length && Date.now() < resumeDeadline && app.alive()) await sleep(100);
      const resumedMs = Date.now() - t0 - upAt;
      running = false;
      await withTimeout(Promise.all(loops), 20_000, 'writer loops');

      const counts = await markerCounts(DB, prefix);
      const accepted = outcomes.filter((o) => o.status === 303);
      const lost = accepted.filter((o) => counts.get(o.marker) !== 1);
      const doubled = [...counts].filter(([, n]) => n > 1);
      const status500 = outcomes.filter((o) => o.status !== null && o.status >= 500 && o.status !== 503);
      const status503 = outcomes.filter((o) => o.status === 503);
      const errors = outcomes.filter((o) => o.status === null);
      const storedUnacknowledged = outcomes.filter((o) => o.status !== 303 && counts.has(o.marker)).length;
      const rc = await threadReplyCount(DB, thread.id);
      console.log(
        `[production] database outage under load: writers ${writers.length}, attempted ${outcomes.length}, accepted ${accepted.length}, ` +
          `503 ${status503.length}, other 5xx ${status500.length}, connection errors ${errors.length}, lost ${lost.length}, stored twice ${doubled.length}, ` +
          `stored without a 303 ${storedUnacknowledged}; outage ${upAt - downFrom} ms (stop issued at ${downFrom} ms, down at ${stoppedAt} ms, up at ${upAt} ms), ` +
          `every writer accepted again ${resumedMs} ms after the start; app alive ${app.alive()}; outcomes ${JSON.stringify(tally(outcomes))}`,
      );

      expect(app.alive(), `the app must survive a database restart\n${describeApp(app)}`).toBe(true);
      expect(errors, 'no connection errors: the app kept serving').toEqual([]);
      expect(status500, 'no 500 (or other non-503 5xx)').toEqual([]);
      expect(status503.length, 'the outage was seen as 503s').toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.status !== 303 && o.status !== 503), 'only 303 or 503').toEqual([]);
      expect(acceptedAfterRestart.size, 'every writer is accepted again after the restart').toBe(writers.length);
      expect(lost, 'accepted replies missing from the database').toEqual([]);
      expect(doubled, 'replies stored twice').toEqual([]);
      expect(rc.replyCount).toBe(rc.visibleReplies);
      expect(await consistency(DB)).toEqual({ threadsWithoutPosts: 0, orphanPosts: 0, badReplyCounts: 0, badLastPost: 0 });
      expect((await new TestClient(app.url).get('/api/health')).status).toBe(200);
      const stopped = await stopApp(app);
      expect(stopped.code).toBe(0);
    }, 60_000);
  });
});
