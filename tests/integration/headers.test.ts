// Security headers on every kind of response: pages, errors, static files, health, redirects.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: true });
  proxied = await startTestApp({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

describe('security headers', () => {
  it('sends a strict CSP and the other headers on pages, errors, static files, health and redirects', async () => {
    const c = t.client();
    for (const path of ['/', '/p/tidepool', '/p/nope', '/p/tidepool/help?page=0', '/static/css/app.css', '/api/health', '/auth/login', '/p/tidepool/help/new']) {
      const res = await c.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]) expect(csp).toContain(d);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('tells shared caches apart readers and signed-in people: Vary: Cookie, and personal pages private', async () => {
    const reader = await t.client().get('/p/tidepool');
    expect(reader.headers.get('vary')).toMatch(/cookie/i);
    expect(reader.headers.get('cache-control')).toBeNull();
    const c = t.client();
    await c.signIn('mnw-1004');
    const personal = await c.get('/p/tidepool');
    expect(personal.headers.get('vary')).toMatch(/cookie/i);
    expect(personal.headers.get('cache-control')).toBe('private, no-cache');
    // Static files stay public and long-lived, cookie or not.
    expect((await c.get('/static/css/app.css')).headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('pages carry no inline script or inline event handler', async () => {
    const res = await t.client().get('/p/tidepool');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\son[a-z]+="/);
  });

  it('adds HSTS and Secure cookies when served over HTTPS behind a trusted proxy', async () => {
    const res = await proxied.client().get('/', { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.getSetCookie().every((cookie) => /;\s*Secure/i.test(cookie))).toBe(true);
    const plain = await proxied.client().get('/');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
