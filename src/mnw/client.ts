// The client side of the MNW contract (DESIGN.md "MNW contract"): OAuth 2.0 authorization code + PKCE
// through oauth4webapi, userinfo, and the project directory. No protocol code of our own.

import * as oauth from 'oauth4webapi';
import type { MnwProfile } from '../db/users.js';
import type { MnwProject } from './demo-accounts.js';

export interface MnwSettings {
  clientId: string;
  timeoutMs: number;
  /** Base URL the browser is sent to (the development MNW lives on whatever origin the browser used). */
  browserBase(requestOrigin: string): string;
  /** Base URL this server calls for tokens, userinfo and projects. */
  serverBase: string;
  /** redirect_uri registered with MNW; the same value goes into the authorize and the token request. */
  redirectUri(requestOrigin: string): string;
}

/** Why a sign-in failed, in words for the person signing in; details go to the log. */
export class SignInError extends Error {
  constructor(readonly publicMessage: string, readonly detail: string, readonly cancelled = false) {
    super(detail);
    this.name = 'SignInError';
  }
}

export class MnwClient {
  constructor(readonly settings: MnwSettings) {}

  private server(requestOrigin = ''): oauth.AuthorizationServer {
    const base = this.settings.serverBase;
    return {
      issuer: base,
      authorization_endpoint: `${this.settings.browserBase(requestOrigin)}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
    };
  }

  private get client(): oauth.Client {
    return { client_id: this.settings.clientId };
  }

  private options() {
    return {
      signal: AbortSignal.timeout(this.settings.timeoutMs),
      [oauth.allowInsecureRequests]: this.settings.serverBase.startsWith('http:'),
    };
  }

  /** A fresh state and PKCE verifier, and the URL to send the browser to. */
  async startSignIn(requestOrigin: string): Promise<{ url: URL; state: string; codeVerifier: string }> {
    const state = oauth.generateRandomState();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const url = new URL(this.server(requestOrigin).authorization_endpoint!);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.settings.redirectUri(requestOrigin));
    url.searchParams.set('scope', 'profile');
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { url, state, codeVerifier };
  }

  /** Validates the callback against the expected state, exchanges the code, and returns the MNW profile. */
  async finishSignIn(callbackUrl: URL, expectedState: string, codeVerifier: string, requestOrigin: string): Promise<MnwProfile> {
    const as = this.server(requestOrigin);
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(as, this.client, callbackUrl.searchParams, expectedState);
    } catch (err) {
      if (err instanceof oauth.AuthorizationResponseError) {
        const cancelled = err.error === 'access_denied';
        throw new SignInError(cancelled ? 'You cancelled signing in at Makenot.work.' : 'Makenot.work refused the sign-in.', `authorize error: ${err.error} ${err.error_description ?? ''}`, cancelled);
      }
      throw new SignInError('The sign-in response from Makenot.work was not valid.', `callback validation: ${(err as Error).message}`);
    }
    let accessToken: string;
    try {
      const response = await oauth.authorizationCodeGrantRequest(as, this.client, oauth.None(), params, this.settings.redirectUri(requestOrigin), codeVerifier, this.options());
      const result = await oauth.processAuthorizationCodeResponse(as, this.client, response);
      accessToken = result.access_token;
    } catch (err) {
      throw this.networkOr(err, 'Makenot.work did not accept the sign-in code.', 'token exchange');
    }
    return this.fetchUserInfo(accessToken);
  }

  async fetchUserInfo(accessToken: string): Promise<MnwProfile> {
    let body: unknown;
    try {
      const res = await oauth.protectedResourceRequest(accessToken, 'GET', new URL(`${this.settings.serverBase}/api/userinfo`), new Headers({ accept: 'application/json' }), null, this.options());
      if (!res.ok) throw new Error(`userinfo status ${res.status}`);
      body = await res.json();
    } catch (err) {
      throw this.networkOr(err, 'Makenot.work did not send your profile.', 'userinfo');
    }
    return parseUserInfo(body);
  }

  /** The project directory; throws when MNW is unreachable, slow or answers nonsense. */
  async fetchProjects(): Promise<MnwProject[]> {
    const res = await fetch(`${this.settings.serverBase}/api/projects`, { signal: AbortSignal.timeout(this.settings.timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`projects status ${res.status}`);
    return parseProjects(await res.json());
  }

  private networkOr(err: unknown, message: string, step: string): SignInError {
    if (err instanceof SignInError) return err;
    const e = err as Error;
    const unreachable = e.name === 'TimeoutError' || e.name === 'AbortError' || e instanceof TypeError;
    return new SignInError(unreachable ? 'Makenot.work could not be reached. Please try again in a moment.' : message, `${step}: ${e.name}: ${e.message}`);
  }
}

const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Userinfo must be exactly the contract's shape; anything else is refused before a user row is touched. */
export function parseUserInfo(body: unknown): MnwProfile {
  const bad = (why: string) => new SignInError('Makenot.work sent a profile we could not read.', `malformed userinfo: ${why}`);
  if (typeof body !== 'object' || body === null) throw bad('not an object');
  const b = body as Record<string, unknown>;
  const id = typeof b.id === 'number' && Number.isSafeInteger(b.id) ? String(b.id) : b.id;
  if (typeof id !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(id)) throw bad('id');
  if (typeof b.username !== 'string' || !USERNAME.test(b.username)) throw bad('username');
  const displayName = typeof b.display_name === 'string' && b.display_name.trim() !== '' ? b.display_name.trim().slice(0, 100) : b.username;
  const avatar = typeof b.avatar_url === 'string' && /^https?:\/\/[^\s"'<>]{1,500}$/i.test(b.avatar_url) ? b.avatar_url : null;
  return { mnwAccountId: id, username: b.username, displayName, avatarUrl: avatar };
}

export function parseProjects(body: unknown): MnwProject[] {
  if (!Array.isArray(body)) throw new Error('projects: not an array');
  const out: MnwProject[] = [];
  for (const p of body) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    if (typeof r.slug !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(r.slug)) continue;
    out.push({
      slug: r.slug,
      name: typeof r.name === 'string' && r.name.trim() ? r.name.trim().slice(0, 100) : r.slug,
      description: typeof r.description === 'string' ? r.description.slice(0, 500) : '',
      owner_id: typeof r.owner_id === 'string' || typeof r.owner_id === 'number' ? String(r.owner_id) : '',
    });
  }
  return out;
}
