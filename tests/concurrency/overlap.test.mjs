// The local Lambda front runs the upload function as concurrent instances, as Lambda does (the dev-mode API serves one
// invocation at a time): concurrent requests are spread over the instances and run at the same time.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { idToken, loadCloud } from '../support/cloud.mjs';
import { MIN_INSTANCES, invocationOf, lambdaApi } from './support.mjs';

const cloud = loadCloud();
const endpoint = lambdaApi(cloud);
let token;

before(async () => {
  token = await idToken(cloud, cloud.cognito.users[0]);
});

test(`8 concurrent authenticated requests are served by at least ${MIN_INSTANCES} instances, and some overlap in time`, async () => {
  const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(`${endpoint}/files`, { headers: { authorization: `Bearer ${token}` } })));
  const invocations = [];
  for (const res of responses) {
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok(Array.isArray((await res.json()).items));
    assert.ok(res.headers.get('apigw-requestid'), 'every answer carries apigw-requestid, as API Gateway adds it');
    invocations.push(invocationOf(res));
  }
  const instances = new Set(invocations.map((i) => i.instance));
  assert.ok(instances.size >= MIN_INSTANCES, `served by ${[...instances].join(', ')}`);
  // Two invocations overlap when each starts before the other ends.
  const overlapping = invocations.some((a, i) => invocations.some((b, j) => i !== j && a.startMs < b.endMs && b.startMs < a.endMs));
  assert.ok(overlapping, `no two invocations overlapped: ${JSON.stringify(invocations)}`);
});
