// Configuration: development defaults with nothing set; production refuses to start on a missing or bad value.

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, usesDevMnw } from '../../src/config.js';

const PRODUCTION = {
  NODE_ENV: 'production', DATABASE_URL: 'postgres://mt@localhost/mt', MNW_BASE_URL: 'https://makenot.work', OAUTH_CLIENT_ID: 'client-123',
  OAUTH_REDIRECT_URL: 'https://forums.example/auth/callback', PLATFORM_ADMIN_ID: 'mnw-1', SESSION_SECRET: 'a'.repeat(64), BIND_ADDR: '127.0.0.1', PORT: '3400',
};

describe('config', () => {
  it('runs with nothing set: port 3400, embedded database, development MNW', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3400);
    expect(c.databaseUrl).toBeNull();
    expect(usesDevMnw(c)).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('accepts a complete production environment', () => {
    const c = loadConfig(PRODUCTION);
    expect(c.production).toBe(true);
    expect(usesDevMnw(c)).toBe(false);
  });

  for (const name of Object.keys(PRODUCTION).filter((k) => k !== 'NODE_ENV')) {
    it(`refuses production without ${name}, naming it`, () => {
      const env: Record<string, string> = { ...PRODUCTION };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(name);
    });
  }

  const malformed: [string, string][] = [
    ['PORT', 'eighty'], ['PORT', '70000'], ['DATABASE_URL', 'mysql://x'], ['MNW_BASE_URL', 'ftp://x'], ['MNW_BASE_URL', 'not a url'],
    ['OAUTH_REDIRECT_URL', 'https://x/elsewhere'], ['SESSION_SECRET', 'short'], ['BIND_ADDR', 'my host'], ['BIND_ADDR', 'cafe'], ['BIND_ADDR', '999.1.1.1'], ['PLATFORM_ADMIN_ID', 'has space'],
  ];
  for (const [name, value] of malformed) {
    it(`refuses ${name}=${JSON.stringify(value)}`, () => {
      expect(() => loadConfig({ ...PRODUCTION, [name]: value })).toThrow(name);
    });
  }

  it('never runs the development MNW in production', () => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env.MNW_BASE_URL;
    expect(() => loadConfig(env)).toThrow('MNW_BASE_URL');
  });
});
