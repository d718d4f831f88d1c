// End to end through the running local cloud: sign in at Cognito (cognito-local), upload through the upload API
// (Quarkus dev mode, HTTP translated to API Gateway v2 events), and follow the file through the stream, the pipe,
// the workflow and the processor until it is PROCESSED, checking the bytes and checksum at every stage.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { awsJson, claims, eventually, idToken, loadCloud, pipeEvents, s3 } from '../support/cloud.mjs';

const cloud = loadCloud();
const [alice, bob] = cloud.cognito.users;
let aliceToken;

before(async () => {
  aliceToken = await idToken(cloud, alice);
});

/** Every byte value, ascending then descending, so that byte order and each value matter (512 bytes). */
function allByteValues() {
  const up = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return Buffer.concat([up, Buffer.from(up).reverse()]);
}

async function getFile(token, fileId) {
  const res = await fetch(`${cloud.api.url}/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

test('a binary file with all 256 byte values goes from upload to PROCESSED with the right checksum', async () => {
  const bytes = allByteValues();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'all-bytes.bin');
  form.append('comment', 'end-to-end: every byte value');

  const res = await fetch(`${cloud.api.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${aliceToken}` }, body: form });
  const uploaded = await res.json();
  assert.equal(res.status, 201, JSON.stringify(uploaded));
  assert.equal(res.headers.get('location'), `/files/${uploaded.fileId}`);
  assert.equal(uploaded.sha256, sha256);
  assert.equal(uploaded.sizeBytes, bytes.length);
  assert.equal(uploaded.fileName, 'all-bytes.bin');
  assert.equal(uploaded.comment, 'end-to-end: every byte value');

  // The object in S3 is byte-identical, under the key the server chose.
  const objectKey = `uploads/${claims(aliceToken).sub}/${uploaded.fileId}`;
  const object = await s3(cloud, 'GET', objectKey);
  assert.equal(object.status, 200);
  assert.ok(Buffer.from(await object.arrayBuffer()).equals(bytes), 'stored object equals the uploaded bytes');

  // Processing happens asynchronously: wait (generously) for a terminal status, then check it.
  const processed = await eventually('a terminal status', async () => {
    const { status, body } = await getFile(aliceToken, uploaded.fileId);
    assert.equal(status, 200, JSON.stringify(body));
    return (body.status === 'PROCESSED' || body.status === 'FAILED') && body;
  }, { timeoutMs: 180000, intervalMs: 500 });
  assert.equal(processed.status, 'PROCESSED', processed.failureReason);
  assert.equal(processed.sha256, sha256);
  assert.equal(processed.sizeBytes, bytes.length);
  assert.equal(processed.detectedContentType, 'application/octet-stream');
  assert.ok(processed.processedAt >= processed.createdAt);

  // It went through the pipeline: one INSERT matched by the pipe, one workflow execution that succeeded.
  const decisions = pipeEvents(cloud).filter((e) => e.keys?.fileId?.S === uploaded.fileId);
  const inserts = decisions.filter((e) => e.eventName === 'INSERT');
  assert.equal(inserts.length, 1);
  assert.equal(inserts[0].matched, true);
  assert.ok(decisions.filter((e) => e.eventName !== 'INSERT').every((e) => !e.matched), 'status changes do not start executions');
  const execution = await awsJson(cloud.states.endpoint, 'AWSStepFunctions.DescribeExecution', { executionArn: inserts[0].executionArn });
  assert.equal(execution.body.status, 'SUCCEEDED', execution.body.cause);
  assert.deepEqual(JSON.parse(execution.body.output).processing.results.map((r) => [r.fileId, r.outcome]), [[uploaded.fileId, 'PROCESSED']]);

  // The object is unchanged by processing, and another user cannot see the file.
  const again = await s3(cloud, 'GET', objectKey);
  assert.ok(Buffer.from(await again.arrayBuffer()).equals(bytes));
  const asBob = await getFile(await idToken(cloud, bob), uploaded.fileId);
  assert.equal(asBob.status, 404);
});
