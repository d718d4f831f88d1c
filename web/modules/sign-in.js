// The page's two states, signed out (sign-in form, or a pasted ID token) and signed in (who, until when, Upload and
// My files), and the moves between them. Tokens and the session itself are auth.js's.

import {
  cognitoSignIn, displayName, endSession, session, startSession, storedToken, whenExpired,
} from './auth.js';
import { loadFiles, resetFiles, stopPolling } from './file-list.js';
import { formatSessionEnd } from './format.js';
import { SESSION_EXPIRED, SessionExpiredError, UserError } from './problems.js';
import { forgetResumesOf } from './resume.js';
import { config } from './settings.js';
import { $, setBusy } from './ui.js';
import { updateCommentCounter } from './upload-form.js';
import { cancelAllUploads } from './upload-queue.js';

function showSignedIn() {
  $('session-user').textContent = displayName(session.claims);
  const expires = new Date(session.expiresAt);
  const time = $('session-expires');
  time.dateTime = expires.toISOString();
  time.textContent = formatSessionEnd(expires);
  $('session').hidden = false;
  $('sign-in').hidden = true;
  $('upload').hidden = false;
  $('files').hidden = false;
  $('session-notice').hidden = true;
  $('sign-in-error').textContent = '';
  $('token-error').textContent = '';
  $('password').value = '';
  $('token').value = '';
  updateCommentCounter();
  loadFiles(true);
}

function showSignedOut(notice, moveFocus = true) {
  $('session').hidden = true;
  $('upload').hidden = true;
  $('files').hidden = true;
  $('sign-in').hidden = false;
  const noticeElement = $('session-notice');
  noticeElement.textContent = notice;
  noticeElement.hidden = !notice;
  $('password').value = '';
  if (moveFocus) $('username').focus();
}

/** Starts a session with `token` and shows the signed-in page; throws as auth.js startSession does. */
function signInWith(token) {
  startSession(config, token);
  showSignedIn();
}

/** Ends the session, stops its uploads and polls, and shows the sign-in form with `notice` (text) above it. */
function signOut(notice = '') {
  endSession();
  stopPolling();
  cancelAllUploads();
  resetFiles();
  showSignedOut(notice);
}

async function onSignIn(event) {
  event.preventDefault();
  const button = $('sign-in-button');
  if (button.getAttribute('aria-disabled') === 'true') return;
  const error = $('sign-in-error');
  const username = $('username').value.trim();
  const password = $('password').value;
  error.textContent = '';
  if (!username || !password) {
    error.textContent = !username ? 'Enter your email or username.' : 'Enter your password.';
    $(!username ? 'username' : 'password').focus();
    return;
  }
  setBusy(button, true, 'Signing in…');
  try {
    signInWith(await cognitoSignIn(config, username, password));
    $('upload-heading').focus();
  } catch (failure) {
    error.textContent = failure instanceof UserError ? failure.message : 'Sign-in failed unexpectedly.';
    $('password').value = '';
    $('password').focus();
  } finally {
    setBusy(button, false);
  }
}

function onTokenSubmit(event) {
  event.preventDefault();
  const error = $('token-error');
  error.textContent = '';
  const token = $('token').value.trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    error.textContent = 'Paste an ID token first.';
    $('token').focus();
    return;
  }
  try {
    signInWith(token);
    $('upload-heading').focus();
  } catch (failure) {
    if (failure instanceof SessionExpiredError) {
      showSignedOut(SESSION_EXPIRED);
      $('token').value = '';
    } else {
      error.textContent = failure instanceof UserError ? failure.message : 'This token cannot be used.';
      $('token').focus();
    }
  }
}

/** Connects the sign-in forms and Sign out, and signs out with "session expired" when the token ends. */
export function wireSignIn() {
  whenExpired(() => {
    if (!session && !$('sign-in').hidden) return; // already signed out; keep the message shown
    signOut(SESSION_EXPIRED);
  });
  $('sign-in-form').addEventListener('submit', onSignIn);
  $('token-form').addEventListener('submit', onTokenSubmit);
  $('sign-out').addEventListener('click', () => {
    const sub = session?.claims?.sub;
    signOut('You are signed out.');
    if (sub) forgetResumesOf(sub);
  });
}

/** Continues the session this tab kept over a reload, or shows the sign-in form. */
export function restoreSession() {
  const saved = storedToken();
  if (!saved) {
    showSignedOut('', false);
    return;
  }
  try {
    signInWith(saved);
  } catch (failure) {
    signOut(failure instanceof SessionExpiredError ? SESSION_EXPIRED : '');
  }
}
