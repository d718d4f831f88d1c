// The presigned path for files above the direct cap: the bytes go straight from the browser to S3 (docs/design.md,
// "Presigned uploads"). One pass hashes the file (and each part), POST /uploads answers a ticket with the signed
// URLs, the page PUTs one object or PART_CONCURRENCY parts at a time (each retried with backoff), then POST
// .../complete. Parts' ETags are saved (resume.js), so choosing the same file after a reload continues the upload.

import { apiCall } from './api.js';
import { generation, session } from './auth.js';
import { hashFile, partPlan } from './checksums.js';
import { upsertFile } from './file-list.js';
import { humanBytes } from './format.js';
import { abortUpload, forgetResume, loadResume, saveResume } from './resume.js';
import { SESSION_EXPIRED, SessionExpiredError, UserError } from './problems.js';
import { renderUpload } from './upload-view.js';
import { announce } from './ui.js';

const PART_CONCURRENCY = 4; // parts of a large file in flight at once
const PART_RETRIES = 5; // retries per part (1 s, 2 s, 4 s, 8 s, 16 s) for network errors, 5xx and expired URLs

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const uploadPath = (fileId, tail = '') => `/uploads/${encodeURIComponent(fileId)}${tail}`;

/**
 * PUTs bytes to a presigned URL with XMLHttpRequest (for progress) and every header in `headers` (they are signed);
 * resolves to the answer's ETag. Rejects with `{retriable, expired, message}`: network errors and 5xx are
 * retriable, 403 means the URL expired or was refused.
 */
function putToStorage(transfer, url, headers, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    transfer.requests.add(xhr);
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    const done = () => transfer.requests.delete(xhr);
    xhr.addEventListener('load', () => {
      done();
      if (xhr.status === 200) {
        resolve(xhr.getResponseHeader('ETag') || '');
      } else {
        reject({ retriable: xhr.status >= 500 || xhr.status === 403, expired: xhr.status === 403,
          message: `Storage answered HTTP ${xhr.status}.` });
      }
    });
    xhr.addEventListener('error', () => {
      done();
      reject({ retriable: true, message: 'Could not reach the storage service.' });
    });
    xhr.addEventListener('abort', () => {
      done();
      reject({ retriable: false, cancelled: true, message: 'Upload cancelled.' });
    });
    xhr.send(body);
  });
}

/** Runs `attempt` until it succeeds, retrying retriable failures PART_RETRIES times with exponential backoff. */
async function withRetries(transfer, attempt, beforeRetry) {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (failure) {
      if (transfer.stopped || !failure?.retriable || tries >= PART_RETRIES) throw failure;
      await sleep(1000 * 2 ** tries);
      if (transfer.stopped) throw failure;
      await beforeRetry(failure);
    }
  }
}

/** The requests of one upload attempt, so that Cancel and sign-out can stop them. */
function createTransfer() {
  return {
    stopped: false, cancelled: false, requests: new Set(), fileId: '',
    stop() {
      this.stopped = true;
      for (const xhr of [...this.requests]) xhr.abort();
    },
    cancel() {
      this.cancelled = true;
      this.stop();
    },
  };
}

/**
 * Where each part goes: partNumber -> `{url, headers}`, the headers being the answer's shared `headers` plus the
 * part's own (its signed `x-amz-checksum-sha256`, when the API signs one). Fed by the ticket and by POST .../parts.
 */
function partTargets() {
  const targets = new Map();
  return {
    has: (n) => targets.has(n),
    get: (n) => targets.get(n),
    add(answer) {
      for (const part of answer.parts || []) {
        targets.set(part.partNumber, { url: part.url, headers: { ...(answer.headers || {}), ...(part.headers || {}) } });
      }
    },
  };
}

/** Resolves to the ticket of a saved unfinished upload and the parts S3 already holds, or null to start afresh. */
async function resumeTicket(file, show) {
  const saved = loadResume(file);
  if (!saved) return null;
  try {
    const status = await apiCall('GET', uploadPath(saved.fileId));
    const done = {};
    for (const part of status.uploadedParts || []) {
      if (saved.etags?.[part.partNumber] === part.etag) done[part.partNumber] = part.etag;
    }
    show(`Resuming ${file.name}: ${Object.keys(done).length} of ${status.partCount} parts are already stored.`);
    return { ticket: { ...status, headers: {}, parts: [] }, done };
  } catch (failure) {
    if (failure instanceof SessionExpiredError) throw failure;
    forgetResume(file);
    return null;
  }
}

/** Hashes the file (whole and per part) and asks for a ticket: POST /uploads. */
async function newTicket(item, transfer, show) {
  const file = item.file;
  const plan = partPlan(file.size);
  const { sha256, partChecksums } = await hashFile(file, plan, {
    onProgress: (hashed) => show(`Checking ${file.name} (SHA-256): ${Math.floor((hashed / file.size) * 100)} %…`),
    isStopped: () => transfer.stopped,
  });
  const ticket = await apiCall('POST', '/uploads', {
    fileName: file.name, sizeBytes: file.size, contentType: file.type || 'application/octet-stream',
    sha256, comment: item.comment || undefined, partChecksums: plan.mode === 'multipart' ? partChecksums : undefined,
  });
  if (ticket.mode === 'multipart') saveResume(file, { fileId: ticket.fileId, etags: {} });
  return ticket;
}

/** PUTs every part not in `done` (partNumber -> etag), PART_CONCURRENCY at a time; adds each part's ETag to `done`. */
async function putParts(file, ticket, done, transfer, onProgress) {
  const partSize = ticket.partSizeBytes;
  const targets = partTargets();
  targets.add(ticket);
  const todo = [];
  for (let n = 1; n <= ticket.partCount; n += 1) if (!done[n]) todo.push(n);
  const freshUrls = async (numbers) => {
    targets.add(await apiCall('POST', uploadPath(ticket.fileId, '/parts'), { partNumbers: numbers }));
  };
  const worker = async () => {
    while (todo.length > 0 && !transfer.stopped) {
      const n = todo.shift();
      if (!targets.has(n)) await freshUrls(todo.slice(0, ticket.limits?.partUrlsPerRequest - 1 || 99).concat([n]));
      const start = (n - 1) * partSize;
      const blob = file.slice(start, Math.min(file.size, start + partSize));
      const etag = await withRetries(transfer, () => putToStorage(transfer, targets.get(n).url, targets.get(n).headers,
        blob, (loaded) => onProgress(n, loaded)), async (failure) => {
        onProgress(n, 0);
        if (failure.expired) await freshUrls([n]);
      });
      done[n] = etag;
      saveResume(file, { fileId: ticket.fileId, etags: done });
      onProgress(n, 0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, todo.length) }, worker));
}

/**
 * Uploads a queue item's file above the direct cap. `settle(started, state, detail, retriable)` ends the attempt as
 * in direct-upload.js. Sets `item.transfer` while it runs (Cancel aborts the upload on the server too). Progress
 * counts bytes acknowledged by S3 plus bytes in flight, in one bar for the whole file.
 */
export async function sendPresigned(item, settle) {
  const started = generation;
  const file = item.file;
  const transfer = createTransfer();
  item.transfer = transfer;
  item.state = 'uploading';
  item.sent = 0;
  item.detail = `Checking ${file.name} (SHA-256)…`;
  item.attempts += 1;
  renderUpload(item);
  announce(`Uploading ${file.name}…`);
  const show = (detail) => {
    if (started !== generation) return;
    item.detail = detail;
    renderUpload(item);
  };
  try {
    const resumed = await resumeTicket(file, show);
    const ticket = resumed?.ticket ?? await newTicket(item, transfer, show);
    const done = resumed?.done ?? {}; // partNumber -> etag
    transfer.fileId = ticket.fileId;
    const partSize = ticket.partSizeBytes;
    const inFlight = new Map();
    const progress = (n, loaded) => {
      if (loaded > 0) inFlight.set(n, loaded);
      else inFlight.delete(n);
      const stored = Object.keys(done).reduce((sum, k) => sum + Math.min(partSize, file.size - (k - 1) * partSize), 0);
      item.sent = Math.min(file.size, stored + [...inFlight.values()].reduce((a, b) => a + b, 0));
      show(`${humanBytes(item.sent)} of ${humanBytes(file.size)} sent.`);
    };
    progress(0, 0);

    if (ticket.mode === 'single') {
      const part = ticket.parts[0];
      await withRetries(transfer, () => putToStorage(transfer, part.url, { ...ticket.headers, ...part.headers }, file,
        (loaded) => progress(1, loaded)), () => {});
    } else {
      await putParts(file, ticket, done, transfer, progress);
    }
    if (transfer.stopped) throw { cancelled: true };
    show(`${humanBytes(file.size)} sent; completing…`);
    const parts = Object.entries(done).map(([n, etag]) => ({ partNumber: Number(n), etag }));
    const fileJson = await apiCall('POST', uploadPath(ticket.fileId, '/complete'),
      ticket.mode === 'multipart' ? { parts } : {});
    forgetResume(file);
    settle(started, 'complete', '');
    if (started === generation && fileJson.fileId) upsertFile(fileJson, true);
  } catch (failure) {
    if (failure instanceof SessionExpiredError) {
      settle(started, 'error', SESSION_EXPIRED);
      return;
    }
    if (transfer.cancelled) {
      forgetResume(file);
      if (transfer.fileId && session) abortUpload(transfer.fileId);
      settle(started, 'error', 'Upload cancelled.');
      return;
    }
    if (failure?.code === 'upload_expired') forgetResume(file); // past its deadline: a retry starts afresh
    const message = failure instanceof UserError || failure?.message ? failure.message : 'The upload failed.';
    const again = loadResume(file) ? ' Retry (or choosing the same file after a reload) continues where it stopped.' : '';
    // The same file gets the same answer to these: too large, or parts the API plans differently (invalid_parts).
    const retriable = !(failure instanceof UserError && (failure.status === 413 || failure.code === 'invalid_parts'));
    settle(started, 'error', `${message}${again}`, retriable);
  }
}
