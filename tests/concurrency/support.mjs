// TEMPORARY until the front lands: the local front that runs the packaged upload function as N >= 4 concurrent Lambda
// instances (another branch) replaces this file. Its interface, which the tests here are written against:
// cloud.json's `lambdaApi: {endpoint, instances}`, `lambdaApi(cloud)` returning the endpoint (asserting at least 4
// instances), and the response headers `x-local-invocation-start` / `x-local-invocation-end` (ms epoch) that prove
// two requests overlapped (read by overlap.mjs). Until then the tests run against the dev-mode API, which serves one
// invocation at a time and sends no such headers.

import assert from 'node:assert/strict';

/**
 * The base URL of the upload API that runs as concurrent Lambda instances.
 * @param {object} cloud cloud.json
 * @returns {string} e.g. `http://localhost:8380`
 */
export function lambdaApi(cloud) {
  if (cloud.lambdaApi) {
    assert.ok(cloud.lambdaApi.instances >= 4, `the local Lambda front runs ${cloud.lambdaApi.instances} instances, fewer than 4`);
    return cloud.lambdaApi.endpoint;
  }
  return cloud.api.url; // TEMPORARY: the dev-mode API
}

/**
 * TEMPORARY: the dev-mode API sends no invocation headers, so overlap.mjs may not demand them. The front's
 * support.mjs does not export this, and overlap.mjs then requires the headers on every answer.
 */
export const invocationHeadersOptional = true;
