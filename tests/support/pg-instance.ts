// A private, throw-away PostgreSQL server for tests that must stop and start the database (faults,
// health across an outage). It never touches the machine's shared server: its own data folder in a
// temp dir, its own free port on 127.0.0.1, its unix socket inside the temp dir, fsync off.
//
//   const avail = pgInstanceAvailability();            // synchronous: usable in describe.skipIf
//   describe.skipIf(!avail.ok)('...', () => {
//     let pg: PgInstance;
//     beforeAll(async () => { pg = await PgInstance.create(); });
//     afterAll(() => pg?.destroy());
//   });
//
// initdb refuses to run as root, so when we are root every server command runs as the `postgres` OS user
// (runuser). A detached watchdog stops the server and removes the folder if this process dies without
// calling destroy() (a crashed or killed test worker), so no postmaster is ever left behind.

import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type PgAvailability = { ok: true; binDir: string; runAs: string | null } | { ok: false; reason: string };

const REQUIRED = ['initdb', 'pg_ctl', 'postgres'];

function findBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  candidates.push('/usr/lib/postgresql/15/bin');
  // Any other installed major, newest first (the app needs 15+).
  try {
    const majors = fs.readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    for (const m of majors) candidates.push(`/usr/lib/postgresql/${m}/bin`);
  } catch {
    /* not a Debian layout */
  }
  return candidates.find((dir) => REQUIRED.every((b) => fs.existsSync(path.join(dir, b)))) ?? null;
}

let cachedAvailability: PgAvailability | null = null;

/** Whether a private server can be started here, and if not, why (for describe.skipIf and its message). */
export function pgInstanceAvailability(): PgAvailability {
  if (cachedAvailability) return cachedAvailability;
  const binDir = findBinDir();
  if (!binDir) {
    cachedAvailability = { ok: false, reason: `PostgreSQL server binaries (${REQUIRED.join(', ')}) not found in /usr/lib/postgresql/*/bin or PG_BIN_DIR` };
    return cachedAvailability;
  }
  let runAs: string | null = null;
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) {
      cachedAvailability = { ok: false, reason: 'running as root, and there is no `postgres` OS user to run initdb as' };
      return cachedAvailability;
    }
    if (spawnSync('runuser', ['--help'], { encoding: 'utf8' }).error) {
      cachedAvailability = { ok: false, reason: 'running as root, and `runuser` is not available to drop to the postgres user' };
      return cachedAvailability;
    }
    runAs = 'postgres';
  }
  cachedAvailability = { ok: true, binDir, runAs };
  return cachedAvailability;
}

/** A TCP port nobody listens on right now (another process could still take it; the window is small). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const live = new Set<PgInstance>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort on a normal exit without destroy(): stop synchronously. (A kill -9 is the watchdog's job.)
  process.once('exit', () => {
    for (const inst of live) inst.destroySync();
  });
}

export class PgInstance {
  private running = false;
  private destroyed = false;
  private watchdog: number | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly binDir: string,
    private readonly runAs: string | null,
  ) {}

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }
  get socketDir(): string {
    return path.join(this.dir, 'sock');
  }
  get logFile(): string {
    return path.join(this.dir, 'server.log');
  }
  get isRunning(): boolean {
    return this.running;
  }

  /** initdb into a fresh temp folder and start the server. */
  static async create(opts: { port?: number } = {}): Promise<PgInstance> {
    const avail = pgInstanceAvailability();
    if (!avail.ok) throw new Error(`private PostgreSQL unavailable: ${avail.reason}`);
    // Short path: the unix socket path must stay under ~100 bytes.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-pg-'));
    const inst = new PgInstance(dir, opts.port ?? (await freePort()), avail.binDir, avail.runAs);
    live.add(inst);
    installExitHook();
    try {
      fs.mkdirSync(inst.socketDir);
      if (avail.runAs) {
        const uid = Number(execFileSync('id', ['-u', avail.runAs], { encoding: 'utf8' }).trim());
        const gid = Number(execFileSync('id', ['-g', avail.runAs], { encoding: 'utf8' }).trim());
        fs.chownSync(dir, uid, gid);
        fs.chownSync(inst.socketDir, uid, gid);
      }
      inst.runTool('initdb', ['-D', inst.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], 60_000);
      // Settings live in postgresql.conf so that start() after stop() brings back the same server.
      fs.appendFileSync(
        path.join(inst.dataDir, 'postgresql.conf'),
        [
          '',
          '# multithreaded test instance',
          `listen_addresses = '127.0.0.1'`,
          `port = ${inst.port}`,
          `unix_socket_directories = '${inst.socketDir}'`,
          'fsync = off',
          'full_page_writes = off',
          'max_connections = 100',
          'shared_buffers = 32MB',
          `log_min_messages = warning`,
          '',
        ].join('\n'),
      );
      inst.startWatchdog();
      await inst.start();
    } catch (err) {
      inst.destroySync();
      throw err;
    }
    return inst;
  }

  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${encodeURIComponent(db)}`;
  }

  /** Starts the server again on the same port and data; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.destroyed) throw new Error('instance destroyed');
    await this.runToolAsync('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '30', 'start'], 40_000);
    this.running = true;
  }

  /** pg_ctl stop -m fast: open sessions are terminated, committed work is checkpointed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await this.runToolAsync('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], 40_000);
    this.running = false;
  }

  /** Runs one SQL statement on a database of this instance with a short-lived connection. */
  async sql<R extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[] = [], db = 'postgres'): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(db) });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** CREATE DATABASE (optionally from a template that nobody is connected to). Names are test-chosen identifiers. */
  async createDatabase(name: string, template?: string): Promise<string> {
    assertIdent(name);
    if (template) assertIdent(template);
    await this.sql(`create database ${name}${template ? ` template ${template}` : ''}`);
    return this.url(name);
  }

  async dropDatabase(name: string): Promise<void> {
    assertIdent(name);
    await this.sql(`drop database if exists ${name} with (force)`);
  }

  /** Stops the server (immediately) and removes its folder. Safe to call twice. */
  async destroy(): Promise<void> {
    this.destroySync();
  }

  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      try {
        this.runTool('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop'], 30_000);
      } catch {
        // Not running after all, or refusing: kill the postmaster by its recorded pid.
        killRecordedPostmaster(this.dataDir);
      }
    }
    this.running = false;
    if (this.watchdog !== null) {
      try {
        process.kill(this.watchdog, 'SIGKILL');
      } catch {
        /* already gone */
      }
      this.watchdog = null;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Tail of the server log, for failure messages. */
  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no server log)';
    }
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const bin = path.join(this.binDir, tool);
    return this.runAs ? ['runuser', ['-u', this.runAs, '--', bin, ...args]] : [bin, args];
  }

  /** Async, so that a test's clients keep running while the server stops or starts. */
  private runToolAsync(tool: string, args: string[], timeoutMs: number): Promise<void> {
    const [cmd, argv] = this.command(tool, args);
    return new Promise((resolve, reject) => {
      execFile(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, cwd: this.dir }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${tool} ${args.join(' ')} failed (${err.message}):\n${stdout}\n${stderr}\n--- server log ---\n${this.logTail()}`));
        else resolve();
      });
    });
  }

  private runTool(tool: string, args: string[], timeoutMs: number): void {
    const [cmd, argv] = this.command(tool, args);
    // stdin closed, output captured: pg_ctl hands the postmaster the log file, never our pipes.
    const res = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir });
    if (res.error || res.status !== 0) {
      throw new Error(`${tool} ${args.join(' ')} failed (${res.error?.message ?? `exit ${res.status}`}):\n${res.stdout}\n${res.stderr}\n--- server log ---\n${this.logTail()}`);
    }
  }

  /**
   * A detached shell that outlives us only long enough to clean up: once this process is gone it stops
   * the server and removes the folder. destroy() kills it first.
   */
  private startWatchdog(): void {
    const pgCtl = path.join(this.binDir, 'pg_ctl');
    const stopCmd = this.runAs ? `runuser -u ${this.runAs} -- ${q(pgCtl)}` : q(pgCtl);
    const script = [
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
      `if [ -f ${q(path.join(this.dataDir, 'postmaster.pid'))} ]; then ${stopCmd} -D ${q(this.dataDir)} -m immediate -w -t 20 stop >/dev/null 2>&1; fi`,
      `rm -rf ${q(this.dir)}`,
    ].join('\n');
    const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    child.unref();
    this.watchdog = child.pid ?? null;
  }
}

function killRecordedPostmaster(dataDir: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGQUIT');
  } catch {
    /* nothing to kill */
  }
}

function assertIdent(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
