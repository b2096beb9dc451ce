// The database layer on the real backend: migrations, the data-folder lock, the seed, counters.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/connection.js';
import { loadMigrations, migrate, MigrationError } from '../../src/db/migrate.js';
import { countThreadsInCategory, listThreadsInCategory } from '../../src/db/threads.js';
import { THREADS_PER_PAGE } from '../../src/core/types.js';
import { seed } from '../../src/seed.js';
import { consistencyProblems } from '../support/consistency.js';
import { createTestDb, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

describe('migrations', () => {
  it('are numbered files applied in order and recorded; a second run applies nothing', async () => {
    const files = loadMigrations().map((m) => m.name);
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(files).toEqual([...files].sort());
    const recorded = await t.db.query<{ name: string }>(`select name from schema_migrations order by version`);
    expect(recorded.map((r) => r.name)).toEqual(files);
    expect(await migrate(t.db)).toEqual([]);
  });

  it('a failing migration stops with a clear message and leaves the database as it was', async () => {
    const broken = [...loadMigrations(), { version: '999', name: '999_broken.sql', sql: `create table half_done (id int); insert into nope values (1);` }];
    await expect(migrate(t.db, broken)).rejects.toThrow(MigrationError);
    await expect(migrate(t.db, broken)).rejects.toThrow(/999_broken\.sql failed/);
    const table = await t.db.query(`select 1 from information_schema.tables where table_name = 'half_done'`);
    expect(table).toHaveLength(0);
    expect(await t.db.query(`select 1 from schema_migrations where version = '999'`)).toHaveLength(0);
  });

  it('has foreign keys on every reference and indexes for the listings', async () => {
    const fks = await t.db.query<{ n: number }>(`select count(*) as n from information_schema.table_constraints where constraint_type = 'FOREIGN KEY'`);
    expect(fks[0]!.n).toBeGreaterThanOrEqual(15);
    const idx = await t.db.query<{ indexname: string }>(`select indexname from pg_indexes where schemaname = current_schema()`);
    const names = idx.map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining(['threads_category_listing_idx', 'posts_thread_order_idx', 'mod_log_community_idx']));
  });
});

describe('demo data', () => {
  it('is idempotent: a second run creates nothing', async () => {
    expect(await seed(t.db, { platformAdminId: 'mnw-1000' })).toBe(true);
    const count = async () => (await t.db.query<{ n: number }>(`select (select count(*) from posts) + (select count(*) from threads) + (select count(*) from users) + (select count(*) from mod_log) as n`))[0]!.n;
    const before = await count();
    expect(await seed(t.db, { platformAdminId: 'mnw-1000' })).toBe(false);
    expect(await count()).toBe(before);
  });

  it('has the shape the issue asks for', async () => {
    const q = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0]!.n;
    expect(await q(`select max(n) as n from (select count(*) as n from threads where deleted_at is null group by category_id) x`)).toBeGreaterThan(50);
    expect(await q(`select max(reply_count + 1) as n from threads`)).toBeGreaterThan(100);
    expect(await q(`select count(*) as n from threads where pinned`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from threads where locked`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from threads where deleted_at is not null`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from posts where deleted_at is not null`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from community_bans where is_mute`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from community_bans where not is_mute`)).toBeGreaterThan(0);
    expect(await q(`select count(*) as n from users where suspended_at is not null`)).toBeGreaterThan(0);
    expect(await q(`select count(distinct role) as n from memberships`)).toBe(3);
    expect(await q(`select count(*) as n from mod_log`)).toBeGreaterThan(5);
    expect(await q(`select count(*) as n from posts where body like '%\`\`\`%'`)).toBeGreaterThan(5);
  });

  it('keeps reply counts and last activity consistent with the posts', async () => {
    const wrong = await t.db.query(
      `select t.id from threads t
       where t.reply_count <> (select count(*) - 1 from posts p where p.thread_id = t.id and p.deleted_at is null)
          or t.last_activity_at <> (select max(p.created_at) from posts p where p.thread_id = t.id and p.deleted_at is null)`,
    );
    expect(wrong).toEqual([]);
  });

  it('keeps category totals and versions right through replies, moves, deletes and restores (triggers)', async () => {
    const totals = async () => t.db.query<{ slug: string; threads: number; posts: number; last: Date | null }>(
      `select slug, thread_count as threads, post_count as posts, last_activity_at as last from categories
       where community_id = (select id from communities where slug = 'tidepool') order by slug`);
    const version = async () => (await t.db.query<{ v: number }>(`select content_version as v from communities where slug = 'tidepool'`))[0]!.v;
    expect(await consistencyProblems(t.db)).toEqual([]);
    const before = await totals();
    const v0 = await version();
    const [thread] = await t.db.query<{ id: number; category: number; other: number }>(
      `select t.id, t.category_id as category, (select k.id from categories k where k.community_id = t.community_id and k.id <> t.category_id limit 1) as other
       from threads t join communities c on c.id = t.community_id where c.slug = 'tidepool' and t.deleted_at is null
       order by t.last_activity_at desc limit 1`);
    // Each statement commits on its own: the version moves once per transaction, at commit.
    await t.db.query(`update threads set category_id = $2 where id = $1`, [thread!.id, thread!.other]);
    expect(await version()).toBe(v0 + 1);
    expect(await consistencyProblems(t.db)).toEqual([]);
    await t.db.query(`update threads set deleted_at = now(), deleted_by = author_id where id = $1`, [thread!.id]);
    expect(await consistencyProblems(t.db)).toEqual([]);
    await t.db.query(`update threads set deleted_at = null, deleted_by = null, category_id = $2 where id = $1`, [thread!.id, thread!.category]);
    expect(await consistencyProblems(t.db)).toEqual([]);
    expect(await totals()).toEqual(before);
    await t.db.transaction(async (tx) => {
      await tx.query(`update threads set title = title || '!' where id = $1`, [thread!.id]);
      await tx.query(`update threads set pinned = not pinned where id = $1`, [thread!.id]);
    });
    expect(await version()).toBe(v0 + 4);
  });
});

describe('category listings', () => {
  it('every page, read from either end of the index, is the next slice of the whole listing in order', async () => {
    // Ties in last activity must not make the two directions disagree: give a run of threads one time.
    class Rollback extends Error {}
    await t.db.transaction(async (tx) => {
      const [big] = await tx.query<{ id: number }>(
        `select category_id as id from threads group by category_id order by count(*) desc limit 1`);
      await tx.query(
        `update threads set last_activity_at = '2026-01-01T00:00:00Z'
         where id in (select id from threads where category_id = $1 order by id limit 12)`, [big!.id]);
      for (const includeDeleted of [false, true]) {
        const all = await tx.query<{ id: number }>(
          `select id from threads where category_id = $1${includeDeleted ? '' : ' and deleted_at is null'}
           order by pinned desc, last_activity_at desc, id desc`, [big!.id]);
        const total = await countThreadsInCategory(tx, big!.id, includeDeleted);
        expect(total).toBe(all.length);
        expect(total).toBeGreaterThan(2 * THREADS_PER_PAGE);
        const pages = Math.ceil(total / THREADS_PER_PAGE);
        const read: number[] = [];
        for (let page = 1; page <= pages; page++) read.push(...(await listThreadsInCategory(tx, big!.id, page, includeDeleted, total)).map((r) => r.id));
        expect(read, includeDeleted ? 'with deleted threads' : 'visible threads').toEqual(all.map((r) => r.id));
        expect(await listThreadsInCategory(tx, big!.id, pages + 1, includeDeleted, total)).toEqual([]);
      }
      throw new Rollback();
    }).catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  });
});

describe('the embedded data folder lock', () => {
  it('refuses a second owner with a clear message, and frees the folder on release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-lock-'));
    const release = acquireDataDirLock(dir);
    // Pretend another live process holds it: our parent (alive, not us).
    fs.writeFileSync(path.join(dir, 'multithreaded.lock'), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/already in use by another Multithreaded process/);
    fs.writeFileSync(path.join(dir, 'multithreaded.lock'), String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'multithreaded.lock'))).toBe(false);
    // A lock left by a dead process is taken over.
    fs.writeFileSync(path.join(dir, 'multithreaded.lock'), '999999');
    const again = acquireDataDirLock(dir);
    again();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
