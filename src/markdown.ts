// The ONLY producer of raw HTML in the app. Post bodies are rendered once at
// write time and stored, so every rule here is an allow-list: anything not
// explicitly permitted is escaped or dropped.
import MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

/** Maximum post body length in characters (enforced by callers, not here). */

/** Schemes a link may use; everything else (javascript:, data:, ...) is refused. */
const LINK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto']);
/** Images load from the network only; no data:, no relative, no mailto. */
const IMAGE_SRC_RE = /^https?:\/\//i;
/** User content is untrusted: don't pass rank, don't hand over window.opener. */
const EXTERNAL_LINK_REL = 'nofollow ugc noopener';
/** Fence info strings become a class name, so only plain identifiers survive. */
const FENCE_LANGUAGE_RE = /^[A-Za-z0-9][\w+#-]{0,31}$/;
const CODE_CLASS_PREFIX = 'language-';
/** markdown-it emits style="text-align:x" on table cells; we emit a class instead. */
const TABLE_ALIGN_RE = /^text-align:(left|center|right)$/;
const TABLE_ALIGN_CLASS_PREFIX = 'align-';
/**
 * Nested encodings (%25xx, &amp;#..;) are unwrapped this many times; a URL
 * still changing after that is deliberately obfuscated and refused.
 */
const MAX_URL_DECODE_ROUNDS = 5;
/**
 * Stripped before looking for a scheme: whitespace, controls, format chars
 * (zero-width, BOM, soft hyphen) and U+FFFD (what NUL becomes).
 */
const URL_INVISIBLE_RE = /[\s\p{Cc}\p{Cf}\uFFFD]/gu;
/** Runs of %XX bytes, decoded together so multi-byte UTF-8 survives. */
const PERCENT_RUN_RE = /(?:%[0-9a-f]{2})+/gi;
/** Numeric character references, semicolon optional (browsers accept both). */
const NUMERIC_ENTITY_RE = /&#(?:x([0-9a-f]+)|([0-9]+));?/gi;
const MAX_CODE_POINT = 0x10ffff;
const SCHEME_RE = /^([^:/?#]*):/;
const utf8 = new TextDecoder('utf-8'); // non-fatal: bad bytes become U+FFFD

/** Attributes each tag may carry after sanitising. */
const ALLOWED_ATTRS: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
  ol: ['start'],
  th: ['class'],
  td: ['class'],
  code: ['class'],
};
/** Last-line guard in renderAttrs, where the tag is not always known. */
const ANY_ALLOWED_ATTR: ReadonlySet<string> = new Set(Object.values(ALLOWED_ATTRS).flat());

const md = new MarkdownIt('default', {
  html: false, // raw HTML is shown as text, never parsed
  linkify: true, // bare http(s):// URLs and emails; linkify-it's fuzzy www./domain matching stays off
  typographer: false,
  breaks: true, // a newline in a post is a line break, as people typing in a forum box expect
  xhtmlOut: false,
  langPrefix: CODE_CLASS_PREFIX,
});
const { escapeHtml, unescapeAll } = md.utils;

type UrlKind = 'relative' | 'external' | 'rejected';

function percentDecode(value: string): string {
  return value.replace(PERCENT_RUN_RE, (run) => utf8.decode(Buffer.from(run.replace(/%/g, ''), 'hex')));
}

function decodeNumericEntities(value: string): string {
  return value.replace(NUMERIC_ENTITY_RE, (_match, hex: string | undefined, dec: string | undefined) => {
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    const valid = code > 0 && code <= MAX_CODE_POINT && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/**
 * Reduce a URL to what any browser or decoder could plausibly read as its
 * scheme: percent- and entity-decoded until stable (also entities without a
 * semicolon), compatibility-folded (fullwidth letters), invisibles removed,
 * lowercased. Stricter than a browser on purpose. Returns null when decoding
 * never settles.
 */
function canonicalForCheck(url: string): string | null {
  let current = url;
  for (let round = 0; round < MAX_URL_DECODE_ROUNDS; round++) {
    // Backslashes are dropped: markdown-it percent-encodes them in output, so
    // they never act as slashes, and unescapeAll then only decodes entities.
    const next = unescapeAll(decodeNumericEntities(percentDecode(current)).replace(/\\/g, ''));
    if (next === current) {
      return current.normalize('NFKC').replace(URL_INVISIBLE_RE, '').toLowerCase();
    }
    current = next;
  }
  return null;
}

/** Classify a (markdown-it normalised) URL; anything with a non-allowed scheme is rejected. */
function classifyUrl(url: string): UrlKind {
  const canonical = canonicalForCheck(url);
  if (canonical === null) return 'rejected';
  if (canonical.startsWith('//')) return 'external'; // protocol-relative: another host
  const scheme = SCHEME_RE.exec(canonical);
  if (!scheme) return 'relative';
  return LINK_SCHEMES.has(scheme[1] ?? '') ? 'external' : 'rejected';
}

function isSafeImageSrc(src: string): boolean {
  return IMAGE_SRC_RE.test(src) && classifyUrl(src) === 'external';
}

// markdown-it consults this for links, reference definitions, autolinks,
// linkify and images; a refused URL leaves the markdown as plain text.
md.validateLink = (url: string): boolean => classifyUrl(url) !== 'rejected';

function sanitizeAttrs(token: Token): void {
  if (!token.attrs) return;
  const allowed = ALLOWED_ATTRS[token.tag] ?? [];
  const kept: [string, string][] = [];
  for (const [name, rawValue] of token.attrs) {
    const value = String(rawValue);
    if (name === 'style' && (token.tag === 'th' || token.tag === 'td')) {
      const align = TABLE_ALIGN_RE.exec(value);
      if (align) kept.push(['class', `${TABLE_ALIGN_CLASS_PREFIX}${align[1]}`]);
      continue;
    }
    if (name === 'start' && !/^\d+$/.test(value)) continue;
    if (allowed.includes(name)) kept.push([name, value]);
  }
  token.attrs = kept.length > 0 ? kept : null;
}

/** Re-check links (defence in depth over validateLink) and add rel to external ones. */
function sanitizeInline(children: Token[]): Token[] {
  const out: Token[] = [];
  const linkKept: boolean[] = []; // one entry per open link, so the close matches
  for (const token of children) {
    sanitizeAttrs(token);
    if (token.type === 'link_open') {
      const href = token.attrGet('href');
      const kind = typeof href === 'string' ? classifyUrl(href) : 'rejected';
      linkKept.push(kind !== 'rejected');
      if (kind === 'rejected') continue; // drop the <a>, keep its text
      if (kind === 'external') token.attrSet('rel', EXTERNAL_LINK_REL);
      else token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'rel');
    } else if (token.type === 'link_close') {
      if (linkKept.pop() === false) continue;
    }
    if (token.children) token.children = sanitizeInline(token.children);
    out.push(token);
  }
  return out;
}

/** The thread title is the page's h1: a post's own headings start one level below it. */
function headingTag(tag: string): string {
  const level = Number(tag.slice(1));
  return `h${Math.min(6, level + 1)}`;
}

function sanitizeTokens(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = headingTag(token.tag);
    sanitizeAttrs(token);
    if (token.children) token.children = sanitizeInline(token.children);
  }
}

// Runs after linkify/text_join so it sees the final token stream.
md.core.ruler.push('multithreaded_sanitize', sanitizeTokens);

const rules = md.renderer.rules;

// With html:false these tokens never appear; if a future option enables
// them, they still render as text.
rules.html_block = (tokens, idx) => escapeHtml(tokens[idx]?.content ?? '');
rules.html_inline = (tokens, idx) => escapeHtml(tokens[idx]?.content ?? '');

rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  if (!token) return '';
  const language = unescapeAll(token.info).trim().split(/\s+/)[0] ?? '';
  const classAttr = FENCE_LANGUAGE_RE.test(language)
    ? ` class="${CODE_CLASS_PREFIX}${escapeHtml(language)}"`
    : '';
  return `<pre><code${classAttr}>${escapeHtml(token.content)}</code></pre>\n`;
};

rules.image = (tokens, idx, options, env, renderer) => {
  const token = tokens[idx];
  if (!token) return '';
  const alt = renderer.renderInlineAsText(token.children ?? [], options, env);
  const src = token.attrGet('src');
  // Unsafe or non-http source: show the alt text instead of an element.
  if (typeof src !== 'string' || !isSafeImageSrc(src)) return escapeHtml(alt);
  const title = token.attrGet('title');
  const titleAttr = title ? ` title="${escapeHtml(String(title))}"` : '';
  return (
    `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttr}` +
    ` loading="lazy" referrerpolicy="no-referrer">`
  );
};

// Every default rule emits attributes through here: a final allow-list.
md.renderer.renderAttrs = (token: Pick<Token, 'attrs'>): string => {
  let result = '';
  for (const [name, value] of token.attrs ?? []) {
    if (!ANY_ALLOWED_ATTR.has(name)) continue;
    result += ` ${name}="${escapeHtml(String(value))}"`;
  }
  return result;
};

/** Render a post body to safe HTML (see module header for the guarantees). */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
