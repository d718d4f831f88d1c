// The upload queue: files chosen or dropped wait in a list, are checked with the API's rules before any byte is
// sent, and go one at a time (each gets the full bandwidth) by the direct path up to the API's cap and by the
// presigned path above it. Cancel, Retry and Remove act on one entry.

import { expireSession, generation, isExpired, session } from './auth.js';
import { sendDirect } from './direct-upload.js';
import { sendPresigned } from './presigned-upload.js';
import { abandonResume, loadResume } from './resume.js';
import { config } from './settings.js';
import { $, announce } from './ui.js';
import { createUploadElement, keepFocus, renderUpload } from './upload-view.js';

const FILE_NAME_LIMIT = 255; // characters, same as the API's invalid_file_name rule

const uploads = []; // { id, file, comment, scheduled, state, sent, detail, retriable, attempts, xhr, transfer, element, timer }
let uploadCounter = 0;

/**
 * Checks a file with the API's rules and words (design.md error codes empty_file, invalid_file_name; files above
 * the direct cap take the presigned path, whose own limit the API states); returns the sentence to show, or '' when
 * the file may be sent. Lengths are in code points.
 */
function rejectReason(file) {
  const notSent = ' It was not sent.';
  if (file.size === 0) return `The file is empty.${notSent}`;
  const name = file.name;
  if (name === '') return `The file part needs a non-empty file name (a filename or filename* parameter).${notSent}`;
  if (name === '.' || name === '..') return `The file name cannot be "." or "..": they name folders, not files, on every system.${notSent}`;
  if ([...name].length > FILE_NAME_LIMIT) return `The file name is longer than ${FILE_NAME_LIMIT} characters.${notSent}`;
  // A backslash is kept (an ordinary character of Linux and macOS names); "/" separates folders everywhere.
  if (name.includes('/')) return `The file name cannot contain "/": it separates folders on every system, so the name is a path. Send the file's own name.${notSent}`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    return `The file name cannot contain control characters (such as line breaks, which browsers send as %0D or %0A): they cannot be shown safely.${notSent}`;
  }
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name)) {
    return `The file name cannot contain bidirectional control characters: they make a name read differently from what it is.${notSent}`;
  }
  return '';
}

/** Adds files (a FileList or array) to the queue as waiting, or as errors when they cannot pass; announces the count. */
export function addFiles(fileList) {
  const files = [...fileList];
  if (files.length === 0) return;
  let rejected = 0;
  for (const file of files) {
    uploadCounter += 1;
    const reason = rejectReason(file);
    const item = {
      id: uploadCounter, file, comment: '', scheduled: false, state: reason ? 'error' : 'waiting',
      sent: 0, detail: reason, retriable: !reason, attempts: 0, xhr: null, element: null, timer: 0,
    };
    if (reason) rejected += 1;
    if (!reason && file.size > config.maxUploadBytes && loadResume(file)) {
      item.detail = `Part of ${file.name} was uploaded before. Upload continues where it stopped; Remove forgets it.`;
    }
    item.element = createUploadElement(item, (action) => {
      if (action === 'cancel') cancelUpload(item);
      if (action === 'retry') retryUpload(item);
      if (action === 'remove') removeUpload(item);
    });
    $('upload-list').append(item.element);
    renderUpload(item);
    uploads.push(item);
  }
  const accepted = files.length - rejected;
  const parts = [];
  if (accepted > 0) parts.push(`${accepted} ${accepted === 1 ? 'file' : 'files'} ready to upload`);
  if (rejected > 0) parts.push(`${rejected} ${rejected === 1 ? 'file' : 'files'} cannot be uploaded (see the list)`);
  announce(`${parts.join('; ')}.`);
}

/** Schedules every waiting file with `comment` and starts the first; returns how many were scheduled. */
export function scheduleWaiting(comment) {
  const ready = uploads.filter((item) => item.state === 'waiting' && !item.scheduled);
  for (const item of ready) {
    item.scheduled = true;
    item.comment = comment;
    renderUpload(item);
  }
  if (ready.length > 0) pump();
  return ready.length;
}

/** Starts the next scheduled upload when none is running (one at a time, so each gets the full bandwidth). */
function pump() {
  if (!session || uploads.some((item) => item.state === 'uploading')) return;
  const next = uploads.find((item) => item.state === 'waiting' && item.scheduled);
  if (next) {
    send(next);
    return;
  }
  const done = uploads.filter((item) => item.scheduled);
  if (done.length > 0 && done.every((item) => item.state === 'complete' || item.state === 'error')) {
    const failed = done.filter((item) => item.state === 'error').length;
    const complete = done.length - failed;
    announce(failed === 0
      ? `${complete === 1 ? 'The file was' : `All ${complete} files were`} uploaded.`
      : `${complete} uploaded, ${failed} failed. Use Retry to try a failed file again.`);
  }
}

/** Sends one file by the path its size takes. */
function send(item) {
  if (isExpired()) {
    expireSession();
    return;
  }
  const settle = (started, state, detail, retriable) => settleUpload(item, started, state, detail, retriable);
  if (item.file.size > config.maxUploadBytes) {
    sendPresigned(item, settle);
    return;
  }
  const scheduled = uploads.filter((other) => other.scheduled);
  announce(`Uploading ${item.file.name} (${scheduled.indexOf(item) + 1} of ${scheduled.length})…`);
  sendDirect(item, settle, () => send(item));
}

/** Ends an upload attempt (unless the session changed since `started`) and starts the next one. */
function settleUpload(item, started, state, detail, retriable = true) {
  item.transfer = null;
  if (started !== generation) return;
  item.state = state;
  item.detail = detail;
  item.retriable = retriable;
  renderUpload(item);
  if (state === 'error') announce(`${item.file.name} was not uploaded: ${detail}`);
  pump();
}

function cancelUpload(item) {
  if (item.state === 'uploading' && item.transfer) {
    item.transfer.cancel();
  } else if (item.state === 'uploading' && item.xhr) {
    item.abortReason = 'cancelled';
    item.xhr.abort();
  } else if (item.state === 'waiting') {
    clearTimeout(item.timer);
    item.state = 'error';
    item.retriable = true;
    item.detail = 'Upload cancelled before it started.';
    renderUpload(item);
    announce(`${item.file.name}: upload cancelled.`);
    pump();
  }
  keepFocus(item, 'retry');
}

function retryUpload(item) {
  if (item.state !== 'error' || !item.retriable) return;
  item.state = 'waiting';
  item.scheduled = true;
  item.attempts = 0;
  item.detail = '';
  renderUpload(item);
  keepFocus(item, 'cancel');
  pump();
}

function removeUpload(item) {
  const index = uploads.indexOf(item);
  if (index < 0 || item.state === 'uploading') return;
  clearTimeout(item.timer);
  abandonResume(item.file);
  uploads.splice(index, 1);
  const neighbour = item.element.nextElementSibling || item.element.previousElementSibling;
  item.element.remove();
  const target = neighbour && [...neighbour.querySelectorAll('button')].find((button) => !button.hidden);
  (target || $('file-input')).focus();
  announce(`${item.file.name} removed from the list.`);
}

/** Removes completed entries and those that can never pass from the list. */
export function clearFinished() {
  for (const item of [...uploads]) {
    if (item.state === 'complete' || (item.state === 'error' && !item.retriable)) {
      uploads.splice(uploads.indexOf(item), 1);
      item.element.remove();
    }
  }
  announce('Finished uploads cleared from the list.');
}

/** Stops every upload and empties the queue (on sign-out). */
export function cancelAllUploads() {
  for (const item of uploads) {
    clearTimeout(item.timer);
    if (item.transfer) item.transfer.stop();
    if (item.xhr) {
      item.abortReason = 'cancelled';
      item.xhr.abort();
    }
  }
  uploads.length = 0;
  $('upload-list').replaceChildren();
  announce('');
}
