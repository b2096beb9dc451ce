// Pure helpers of the web layer: escaping, return_to, page parsing, form cleaning, pagination window.

import { describe, expect, it } from 'vitest';
import { AppError, statusOf } from '../../src/core/errors.js';
import { safeReturnTo } from '../../src/web/routes/auth.js';
import { cleanBody, cleanSlug, cleanTitle } from '../../src/web/forms.js';
import { escapeHtml, html, storedMarkdownHtml } from '../../src/web/html.js';
import { parsePage, totalPages } from '../../src/web/load.js';
import { pageWindow, relativeTime } from '../../src/web/views/components.js';

describe('html template', () => {
  it('escapes every interpolated string, and keeps Html as is', () => {
    const evil = `<img src=x onerror="alert('1')">&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(escapeHtml(evil)).not.toMatch(/[<>"']/);
    expect(html`<div>${html`<b>ok</b>`}</div>`.value).toBe('<div><b>ok</b></div>');
    expect(html`${['<a>', html`<b>`]}${null}${undefined}${false}${0}`.value).toBe('&lt;a&gt;<b>0');
    expect(html`${storedMarkdownHtml('<p>x</p>')}`.value).toBe('<p>x</p>');
  });
});

describe('safeReturnTo', () => {
  const table: [string | undefined, string][] = [
    [undefined, '/'], ['', '/'], ['/', '/'], ['/p/tidepool', '/p/tidepool'], ['/p/x?page=2#post-1', '/p/x?page=2#post-1'],
    ['//evil.com', '/'], ['/\\evil.com', '/'], ['\\\\evil.com', '/'], ['https://evil.com', '/'], ['http:/evil.com', '/'],
    ['javascript:alert(1)', '/'], ['%2F%2Fevil.com', '/'], ['/%2Fevil.com', '/'], ['/%5Cevil.com', '/'], ['/\t/evil.com', '/'],
    ['/\n/evil.com', '/'], [' /p', '/'], ['/auth/login', '/'], ['/%E0%A4%A', '/'], ['/' + 'a'.repeat(3000), '/'], ['p/relative', '/'],
  ];
  for (const [input, expected] of table) it(`${JSON.stringify(input)} → ${expected}`, () => expect(safeReturnTo(input)).toBe(expected));
});

describe('parsePage', () => {
  it('accepts whole numbers from 1 and refuses everything else with a 400', () => {
    expect(parsePage(undefined)).toBe(1);
    expect(parsePage('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'abc', '', ' 2', '1e3', '99999999999']) {
      expect(() => parsePage(bad), bad).toThrow(AppError);
      try {
        parsePage(bad);
      } catch (e) {
        expect(statusOf((e as AppError).kind)).toBe(400);
      }
    }
    expect(totalPages(0, 25)).toBe(1);
    expect(totalPages(76, 25)).toBe(4);
  });
});

describe('form cleaning', () => {
  it('trims titles, counts characters not bytes, and rejects invisible-only titles', () => {
    expect(cleanTitle('  Hello   world ').value).toBe('Hello world');
    expect(cleanTitle('\u200b\u200c\u200d\ufeff').error).toBeDefined();
    expect(cleanTitle('ab').error).toContain('at least 3');
    expect(cleanTitle('🦀🦀🦀').error).toBeUndefined();
    expect(cleanTitle('é'.repeat(200)).error).toBeUndefined();
    expect(cleanTitle('é'.repeat(201)).error).toContain('at most 200');
  });

  it('keeps the body as typed but refuses empty and over-long ones', () => {
    expect(cleanBody('line\r\nline  \n\n').value).toBe('line\nline');
    expect(cleanBody('\u200b').error).toBeDefined();
    expect(cleanBody('x'.repeat(32_000)).error).toBeUndefined();
    expect(cleanBody('x'.repeat(32_001)).error).toBeDefined();
  });

  it('accepts category slugs that cannot collide with routes', () => {
    expect(cleanSlug('help-desk').error).toBeUndefined();
    for (const bad of ['members', 'settings', 'moderation', 'new', 'Has Space', '-x', '']) expect(cleanSlug(bad).error, bad).toBeDefined();
  });
});

describe('view helpers', () => {
  it('shows first, last and neighbours of the current page', () => {
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
  });
  it('says times in words', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(relativeTime(new Date(now.getTime() - 10_000), now)).toBe('just now');
    expect(relativeTime(new Date(now.getTime() - 5 * 60_000), now)).toBe('5 min ago');
    expect(relativeTime(new Date(now.getTime() - 3 * 3600_000), now)).toBe('3 h ago');
    expect(relativeTime(new Date(now.getTime() - 40 * 86400_000), now)).toBe('2026-10-24');
  });
});
