import { describe, it, expect } from 'vitest';
import { BODY_MAX_CHARS as MAX_BODY_CHARS } from '../../src/core/types.js';
import { renderMarkdown } from '../../src/markdown.js';

// ---------------------------------------------------------------------------
// Output checker: a deliberately strict, tiny HTML scanner. Every `<` must open
// a well-formed allow-listed tag with double-quoted, allow-listed attributes.
// It is independent of src/markdown.ts so a bug there cannot hide here.
// ---------------------------------------------------------------------------

const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 's', 'del',
  'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);
const ALLOWED_ATTRS: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set(['href', 'title', 'rel']),
  img: new Set(['src', 'alt', 'title', 'loading', 'referrerpolicy']),
  ol: new Set(['start']),
  code: new Set(['class']),
  th: new Set(['class']),
  td: new Set(['class']),
};
const SAFE_LINK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto']);
const EXTERNAL_REL = 'nofollow ugc noopener';
const CLASS_VALUE_RE = /^(language-[\w+#-]+|align-(left|center|right))$/;

const TAG_RE = /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^\s"'<>/=]+(?:="[^"]*")?)*)\s*>/y;
const ATTR_RE = /\s+([^\s"'<>/=]+)(?:="([^"]*)")?/g;

/** Entities a browser would decode inside an attribute value (enough for scheme tricks). */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n',
  sol: '/', lpar: '(', rpar: ')', nbsp: '\u00a0', num: '#', percnt: '%',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (match, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1]?.toLowerCase() === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

/**
 * Stricter than a browser: entity- and percent-decode (as UTF-8) until stable,
 * fold compatibility characters (fullwidth letters), drop whitespace, control
 * and format characters and backslashes, lowercase.
 */
function canonicalUrl(value: string): string {
  let current = value;
  for (let i = 0; i < 10; i++) {
    const next = decodeEntities(current).replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
      Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
    );
    if (next === current) break;
    current = next;
  }
  return current.normalize('NFKC').replace(/[\s\p{Cc}\p{Cf}\ufffd\\]/gu, '').toLowerCase();
}

/** Returns a list of violations; empty means the HTML is acceptable. */
function checkHtml(html: string): string[] {
  const problems: string[] = [];
  let pos = 0;
  while ((pos = html.indexOf('<', pos)) !== -1) {
    TAG_RE.lastIndex = pos;
    const tag = TAG_RE.exec(html);
    if (!tag) {
      problems.push(`stray or malformed markup at ${pos}: ${JSON.stringify(html.slice(pos, pos + 40))}`);
      pos += 1;
      continue;
    }
    pos = TAG_RE.lastIndex;
    const [, closing, rawName = '', attrText = ''] = tag;
    const name = rawName.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${name}> not allowed`);
    if (closing) {
      if (attrText.trim()) problems.push(`closing tag </${name}> has attributes`);
      continue;
    }
    const seen = new Map<string, string>();
    for (const attr of attrText.matchAll(ATTR_RE)) {
      const attrName = (attr[1] ?? '').toLowerCase();
      const value = attr[2] ?? '';
      if (/^on/.test(attrName)) problems.push(`event handler ${attrName} on <${name}>`);
      if (!ALLOWED_ATTRS[name]?.has(attrName)) problems.push(`attribute ${attrName} not allowed on <${name}>`);
      if (seen.has(attrName)) problems.push(`duplicate attribute ${attrName} on <${name}>`);
      seen.set(attrName, value);
      problems.push(...checkAttrValue(name, attrName, value));
    }
    if (name === 'a' && seen.has('href')) {
      const href = canonicalUrl(seen.get('href') ?? '');
      const external = href.startsWith('//') || /^(https?|mailto):/.test(href);
      if (external && seen.get('rel') !== EXTERNAL_REL) problems.push(`external link without rel: ${href}`);
    }
    if (name === 'img') {
      if (seen.get('loading') !== 'lazy') problems.push('img without loading="lazy"');
      if (seen.get('referrerpolicy') !== 'no-referrer') problems.push('img without referrerpolicy="no-referrer"');
      if (!seen.has('src')) problems.push('img without src');
    }
  }
  return problems;
}

function checkAttrValue(tag: string, attr: string, value: string): string[] {
  const problems: string[] = [];
  if (attr === 'href' || attr === 'src') {
    const url = canonicalUrl(value);
    // Same rule a browser uses for "has a scheme", but stricter: any colon
    // before the first / ? # counts, even with odd characters in the scheme.
    const scheme = /^([^:/?#]*):/.exec(url);
    if (scheme && !SAFE_LINK_SCHEMES.has(scheme[1] ?? '')) problems.push(`${attr} with scheme ${scheme[1]}: on <${tag}>`);
    if (attr === 'src' && !/^https?:\/\//.test(url)) problems.push(`img src not http(s): ${value}`);
    if (attr === 'src' && !/^https?:\/\//i.test(decodeEntities(value))) problems.push(`img src not literally http(s): ${value}`);
  }
  if (attr === 'class' && !value.split(' ').every((c) => CLASS_VALUE_RE.test(c))) problems.push(`class "${value}"`);
  if (attr === 'rel' && value !== EXTERNAL_REL) problems.push(`rel "${value}"`);
  if (attr === 'start' && !/^\d+$/.test(value)) problems.push(`start "${value}"`);
  if (attr === 'loading' && value !== 'lazy') problems.push(`loading "${value}"`);
  if (attr === 'referrerpolicy' && value !== 'no-referrer') problems.push(`referrerpolicy "${value}"`);
  return problems;
}

describe('checkHtml (the checker itself)', () => {
  it('accepts typical safe output', () => {
    const good =
      '<h2>t</h2><p><a href="https://e.com/x?a=1&amp;b=2" title="t" rel="nofollow ugc noopener">x</a> ' +
      '<a href="/rel#a">r</a> &lt;script&gt; <img src="https://e.com/a.png" alt="a" loading="lazy" referrerpolicy="no-referrer"></p>' +
      '<ol start="3"><li><code class="language-ts">x</code></li></ol><table><tr><td class="align-left">1</td></tr></table>';
    expect(checkHtml(good)).toEqual([]);
  });

  const bad: [string, string][] = [
    ['script tag', '<p><script>alert(1)</script></p>'],
    ['onerror attribute', '<img src="https://e.com/a.png" onerror="alert(1)" loading="lazy" referrerpolicy="no-referrer">'],
    ['unquoted attribute', '<img src=x onerror=alert(1)>'],
    ['slash-separated attributes', '<img/src="x"/onerror="alert(1)">'],
    ['javascript href', '<a href="javascript:alert(1)">x</a>'],
    ['entity-obfuscated href', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
    ['named-entity colon', '<a href="javascript&colon;alert(1)">x</a>'],
    ['entity without semicolon', '<a href="&#106avascript:alert(1)">x</a>'],
    ['leading control chars', '<a href="&#x01; javascript:alert(1)">x</a>'],
    ['percent-encoded scheme', '<a href="%6A%61vascript:alert(1)">x</a>'],
    ['double-escaped entity', '<a href="&amp;#106avascript:alert(1)">x</a>'],
    ['percent-encoded fullwidth scheme', '<a href="%EF%BD%8Aavascript:alert(1)">x</a>'],
    ['data src', '<img src="data:image/png;base64,AA" alt="" loading="lazy" referrerpolicy="no-referrer">'],
    ['relative img src', '<img src="/a.png" alt="" loading="lazy" referrerpolicy="no-referrer">'],
    ['img without lazy loading', '<img src="https://e.com/a.png" alt="">'],
    ['style attribute', '<p style="color:red">x</p>'],
    ['id attribute', '<h1 id="top">x</h1>'],
    ['html comment', '<p>a<!-- c --></p>'],
    ['cdata', '<![CDATA[x]]>'],
    ['svg tag', '<svg></svg>'],
    ['external link without rel', '<a href="https://e.com">x</a>'],
    ['bad class', '<code class="x onload">y</code>'],
  ];
  it.each(bad)('rejects %s', (_label, html) => {
    expect(checkHtml(html).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------

function render(source: string): string {
  const html = renderMarkdown(source);
  expect(checkHtml(html)).toEqual([]);
  return html;
}

describe('renderMarkdown features', () => {
  it('renders tables with alignment as classes, never style', () => {
    const html = render('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    expect(html).toContain('<table>');
    expect(html).toContain('<th class="align-left">a</th>');
    expect(html).toContain('<th class="align-center">b</th>');
    expect(html).toContain('<td class="align-right">3</td>');
    expect(html).not.toContain('style');
  });

  it('renders strikethrough', () => {
    expect(render('~~gone~~')).toBe('<p><s>gone</s></p>\n');
  });

  it('links bare URLs and angle-bracket autolinks', () => {
    expect(render('see https://example.com/path?q=1 now')).toBe(
      '<p>see <a href="https://example.com/path?q=1" rel="nofollow ugc noopener">https://example.com/path?q=1</a> now</p>\n',
    );
    expect(render('<https://example.com>')).toContain('<a href="https://example.com" rel="nofollow ugc noopener">');
  });

  it('does not guess links from file names', () => {
    expect(render('edit main.py and notes.md')).toBe('<p>edit main.py and notes.md</p>\n');
  });

  it('renders fenced code with a language class only for safe identifiers', () => {
    expect(render('```ts\nconst a = 1 < 2;\n```')).toBe(
      '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>\n',
    );
    expect(render('```c++\nx\n```')).toContain('<code class="language-c++">');
    expect(render('```"><script>alert(1)</script>\nx\n```')).toBe('<pre><code>x\n</code></pre>\n');
    expect(render('```js onload=alert(1)\nx\n```')).toBe('<pre><code class="language-js">x\n</code></pre>\n');
    expect(render('    indented <b>\n')).toBe('<pre><code>indented &lt;b&gt;\n</code></pre>\n');
  });

  it('renders blockquotes, lists, inline code and emphasis', () => {
    expect(render('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n');
    expect(render('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
    expect(render('3. c\n4. d')).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>\n');
    expect(render('use `<b>x</b>` here')).toBe('<p>use <code>&lt;b&gt;x&lt;/b&gt;</code> here</p>\n');
    expect(render('*em* **strong** _em_')).toBe('<p><em>em</em> <strong>strong</strong> <em>em</em></p>\n');
  });

  it('renders headings without ids and keeps typographer off', () => {
    expect(render('## Title\n\n"quotes" -- (c)')).toBe('<h3>Title</h3>\n<p>&quot;quotes&quot; -- (c)</p>\n');
  });

  it('starts a post\'s headings below the page\'s h1 (the thread title), down to h6', () => {
    expect(render('# Big')).toBe('<h2>Big</h2>\n');
    expect(render('Setext\n===')).toBe('<h2>Setext</h2>\n');
    expect(render('##### five\n\n###### six')).toBe('<h6>five</h6>\n<h6>six</h6>\n');
  });

  it('keeps a single newline as a line break, a blank line as a new paragraph', () => {
    expect(render('first line\nsecond line')).toBe('<p>first line<br>\nsecond line</p>\n');
    expect(render('one\n\ntwo')).toBe('<p>one</p>\n<p>two</p>\n');
  });

  it('shows raw HTML as escaped text', () => {
    expect(render('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(render('a <b>bold</b> b')).toBe('<p>a &lt;b&gt;bold&lt;/b&gt; b</p>\n');
  });
});

// ---------------------------------------------------------------------------
// Links and images
// ---------------------------------------------------------------------------

describe('renderMarkdown links and images', () => {
  it('marks external links nofollow ugc noopener', () => {
    expect(render('[x](https://example.com)')).toBe(
      '<p><a href="https://example.com" rel="nofollow ugc noopener">x</a></p>\n',
    );
    expect(render('[x](http://example.com "T")')).toBe(
      '<p><a href="http://example.com" title="T" rel="nofollow ugc noopener">x</a></p>\n',
    );
    expect(render('[m](mailto:a@example.com)')).toContain('<a href="mailto:a@example.com" rel="nofollow ugc noopener">');
    expect(render('[p](//example.com/x)')).toContain('<a href="//example.com/x" rel="nofollow ugc noopener">');
  });

  it('keeps relative links without rel', () => {
    expect(render('[a](/t/1) [b](#c) [c](?page=2) [d](docs/page) [e](../up)')).toBe(
      '<p><a href="/t/1">a</a> <a href="#c">b</a> <a href="?page=2">c</a> <a href="docs/page">d</a> <a href="../up">e</a></p>\n',
    );
  });

  it('renders http(s) images lazily without referrer', () => {
    expect(render('![cat](https://img.example.com/cat.png "Cat")')).toBe(
      '<p><img src="https://img.example.com/cat.png" alt="cat" title="Cat" loading="lazy" referrerpolicy="no-referrer"></p>\n',
    );
  });

  it('replaces non-http images with their alt text', () => {
    expect(render('![local](/a.png)')).toBe('<p>local</p>\n');
    expect(render('![proto](//example.com/a.png)')).toBe('<p>proto</p>\n');
    expect(render('![m](mailto:a@b.c)')).toBe('<p>m</p>\n');
    expect(render('![<b>alt</b>](/a.png)')).toBe('<p>&lt;b&gt;alt&lt;/b&gt;</p>\n');
  });

  it('drops links with disallowed schemes but keeps the text', () => {
    const html = render('[click](javascript:alert(1))');
    expect(html).not.toContain('<a');
    expect(html).toContain('click');
  });
});

// ---------------------------------------------------------------------------
// XSS corpus: every vector must render to output that passes checkHtml.
// ---------------------------------------------------------------------------

const TAB = '\t';
const NL = '\n';
const CR = '\r';
const NUL = '\u0000';
const XSS_VECTORS: readonly (readonly [string, string])[] = [
  // javascript: spellings in inline links
  ['plain', '[x](javascript:alert(1))'],
  ['Title case', '[x](JavaScript:alert(1))'],
  ['upper case', '[x](JAVASCRIPT:alert(1))'],
  ['mixed case', '[x](jAvAsCrIpT:alert(1))'],
  ['decimal entity', '[x](&#106;avascript:alert(1))'],
  ['decimal entity no semicolon', '[x](&#106avascript:alert(1))'],
  ['hex entity', '[x](&#x6A;avascript:alert(1))'],
  ['hex entity no semicolon', '[x](&#x6Aavascript:alert(1))'],
  ['zero-padded decimal entities', '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))'],
  ['all hex entities', '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))'],
  ['tab entity hex', '[x](jav&#x09;ascript:alert(1))'],
  ['tab entity decimal', '[x](jav&#9;ascript:alert(1))'],
  ['newline entity', '[x](jav&#x0A;ascript:alert(1))'],
  ['carriage return entity', '[x](jav&#x0D;ascript:alert(1))'],
  ['named Tab entity', '[x](jav&Tab;ascript:alert(1))'],
  ['named NewLine entity', '[x](jav&NewLine;ascript:alert(1))'],
  ['colon decimal entity', '[x](javascript&#58;alert(1))'],
  ['colon hex entity', '[x](javascript&#x3A;alert(1))'],
  ['colon named entity', '[x](javascript&colon;alert(1))'],
  ['percent-encoded letters', '[x](%6A%61vascript:alert(1))'],
  ['percent-encoded colon', '[x](javascript%3Aalert(1))'],
  ['double percent-encoding', '[x](%256A%2561vascript%253Aalert(1))'],
  ['percent-encoded tab', '[x](java%09script:alert(1))'],
  ['entity of percent', '[x](&#37;6A&#37;61vascript:alert(1))'],
  ['real tab in angle destination', `[x](<java${TAB}script:alert(1)>)`],
  ['space in angle destination', '[x](<java script:alert(1)>)'],
  ['newline inside scheme', `[x](java${NL}script:alert(1))`],
  ['CR inside scheme', `[x](java${CR}script:alert(1))`],
  ['NUL inside scheme', `[x](java${NUL}script:alert(1))`],
  ['NUL entity', '[x](java&#0;script:alert(1))'],
  ['leading spaces', '[x](   javascript:alert(1))'],
  ['leading space in angle destination', '[x](< javascript:alert(1)>)'],
  ['leading control char', '[x](\u0001javascript:alert(1))'],
  ['leading control char in angle destination', '[x](<\u0001javascript:alert(1)>)'],
  ['leading vertical tab', '[x](<\u000Bjavascript:alert(1)>)'],
  ['leading control entity', '[x](&#14;javascript:alert(1))'],
  ['leading escape entity', '[x](&#x1B;javascript:alert(1))'],
  ['unicode line separator', '[x](\u2028javascript:alert(1))'],
  ['unicode paragraph separator in scheme', '[x](<java\u2029script:alert(1)>)'],
  ['zero-width space in scheme', '[x](java\u200Bscript:alert(1))'],
  ['BOM prefix', '[x](\uFEFFjavascript:alert(1))'],
  ['soft hyphen in scheme', '[x](java\u00ADscript:alert(1))'],
  ['fullwidth letters and colon', '[x](ｊａｖａｓｃｒｉｐｔ：alert(1))'],
  ['javascript with title', '[x](javascript:alert(1) "title")'],
  ['javascript comment newline', '[x](javascript://%0Aalert(1))'],
  ['javascript comment close script', '[x](javascript:/*--></script><script>alert(1)</script>)'],
  ['entity parens', '[x](javascript:alert&#40;1&#41;)'],
  ['backslash-escaped colon', '[x](javascript\\:alert(1))'],
  ['backslash prefix', '[x](\\javascript:alert(1))'],
  ['backslash inside scheme', '[x](java\\script:alert(1))'],
  ['entity-encoded ampersand', '[x](&#x26;#x6A;avascript:alert(1))'],
  ['percent-encoded fullwidth', '[x](%EF%BD%8A%EF%BD%81vascript:alert(1))'],
  ['bare URL then fake scheme', '[x](https://ok.example/) [y](localhost:3000)'],
  ['unclosed link', '[x](javascript:alert(1)'],
  // other schemes
  ['vbscript', '[x](vbscript:msgbox(1))'],
  ['VBScript mixed', '[x](VbScRiPt:msgbox(1))'],
  ['vbscript entity colon', '[x](vbscript&#58;msgbox(1))'],
  ['data html base64', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['DATA upper', '[x](DATA:text/html,<script>alert(1)</script>)'],
  ['data svg', '[x](data:image/svg+xml,<svg onload=alert(1)>)'],
  ['data png link (markdown-it default allows)', '[x](data:image/png;base64,iVBORw0KGgo=)'],
  ['data entity-encoded', '[x](&#100;ata:text/html,x)'],
  ['file', '[x](file:///etc/passwd)'],
  ['ftp (not allowed)', '[x](ftp://example.com/x)'],
  ['livescript', '[x](livescript:alert(1))'],
  ['view-source', '[x](view-source:https://example.com)'],
  ['blob', '[x](blob:https://example.com/uuid)'],
  ['feed wrapping javascript', '[x](feed:javascript:alert(1))'],
  ['intent', '[x](intent://x#Intent;scheme=javascript;end)'],
  ['custom app scheme', '[x](steam://run/1)'],
  // reference-style links
  ['reference javascript', '[x][r]\n\n[r]: javascript:alert(1)'],
  ['reference with title', '[x][r]\n\n[r]: javascript:alert(1) "t"'],
  ['reference entity', '[x][r]\n\n[r]: jav&#x09;ascript:alert(1)'],
  ['reference angle', '[r]\n\n[r]: <javascript:alert(1)>'],
  ['collapsed reference data', '[r][]\n\n[r]: data:text/html,x'],
  // autolinks
  ['autolink javascript', '<javascript:alert(1)>'],
  ['autolink upper', '<JAVASCRIPT:alert(1)>'],
  ['autolink data', '<data:text/html,<script>alert(1)</script>>'],
  ['autolink vbscript', '<vbscript:msgbox(1)>'],
  ['autolink entity colon', '<javascript&#58;alert(1)>'],
  ['autolink email with quote', '<a"onmouseover="alert(1)"@example.com>'],
  ['bare javascript text', 'javascript:alert(1) and https://ok.example'],
  ['bare URL with quotes', 'https://example.com/"onmouseover="alert(1)'],
  ['bare URL with tags', 'https://example.com/"><script>alert(1)</script>'],
  ['bare URL with angle and entity', 'http://x.com/?a=<img src=x onerror=alert(1)>&#x22;'],
  ['protocol-relative bare', '//example.com/x "onclick=alert(1)'],
  // images
  ['image javascript', '![x](javascript:alert(1))'],
  ['image data png', '![x](data:image/png;base64,iVBORw0KGgo=)'],
  ['image data svg', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['image vbscript', '![x](vbscript:msgbox(1))'],
  ['image relative', '![x](/uploads/a.png)'],
  ['image protocol-relative', '![x](//evil.example/a.png)'],
  ['image evil double-quoted title', '![x](https://ok.example/a.png "\\" onerror=\\"alert(1)")'],
  ['image evil single-quoted title', `![x](https://ok.example/a.png 'a" onload="alert(1)')`],
  ['image evil alt', '![x" onerror="alert(1)](https://ok.example/a.png)'],
  ['image alt with tags', '![<img src=x onerror=alert(1)>](https://ok.example/a.png)'],
  ['image src with quote', '![x](https://ok.example/a.png"onerror="alert(1))'],
  ['image reference evil', '![x][i]\n\n[i]: javascript:alert(1)'],
  // titles
  ['link title onmouseover', '[x](https://ok.example "\\"onmouseover=\\"alert(1)")'],
  ['link title single quotes', `[x](https://ok.example 'x" onmouseover=alert(1) "')`],
  ['link title parens', '[x](https://ok.example (t"onmouseover=alert&#40;1&#41;))'],
  ['reference title with quotes', '[x][t]\n\n[t]: https://ok.example "a\\" onmouseover=\\"alert(1)"'],
  ['link title with tags', '[x](https://ok.example "<script>alert(1)</script>")'],
  ['href with quotes', '[x](https://ok.example/"onmouseover="alert(1))'],
  ['href angle with quotes', '[x](<https://ok.example/" onmouseover="alert(1)>)'],
  // nested markup
  ['html inside link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['evil image inside evil link', '[![x](javascript:alert(1))](javascript:alert(2))'],
  ['evil link inside good link', '[[x](javascript:alert(1))](https://ok.example)'],
  ['evil link in strong', '**[x](javascript:alert(1))**'],
  ['evil link in blockquote list', '> - [x](javascript:alert(1))'],
  ['evil link and html in table', '| a |\n|:-|\n| [x](javascript:alert(1)) <script>alert(1)</script> |'],
  ['evil fence info', '```"><script>alert(1)</script>\nx\n```'],
  ['evil fence info with class', '```js" onmouseover="alert(1)\nx\n```'],
  ['script in inline code', '`<script>alert(1)</script>`'],
  ['heading attribute syntax', '# Title {#id onclick=alert(1)}'],
  // raw HTML
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg nested script', '<svg><script>alert(1)</script></svg>'],
  ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['raw anchor', '<a href="javascript:alert(1)">x</a>'],
  ['style block', '<style>body{display:none}</style>'],
  ['style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['html comment', '<!-- <script>alert(1)</script> -->'],
  ['CDATA', '<![CDATA[<script>alert(1)</script>]]>'],
  ['processing instruction', '<?php echo 1; ?>'],
  ['doctype', '<!DOCTYPE html>'],
  ['script tag', '<script>alert(1)</script>'],
  ['script block in div', '<div>\n<script>alert(1)</script>\n</div>'],
  ['body onload', '<body onload=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['object data', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="data:text/html,x">'],
  ['form action', '<form action=javascript:alert(1)><button>go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:/">'],
  ['input onfocus', '<input autofocus onfocus=alert(1)>'],
  ['math mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['inline b onclick', 'a <b onclick=alert(1)>b</b>'],
  ['slash separated attrs', '<img/src="x"/onerror=alert(1)>'],
  ['unicode line separator before tag', 'a\u2028<script>alert(1)</script>\u2029b'],
  ['entity-encoded tag', '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;'],
  ['html after good link', '[x](https://ok.example)<!-- -->'],
  ['mailto with javascript payload', '[x](mailto:javascript:alert(1))'],
];

describe('renderMarkdown XSS corpus', () => {
  it('has at least 60 vectors', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(XSS_VECTORS)('%s', (_label, source) => {
    const html = renderMarkdown(source);
    expect(checkHtml(html), html).toEqual([]);
  });
});

// Obfuscated destinations must not yield any element at all, whichever
// syntax carries them (not merely an element the checker happens to accept).
const EVIL_DESTINATIONS: readonly string[] = [
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', '&#106;avascript:alert(1)', '&#106avascript:alert(1)',
  '&#x6A;avascript:alert(1)', '&#x6Aavascript:alert(1)', 'jav&#x09;ascript:alert(1)', 'jav&#9;ascript:alert(1)',
  'javascript&#58;alert(1)', 'javascript&colon;alert(1)', '%6A%61vascript:alert(1)', 'javascript%3Aalert(1)',
  '%256A%2561vascript%253Aalert(1)', 'java&#0;script:alert(1)', '&#14;javascript:alert(1)', '&#x26;#x6A;avascript:alert(1)',
  '%EF%BD%8A%EF%BD%81vascript:alert(1)', '<java\tscript:alert(1)>', '<java\u2029script:alert(1)>', 'java\u200Bscript:alert(1)',
  '\uFEFFjavascript:alert(1)', 'java\\script:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,x',
  'data:image/png;base64,iVBORw0KGgo=', 'file:///etc/passwd', 'localhost:3000',
];

describe('renderMarkdown evil destinations produce no element', () => {
  it.each(EVIL_DESTINATIONS)('%j', (dest) => {
    for (const source of [`[x](${dest})`, `[x][r]\n\n[r]: ${dest}`, `<${dest}>`]) {
      const html = renderMarkdown(source);
      expect(checkHtml(html), html).toEqual([]);
      expect(html, source).not.toContain('<a');
    }
    const image = renderMarkdown(`![x](${dest})`);
    expect(checkHtml(image), image).toEqual([]);
    expect(image).not.toContain('<img');
  });
});

// ---------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------

describe('renderMarkdown size', () => {
  const PARAGRAPH =
    '## Heading\n\nSome *text* with `code`, ~~old~~ and a [link](https://example.com/x) and /relative.\n\n' +
    '- item https://example.com\n- ![img](https://example.com/a.png)\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```ts\nlet x = 1 < 2;\n```\n\n';

  it('renders a full 32,000 character body', () => {
    const body = PARAGRAPH.repeat(Math.ceil(MAX_BODY_CHARS / PARAGRAPH.length)).slice(0, MAX_BODY_CHARS);
    expect(body.length).toBe(MAX_BODY_CHARS);
    const html = render(body);
    expect(html).toContain('<table>');
    expect(html.length).toBeGreaterThan(MAX_BODY_CHARS);
  });

  it('renders pathological 32,000 character bodies quickly', () => {
    const hostile = [
      '['.repeat(MAX_BODY_CHARS),
      '*a '.repeat(MAX_BODY_CHARS / 3),
      '>'.repeat(MAX_BODY_CHARS),
      '[a]('.repeat(MAX_BODY_CHARS / 4),
      '`a'.repeat(MAX_BODY_CHARS / 2),
      '<'.repeat(MAX_BODY_CHARS),
    ];
    for (const body of hostile) {
      const started = performance.now();
      render(body);
      // Generous bound: catches quadratic blow-ups, not micro-regressions.
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
