// Proof that two requests of a race really ran at the same time: the local Lambda front's response headers
// `x-local-invocation-start` / `x-local-invocation-end` (ms epoch) give each invocation's window.

import assert from 'node:assert/strict';
import * as support from './support.mjs';

/**
 * The invocation window of an answer.
 * @param {Headers} headers
 * @returns {{start: number, end: number} | undefined} undefined only while support.mjs allows missing headers
 */
export function invocationWindow(headers) {
  const start = Number(headers.get('x-local-invocation-start'));
  const end = Number(headers.get('x-local-invocation-end'));
  if (start && end) return { start, end };
  assert.ok(support.invocationHeadersOptional, 'the answer lacks x-local-invocation-start/-end');
  return undefined;
}

/**
 * Whether the invocations behind two answers overlapped (each started before the other ended).
 * @returns {boolean | undefined} undefined only while support.mjs allows missing headers
 */
export function overlapped(a, b) {
  const x = invocationWindow(a.headers);
  const y = invocationWindow(b.headers);
  if (!x || !y) return undefined;
  return x.start < y.end && y.start < x.end;
}

/**
 * Asserts that at least one trial's requests overlapped, so that the race was run and not serialised by the front.
 * @param {Array<boolean|undefined>} overlaps one entry per trial, from {@link overlapped}
 * @param {string} what the race, for the message
 */
export function assertSomeOverlapped(overlaps, what) {
  if (overlaps.every((o) => o === undefined)) return; // only while support.mjs allows missing headers
  assert.ok(overlaps.some((o) => o === true), `no trial of ${what} overlapped: the requests ran one after another`);
}
