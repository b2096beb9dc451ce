// Environment parsed once into a typed, frozen Config. A bad value stops the process with one line naming it.

import { isIP } from 'node:net';
import path from 'node:path';

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly bindAddr: string;
  /** null → embedded PGlite in dataDir. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** null → the built-in development MNW, mounted under DEV_MNW_PREFIX of this server. */
  readonly mnwBaseUrl: string | null;
  readonly oauthClientId: string;
  /** null → derived from the address this server listens on (development only). */
  readonly oauthRedirectUrl: string | null;
  readonly mnwTimeoutMs: number;
  readonly platformAdminId: string | null;
  /** null → a random secret kept in the database, shared by every instance (development only). */
  readonly sessionSecret: string | null;
  /** Honour X-Forwarded-For/-Proto from a reverse proxy (Caddy). */
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly seedOnEmpty: boolean;
  readonly rateLimits: RateLimits;
  /** Bearer token for GET /api/metrics; null → no metrics route. */
  readonly metricsToken: string | null;
  /** Memory for the read cache (src/web/readcache.ts), in MiB; 0 turns it off. */
  readonly readCacheMb: number;
}

/** Throttles on writing and signing in (enforced in src/web/ratelimit.ts). */
export interface RateLimits {
  /** Minimum seconds between two posts (replies) of one user; 0 turns it off. */
  postIntervalSeconds: number;
  /** Minimum seconds between two new threads of one user. */
  threadIntervalSeconds: number;
  /** Sign-in attempts allowed per address in signInWindowSeconds. */
  signInAttempts: number;
  signInWindowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { postIntervalSeconds: 5, threadIntervalSeconds: 15, signInAttempts: 60, signInWindowSeconds: 600 };

export const DEFAULT_READ_CACHE_MB = 64;

export const DEV_MNW_PREFIX = '/_dev/mnw';
export const DEV_CLIENT_ID = 'multithreaded-dev';
/** The demo platform admin's MNW id (see src/mnw/demo-accounts.ts); used only when PLATFORM_ADMIN_ID is unset in development. */
export const DEV_PLATFORM_ADMIN_ID = 'mnw-1000';

const MIN_SECRET_CHARS = 32;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const required = (name: string): string => {
    const v = get(name);
    if (v === undefined) throw new ConfigError(name, 'is required in production (NODE_ENV=production) but is not set.');
    return v;
  };
  const valueOf = (name: string) => (production ? required(name) : get(name));

  const port = parsePort(valueOf('PORT') ?? '3400');
  const bindAddr = valueOf('BIND_ADDR') ?? '0.0.0.0';
  if (isIP(bindAddr) === 0 && bindAddr !== 'localhost') throw new ConfigError('BIND_ADDR', `must be an IP address like 127.0.0.1 or 0.0.0.0, got "${bindAddr}".`);

  const databaseUrl = valueOf('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://.');

  const mnwBaseUrl = valueOf('MNW_BASE_URL') ?? null;
  if (mnwBaseUrl !== null) assertHttpUrl('MNW_BASE_URL', mnwBaseUrl);
  const oauthRedirectUrl = valueOf('OAUTH_REDIRECT_URL') ?? null;
  if (oauthRedirectUrl !== null) {
    assertHttpUrl('OAUTH_REDIRECT_URL', oauthRedirectUrl);
    if (!new URL(oauthRedirectUrl).pathname.endsWith('/auth/callback')) throw new ConfigError('OAUTH_REDIRECT_URL', 'must end in /auth/callback.');
  }
  if (mnwBaseUrl !== null && oauthRedirectUrl === null) throw new ConfigError('OAUTH_REDIRECT_URL', 'is required when MNW_BASE_URL is set.');
  const oauthClientId = valueOf('OAUTH_CLIENT_ID') ?? DEV_CLIENT_ID;
  if (!/^[\x21-\x7e]{1,200}$/.test(oauthClientId)) throw new ConfigError('OAUTH_CLIENT_ID', 'must be printable ASCII without spaces.');

  const platformAdminId = valueOf('PLATFORM_ADMIN_ID') ?? (mnwBaseUrl === null ? DEV_PLATFORM_ADMIN_ID : null);
  if (platformAdminId !== null && !/^[\x21-\x7e]{1,100}$/.test(platformAdminId)) throw new ConfigError('PLATFORM_ADMIN_ID', 'must be an MNW account id (printable ASCII, no spaces).');

  const sessionSecret = valueOf('SESSION_SECRET') ?? null;
  if (sessionSecret !== null && sessionSecret.length < MIN_SECRET_CHARS) throw new ConfigError('SESSION_SECRET', `must be at least ${MIN_SECRET_CHARS} characters (try: openssl rand -hex 32).`);

  const metricsToken = get('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !/^[\x21-\x7e]{32,200}$/.test(metricsToken)) throw new ConfigError('METRICS_TOKEN', `must be at least ${MIN_SECRET_CHARS} printable characters (try: openssl rand -hex 32).`);

  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}.`);

  const timeout = Number(get('MNW_TIMEOUT_MS') ?? '3000');
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 60_000) throw new ConfigError('MNW_TIMEOUT_MS', 'must be a whole number of milliseconds between 100 and 60000.');

  return Object.freeze({
    production,
    port,
    bindAddr,
    databaseUrl,
    dataDir: path.resolve(get('DATA_DIR') ?? 'data'),
    mnwBaseUrl: mnwBaseUrl?.replace(/\/+$/, '') ?? null,
    oauthClientId,
    oauthRedirectUrl,
    mnwTimeoutMs: timeout,
    platformAdminId,
    sessionSecret,
    trustProxy: parseBool('TRUST_PROXY', get('TRUST_PROXY') ?? 'false'),
    logLevel,
    seedOnEmpty: !production && parseBool('SEED_ON_EMPTY', get('SEED_ON_EMPTY') ?? 'true'),
    rateLimits: Object.freeze({
      postIntervalSeconds: parseCount('RATE_LIMIT_POST_SECONDS', get('RATE_LIMIT_POST_SECONDS'), DEFAULT_RATE_LIMITS.postIntervalSeconds),
      threadIntervalSeconds: parseCount('RATE_LIMIT_THREAD_SECONDS', get('RATE_LIMIT_THREAD_SECONDS'), DEFAULT_RATE_LIMITS.threadIntervalSeconds),
      signInAttempts: parseCount('RATE_LIMIT_SIGNIN_ATTEMPTS', get('RATE_LIMIT_SIGNIN_ATTEMPTS'), DEFAULT_RATE_LIMITS.signInAttempts),
      signInWindowSeconds: parseCount('RATE_LIMIT_SIGNIN_WINDOW_SECONDS', get('RATE_LIMIT_SIGNIN_WINDOW_SECONDS'), DEFAULT_RATE_LIMITS.signInWindowSeconds),
    }),
    metricsToken,
    readCacheMb: parseCount('READ_CACHE_MB', get('READ_CACHE_MB'), DEFAULT_READ_CACHE_MB),
  });
}

function parseCount(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d{1,7}$/.test(v)) throw new ConfigError(name, `must be a whole number (0 turns the limit off), got "${v}".`);
  return Number(v);
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 0 || n > 65535) throw new ConfigError('PORT', `must be a port number (0-65535), got "${v}".`);
  return n;
}

function assertHttpUrl(name: string, v: string): void {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL, got "${v}".`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, `must be an http(s) URL, got "${v}".`);
}

function parseBool(name: string, v: string): boolean {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${v}".`);
}

/** Development MNW is on only when no MNW is configured, and never in production (loadConfig requires MNW_BASE_URL there). */
export function usesDevMnw(config: Config): boolean {
  return config.mnwBaseUrl === null && !config.production;
}
