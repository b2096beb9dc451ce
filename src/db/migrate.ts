// Numbered .sql files in migrations/, applied in order, each in its own transaction, recorded in a table.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './connection.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
// Serialises concurrent boots of several instances against one PostgreSQL.
const MIGRATION_LOCK_KEY = 7_240_311;

export class MigrationError extends Error {}

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: file.slice(0, 3), name: file, sql: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

/** Applies what is missing; returns the names applied (empty on a second boot). */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version text primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const seen = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (seen.length > 0) return false;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}. Nothing from it was applied.`);
      }
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
