import { html, type Html } from '../html.js';
import { csrfField } from './components.js';
import { layout, type Viewer } from './layout.js';

export function signInFailedPage(viewer: Viewer, message: string, retryHref: string): Html {
  return layout(
    { title: 'Sign-in failed', viewer },
    html`<section class="status-page">
      <h1>Sign-in did not work</h1>
      <p>${message}</p>
      <p><a class="button" href="${retryHref}">Try signing in again</a></p>
      <p><a href="/">Back to all forums</a></p>
    </section>`,
  );
}

export function logoutPage(viewer: Viewer): Html {
  return layout(
    { title: 'Sign out', viewer },
    html`<section class="status-page narrow">
      <h1>Sign out?</h1>
      <p>You will be signed out of Multithreaded in this browser.</p>
      <form method="post" action="/auth/logout">
        ${csrfField(viewer.csrfToken)}
        <button class="button" type="submit">Sign out</button>
        <a class="button button-quiet" href="/">Stay signed in</a>
      </form>
    </section>`,
  );
}
