// Small helpers every part of the page's markup (web/index.html) shares.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** Writes `text` to the upload section's polite live status line. */
export function announce(text) {
  $('upload-status').textContent = text;
}

/** Marks a button busy (`aria-disabled`, `busyText` as its label) or restores it. */
export function setBusy(button, busy, busyText) {
  if (busy) {
    button.dataset.label = button.textContent;
    button.textContent = busyText;
    button.setAttribute('aria-disabled', 'true');
  } else {
    button.textContent = button.dataset.label || button.textContent;
    button.removeAttribute('aria-disabled');
  }
}
