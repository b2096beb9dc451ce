#!/usr/bin/env node
// Entry point: config → database → migrations → (seed) → serve → graceful shutdown.

import pino from 'pino';
import { ConfigError, loadConfig, usesDevMnw } from './config.js';
import { DataDirLockedError, openDatabase, type Db } from './db/connection.js';
import { migrate, MigrationError } from './db/migrate.js';
import { deleteOldRateLimits } from './db/ratelimits.js';
import { deleteExpired } from './db/sessions.js';
import { isSeeded, seed } from './seed.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

const HELP = `multithreaded ${VERSION} — forum software for Makenot.work projects

Usage: multithreaded [--seed | --migrate | --help | --version]

  (no flag)   apply migrations, then serve the forum (seeds demo data on an empty
              development database)
  --seed      apply migrations, add the demo data (idempotent), exit
  --migrate   apply migrations and exit
  --help      this text
  --version   print the version

Configuration comes from the environment; see README.md. With nothing set it runs on an
embedded database in ./data with a development MNW at http://localhost:3400.`;

const CLEANUP_INTERVAL_MS = 30 * 60_000;
const SHUTDOWN_GRACE_MS = 10_000;

/** host:port/database of a connection string, without user or password, for error messages. */
function safeDbTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'local socket'}${u.port ? ':' + u.port : ''}${u.pathname}`;
  } catch {
    return 'unparseable';
  }
}

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const known = new Set(['--seed', '--migrate', '--help', '--version']);
  const unknown = args.find((a) => !known.has(a));
  if (unknown) fail(`Unknown argument ${unknown}. Try --help.`);
  if (args.includes('--help')) return void process.stdout.write(HELP + '\n');
  if (args.includes('--version')) return void process.stdout.write(VERSION + '\n');

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const log = pino({ level: config.logLevel, base: { service: 'multithreaded' } });

  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) fail(err.message);
    fail(`Could not open the database (${config.databaseUrl ? 'DATABASE_URL' : `DATA_DIR ${config.dataDir}`}): ${(err as Error).message}`);
  }
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (err) {
    await db.close();
    if (err instanceof MigrationError) fail(err.message);
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    fail(`Could not reach the database${config.databaseUrl ? ` at DATABASE_URL (${safeDbTarget(config.databaseUrl)})` : ''}: ${cause}`);
  }

  if (args.includes('--migrate')) {
    await db.close();
    return;
  }
  if (args.includes('--seed')) {
    const created = await seed(db, { platformAdminId: config.platformAdminId });
    log.info({ created }, created ? 'demo data created' : 'demo data already present; nothing created');
    await db.close();
    return;
  }
  if (config.seedOnEmpty && !(await isSeeded(db))) {
    await seed(db, { platformAdminId: config.platformAdminId });
    log.info('empty database: demo data created');
  }

  let running;
  try {
    running = await startServer({ config, db, log });
  } catch (err) {
    await db.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`Could not listen: port ${config.port} on ${config.bindAddr} is already in use (PORT, BIND_ADDR).`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') fail(`Could not listen on ${config.bindAddr}:${config.port} (${code}); check BIND_ADDR and PORT.`);
    throw err;
  }
  log.info({ url: running.url, backend: db.backend, devMnw: usesDevMnw(config) }, `Multithreaded ${VERSION} listening`);
  if (!config.production) process.stdout.write(`\n  Multithreaded is running at ${running.url}\n\n`);

  const cleanup = setInterval(() => {
    Promise.all([deleteExpired(db), deleteOldRateLimits(db)]).catch((err) => log.warn({ err }, 'periodic clean-up failed'));
  }, CLEANUP_INTERVAL_MS);
  cleanup.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    clearInterval(cleanup);
    await running.close(SHUTDOWN_GRACE_MS);
    await db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Fatal: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
