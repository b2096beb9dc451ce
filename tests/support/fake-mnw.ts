// A stand-in for Makenot.work on its own port, implementing DESIGN.md's "MNW contract" strictly, for
// tests that run the app as a production process (where the built-in development MNW is refused).
//
//   GET  /oauth/authorize  checks client_id, redirect_uri, response_type=code, S256 challenge, state;
//                          then redirects straight back with code+state, signed in as `nextProfile`
//   POST /oauth/token      public client; verifies the code (single use), redirect_uri, client_id, and
//                          PKCE: base64url(sha256(code_verifier)) must equal the challenge it saw
//   GET  /api/userinfo     Bearer token → {id, username, display_name, avatar_url}
//   GET  /api/projects     the project directory

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMnwProfile {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
}

export interface FakeMnwProject {
  slug: string;
  name: string;
  description: string;
  owner_id: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  profile: FakeMnwProfile;
  used: boolean;
  expiresAt: number;
}

export interface FakeMnwOptions {
  clientId: string;
  /** redirect_uris registered for clientId (more can be added to `redirectUris` later). */
  redirectUris?: string[];
  projects?: FakeMnwProject[];
}

export class FakeMnw {
  /** Who the next authorization signs in as. */
  nextProfile: FakeMnwProfile = { id: 'fake-1', username: 'fake_user', display_name: 'Fake User', avatar_url: null };
  projects: FakeMnwProject[];
  /** Registered redirect_uris: an authorize request naming any other is refused. */
  readonly redirectUris: Set<string>;
  /** Every refusal with its reason, so a test can assert none (or a specific one) happened. */
  readonly refusals: { endpoint: string; reason: string }[] = [];
  readonly counts = { authorize: 0, token: 0, tokenOk: 0, userinfo: 0, projects: 0 };
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, FakeMnwProfile>();
  private server: http.Server | null = null;
  url = '';

  constructor(readonly opts: FakeMnwOptions) {
    this.projects = opts.projects ?? [];
    this.redirectUris = new Set(opts.redirectUris ?? []);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private refuse(res: http.ServerResponse, endpoint: string, status: number, error: string, reason: string): void {
    this.refusals.push({ endpoint, reason });
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error, error_description: reason }));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };

    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      this.counts.authorize++;
      const q = url.searchParams;
      const fail = (reason: string) => this.refuse(res, 'authorize', 400, 'invalid_request', reason);
      if (q.get('response_type') !== 'code') return fail('response_type must be code');
      if (q.get('client_id') !== this.opts.clientId) return fail('unknown client_id');
      const redirectUri = q.get('redirect_uri') ?? '';
      if (!this.redirectUris.has(redirectUri)) return fail(`redirect_uri not registered: ${redirectUri}`);
      if (q.get('code_challenge_method') !== 'S256') return fail('code_challenge_method must be S256');
      const challenge = q.get('code_challenge') ?? '';
      if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('code_challenge missing or malformed');
      const state = q.get('state');
      if (!state) return fail('state missing');
      const code = randomBytes(24).toString('base64url');
      this.codes.set(code, { clientId: this.opts.clientId, redirectUri, challenge, profile: { ...this.nextProfile }, used: false, expiresAt: Date.now() + 60_000 });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', state);
      res.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' }).end();
      return;
    }

    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      this.counts.token++;
      const form = new URLSearchParams(await readBody(req));
      const fail = (reason: string) => this.refuse(res, 'token', 400, 'invalid_grant', reason);
      if (form.get('grant_type') !== 'authorization_code') return fail('grant_type must be authorization_code');
      const issued = this.codes.get(form.get('code') ?? '');
      if (!issued) return fail('unknown code');
      if (issued.used) return fail('code already used');
      issued.used = true; // single use, even when the rest of the request is wrong
      if (issued.expiresAt < Date.now()) return fail('code expired');
      if (form.get('client_id') !== issued.clientId) return fail('client_id does not match the code');
      if (form.get('redirect_uri') !== issued.redirectUri) return fail('redirect_uri does not match the code');
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return fail('code_verifier missing or malformed');
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== issued.challenge) return fail('PKCE verification failed');
      const token = randomBytes(32).toString('base64url');
      this.tokens.set(token, issued.profile);
      this.counts.tokenOk++;
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }

    if (req.method === 'GET' && url.pathname === '/api/userinfo') {
      this.counts.userinfo++;
      const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
      const profile = m ? this.tokens.get(m[1]!) : undefined;
      if (!profile) return this.refuse(res, 'userinfo', 401, 'invalid_token', 'missing or unknown bearer token');
      return json(200, profile);
    }

    if (req.method === 'GET' && url.pathname === '/api/projects') {
      this.counts.projects++;
      return json(200, this.projects);
    }

    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
