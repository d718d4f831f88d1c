// Helpers for the tests that need the upload function running as several concurrent instances, as Lambda runs it:
// the local Lambda front that `local/start --api-instances N` starts (local/cloud/lambda-front.mjs) and local/test
// starts with 4 instances. Every response of the front names the instance that served it and when the invocation
// started and ended (epoch milliseconds), in headers only the front adds.

import assert from 'node:assert/strict';

/** The fewest instances these tests need: enough for races and overlaps to happen. */
export const MIN_INSTANCES = 4;

/** Response headers of the local Lambda front (never sent by the function itself). */
export const INSTANCE_HEADER = 'x-local-lambda-instance';
export const START_HEADER = 'x-local-invocation-start';
export const END_HEADER = 'x-local-invocation-end';

/**
 * The base URL of the cloud's local Lambda front (no trailing slash).
 * @param {object} cloud the running cloud's state (loadCloud() of tests/support/cloud.mjs)
 * @throws {AssertionError} when the cloud runs without the front or with fewer than {@link MIN_INSTANCES} instances
 */
export function lambdaApi(cloud) {
  assert.ok(cloud.lambdaApi, 'the local cloud runs without the Lambda front: start it with local/start --api-instances 4 (local/test does)');
  assert.ok(cloud.lambdaApi.instances >= MIN_INSTANCES, `the Lambda front runs ${cloud.lambdaApi.instances} instances; these tests need at least ${MIN_INSTANCES}`);
  return cloud.lambdaApi.endpoint;
}

/**
 * Which instance served a response, and when its invocation ran.
 * @param {Response} res a response of the front
 * @returns {{instance: string, startMs: number, endMs: number}} epoch milliseconds
 * @throws {AssertionError} when the headers are missing (the response did not come through the front)
 */
export function invocationOf(res) {
  const instance = res.headers.get(INSTANCE_HEADER);
  const startMs = Number(res.headers.get(START_HEADER));
  const endMs = Number(res.headers.get(END_HEADER));
  assert.ok(instance && Number.isFinite(startMs) && Number.isFinite(endMs) && startMs <= endMs,
    `response without the front's invocation headers (${INSTANCE_HEADER}: ${instance})`);
  return { instance, startMs, endMs };
}

/**
 * Whether the invocations behind two responses of the front overlapped (each started before the other ended).
 * @param {Response} a
 * @param {Response} b
 * @returns {boolean}
 */
export function overlapped(a, b) {
  const x = invocationOf(a);
  const y = invocationOf(b);
  return x.startMs < y.endMs && y.startMs < x.endMs;
}

/**
 * Asserts that at least one trial's requests overlapped, so that a race was run and not serialised.
 * @param {boolean[]} overlaps one entry per trial, from {@link overlapped}
 * @param {string} what the race, for the message
 */
export function assertSomeOverlapped(overlaps, what) {
  assert.ok(overlaps.some((o) => o === true), `no trial of ${what} overlapped: the requests ran one after another`);
}
