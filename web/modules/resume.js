// What the page remembers of an unfinished multipart upload, so that choosing the same file after a reload continues
// it: `{fileId, etags: {partNumber: etag}, owner}` in localStorage under the file's name, size and date. The part
// checksums need no saving: the API keeps them with the upload.

import { apiCall } from './api.js';
import { session } from './auth.js';

const RESUME_PREFIX = 'fileUpload.resume.'; // localStorage: unfinished presigned uploads, per file name+size+date

function resumeKey(file) {
  return RESUME_PREFIX + JSON.stringify([file.name, file.size, file.lastModified]);
}

/** The saved state of an interrupted upload of this file by this user: `{fileId, etags: {n: etag}}`, or null. */
export function loadResume(file) {
  try {
    const saved = JSON.parse(localStorage.getItem(resumeKey(file)) || 'null');
    return saved && saved.owner === session?.claims?.sub && typeof saved.fileId === 'string' ? saved : null;
  } catch {
    return null;
  }
}

/** Saves `{fileId, etags}` for this file and the signed-in user. */
export function saveResume(file, state) {
  try {
    localStorage.setItem(resumeKey(file), JSON.stringify({ ...state, owner: session.claims.sub }));
  } catch {
    // Storage full or disabled: the upload still works, it just cannot be resumed after a reload.
  }
}

/** Forgets the saved state of this file. */
export function forgetResume(file) {
  try {
    localStorage.removeItem(resumeKey(file));
  } catch {
    // nothing saved
  }
}

/**
 * Removes every saved resume state of one user (their file names and sizes, their `sub`) from localStorage, on
 * sign-out: the next person at this browser sees nothing of them. Entries of other users stay. The unfinished
 * uploads themselves end at their deadline on the server.
 */
export function forgetResumesOf(sub) {
  try {
    for (let i = localStorage.length - 1; i >= 0; i -= 1) {
      const key = localStorage.key(i);
      if (!key || !key.startsWith(RESUME_PREFIX)) continue;
      let owner;
      try {
        owner = JSON.parse(localStorage.getItem(key) || 'null')?.owner;
      } catch {
        owner = undefined; // unreadable: nobody can resume it, remove it too
      }
      if (owner === sub || typeof owner !== 'string') localStorage.removeItem(key);
    }
  } catch {
    // storage disabled: nothing saved
  }
}

/** Forgets an interrupted upload of this file and asks the API to abort it (best effort). */
export function abandonResume(file) {
  const saved = session && loadResume(file);
  if (!saved) return;
  forgetResume(file);
  abortUpload(saved.fileId);
}

/** Asks the API to abort the unfinished upload `fileId` (best effort: a failure leaves it to its deadline). */
export function abortUpload(fileId) {
  apiCall('DELETE', `/uploads/${encodeURIComponent(fileId)}`).catch(() => {});
}
