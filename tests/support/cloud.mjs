// Helpers for the tests that run against a running local cloud (tests/pipeline, tests/e2e, …): where it is, clients
// for its endpoints, and polling with a generous deadline (progress is awaited, never timed).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dynamodbClient } from '../../local/cloud/workflow.mjs';
import { s3Request } from '../../local/cloud/s3.mjs';
import { signIn } from '../../lib/cognito.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The running cloud's state (cloud.json): from $LOCAL_CLOUD_STATE (set by local/test), else the test profile's.
 * @throws {Error} when no cloud is running
 */
export function loadCloud() {
  const file = process.env.LOCAL_CLOUD_STATE ?? join(ROOT, 'local/.data/test/cloud.json');
  if (!existsSync(file)) {
    throw new Error(`no running local cloud (${file} is missing): run local/test, or start local/start --profile test`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A DynamoDB client for the cloud's DynamoDB (the stream proxy) or, with `backend`, for dynalite itself. */
export function dynamodb(cloud, { backend = false } = {}) {
  return dynamodbClient({ endpoint: backend ? cloud.dynamodb.backendEndpoint : cloud.dynamodb.endpoint, region: cloud.region, ...cloud.credentials });
}

/** Signed S3 request against the cloud's S3 (see local/cloud/s3.mjs). */
export function s3(cloud, method, key, options) {
  return s3Request({ endpoint: cloud.s3.endpoint, ...cloud.credentials }, method, cloud.s3.bucket, key, options);
}

/** An ID token for one of the cloud's seeded users (InitiateAuth USER_PASSWORD_AUTH against its Cognito). */
export async function idToken(cloud, username) {
  return (await signIn(cloud.cognito.endpoint, cloud.cognito.clientId, username, cloud.cognito.password)).IdToken;
}

/** The claims of a JWT (not verified: the tests only read `sub`). */
export function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * One call to an AWS JSON-protocol endpoint of the cloud (DynamoDB Streams, Step Functions).
 * @returns {Promise<{status: number, body: object}>}
 */
export async function awsJson(endpoint, target, input, version = '1.0') {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': `application/x-amz-json-${version}`,
      'x-amz-target': target,
      'x-amz-date': '20200101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: JSON.parse((await res.text()) || '{}') };
}

/** The pipe's decisions so far (pipe-events.jsonl), oldest first. */
export function pipeEvents(cloud) {
  if (!existsSync(cloud.pipe.events)) return [];
  return readFileSync(cloud.pipe.events, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * Calls `probe` until it returns a value other than undefined/false and returns that value.
 * @param {string} what described in the failure message
 * @param {() => Promise<unknown>|unknown} probe
 * @param {{timeoutMs?: number, intervalMs?: number}} [options] the deadline is generous on purpose
 */
export async function eventually(what, probe, { timeoutMs = 120000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last !== undefined && last !== false) return last;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
