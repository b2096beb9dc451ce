// npm run bench: throughput and latency of the main pages, query cost per page, and markdown render time.
// Uses PostgreSQL when BENCH_DATABASE_URL (or DATABASE_URL) is set, else an in-memory PGlite.
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 npm run bench

import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openPglite, openPostgres, type Db } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { renderMarkdown } from '../src/markdown.js';
import { seed } from '../src/seed.js';
import { startServer } from '../src/server.js';
import { LONG_THREAD } from '../src/seed-content.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function openBenchDb(): Promise<Db> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) return openPglite(null);
  const pg = await import('pg');
  const admin = new pg.default.Client({ connectionString: url });
  await admin.connect();
  const name = `mt_bench_${process.pid}`;
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const db = await openPostgres(u.toString(), { max: 16 });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const c = new pg.default.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function load(url: string): Promise<{ rps: number; p50: number; p95: number; p99: number; errors: number; bytes: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url);
        const body = await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        bytes = body.byteLength;
        if (res.status !== 200) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / SECONDS, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), errors, bytes };
}

async function main() {
  const db = await openBenchDb();
  await migrate(db);
  await seed(db, { platformAdminId: 'mnw-1000' });
  const config = loadConfig({ PORT: '0', BIND_ADDR: '127.0.0.1', LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false' });
  const running = await startServer({ config, db, log: pino({ level: 'silent' }), port: 0 });
  const base = running.url.replace('localhost', '127.0.0.1');
  const long = (await db.query<{ id: number }>(`select id from threads where title = $1`, [LONG_THREAD.title]))[0]!.id;
  const pages: [string, string][] = [
    ['directory', '/'],
    ['community', '/p/tidepool'],
    ['category (25 threads)', '/p/tidepool/help'],
    ['thread (50 posts)', `/p/tidepool/ideas/${long}`],
    ['thread page 4', `/p/tidepool/ideas/${long}?page=4`],
    ['health', '/api/health'],
  ];
  console.log(`Multithreaded bench — backend ${db.backend}, ${CONNECTIONS} connections, ${SECONDS} s per page, Node ${process.version}\n`);
  console.log('page                      req/s    p50 ms   p95 ms   p99 ms   queries  KB     errors');
  for (const [name, path] of pages) {
    const before = db.stats.queries;
    await fetch(base + path).then((r) => r.arrayBuffer());
    const queries = db.stats.queries - before;
    const r = await load(base + path);
    console.log(
      `${name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(queries).padStart(9)} ${(r.bytes / 1024).toFixed(1).padStart(6)} ${String(r.errors).padStart(7)}`,
    );
  }
  const doc = LONG_THREAD.body.repeat(Math.ceil(5000 / LONG_THREAD.body.length)).slice(0, 5000);
  const n = 500;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) renderMarkdown(doc + i);
  console.log(`\nmarkdown: ${((performance.now() - t0) / n).toFixed(2)} ms per 5 KB document (rendered once, at write time)`);
  await running.close(1000);
  await db.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
