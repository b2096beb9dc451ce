// Query plans of every listing on a forum big enough for the planner to care: no page may read the
// whole threads or posts table. The real functions from src/db run against a wrapper whose query()
// asks for the plan instead of the rows, so the test follows the SQL when it changes.
// Also checks the bulk loader (bench/dataset.ts) keeps every invariant the app relies on.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, QUICK, type Dataset, type DatasetSize } from '../../bench/dataset.js';
import { POSTS_PER_PAGE, THREADS_PER_PAGE } from '../../src/core/types.js';
import { listActiveRestrictions } from '../../src/db/bans.js';
import { listCategories } from '../../src/db/categories.js';
import { countCommunities, listCommunities } from '../../src/db/communities.js';
import type { Db, Queryable, Tx } from '../../src/db/connection.js';
import { countMembers, listMembers, listRolesOf } from '../../src/db/memberships.js';
import { countModLog, listModLog, listPlatformLog } from '../../src/db/modlog.js';
import { countPostsInThread, findRecentDuplicateReply, getOpeningPost, getPost, insertReply, listPostsInThread, pageOfPost } from '../../src/db/posts.js';
import { countThreadsInCategory, createThread, findRecentDuplicateThread, getThread, listRecentThreads, listThreadsInCategory, lockThread, refreshThreadStats } from '../../src/db/threads.js';
import { countUsers, searchUsers } from '../../src/db/users.js';
import { renderMarkdown } from '../../src/markdown.js';
import { consistencyProblems } from '../support/consistency.js';
import { createTestDb, type TestDatabase } from '../support/db.js';

/**
 * Big enough that the planner weighs its options (a category 640 pages deep, threads of up to ~900
 * posts, 150,000 posts in all) and gives the same plans on PGlite and PostgreSQL; small enough to load
 * in ~10 s on PGlite and ~5 s on PostgreSQL.
 */
const PLAN_SIZE: DatasetSize = { users: 2000, categories: 20, threads: 30_000, posts: 150_000, bigCategoryThreads: 16_000 };
const LOAD_TIMEOUT_MS = 120_000;
/** Relations a page must never read in full. */
const BIG_TABLES = new Set(['threads', 'posts']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Plan Rows'?: number;
  'Total Cost'?: number;
  'Subplan Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

interface Explained {
  sql: string;
  params: readonly unknown[];
  plan: PlanNode;
}

/** EXPLAIN (FORMAT JSON) returns one row whose one column holds [{ Plan }], parsed or as text depending on the driver. */
function planOf(rows: Record<string, unknown>[]): PlanNode {
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return doc[0]!.Plan;
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const isScan = (n: PlanNode) => n['Relation Name'] !== undefined;
const seqScansOfBigTables = (plan: PlanNode) => nodesOf(plan).filter((n) => n['Node Type'] === 'Seq Scan' && BIG_TABLES.has(n['Relation Name']!));

function describeScan(n: PlanNode): string {
  return `${n['Node Type']} ${n['Relation Name']}${n['Index Name'] ? ` (${n['Index Name']})` : ''} ~${n['Plan Rows']} rows`;
}

/** The plan as an indented tree, one line per node, for failure messages. */
function formatPlan(n: PlanNode, depth = 0): string {
  const details = [
    n['Subplan Name'] ? `[${n['Subplan Name']}]` : '',
    n['Relation Name'] ? `on ${n['Relation Name']}` : '',
    n['Index Name'] ? `using ${n['Index Name']}` : '',
    n['Index Cond'] ? `cond ${n['Index Cond']}` : '',
    n.Filter ? `filter ${n.Filter}` : '',
    `rows ${n['Plan Rows']} cost ${n['Total Cost']}`,
  ].filter(Boolean);
  return [`${'  '.repeat(depth)}${n['Node Type']} ${details.join(' ')}`, ...(n.Plans ?? []).map((c) => formatPlan(c, depth + 1))].join('\n');
}

/** The first three levels of the plan, first child only: "Limit > Nested Loop > Index Scan". */
function topOf(plan: PlanNode): string {
  const chain: string[] = [];
  for (let n: PlanNode | undefined = plan; n && chain.length < 3; n = n.Plans?.[0]) chain.push(n['Node Type']);
  return chain.join(' > ');
}

/** What the stand-in answers: id 1 is a user, a thread and a post of the loaded forum, so "returning id" feeds a real id to the next query. */
const STAND_IN_ROW = { id: 1, n: 0 };

/**
 * A Db stand-in whose query() records the plan of what it was asked to run and answers one made-up row
 * (so that "rows[0]!.n" and "returning id" go on to the function's next query instead of throwing).
 * It also passes for a Tx: EXPLAIN without ANALYZE executes nothing, so write paths are safe to plan.
 * Errors from the database are kept apart from errors the function throws while mapping that row.
 */
function explaining(db: Queryable, sink: Explained[], dbErrors: unknown[]): Tx {
  return {
    inTransaction: true,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      let rows: Record<string, unknown>[];
      try {
        rows = await db.query(`explain (format json) ${sql}`, params);
      } catch (err) {
        dbErrors.push(err);
        throw err;
      }
      sink.push({ sql, params: params ?? [], plan: planOf(rows) });
      return [STAND_IN_ROW as R];
    },
    async exec() {
      throw new Error('exec() is for migrations; page queries go through query()');
    },
  };
}

/** A literal the server coerces to the prepared parameter's type. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return literal(`{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`);
  if (v instanceof Date) return literal(v.toISOString());
  return `'${String(v).replace(/'/g, "''")}'`;
}

/**
 * The plan PostgreSQL switches to after five runs of a prepared statement when it looks no costlier
 * than the custom ones (openPostgres names every parameterised statement). Reported, not failed on:
 * the server keeps custom plans while the generic one is estimated dearer.
 */
let preparedCount = 0;
async function genericPlan(db: Db, sql: string, params: readonly unknown[]): Promise<PlanNode> {
  // A fresh name each time: a prepared statement outlives a rollback, so a failed attempt must not block the next.
  const name = `mt_explain_generic_${++preparedCount}`;
  return db.transaction(async (tx) => {
    await tx.query(`set local plan_cache_mode = force_generic_plan`);
    await tx.query(`prepare ${name} as ${sql}`);
    const args = params.length > 0 ? `(${params.map(literal).join(', ')})` : '';
    const plan = planOf(await tx.query(`explain (format json) execute ${name}${args}`));
    await tx.query(`deallocate ${name}`);
    return plan;
  });
}

interface Case {
  label: string;
  /** The src/db function under test, for the coverage check. */
  fn: (...args: never[]) => unknown;
  run: (q: Tx) => Promise<unknown>;
}

interface Fixture {
  ds: Dataset;
  longest: { id: number; posts: number; visible: number; middlePostId: number; authorId: number };
  visibleInBig: number;
  allInBig: number;
  members: number;
}

/** Every listing and page read that touches threads or posts, plus the other listings for the summary. */
function cases(f: () => Fixture): Case[] {
  const pageCount = (n: number, per: number) => Math.max(1, Math.ceil(n / per));
  const middlePage = (n: number) => Math.floor(pageCount(n, THREADS_PER_PAGE) / 2);
  return [
    // Page 1, the deepest page read forwards (the middle), and the last page (read backwards).
    { label: 'listThreadsInCategory big, page 1', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, 1, false, f().visibleInBig) },
    { label: 'listThreadsInCategory big, middle page', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, middlePage(f().visibleInBig), false, f().visibleInBig) },
    { label: 'listThreadsInCategory big, last page', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, pageCount(f().visibleInBig, THREADS_PER_PAGE), false, f().visibleInBig) },
    { label: 'listThreadsInCategory big, page 1, with deleted', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, 1, true, f().allInBig) },
    { label: 'listThreadsInCategory big, middle page, with deleted', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, middlePage(f().allInBig), true, f().allInBig) },
    { label: 'listThreadsInCategory big, last page, with deleted', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.bigCategoryId, pageCount(f().allInBig, THREADS_PER_PAGE), true, f().allInBig) },
    { label: 'listThreadsInCategory other, page 1', fn: listThreadsInCategory, run: (q) => listThreadsInCategory(q, f().ds.otherCategoryId, 1, false, 1_000) },
    { label: 'countThreadsInCategory big', fn: countThreadsInCategory, run: (q) => countThreadsInCategory(q, f().ds.bigCategoryId, false) },
    { label: 'countThreadsInCategory big, with deleted', fn: countThreadsInCategory, run: (q) => countThreadsInCategory(q, f().ds.bigCategoryId, true) },
    { label: 'listRecentThreads', fn: listRecentThreads, run: (q) => listRecentThreads(q, f().ds.communityId, 10) },
    { label: 'listCategories', fn: listCategories, run: (q) => listCategories(q, f().ds.communityId) },
    { label: 'listPostsInThread thread50, page 1', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().ds.thread50.id, f().ds.communityId, 1, false) },
    { label: 'listPostsInThread thread50, page 1, with deleted', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().ds.thread50.id, f().ds.communityId, 1, true) },
    { label: 'listPostsInThread thread120, last page', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().ds.thread120.id, f().ds.communityId, 3, false) },
    { label: 'listPostsInThread thread120, last page, with deleted', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().ds.thread120.id, f().ds.communityId, 3, true) },
    { label: 'listPostsInThread longest, last page', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().longest.id, f().ds.communityId, pageCount(f().longest.visible, POSTS_PER_PAGE), false) },
    { label: 'listPostsInThread longest, last page, with deleted', fn: listPostsInThread, run: (q) => listPostsInThread(q, f().longest.id, f().ds.communityId, pageCount(f().longest.posts, POSTS_PER_PAGE), true) },
    { label: 'countPostsInThread longest', fn: countPostsInThread, run: (q) => countPostsInThread(q, f().longest.id, false) },
    { label: 'countPostsInThread longest, with deleted', fn: countPostsInThread, run: (q) => countPostsInThread(q, f().longest.id, true) },
    { label: 'pageOfPost longest (permalink)', fn: pageOfPost, run: (q) => pageOfPost(q, f().longest.id, f().longest.middlePostId, false) },
    { label: 'getOpeningPost longest', fn: getOpeningPost, run: (q) => getOpeningPost(q, f().longest.id) },
    { label: 'getThread', fn: getThread, run: (q) => getThread(q, f().ds.thread120.id) },
    { label: 'getPost', fn: getPost, run: (q) => getPost(q, f().longest.middlePostId) },
    { label: 'listCommunities', fn: listCommunities, run: (q) => listCommunities(q) },
    { label: 'listCommunities, search', fn: listCommunities, run: (q) => listCommunities(q, 'bench') },
    { label: 'listCommunities, one page', fn: listCommunities, run: (q) => listCommunities(q, '', { limit: 50, offset: 50 }) },
    { label: 'countCommunities', fn: countCommunities, run: (q) => countCommunities(q, 'bench') },
    { label: 'listMembers, page 1', fn: listMembers, run: (q) => listMembers(q, f().ds.communityId, 50, 0) },
    { label: 'listMembers, last page', fn: listMembers, run: (q) => listMembers(q, f().ds.communityId, 50, Math.max(0, f().members - 50)) },
    { label: 'countMembers', fn: countMembers, run: (q) => countMembers(q, f().ds.communityId) },
    { label: 'listRolesOf', fn: listRolesOf, run: (q) => listRolesOf(q, f().ds.communityId, f().ds.userIds.slice(0, 10)) },
    { label: 'listModLog community', fn: listModLog, run: (q) => listModLog(q, f().ds.communityId, 50, 0) },
    { label: 'listModLog platform', fn: listModLog, run: (q) => listModLog(q, null, 50, 0) },
    { label: 'countModLog community', fn: countModLog, run: (q) => countModLog(q, f().ds.communityId) },
    { label: 'listPlatformLog', fn: listPlatformLog, run: (q) => listPlatformLog(q, 20) },
    { label: 'listActiveRestrictions', fn: listActiveRestrictions, run: (q) => listActiveRestrictions(q, f().ds.communityId, new Date()) },
    { label: 'searchUsers (admin)', fn: searchUsers, run: (q) => searchUsers(q, '', 50, 0) },
    { label: 'countUsers (admin)', fn: countUsers, run: (q) => countUsers(q, '') },
    // Write paths read threads and posts too: a reply, a double-submit check, a deletion's recount.
    { label: 'findRecentDuplicateThread', fn: findRecentDuplicateThread, run: (q) => findRecentDuplicateThread(q, { authorId: f().ds.userIds[0]!, categoryId: f().ds.bigCategoryId, title: 'Hello', body: 'Hello there' }, 10) },
    { label: 'findRecentDuplicateReply', fn: findRecentDuplicateReply, run: (q) => findRecentDuplicateReply(q, { threadId: f().longest.id, authorId: f().longest.authorId, body: 'Hello' }, 10) },
    { label: 'lockThread', fn: lockThread, run: (q) => lockThread(q, f().longest.id) },
    { label: 'insertReply', fn: insertReply, run: (q) => insertReply(q, { threadId: f().longest.id, authorId: f().longest.authorId, body: 'x', bodyHtml: '<p>x</p>' }) },
    { label: 'refreshThreadStats', fn: refreshThreadStats, run: (q) => refreshThreadStats(q, f().longest.id) },
  ];
}

/** Exported list… and count… functions of src/db: each must have a case, so a new listing cannot slip by. */
async function listingFunctions(): Promise<Map<unknown, string>> {
  const dir = path.resolve('src/db');
  const found = new Map<unknown, string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && /^(list|count)[A-Z]/.test(name)) found.set(value, `${file}: ${name}`);
    }
  }
  return found;
}

describe('query plans on a large forum', () => {
  let t: TestDatabase;
  let fixture: Fixture | undefined;
  const f = () => fixture!;
  const summary: string[] = [];
  const genericSeqScans: string[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    const started = performance.now();
    const ds = await loadDataset(t.db, PLAN_SIZE);
    const longest = (await t.db.query<{ id: number; posts: number; visible: number; authorId: number }>(
      `select t.id, t.reply_count + 1 as visible, t.author_id as "authorId", (select count(*) from posts p where p.thread_id = t.id) as posts
       from threads t where t.deleted_at is null order by t.reply_count desc, t.id limit 1`,
    ))[0]!;
    const middle = (await t.db.query<{ id: number }>(
      `select id from posts where thread_id = $1 and deleted_at is null order by created_at, id offset $2 limit 1`,
      [longest.id, Math.floor(longest.visible / 2)],
    ))[0]!;
    const visibleInBig = (await t.db.query<{ n: number }>(`select count(*) as n from threads where category_id = $1 and deleted_at is null`, [ds.bigCategoryId]))[0]!.n;
    const allInBig = (await t.db.query<{ n: number }>(`select count(*) as n from threads where category_id = $1`, [ds.bigCategoryId]))[0]!.n;
    const members = (await t.db.query<{ n: number }>(`select count(*) as n from memberships where community_id = $1`, [ds.communityId]))[0]!.n;
    fixture = { ds, longest: { ...longest, middlePostId: middle.id }, visibleInBig, allInBig, members };
    summary.push(`${t.db.backend}: ${PLAN_SIZE.threads.toLocaleString('en-US')} threads, ${PLAN_SIZE.posts.toLocaleString('en-US')} posts loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, LOAD_TIMEOUT_MS);

  afterAll(async () => {
    const width = Math.max(...summary.map((l) => l.indexOf(' | ')).filter((i) => i > 0), 0);
    const aligned = summary.map((l) => {
      const i = l.indexOf(' | ');
      return i > 0 ? l.slice(0, i).padEnd(width) + l.slice(i) : l;
    });
    const generic = genericSeqScans.length > 0 ? ['', 'generic plans (prepared statements after 5 runs, if not dearer) that read a whole big table:', ...genericSeqScans] : [];
    console.log(['', ...aligned, ...generic].join('\n'));
    await t?.drop();
  });

  it('has the shape the plans are measured on', () => {
    expect(f().visibleInBig).toBeGreaterThan(600 * THREADS_PER_PAGE);
    expect(f().longest.visible).toBeGreaterThan(3 * POSTS_PER_PAGE);
    expect(f().longest.posts).toBeGreaterThan(f().longest.visible); // it has deleted posts: both paths differ
  });

  it('covers every list*/count* function in src/db', async () => {
    const covered = new Set<unknown>(cases(f).map((c) => c.fn));
    const missing = [...(await listingFunctions())].filter(([fn]) => !covered.has(fn)).map(([, name]) => name);
    expect(missing, 'add a case for each new listing function').toEqual([]);
  });

  it.each(cases(f).map((c) => [c.label, c] as const))('%s reads no whole threads or posts table', async (_label, c) => {
    const captured: Explained[] = [];
    const dbErrors: unknown[] = [];
    try {
      await c.run(explaining(t.db, captured, dbErrors));
    } catch (err) {
      // Mapping the made-up row may throw; only a database error is a failure.
      if (dbErrors.length === 0 && !(err instanceof TypeError)) throw err;
    }
    if (dbErrors.length > 0) throw dbErrors[0];
    expect(captured.length, 'the function issued no query, so nothing was checked').toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [i, q] of captured.entries()) {
      const scans = nodesOf(q.plan).filter(isScan).map(describeScan);
      summary.push(`${c.label}${captured.length > 1 ? ` #${i + 1}` : ''} | ${topOf(q.plan)} | ${scans.join(', ')}`);
      const seq = seqScansOfBigTables(q.plan);
      if (seq.length > 0) problems.push(`${seq.map(describeScan).join(', ')}\n${q.sql.replace(/\s+/g, ' ')}\n${formatPlan(q.plan)}`);
    }
    // The generic plan is only informative: reported, never failed on.
    for (const q of captured.filter((x) => !/^\s*(insert|update|delete)\b/i.test(x.sql))) {
      try {
        const seq = seqScansOfBigTables(await genericPlan(t.db, q.sql, q.params));
        if (seq.length > 0) genericSeqScans.push(`  ${c.label}: ${seq.map(describeScan).join(', ')}`);
      } catch (err) {
        genericSeqScans.push(`  ${c.label}: no generic plan (${(err as Error).message})`);
      }
    }
    if (problems.length > 0) expect.fail(`a page query plans a sequential scan of threads or posts:\n\n${problems.join('\n\n')}`);
  });
});

describe('the bulk loader (QUICK size)', () => {
  let t: TestDatabase;
  let ds: Dataset;
  let indexesBefore: unknown[];
  const INDEXES = `select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by tablename, indexname`;

  beforeAll(async () => {
    t = await createTestDb();
    indexesBefore = await t.db.query(INDEXES);
    const started = performance.now();
    ds = await loadDataset(t.db, QUICK);
    console.log(`${t.db.backend}: QUICK (${QUICK.threads.toLocaleString('en-US')} threads, ${QUICK.posts.toLocaleString('en-US')} posts) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, LOAD_TIMEOUT_MS);
  afterAll(() => t?.drop());

  it('loads the requested numbers of rows', async () => {
    const n = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0]!.n;
    expect(await n(`select count(*) as n from users`)).toBe(QUICK.users);
    expect(await n(`select count(*) as n from categories where community_id = $1`, [ds.communityId])).toBe(QUICK.categories);
    expect(await n(`select count(*) as n from threads`)).toBe(QUICK.threads);
    expect(await n(`select count(*) as n from posts`)).toBe(QUICK.posts);
    expect(await n(`select count(*) as n from threads where category_id = $1`, [ds.bigCategoryId])).toBe(QUICK.bigCategoryThreads);
    expect(await n(`select count(*) as n from memberships where community_id = $1`, [ds.communityId])).toBe(QUICK.users);
    expect(await n(`select count(*) as n from memberships where role = 'owner'`)).toBe(1);
    expect(await n(`select count(*) as n from memberships where role = 'moderator'`)).toBe(ds.moderatorIds.length);
    expect(ds.counts).toMatchObject({ users: QUICK.users, threads: QUICK.threads, posts: QUICK.posts });
  });

  it('passes the consistency checker', async () => {
    expect(await consistencyProblems(t.db)).toEqual([]);
  });

  it('leaves no broken reference although foreign keys were not checked while loading', async () => {
    const fks = await t.db.query<{ name: string; child: string; parent: string; cols: string[]; refs: string[] }>(
      `select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
         array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as cols,
         array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as refs
       from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`,
    );
    expect(fks.length).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const fk of fks) {
      const present = fk.cols.map((c) => `x.${c} is not null`).join(' and ');
      const match = fk.cols.map((c, i) => `y.${fk.refs[i]} = x.${c}`).join(' and ');
      const rows = await t.db.query<{ n: number }>(`select count(*) as n from ${fk.child} x where ${present} and not exists (select 1 from ${fk.parent} y where ${match})`);
      if (rows[0]!.n > 0) broken.push(`${fk.name}: ${rows[0]!.n}`);
    }
    expect(broken).toEqual([]);
  });

  it('ends with exactly the indexes the migrations define, triggers back on, statistics and a visibility map', async () => {
    expect(await t.db.query(INDEXES)).toEqual(indexesBefore);
    expect((await t.db.query<{ s: string }>(`select current_setting('session_replication_role') as s`))[0]!.s).toBe('origin');
    const tables = await t.db.query<{ relname: string; relpages: number; relallvisible: number; analyzed: boolean }>(
      `select c.relname, c.relpages, c.relallvisible, s.last_analyze is not null as analyzed
       from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname in ('threads', 'posts') order by c.relname`,
    );
    for (const r of tables) {
      expect(r.analyzed, r.relname).toBe(true);
      expect(r.relallvisible, r.relname).toBe(r.relpages);
    }
  });

  it('makes the measured threads exactly as promised', async () => {
    for (const th of [ds.thread50, ds.thread120]) {
      const rows = await t.db.query<{ posts: number; visible: number; replyCount: number; slug: string }>(
        `select (select count(*) from posts p where p.thread_id = t.id) as posts,
           (select count(*) from posts p where p.thread_id = t.id and p.deleted_at is null) as visible,
           t.reply_count as "replyCount", k.slug
         from threads t join categories k on k.id = t.category_id where t.id = $1 and t.deleted_at is null and not t.locked`,
        [th.id],
      );
      expect(rows[0]).toEqual({ posts: th.posts, visible: th.posts, replyCount: th.posts - 1, slug: th.categorySlug });
    }
    expect(ds.thread50.posts).toBe(POSTS_PER_PAGE);
    expect(ds.thread120.posts).toBe(120);
    const targets = await t.db.query<{ n: number }>(
      `select count(*) as n from threads where id = any($1::bigint[]) and deleted_at is null and not locked and not pinned and id not in ($2, $3)`,
      [ds.replyThreadIds, ds.thread50.id, ds.thread120.id],
    );
    expect(targets[0]!.n).toBe(ds.replyThreadIds.length);
    expect(ds.replyThreadIds.length).toBe(200);
    const members = await t.db.query<{ n: number }>(`select count(*) as n from memberships where community_id = $1 and role = 'member' and user_id = any($2::bigint[])`, [ds.communityId, ds.userIds]);
    expect(members[0]!.n).toBe(ds.userIds.length);
    // The big category reaches page 40 (QUICK) as the full set reaches page 1,000.
    const visible = await t.db.query<{ n: number }>(`select count(*) as n from threads where category_id = $1 and deleted_at is null`, [ds.bigCategoryId]);
    expect(visible[0]!.n).toBeGreaterThanOrEqual(40 * THREADS_PER_PAGE);
  });

  it('keeps posts in a stable order: times strictly increase within a thread, after the thread began', async () => {
    const bad = await t.db.query(
      `select p.id from posts p join threads t on t.id = p.thread_id
       where p.created_at < t.created_at or p.created_at > now()
          or p.created_at <= (select max(q.created_at) from posts q where q.thread_id = p.thread_id and q.id < p.id)
       limit 5`,
    );
    expect(bad).toEqual([]);
    const lastPost = await t.db.query(
      `select t.id from threads t join posts p on p.id = t.last_post_id
       where p.thread_id <> t.id or p.author_id <> t.last_poster_id or p.created_at <> t.last_activity_at or p.deleted_at is not null limit 5`,
    );
    expect(lastPost).toEqual([]);
  });

  it('lets the app write afterwards: identity sequences continue after the explicit ids', async () => {
    const maxBefore = (await t.db.query<{ t: number; p: number }>(`select (select max(id) from threads) as t, (select max(id) from posts) as p`))[0]!;
    const created = await t.db.transaction((tx) =>
      createThread(tx, { communityId: ds.communityId, categoryId: ds.bigCategoryId, authorId: ds.userIds[0]!, title: 'After the load', body: 'It *works*.', bodyHtml: renderMarkdown('It *works*.') }),
    );
    expect(created.threadId).toBeGreaterThan(maxBefore.t);
    expect(created.postId).toBeGreaterThan(maxBefore.p);
    await t.db.transaction(async (tx) => {
      await lockThread(tx, ds.replyThreadIds[0]!);
      await insertReply(tx, { threadId: ds.replyThreadIds[0]!, authorId: ds.userIds[1]!, body: 'A reply', bodyHtml: renderMarkdown('A reply') });
    });
    expect(await consistencyProblems(t.db)).toEqual([]);
  });
});
