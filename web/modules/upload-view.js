// One entry of the upload queue on screen: name, state badge, one progress bar for the whole file, a detail line and
// Cancel/Retry/Remove. Upload states as Uppy names them: waiting, uploading, complete, error.

import { humanBytes } from './format.js';
import { $ } from './ui.js';

const UPLOAD_STATE_LABELS = { waiting: 'Waiting', uploading: 'Uploading', complete: 'Complete', error: 'Error' };

/**
 * The list element of a queue item (`{id, file, ...}`), from #upload-item-template; its buttons call
 * `onAction(action)` with 'cancel', 'retry' or 'remove'. Names are written as text only.
 */
export function createUploadElement(item, onAction) {
  const element = $('upload-item-template').content.firstElementChild.cloneNode(true);
  const name = item.file.name;
  element.dataset.uploadId = String(item.id);
  element.querySelector('.item-name').textContent = name;
  element.querySelector('.item-progress').setAttribute('aria-label', `Bytes sent of ${name}`);
  element.querySelector('[data-action="cancel"]').setAttribute('aria-label', `Cancel upload of ${name}`);
  element.querySelector('[data-action="retry"]').setAttribute('aria-label', `Retry upload of ${name}`);
  element.querySelector('[data-action="remove"]').setAttribute('aria-label', `Remove ${name} from the list`);
  element.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) onAction(button.dataset.action);
  });
  return element;
}

/** Shows a queue item's `state`, `sent` bytes, `detail` (or a default sentence) and the buttons that state allows. */
export function renderUpload(item) {
  const element = item.element;
  const total = item.file.size;
  element.dataset.state = item.state;
  element.querySelector('.badge').textContent = UPLOAD_STATE_LABELS[item.state];
  const progress = element.querySelector('.item-progress');
  progress.max = Math.max(total, 1);
  progress.value = item.state === 'complete' ? progress.max : Math.min(item.sent, total);
  progress.hidden = item.state === 'error' && !item.retriable;
  let detail = item.detail;
  if (!detail) {
    if (item.state === 'waiting') detail = `${humanBytes(total)}, waiting${item.scheduled ? ' for its turn' : ' for Upload'}.`;
    if (item.state === 'uploading') detail = `${humanBytes(item.sent)} of ${humanBytes(total)} sent.`;
    if (item.state === 'complete') detail = `${humanBytes(total)} uploaded. Processing status is under My files.`;
  }
  element.querySelector('.item-detail').textContent = detail;
  element.querySelector('[data-action="cancel"]').hidden = item.state !== 'uploading'
    && !(item.state === 'waiting' && item.scheduled);
  element.querySelector('[data-action="retry"]').hidden = !(item.state === 'error' && item.retriable);
  element.querySelector('[data-action="remove"]').hidden = item.state === 'uploading'
    || (item.state === 'waiting' && item.scheduled);
}

/** Moves keyboard focus to a still-visible button of the item after the focused one was hidden. */
export function keepFocus(item, action) {
  const button = item.element.querySelector(`[data-action="${action}"]`);
  if (button && !button.hidden) button.focus();
}
