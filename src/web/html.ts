// The view layer: an auto-escaping tagged template. Every interpolated value is escaped unless it is
// already Html (built by this tag) — so user text can never become markup by accident.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

function renderValue(v: Renderable): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || v === false || v === true) return '';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(renderValue).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/**
 * Post HTML stored by renderMarkdown (src/markdown.ts) at write time. This is the only way raw HTML
 * enters a page; never pass it anything else.
 */
export function storedMarkdownHtml(bodyHtml: string): Html {
  return new Html(bodyHtml);
}
