// npm run bench [-- --quick] [--reuse] [--seconds N] [--connections N] [--out FILE]
//
// Loads a large forum into PostgreSQL (FULL: 50,000 threads, 1,000,000 posts), starts the production
// build (`node dist/main.js`) on it, and measures each page with autocannon: requests/s, p50/p99, errors,
// server RSS and SQL queries per request. In the same run, a bare node:http server (bench/ceiling.mjs)
// answers each URL with the identical bytes; every page's throughput is reported as a ratio of that
// ceiling, which holds steady on a shared machine where absolute numbers drift.
//
//   --quick     embedded PGlite, the QUICK data set, 1 s per case (development; under a minute)
//   --reuse     keep an already loaded benchmark database instead of loading it again
//   --only TEXT measure only the cases whose name contains TEXT (e.g. "signed-in thread 50")
//   --profile   write a V8 CPU profile of the forum process to bench/results/profiles/
//   --out FILE  where the JSON goes (default bench/results/latest.json, or latest-quick.json with --quick)
//   PostgreSQL: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
//   the data goes into its own database, multithreaded_bench, next to the one named.

import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { createSession } from '../src/db/sessions.js';
import { countThreadsInCategory, listThreadsInCategory } from '../src/db/threads.js';
import { csrfTokenFor } from '../src/web/middleware.js';
import { FakeMnw } from '../tests/support/fake-mnw.js';
import { steady } from './steady.js';
import { FULL, loadDataset, progressBar, QUICK, type Dataset, type DatasetSize } from './dataset.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};

const QUICK_MODE = flag('--quick');
// Quick mode measures 1 s per case without warm-up: under a minute in all, rough numbers.
const SECONDS = Number(option('--seconds', QUICK_MODE ? '1' : '10'));
const WARMUP_SECONDS = QUICK_MODE ? 0 : 2;
const CONNECTIONS = Number(option('--connections', '50'));
const OUT = path.resolve(option('--out', path.join(ROOT, 'bench', 'results', QUICK_MODE ? 'latest-quick.json' : 'latest.json')));
// Quick mode: a little more people than QUICK's 300, so the write test stays inside the rate limit.
const SIZE: DatasetSize = QUICK_MODE ? { ...QUICK, users: 2_000 } : FULL;
const BENCH_DB = 'multithreaded_bench';
const SESSION_SECRET = randomBytes(32).toString('hex');
const METRICS_TOKEN = randomBytes(32).toString('hex');
const MARKER = 'bench_dataset';
const REPLY_RATE = 100;

const TARGETS = {
  anonymousThreadRatio: 0.5,
  signedInThreadRatio: 0.3,
  deepPageCostFactor: 1.5,
  p99Ms: 50,
  rssBytes: 256 * 1024 * 1024,
};

interface PageCase {
  name: string;
  path: string;
  signedIn: boolean;
  post?: boolean;
  /** Served by a second forum process with the read cache off (READ_CACHE_MB=0): every request builds its page. */
  noCache?: boolean;
  /** Requests per second over all connections, instead of as many as they can: latency below saturation. No ceiling. */
  rate?: number;
}

interface Measurement {
  name: string;
  path: string;
  signedIn: boolean;
  noCache: boolean;
  /** Requests per second asked for, or null: as many as the connections can make. */
  rate: number | null;
  method: 'GET' | 'POST';
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  bytes: number;
  queriesPerRequest: number;
  rssMb: number;
  /** 0 for a case run at a fixed rate (its ceiling would answer the same rate). */
  ceilingRps: number;
  ratio: number;
}

// ── the database and its data ─────────────────────────────────────────────────────────────────────

async function prepareDatabase(): Promise<{ db: Db; databaseUrl: string | null; dataDir: string | null; dataset: Dataset }> {
  if (QUICK_MODE) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-bench-'));
    const db = await openPglite(dataDir);
    await migrate(db);
    const dataset = await load(db);
    return { db, databaseUrl: null, dataDir, dataset };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DB}`;
  const databaseUrl = url.toString();
  if (flag('--reuse')) {
    const reused = await tryReuse(databaseUrl);
    if (reused) return { ...reused, databaseUrl, dataDir: null };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();
  const db = await openPostgres(databaseUrl, { max: 4 });
  await migrate(db);
  const dataset = await load(db);
  await db.query(`insert into app_settings (key, value) values ($1, $2)`, [MARKER, JSON.stringify({ size: SIZE, dataset })]);
  return { db, databaseUrl, dataDir: null, dataset };
}

async function load(db: Db): Promise<Dataset> {
  const bar = progressBar(`loading ${SIZE.posts.toLocaleString('en-US')} posts`);
  const started = performance.now();
  const dataset = await loadDataset(db, SIZE, bar.update);
  bar.finish();
  console.error(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(dataset.counts)}`);
  return dataset;
}

async function tryReuse(databaseUrl: string): Promise<{ db: Db; dataset: Dataset } | null> {
  let db: Db;
  try {
    db = await openPostgres(databaseUrl, { max: 4 });
    await migrate(db);
  } catch {
    return null;
  }
  const rows = await db.query<{ value: string }>(`select value from app_settings where key = $1`, [MARKER]).catch(() => []);
  const stored = rows[0] ? (JSON.parse(rows[0].value) as { size: DatasetSize; dataset: Dataset }) : null;
  if (!stored || JSON.stringify(stored.size) !== JSON.stringify(SIZE)) {
    await db.close();
    return null;
  }
  console.error(`reusing the data set in ${BENCH_DB}: ${JSON.stringify(stored.dataset.counts)}`);
  return { db, dataset: stored.dataset };
}

// ── processes ─────────────────────────────────────────────────────────────────────────────────────

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Children are stopped however the run ends (a failed run must not leave a forum serving). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function startForum(env: Record<string, string>, logFile: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const profile = flag('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'results', 'profiles')}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), BIND_ADDR: '127.0.0.1', METRICS_TOKEN, SESSION_SECRET, ...env },
    stdio: ['ignore', log, log],
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, child);
  return { child, base };
}

async function startCeiling(pages: Map<string, { headers: Record<string, string>; body: Buffer }>, file: string): Promise<{ child: ChildProcess; base: string }> {
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries([...pages].map(([p, v]) => [p, { headers: v.headers, body: v.body.toString('base64') }]))));
  const port = await freePort();
  const child = fork(path.join(ROOT, 'bench', 'ceiling.mjs'), [file, String(port)], { stdio: 'ignore' });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`ceiling server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

// ── measuring ─────────────────────────────────────────────────────────────────────────────────────

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

type BenchRequest = autocannon.Request;

/**
 * One autocannon run over `requests` (each connection cycles through them). Prebuilt requests cost the
 * load generator nothing per request; only writes, which need a fresh body each time, use setupRequest.
 * Anything but 2xx counts as an error.
 */
async function hammer(url: string, requests: BenchRequest[], seconds: number): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
  const statuses = Object.fromEntries(Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([code, v]) => [code, v.count]));
  if (result.non2xx > 0 || result.errors > 0) console.error(`    ${url}: statuses ${JSON.stringify(statuses)}, ${result.errors} socket errors, ${result.timeouts} timeouts`);
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon's errors include its timeouts.
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

async function metrics(base: string): Promise<{ queries: number }> {
  const res = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  return (await res.json()) as { queries: number };
}

// ── the run ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = Date.now();
  console.error('building the production bundle (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const { db, databaseUrl, dataDir, dataset } = await prepareDatabase();
  const d = dataset;
  const community = d.communitySlug;

  // Sessions for people who read and write, made the way sign-in makes them.
  // Readers are members; writers are everyone else too, so that nobody posts more often than the
  // rate limit allows (one post per 5 s per person).
  const others = (await db.query<{ id: number }>(`select id from users where id <> all($1::bigint[]) order by id`, [[d.ownerId, ...d.moderatorIds, ...d.userIds]])).map((r) => r.id);
  const people = [...d.userIds, ...others];
  const readers = people.slice(0, CONNECTIONS);
  await db.query(`delete from sessions`);
  const sessions: string[] = [];
  for (const id of people) sessions.push((await createSession(db, id)).token);

  // Deep pages must cost what page 1 costs: the listing query itself, timed here without any cache.
  const sql = await timeListing(db, d);
  if (QUICK_MODE) await db.close(); // PGlite belongs to one process: the forum opens it next

  const mnw = QUICK_MODE ? null : await new FakeMnw({ clientId: 'multithreaded-bench', projects: [{ slug: community, name: 'Benchmark Commons', description: 'The benchmark community', owner_id: 'bench-owner' }] }).start();
  const env: Record<string, string> = QUICK_MODE
    ? { DATA_DIR: dataDir!, SEED_ON_EMPTY: 'false', LOG_LEVEL: 'info' }
    : { NODE_ENV: 'production', DATABASE_URL: databaseUrl!, MNW_BASE_URL: mnw!.url, OAUTH_CLIENT_ID: 'multithreaded-bench', OAUTH_REDIRECT_URL: 'http://127.0.0.1:1/auth/callback', PLATFORM_ADMIN_ID: 'bench-admin', LOG_LEVEL: 'info' };
  const resultsDir = path.dirname(OUT);
  fs.mkdirSync(resultsDir, { recursive: true });
  const forum = await startForum(env, path.join(os.tmpdir(), 'mt-bench-server.log'));
  // What a page costs when it is built from nothing: a second instance on the same database, with no
  // read cache. PGlite belongs to one process, so quick mode has only the first.
  const bare = QUICK_MODE ? null : await startForum({ ...env, READ_CACHE_MB: '0' }, path.join(os.tmpdir(), 'mt-bench-server-nocache.log'));

  const big = `/p/${community}/${d.bigCategorySlug}`;
  const t50 = `/p/${community}/${d.thread50.categorySlug}/${d.thread50.id}`;
  const t120 = `/p/${community}/${d.thread120.categorySlug}/${d.thread120.id}`;
  const cases: PageCase[] = [];
  for (const signedIn of [false, true]) {
    cases.push(
      { name: 'directory', path: '/', signedIn },
      { name: 'community', path: `/p/${community}`, signedIn },
      { name: 'category p1', path: big, signedIn },
      { name: 'category deep', path: `${big}?page=${sql.deepPage}`, signedIn },
      { name: 'thread 50 posts', path: t50, signedIn },
      { name: 'thread p1 of 3', path: t120, signedIn },
      { name: 'thread p3 of 3', path: `${t120}?page=3`, signedIn },
    );
  }
  if (bare) {
    cases.push(
      { name: 'category p1, no cache', path: big, signedIn: false, noCache: true },
      { name: 'category deep, no cache', path: `${big}?page=${sql.deepPage}`, signedIn: false, noCache: true },
      { name: 'thread 50 posts, no cache', path: t50, signedIn: false, noCache: true },
    );
  }
  cases.push(
    { name: 'reply (POST)', path: `/p/${community}/x/0/reply`, signedIn: true, post: true },
    // The same writes at a steady 100 a second (8.6 million a day): what a writer waits below saturation.
    { name: `reply (POST) at ${REPLY_RATE}/s`, path: `/p/${community}/x/0/reply`, signedIn: true, post: true, rate: REPLY_RATE },
  );
  const only = option('--only', '');
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => `${c.signedIn ? 'signed-in' : 'anonymous'} ${c.name}`.includes(only)));

  let writer = 0;
  let replyNo = 0;
  const replyRequest = () => {
    const token = sessions[writer++ % sessions.length]!;
    const threadId = d.replyThreadIds[replyNo % d.replyThreadIds.length]!;
    replyNo++;
    const body = new URLSearchParams({ csrf_token: csrfTokenFor(SESSION_SECRET, token, ''), body: `Benchmark reply ${replyNo} (${Date.now()}): **markdown** with a [link](https://example.com/${replyNo}) and \`code\`.` });
    return { path: `/p/${community}/${threadCategory.get(threadId) ?? 'x'}/${threadId}/reply`, headers: { cookie: `mt_session=${token}`, 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' }, body: body.toString() };
  };
  const threadCategory = await categoriesOf(forum.base, d);

  // The exact bytes of every page, for the ceiling server.
  const bodies = new Map<string, { headers: Record<string, string>; body: Buffer }>();
  const ceilingPath = (c: PageCase) => `/${c.signedIn ? 'user' : 'anon'}${c.noCache ? '-nocache' : ''}${c.post ? '/reply' : c.path}`;
  const serverOf = (c: PageCase) => (c.noCache ? bare! : forum);
  for (const c of cases) {
    const req: { path: string; headers: Record<string, string>; body?: string } = c.post ? replyRequest() : { path: c.path, headers: c.signedIn ? { cookie: `mt_session=${sessions[0]}` } : {} };
    const res = await fetch(serverOf(c).base + req.path, { method: c.post ? 'POST' : 'GET', headers: req.headers, body: req.body, redirect: 'manual' });
    const body = Buffer.from(await res.arrayBuffer());
    // A reply answers 200 with the new post, or 204 when it landed on another page than the one shown.
    if (res.status !== 200 && !(c.post && res.status === 204)) throw new Error(`${c.name} (${req.path}) answered ${res.status}: ${body.toString().slice(0, 300)}`);
    // The ceiling sends the forum's own headers too (CSP and the rest), less those of the connection.
    const headers = Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie'].includes(name)));
    bodies.set(ceilingPath(c), { headers, body });
  }
  const ceiling = await startCeiling(bodies, path.join(os.tmpdir(), 'mt-bench-pages.json'));

  const results: Measurement[] = [];
  console.error(`measuring ${cases.length} cases, ${SECONDS} s each (+${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections…`);
  for (const c of cases) {
    const target = serverOf(c);
    // The same requests (cookies, bodies) go to the forum and to the ceiling; only the path differs.
    const requests = (toForum: boolean): BenchRequest[] =>
      c.post
        ? [{ method: 'POST', setupRequest: ((req: BenchRequest) => Object.assign(req, replyRequest(), toForum ? {} : { path: ceilingPath(c) })) as never }]
        : c.signedIn
          ? readers.map((_, i) => ({ method: 'GET', path: toForum ? c.path : ceilingPath(c), headers: { cookie: `mt_session=${sessions[i]}` } }))
          : [{ method: 'GET', path: toForum ? c.path : ceilingPath(c) }];
    // A fixed rate goes through the steady generator (evenly spaced, latency from each request's due time).
    const load = (seconds: number) =>
      c.rate ? steady(target.base, () => ({ method: 'POST', ...replyRequest() }), { rate: c.rate, seconds, connections: CONNECTIONS }) : hammer(target.base, requests(true), seconds);
    if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS);
    const before = await metrics(target.base);
    const server = await load(SECONDS);
    const after = await metrics(target.base);
    const rss = rssOf(target.child.pid!);
    if (WARMUP_SECONDS > 0 && !c.rate) await hammer(ceiling.base, requests(false), WARMUP_SECONDS);
    const top = c.rate ? { rps: 0 } : await hammer(ceiling.base, requests(false), SECONDS);
    const m: Measurement = {
      name: c.name,
      path: c.post ? `/p/${community}/{category}/{thread}/reply` : c.path,
      signedIn: c.signedIn,
      noCache: c.noCache ?? false,
      rate: c.rate ?? null,
      method: c.post ? 'POST' : 'GET',
      rps: server.rps,
      p50: server.p50,
      p99: server.p99,
      errors: server.errors,
      bytes: bodies.get(ceilingPath(c))!.body.length,
      // The metrics requests themselves run no query.
      queriesPerRequest: server.total > 0 ? (after.queries - before.queries) / server.total : 0,
      rssMb: rss.rss / 1024 / 1024,
      ceilingRps: top.rps,
      ratio: top.rps > 0 ? server.rps / top.rps : 0,
    };
    results.push(m);
    console.error(`  ${c.signedIn ? 'signed-in' : 'anonymous'} ${c.name}: ${m.rps.toFixed(0)} req/s${m.ceilingRps > 0 ? ` (${(m.ratio * 100).toFixed(1)}% of ${m.ceilingRps.toFixed(0)})` : ''}, p99 ${m.p99} ms, ${m.errors} errors`);
  }
  const peakRss = Math.max(...[forum, bare].filter((f) => f !== null).map((f) => rssOf(f.child.pid!).peak));
  bare?.child.kill('SIGTERM');
  forum.child.kill('SIGTERM');
  ceiling.child.kill('SIGTERM');
  await new Promise((r) => forum.child.once('exit', r));
  await mnw?.close();
  if (!QUICK_MODE) await db.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });

  report(results, { peakRss, sql, seconds: Math.round((Date.now() - started) / 1000) });
}

/**
 * Median time of the category listing query with no cache: page 1, the deepest page (≤ 1,000), and the
 * middle page (the most index entries any page skips, since back-half pages are read from the far end).
 */
async function timeListing(db: Db, d: Dataset): Promise<{ page1Ms: number; deepMs: number; deepPage: number; middleMs: number; middlePage: number }> {
  const visible = await countThreadsInCategory(db, d.bigCategoryId, false);
  const deepPage = Math.min(1000, Math.ceil(visible / 25));
  const middlePage = Math.ceil(Math.ceil(visible / 25) / 2);
  const median = async (page: number) => {
    const times: number[] = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      await listThreadsInCategory(db, d.bigCategoryId, page, false, visible);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[15]!;
  };
  return { page1Ms: await median(1), deepMs: await median(deepPage), deepPage, middleMs: await median(middlePage), middlePage };
}

async function categoriesOf(base: string, d: Dataset): Promise<Map<number, string>> {
  // Any category slug works: the forum redirects a wrong one, but a POST must name the right one.
  const map = new Map<number, string>();
  for (const id of d.replyThreadIds) {
    const res = await fetch(`${base}/p/${d.communitySlug}/x/${id}`, { redirect: 'manual' });
    const location = res.headers.get('location') ?? '';
    const m = new RegExp(`^/p/${d.communitySlug}/([^/]+)/${id}`).exec(location);
    if (m) map.set(id, m[1]!);
  }
  return map;
}

// ── the report ────────────────────────────────────────────────────────────────────────────────────

function report(results: Measurement[], extra: { peakRss: number; sql: Awaited<ReturnType<typeof timeListing>>; seconds: number }): void {
  if (option('--only', '') !== '') {
    // A partial run (--only): a line per case, no verdict on the targets and no JSON file.
    console.log(results.map((r) => `${r.signedIn ? 'signed-in' : 'anonymous'} ${r.name}: ${r.rps.toFixed(0)} req/s, ${(r.ratio * 100).toFixed(1)}% of ceiling, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.queriesPerRequest.toFixed(2)} queries/req, RSS ${r.rssMb.toFixed(0)} MB`).join('\n'));
    console.log('(a partial run: no verdict on the targets, no JSON file)');
    return;
  }
  const find = (name: string, signedIn: boolean) => results.find((r) => r.name === name && r.signedIn === signedIn)!;
  const anonThread = find('thread 50 posts', false);
  const userThread = find('thread 50 posts', true);
  // Served (with the read cache, anonymous and signed in) and, on PostgreSQL, built from nothing.
  const deepPairs = [['anonymous', 'category p1', 'category deep', false], ['signed in', 'category p1', 'category deep', true], ['no cache', 'category p1, no cache', 'category deep, no cache', false]] as const;
  const deep = deepPairs.filter(([, p1, , s]) => results.some((r) => r.name === p1 && r.signedIn === s)).map(([label, p1, d, s]) => ({ label, factor: find(p1, s).rps / find(d, s).rps }));
  const worstDeep = Math.max(...deep.map((x) => x.factor));
  // Latency: every page, and replies at a steady rate. Replies as fast as 50 writers can send them are
  // reported beside: there each writer queues behind the others for its community's version row, which
  // every write moves at commit (migration 014), so their latency is throughput over 50, not work.
  const latencyCases = results.filter((r) => r.method === 'GET' || r.rate !== null);
  const worst = latencyCases.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  const saturated = results.find((r) => r.method === 'POST' && r.rate === null);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const targets = [
    { target: `anonymous thread page ≥ ${TARGETS.anonymousThreadRatio * 100}% of its ceiling`, value: `${(anonThread.ratio * 100).toFixed(1)}%`, ok: anonThread.ratio >= TARGETS.anonymousThreadRatio },
    { target: `signed-in thread page ≥ ${TARGETS.signedInThreadRatio * 100}% of its ceiling`, value: `${(userThread.ratio * 100).toFixed(1)}%`, ok: userThread.ratio >= TARGETS.signedInThreadRatio },
    { target: `category page ${extra.sql.deepPage} within ${TARGETS.deepPageCostFactor}× the per-request cost of page 1`, value: `worst ${worstDeep.toFixed(2)}× (${deep.map((x) => `${x.label} ${x.factor.toFixed(2)}×`).join(', ')}; listing query alone, uncached: page 1 ${extra.sql.page1Ms.toFixed(2)} ms, page ${extra.sql.deepPage} ${extra.sql.deepMs.toFixed(2)} ms, worst page ${extra.sql.middlePage} ${extra.sql.middleMs.toFixed(2)} ms)`, ok: worstDeep <= TARGETS.deepPageCostFactor },
    { target: `p99 < ${TARGETS.p99Ms} ms on every page and on replies at ${REPLY_RATE}/s`, value: `worst ${worst.p99} ms (${worst.signedIn ? 'signed-in' : 'anonymous'} ${worst.name}); replies at saturation, ${saturated ? `${saturated.rps.toFixed(0)}/s: p50 ${saturated.p50} ms, p99 ${saturated.p99} ms` : 'not run'}`, ok: worst.p99 < TARGETS.p99Ms },
    { target: 'server RSS < 256 MB', value: `peak ${(extra.peakRss / 1024 / 1024).toFixed(0)} MB`, ok: extra.peakRss < TARGETS.rssBytes },
    { target: 'zero errors', value: String(errors), ok: errors === 0 },
  ];

  const backend = QUICK_MODE ? 'PGlite (quick)' : 'PostgreSQL';
  const lines: string[] = [];
  lines.push(`Multithreaded bench — ${backend}, ${SIZE.threads.toLocaleString('en-US')} threads / ${SIZE.posts.toLocaleString('en-US')} posts, ${CONNECTIONS} connections, ${SECONDS} s per case, Node ${process.version}, ${os.cpus().length} cores`);
  lines.push('');
  lines.push('| page | who | req/s | ceiling req/s | % of ceiling | p50 ms | p99 ms | errors | KB | queries/req | RSS MB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.signedIn ? 'signed in' : 'anonymous'} | ${r.rps.toFixed(0)} | ${r.ceilingRps > 0 ? r.ceilingRps.toFixed(0) : '–'} | ${r.ceilingRps > 0 ? `${(r.ratio * 100).toFixed(1)}%` : '–'} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.bytes / 1024).toFixed(1)} | ${r.queriesPerRequest.toFixed(2)} | ${r.rssMb.toFixed(0)} |`);
  }
  lines.push('');
  if (QUICK_MODE) lines.push('Quick mode (PGlite inside the server, a small data set, 1 s per case): the verdicts below only hold for the full run, `npm run bench`.', '');
  lines.push('| target | measured | met |');
  lines.push('|---|---|---|');
  for (const t of targets) lines.push(`| ${t.target} | ${t.value} | ${t.ok ? 'yes' : '**no**'} |`);
  console.log(lines.join('\n'));

  const json = { date: new Date().toISOString(), backend, size: SIZE, connections: CONNECTIONS, seconds: SECONDS, node: process.version, cores: os.cpus().length, totalSeconds: extra.seconds, results, targets, listingSql: extra.sql, peakRssBytes: extra.peakRss };
  fs.writeFileSync(OUT, JSON.stringify(json, null, 2) + '\n');
  console.error(`\nwrote ${path.relative(process.cwd(), OUT)} (${extra.seconds} s in all)`);
  // The full run fails when a target is missed; quick mode (PGlite, a small set) only checks the harness.
  if (!QUICK_MODE && targets.some((t) => !t.ok)) {
    console.error('some targets were not met');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
