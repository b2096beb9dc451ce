// Wires config, database and MNW into an app and serves it. Used by main.ts and by tests that need real HTTP.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { DEV_MNW_PREFIX, usesDevMnw, type Config } from './config.js';
import type { Db } from './db/connection.js';
import { getOrCreateSetting } from './db/sessions.js';
import { MnwClient, type MnwSettings } from './mnw/client.js';
import { buildDevMnw } from './mnw/dev-server.js';
import { ProjectDirectory } from './mnw/directory.js';
import { buildApp } from './web/app.js';
import { ReadCache } from './web/readcache.js';
import type { AppDeps, AppEnv } from './web/context.js';

export interface RunningServer {
  server: Server;
  /** http://host:port this server answers on. */
  url: string;
  app: Hono<AppEnv>;
  deps: AppDeps;
  /** Stops accepting, lets in-flight requests finish (bounded), then resolves. Does not close the database. */
  close(graceMs?: number): Promise<void>;
}

/** The secret for CSRF tokens: configured in production; in development one random value kept in the database, so every instance agrees. */
export async function resolveSecret(config: Config, db: Db): Promise<string> {
  return config.sessionSecret ?? getOrCreateSetting(db, 'dev_session_secret', () => randomBytes(32).toString('hex'));
}

export function mnwSettings(config: Config, port: number): MnwSettings {
  if (usesDevMnw(config)) {
    // The development MNW lives on this server: the browser reaches it on whatever origin it used,
    // this server reaches it on loopback.
    return {
      clientId: config.oauthClientId,
      timeoutMs: config.mnwTimeoutMs,
      browserBase: (origin) => `${origin}${DEV_MNW_PREFIX}`,
      serverBase: `http://127.0.0.1:${port}${DEV_MNW_PREFIX}`,
      redirectUri: (origin) => config.oauthRedirectUrl ?? `${origin}/auth/callback`,
    };
  }
  const base = config.mnwBaseUrl!;
  return {
    clientId: config.oauthClientId,
    timeoutMs: config.mnwTimeoutMs,
    browserBase: () => base,
    serverBase: base,
    redirectUri: () => config.oauthRedirectUrl!,
  };
}

export async function startServer(opts: { config: Config; db: Db; log: Logger; now?: () => Date; port?: number }): Promise<RunningServer> {
  const { config, db, log } = opts;
  const secret = await resolveSecret(config, db);
  // The handler is bound after listen, because the development MNW needs the port we actually got.
  // `env` carries the Node request (client address for rate limits); it must reach the app.
  let handle: (req: Request, env: unknown) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = serve({ fetch: (req, env) => handle(req, env), port: opts.port ?? config.port, hostname: config.bindAddr }) as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const mnw = new MnwClient(mnwSettings(config, port));
  const deps: AppDeps = { db, config, log, mnw, directory: new ProjectDirectory(() => mnw.fetchProjects()), secret, cache: new ReadCache(config.readCacheMb * 1024 * 1024), now: opts.now ?? (() => new Date()) };
  const app = buildApp(deps);
  if (usesDevMnw(config)) {
    const devMnw = buildDevMnw({
      clientId: config.oauthClientId,
      isAllowedRedirect: (uri) => isLocalCallback(uri, port) || uri === config.oauthRedirectUrl,
    });
    // Mounted beside the app, not inside it: it stands in for another server and has its own rules.
    const mounted = new Hono().route(DEV_MNW_PREFIX, devMnw);
    handle = (req, env) => (new URL(req.url).pathname.startsWith(DEV_MNW_PREFIX + '/') ? mounted.fetch(req, env) : app.fetch(req, env));
  } else {
    handle = (req, env) => app.fetch(req, env);
  }
  const host = config.bindAddr === '0.0.0.0' || config.bindAddr === '::' ? 'localhost' : config.bindAddr;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    deps,
    close: (graceMs = 10_000) => closeGracefully(server, graceMs),
  };
}

/** The development MNW accepts only this server's own /auth/callback. */
function isLocalCallback(uri: string, port: number): boolean {
  try {
    const u = new URL(uri);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname === '/auth/callback' && Number(u.port || (u.protocol === 'https:' ? 443 : 80)) === port;
  } catch {
    return false;
  }
}

/** Stops accepting, lets in-flight requests finish (closing each keep-alive connection as it goes idle), then resolves. */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    deadline.unref();
    idleSweep.unref();
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(idleSweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
