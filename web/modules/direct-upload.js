// The direct path for files up to the API's cap: one multipart/form-data POST /upload (parts `file` and `comment`)
// through XMLHttpRequest, which reports upload progress (fetch cannot). Aborts on a stall rather than after a fixed
// total time; retries "try again later" answers with backoff (docs/design.md, "HTTP API").

import { expireSession, generation, isExpired, session } from './auth.js';
import { upsertFile } from './file-list.js';
import { humanBytes } from './format.js';
import { SESSION_EXPIRED, parseObject, problemMessage } from './problems.js';
import { config } from './settings.js';
import { renderUpload } from './upload-view.js';

const STALL_MS = 30000; // abort an upload when no byte was sent for this long
const RESPONSE_WAIT_MS = 60000; // abort when the server has not answered this long after the last byte
const AUTO_RETRIES = 3; // automatic retries (1 s, 2 s, 4 s) for "try again later" answers: 429, 502, 503, 504

/**
 * Uploads a queue item's file with its comment. `settle(started, state, detail, retriable)` ends the attempt
 * ('complete' or 'error'); `started` is the session generation it began in. `again()` starts the automatic retry
 * after a backoff. Sets `item.xhr` while it runs, so that Cancel (`item.abortReason = 'cancelled'; item.xhr.abort()`)
 * can stop it.
 */
export function sendDirect(item, settle, again = () => sendDirect(item, settle)) {
  if (isExpired()) {
    expireSession();
    return;
  }
  const started = generation;
  const xhr = new XMLHttpRequest();
  item.xhr = xhr;
  item.state = 'uploading';
  item.sent = 0;
  item.detail = '';
  item.attempts += 1;
  item.abortReason = '';
  renderUpload(item);

  const watchdog = (ms, reason) => {
    clearTimeout(item.timer);
    item.timer = setTimeout(() => {
      item.abortReason = reason;
      xhr.abort();
    }, ms);
  };
  const finish = (state, detail, retriable = true) => {
    clearTimeout(item.timer);
    item.xhr = null;
    settle(started, state, detail, retriable);
  };

  xhr.open('POST', `${config.apiUrl}/upload`);
  xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.upload.addEventListener('progress', (event) => {
    const total = event.lengthComputable && event.total > 0 ? event.total : item.file.size;
    item.sent = Math.round((event.loaded / total) * item.file.size);
    renderUpload(item);
    watchdog(STALL_MS, 'stalled');
  });
  xhr.upload.addEventListener('load', () => {
    item.sent = item.file.size;
    item.detail = `${humanBytes(item.file.size)} sent; waiting for the server to store it…`;
    renderUpload(item);
    watchdog(RESPONSE_WAIT_MS, 'no-answer');
  });
  xhr.addEventListener('load', () => {
    const body = parseObject(xhr.responseText);
    if (xhr.status === 201 || xhr.status === 200) {
      finish('complete', '');
      if (body.fileId) upsertFile(body, true);
      return;
    }
    if (xhr.status === 401) {
      finish('error', SESSION_EXPIRED);
      if (started === generation) expireSession();
      return;
    }
    const message = problemMessage(xhr.status, body);
    if ([429, 502, 503, 504].includes(xhr.status) && item.attempts <= AUTO_RETRIES) {
      const delay = 1000 * 2 ** (item.attempts - 1);
      clearTimeout(item.timer);
      item.xhr = null;
      item.state = 'waiting';
      item.detail = `${message} Trying again in ${delay / 1000} s…`;
      renderUpload(item);
      item.timer = setTimeout(() => {
        if (started === generation && item.state === 'waiting') again();
      }, delay);
      return;
    }
    finish('error', message);
  });
  xhr.addEventListener('error', () => {
    if (started === generation && isExpired()) {
      finish('error', SESSION_EXPIRED);
      expireSession();
      return;
    }
    finish('error', 'Could not reach the upload service. Check your connection, then retry.');
  });
  xhr.addEventListener('abort', () => {
    const reasons = {
      cancelled: 'Upload cancelled.',
      stalled: `No progress for ${STALL_MS / 1000} seconds, so the upload was stopped. Check your connection, then retry.`,
      'no-answer': 'The server did not answer in time. The file may or may not have been stored; check My files before retrying.',
    };
    finish('error', reasons[item.abortReason] || 'Upload stopped.');
  });

  const form = new FormData();
  form.append('file', item.file, item.file.name);
  if (item.comment) form.append('comment', item.comment);
  watchdog(STALL_MS, 'stalled');
  xhr.send(form);
}
