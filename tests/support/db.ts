// A fresh, migrated database for one test file, cloned from the run's template.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../src/db/connection.js';

export interface TestDatabase {
  db: Db;
  /** postgres connection string of this clone, for a second instance or a second process (null on PGlite). */
  url: string | null;
  dataDir: string | null;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDatabase> {
  const info = inject('testDb');
  const name = `mt_t_${info.runId}_${randomBytes(4).toString('hex')}`;
  if (info.backend === 'postgres') {
    const admin = new pg.Client({ connectionString: info.adminUrl! });
    await admin.connect();
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${info.template}`);
        break;
      } catch (err) {
        // Two clones at the same instant can collide on the template; wait and retry.
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const url = new URL(info.adminUrl!);
    url.pathname = '/' + name;
    const db = await openPostgres(url.toString());
    return {
      db,
      url: url.toString(),
      dataDir: null,
      async drop() {
        await db.close().catch(() => {});
        const c = new pg.Client({ connectionString: info.adminUrl! });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dataDir = path.join(path.dirname(info.template), name);
  fs.cpSync(info.template, dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, 'multithreaded.lock'), { force: true });
  const db = await openPglite(dataDir);
  return {
    db,
    url: null,
    dataDir,
    async drop() {
      await db.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
