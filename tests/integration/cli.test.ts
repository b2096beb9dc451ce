// The real entry point as a process: CLI flags, configuration errors, the embedded-database lock,
// and graceful shutdown on SIGTERM.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = ['--import', 'tsx', 'src/main.ts'];
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-cli-'));
  dirs.push(d);
  return d;
}

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...ENTRY, ...args], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 170_000 });
}

/** Starts the server and resolves with its URL once it listens. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...ENTRY], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', PORT: '0', BIND_ADDR: '127.0.0.1', SEED_ON_EMPTY: 'false', ...env } });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

// Each start opens an embedded PostgreSQL (seconds each, more on a busy machine): generous timeouts.
describe('command line', { timeout: 300_000 }, () => {
  it('--help and --version answer and exit 0', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--seed');
    expect(help.stdout).toContain('--migrate');
    const version = run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown flag or a bad setting stops with one line naming it and a non-zero exit', () => {
    const unknown = run(['--frobnicate']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('--frobnicate');
    const bad = run([], { NODE_ENV: 'production' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/Configuration error: [A-Z_]+ /);
  });

  it('--migrate applies migrations and exits; --seed is idempotent', () => {
    const dataDir = tempDataDir();
    expect(run(['--migrate'], { DATA_DIR: dataDir }).status).toBe(0);
    const first = run(['--seed'], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('demo data created');
    const second = run(['--seed'], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(second.stdout).toContain('nothing created');
  });
});

describe('the embedded database belongs to one process', { timeout: 300_000 }, () => {
  it('a second start on the same DATA_DIR refuses at once with a clear message; SIGTERM stops the first cleanly', async () => {
    const dataDir = tempDataDir();
    const first = await start({ DATA_DIR: dataDir });
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);

    const started = Date.now();
    const second = run([], { DATA_DIR: dataDir, PORT: '0' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already in use by another Multithreaded process');
    // "At once": it refuses before opening the database (which alone takes seconds).
    expect(Date.now() - started).toBeLessThan(60_000);

    const exit = new Promise<number | null>((r) => first.child.on('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'multithreaded.lock'))).toBe(false);
  });
});
