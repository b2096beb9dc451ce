// One database interface over two backends: a pooled PostgreSQL client (pg) or embedded PGlite.
// Every query in src/db runs unchanged on both.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { AppError } from '../core/errors.js';

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A queryable that is inside a transaction; functions that must run in one take this type. */
export interface Tx extends Queryable {
  readonly inTransaction: true;
}

export interface Db extends Queryable {
  readonly backend: 'postgres' | 'pglite';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Total queries run through this handle; tests use it to prove a page costs a fixed number. */
  readonly stats: { queries: number };
  close(): Promise<void>;
}

const INT8_OID = 20;
const parseInt8 = (v: string) => Number(v);

/** Errors that mean "the database is not there right now" become a 503, not a 500. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const RETRYABLE_CODES = new Set(['40001', '40P01']); // serialization failure, deadlock
const MAX_TX_ATTEMPTS = 4;

function classify(err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code;
  const msg = err instanceof Error ? err.message : '';
  if ((code && UNAVAILABLE_CODES.has(code)) || /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(msg)) {
    const e = new AppError('unavailable', 'The database is unavailable right now. Please try again in a moment.', 5);
    (e as Error).cause = err;
    return e;
  }
  return err;
}

const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = 'mt_' + createHash('sha1').update(sql).digest('hex').slice(0, 20);
    statementNames.set(sql, name);
  }
  return name;
}

export async function openPostgres(connectionString: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const stats = { queries: 0 };
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    stats.queries++;
    try {
      // Parameterised queries become named prepared statements: each connection plans them once.
      const res = params === undefined
        ? await client.query(sql)
        : await client.query({ name: statementName(sql), text: sql, values: params as unknown[] });
      return res.rows as R[];
    } catch (err) {
      throw classify(err);
    }
  };
  return {
    backend: 'postgres',
    stats,
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => void (await run(pool, sql)),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (err) {
          throw classify(err);
        }
        let broken = false;
        // pg-pool drops its error listener while a client is checked out; without ours, a server
        // restart mid-transaction would be an unhandled 'error' event and kill the process.
        const onError = () => {
          broken = true;
        };
        client.on('error', onError);
        try {
          await run(client, 'begin');
          const tx: Tx = { inTransaction: true, query: (sql, params) => run(client, sql, params), exec: async (sql) => void (await run(client, sql)) };
          const result = await fn(tx);
          await run(client, 'commit');
          return result;
        } catch (err) {
          try {
            await client.query('rollback');
          } catch {
            broken = true;
          }
          const code = (err as { code?: string }).code;
          if (code && RETRYABLE_CODES.has(code) && attempt < MAX_TX_ATTEMPTS) continue;
          throw classify(err);
        } finally {
          client.removeListener('error', onError);
          client.release(broken);
        }
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Embedded PostgreSQL in DATA_DIR. It belongs to one process: two processes on one folder corrupt it,
 * so we hold a lock file and refuse to start a second time.
 */
export async function openPglite(dataDir: string | null): Promise<Db> {
  let releaseLock = () => {};
  if (dataDir !== null) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ?? undefined, { parsers: { [INT8_OID]: parseInt8 } });
  } catch (err) {
    releaseLock();
    throw err;
  }
  const stats = { queries: 0 };
  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) => {
    stats.queries++;
    const res = await q.query<R>(sql, params as unknown[] | undefined);
    return res.rows;
  };
  return {
    backend: 'pglite',
    stats,
    query: (sql, params) => run(pglite, sql, params),
    exec: async (sql) => void (await pglite.exec(sql)),
    transaction: (fn) =>
      pglite.transaction((t) =>
        fn({ inTransaction: true, query: (sql, params) => run(t, sql, params), exec: async (sql) => void (await t.exec(sql)) }),
      ),
    async close() {
      await pglite.close();
      releaseLock();
    },
  };
}

export class DataDirLockedError extends Error {}

/** Exclusive lock on a data folder: a file holding our pid, taken over only if that pid is gone. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'multithreaded.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && pidAlive(holder)) {
        throw new DataDirLockedError(
          `The embedded database in ${path.resolve(dataDir)} is already in use by another Multithreaded process (pid ${holder}). ` +
            'Stop that process first, or give this one its own DATA_DIR (or a DATABASE_URL).',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirLockedError(`Could not lock ${lockPath}.`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
