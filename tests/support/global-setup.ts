// Builds one migrated template database per run; each test file clones it (PostgreSQL: CREATE DATABASE
// ... TEMPLATE; PGlite: a copy of the data folder), so runs and files never see each other's data.

import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';

export const TEST_ROOT = path.resolve('.test-data');

export interface TestDbInfo {
  backend: 'postgres' | 'pglite';
  runId: string;
  /** postgres: admin connection string (database "postgres") and template name; pglite: template folder. */
  adminUrl: string | null;
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

export function testDatabaseUrl(): string | null {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const url = testDatabaseUrl();
  if (url) {
    const admin = new URL(url);
    const template = `mt_tpl_${runId}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${template}`);
    await client.end();
    const tplUrl = new URL(url);
    tplUrl.pathname = '/' + template;
    const db = await openPostgres(tplUrl.toString(), { max: 1 });
    await migrate(db);
    await db.close();
    project.provide('testDb', { backend: 'postgres', runId, adminUrl: admin.toString(), template });
    process.stdout.write(`[tests] backend: PostgreSQL (${admin.host}), template ${template}\n`);
    return async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      const dbs = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`mt_%${runId}%`]);
      for (const { datname } of dbs.rows) await c.query(`drop database if exists ${datname} with (force)`);
      await c.end();
    };
  }
  fs.mkdirSync(TEST_ROOT, { recursive: true });
  const template = path.join(TEST_ROOT, `tpl_${runId}`);
  const db = await openPglite(template);
  await migrate(db);
  await db.close();
  project.provide('testDb', { backend: 'pglite', runId, adminUrl: null, template });
  process.stdout.write('[tests] backend: PGlite (embedded)\n');
  return () => {
    for (const entry of fs.readdirSync(TEST_ROOT)) if (entry.includes(runId)) fs.rmSync(path.join(TEST_ROOT, entry), { recursive: true, force: true });
  };
}
