// Error and message pages: every failure ends on a page that says what happened and what to do next.

import { html, type Html } from '../html.js';
import { layout, type Viewer } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'That request did not make sense',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  413: 'Too large',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** Where to go from an error page besides the directory: the page the refused action belongs to. */
export interface BackLink {
  href: string;
  label: string;
}

export function errorPage(viewer: Viewer, status: number, message: string, back: BackLink | null = null): Html {
  const title = TITLES[status] ?? 'Error';
  return layout(
    { title, viewer },
    html`<section class="status-page" data-status="${status}">
      <p class="status-code">${status}</p>
      <h1>${title}</h1>
      <p>${message}</p>
      <p>${back ? html`<a href="${back.href}">${back.label}</a> · ` : ''}<a href="/">Back to all forums</a></p>
    </section>`,
  );
}
