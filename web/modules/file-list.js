// "My files": the caller's files, newest first, a page at a time (GET /files with a cursor), their processing status
// polled until final, download through a short-lived presigned GET and delete after a second click. Every value
// from the API is written with textContent.

import { apiCall, apiGet } from './api.js';
import { generation, session } from './auth.js';
import { bytesWithExact, formatDate } from './format.js';
import { SessionExpiredError } from './problems.js';
import { $ } from './ui.js';
import { refreshUsage, resetUsage } from './usage.js';

const PAGE_SIZE = 10; // files per "My files" page (the API accepts 1-100)
const POLL_FIRST_MS = 1500; // first status poll after an upload
const POLL_MAX_MS = 10000; // polls slow down to this interval while an item stays unfinished
const TERMINAL = new Set(['PROCESSED', 'FAILED']);
const STATUS_LABELS = {
  UPLOADED: 'Uploaded, waiting for processing',
  PROCESSING: 'Processing',
  PROCESSED: 'Processed',
  FAILED: 'Processing failed',
};

const files = new Map(); // fileId -> { data, element }
let nextCursor = '';
let pollTimer = 0;
let pollDelay = POLL_FIRST_MS;

/** Empties the list (on sign-out). */
export function resetFiles() {
  files.clear();
  nextCursor = '';
  $('file-list').replaceChildren();
  $('load-more').hidden = true;
  $('files-status').textContent = '';
  resetUsage();
}

/** Loads the first page (`reset`) or the next one (Load more) and starts polling unfinished files. */
export async function loadFiles(reset) {
  const started = generation;
  const status = $('files-status');
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (!reset && nextCursor) params.set('cursor', nextCursor);
  status.textContent = 'Loading your files…';
  try {
    const body = await apiGet(`/files?${params}`);
    if (started !== generation) return;
    if (reset) {
      files.clear();
      $('file-list').replaceChildren();
    }
    const items = Array.isArray(body.items) ? body.items : [];
    for (const item of items) upsertFile(item, false);
    nextCursor = typeof body.nextCursor === 'string' ? body.nextCursor : '';
    $('load-more').hidden = !nextCursor;
    status.textContent = files.size === 0 ? 'No files yet. Uploaded files appear here.'
      : `Showing ${files.size} ${files.size === 1 ? 'file' : 'files'}, newest first${nextCursor ? '; more are available' : ''}.`;
    schedulePoll(POLL_FIRST_MS);
    if (reset) refreshUsage();
  } catch (failure) {
    if (started !== generation || failure instanceof SessionExpiredError) return;
    status.textContent = `Your files could not be loaded: ${failure.message}`;
  }
}

/** Adds or updates one file (the API's file JSON) in "My files"; new uploads go on top (the list is newest first). */
export function upsertFile(data, isNew) {
  let entry = files.get(data.fileId);
  if (!entry) {
    const element = $('file-item-template').content.firstElementChild.cloneNode(true);
    entry = { data, element };
    const current = entry;
    element.querySelector('[data-action="download"]').addEventListener('click', () => downloadFile(current));
    element.querySelector('[data-action="delete"]').addEventListener('click', () => deleteFile(current));
    files.set(data.fileId, entry);
    const list = $('file-list');
    if (isNew) list.prepend(element);
    else list.append(element);
    if (isNew) {
      $('files-status').textContent = `${data.fileName} was added to My files.`;
      schedulePoll(POLL_FIRST_MS);
      refreshUsage();
    }
  } else if (entry.data.status !== data.status) {
    $('files-status').textContent = `${data.fileName}: ${STATUS_LABELS[data.status] || data.status}.`;
  }
  entry.data = data;
  renderFile(entry);
}

function setRow(element, rowClass, valueClass, text) {
  const row = element.querySelector(rowClass);
  row.hidden = !text;
  element.querySelector(valueClass).textContent = text || '';
}

function renderFile({ data, element }) {
  element.dataset.fileId = data.fileId;
  element.dataset.status = data.status;
  element.querySelector('.item-name').textContent = data.fileName;
  element.querySelector('[data-action="download"]').setAttribute('aria-label', `Download ${data.fileName}`);
  if (element.querySelector('[data-action="delete"]').dataset.confirm !== 'true') {
    element.querySelector('[data-action="delete"]').setAttribute('aria-label', `Delete ${data.fileName}`);
  }
  element.querySelector('.badge').textContent = STATUS_LABELS[data.status] || data.status;
  element.querySelector('.fact-size').textContent = bytesWithExact(Number(data.sizeBytes) || 0);
  const created = element.querySelector('.fact-created');
  created.dateTime = data.createdAt || '';
  created.textContent = data.createdAt ? formatDate(data.createdAt) : 'unknown';
  setRow(element, '.fact-comment-row', '.fact-comment', data.comment);
  setRow(element, '.fact-type-row', '.fact-type', data.detectedContentType);
  setRow(element, '.fact-sha-row', '.fact-sha', data.sha256);
  element.querySelector('.fact-sha-row dt').textContent = data.status === 'PROCESSED' ? 'SHA-256 (verified)' : 'SHA-256';
  setRow(element, '.fact-reason-row', '.fact-reason', data.status === 'FAILED' ? (data.failureReason || 'No reason was recorded.') : '');
}

/** Asks for a short-lived presigned GET and follows it; S3 answers with Content-Disposition: attachment. */
async function downloadFile(entry) {
  const status = entry.element.querySelector('.file-action-status');
  status.textContent = `Preparing the download of ${entry.data.fileName}…`;
  try {
    const link = await apiCall('GET', `/files/${encodeURIComponent(entry.data.fileId)}/download`);
    const anchor = document.createElement('a');
    anchor.href = link.url;
    anchor.download = entry.data.fileName;
    anchor.hidden = true;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    status.textContent = `Downloading ${entry.data.fileName}.`;
  } catch (failure) {
    if (failure instanceof SessionExpiredError) return;
    status.textContent = `${entry.data.fileName} could not be downloaded: ${failure.message}`;
  }
}

/** Deletes a file after a second click on the same button (no dialog); removes it from the list. */
async function deleteFile(entry) {
  const button = entry.element.querySelector('[data-action="delete"]');
  const status = entry.element.querySelector('.file-action-status');
  if (button.dataset.confirm !== 'true') {
    button.dataset.confirm = 'true';
    button.textContent = 'Confirm delete';
    button.setAttribute('aria-label', `Confirm deleting ${entry.data.fileName}`);
    status.textContent = `Select Confirm delete to delete ${entry.data.fileName}: its content goes at once; backups and processing records keep its name and details for up to 90 days.`;
    setTimeout(() => {
      button.dataset.confirm = '';
      button.textContent = 'Delete';
      button.setAttribute('aria-label', `Delete ${entry.data.fileName}`);
    }, 8000);
    return;
  }
  status.textContent = `Deleting ${entry.data.fileName}…`;
  try {
    await apiCall('DELETE', `/files/${encodeURIComponent(entry.data.fileId)}`);
  } catch (failure) {
    if (failure instanceof SessionExpiredError) return;
    if (failure.status !== 404) {
      status.textContent = `${entry.data.fileName} could not be deleted: ${failure.message}`;
      return;
    }
  }
  files.delete(entry.data.fileId);
  entry.element.remove();
  $('files-status').textContent = `${entry.data.fileName} was deleted.`;
  refreshUsage();
  $('refresh-files').focus();
}

/** Stops the status polls (on sign-out). */
export function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = 0;
}

/** Polls GET /files/{id} for every unfinished file; slows down while nothing changes; stops when all are final. */
function schedulePoll(delay) {
  stopPolling();
  pollDelay = delay;
  const pending = [...files.values()].filter((entry) => !TERMINAL.has(entry.data.status));
  if (!session || pending.length === 0) return;
  pollTimer = setTimeout(pollOnce, pollDelay);
}

async function pollOnce() {
  const started = generation;
  const pending = [...files.values()].filter((entry) => !TERMINAL.has(entry.data.status));
  let changed = false;
  for (const entry of pending) {
    try {
      const data = await apiGet(`/files/${encodeURIComponent(entry.data.fileId)}`);
      if (started !== generation) return;
      changed = changed || data.status !== entry.data.status;
      upsertFile(data, false);
    } catch (failure) {
      if (started !== generation || failure instanceof SessionExpiredError) return;
      if (failure.status === 404) {
        files.delete(entry.data.fileId);
        entry.element.remove();
      }
      // Other failures (network, 5xx): keep the item and try again on the next, slower round.
    }
  }
  if (started !== generation) return;
  schedulePoll(changed ? POLL_FIRST_MS : Math.min(Math.round(pollDelay * 1.5), POLL_MAX_MS));
}
