// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Forms that destroy something ask first (data-confirm); no inline handlers, so the CSP can forbid them.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute('data-confirm');
    if (!question) return;
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Asked and answered here, so the server need not ask again on a page of its own.
    var confirmed = form.querySelector('input[name="confirm"]');
    if (confirmed) confirmed.value = 'yes';
  }, true);

  // After an HTMX reply, move focus to the new post so keyboard and screen-reader users land on it.
  document.addEventListener('htmx:afterSettle', function (event) {
    var added = document.querySelector('.post.just-posted');
    if (added) {
      added.classList.remove('just-posted');
      added.setAttribute('tabindex', '-1');
      added.focus();
    }
  });
})();
