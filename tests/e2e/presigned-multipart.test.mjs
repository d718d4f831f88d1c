// End to end on the presigned path: a 50 MB file (generated here) goes from the test straight to S3 as a multipart
// upload with presigned part URLs, is completed through the upload API, and is followed through the stream, the
// pipe, the workflow and the processor until it is PROCESSED with the SHA-256 this test computed. The API only
// ever sees JSON; the bytes go to S3Proxy directly.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { claims, eventually, idToken, loadCloud, pipeEvents, s3 } from '../support/cloud.mjs';
import { partPlan } from '../../web/modules/checksums.js';

const cloud = loadCloud();
const [alice] = cloud.cognito.users;
const SIZE = 50 * 1000 * 1000;
let token;

before(async () => {
  token = await idToken(cloud, alice);
});


/** The SHA-256 of every part, as POST /uploads wants them for a multipart upload. */
function partChecksums(bytes) {
  const size = partPlan(bytes.length).partSizeBytes;
  const checksums = [];
  for (let from = 0, partNumber = 1; from < bytes.length; from += size, partNumber++) {
    checksums.push({ partNumber, sha256: createHash('sha256').update(bytes.subarray(from, from + size)).digest('hex') });
  }
  return checksums;
}

async function api(method, path, body) {
  const res = await fetch(`${cloud.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

test('a 50 MB file uploaded in parallel parts straight to S3 reaches PROCESSED with the SHA-256 computed here', async () => {
  const bytes = randomBytes(SIZE);
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const started = await api('POST', '/uploads', {
    fileName: 'fifty-megabytes.bin', sizeBytes: SIZE, contentType: 'application/octet-stream', sha256,
    comment: 'end-to-end: presigned multipart', partChecksums: partChecksums(bytes),
  });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const ticket = started.body;
  assert.equal(ticket.mode, 'multipart');
  assert.equal(ticket.partSizeBytes, partPlan(SIZE).partSizeBytes);
  assert.equal(ticket.partCount, Math.ceil(SIZE / ticket.partSizeBytes));
  assert.equal(ticket.parts.length, ticket.partCount);
  const listed = await api('GET', '/files?limit=100');
  assert.ok(!listed.body.items.some((f) => f.fileId === ticket.fileId), 'an unfinished upload is not a file');

  // Four parts at a time, each PUT to its presigned URL with the ticket's headers and its own (its signed SHA-256,
  // which S3 checks); S3 answers each with an ETag.
  const queue = [...ticket.parts];
  const etags = new Map();
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const from = (part.partNumber - 1) * ticket.partSizeBytes;
      const body = bytes.subarray(from, from + part.sizeBytes);
      assert.equal(body.length, part.sizeBytes);
      const res = await fetch(part.url, { method: 'PUT', headers: { ...ticket.headers, ...part.headers }, body });
      assert.equal(res.status, 200, await res.text());
      etags.set(part.partNumber, res.headers.get('etag'));
    }
  }));
  assert.equal(etags.size, ticket.partCount);
  assert.equal(pipeEvents(cloud).filter((e) => e.keys?.fileId?.S === ticket.fileId).length, 0,
    'no stream record before completion');

  const parts = [...etags].map(([partNumber, etag]) => ({ partNumber, etag }));
  const completed = await api('POST', `/uploads/${ticket.fileId}/complete`, { parts });
  assert.equal(completed.status, 201, JSON.stringify(completed.body));
  assert.equal(completed.body.sha256, sha256);
  assert.equal(completed.body.sizeBytes, SIZE);
  assert.equal(completed.body.status, 'UPLOADED');

  const objectKey = `uploads/${claims(token).sub}/${ticket.fileId}`;
  const object = await s3(cloud, 'GET', objectKey);
  assert.equal(object.status, 200);
  assert.equal(createHash('sha256').update(Buffer.from(await object.arrayBuffer())).digest('hex'), sha256,
    'the assembled object is the file');

  const processed = await eventually('a terminal status', async () => {
    const { status, body } = await api('GET', `/files/${ticket.fileId}`);
    assert.equal(status, 200, JSON.stringify(body));
    return (body.status === 'PROCESSED' || body.status === 'FAILED') && body;
  }, { timeoutMs: 180000, intervalMs: 500 });
  assert.equal(processed.status, 'PROCESSED', processed.failureReason);
  assert.equal(processed.sha256, sha256);
  assert.equal(processed.sizeBytes, SIZE);

  const inserts = pipeEvents(cloud).filter((e) => e.keys?.fileId?.S === ticket.fileId && e.eventName === 'INSERT');
  assert.equal(inserts.length, 1, 'exactly one INSERT: the item was written once, after the object was complete');
  assert.equal(inserts[0].matched, true);

  // Completing again is harmless; deleting removes the object and the item, and the REMOVE starts nothing.
  const again = await api('POST', `/uploads/${ticket.fileId}/complete`, { parts });
  assert.equal(again.status, 200);
  assert.equal(again.body.status, 'PROCESSED');
  const deleted = await api('DELETE', `/files/${ticket.fileId}`);
  assert.equal(deleted.status, 204);
  assert.equal((await s3(cloud, 'HEAD', objectKey)).status, 404);
  assert.equal((await api('GET', `/files/${ticket.fileId}`)).status, 404);
  const removes = await eventually('the REMOVE record', () => {
    const found = pipeEvents(cloud).filter((e) => e.keys?.fileId?.S === ticket.fileId && e.eventName === 'REMOVE');
    return found.length > 0 && found;
  }, { timeoutMs: 30000, intervalMs: 250 });
  assert.ok(removes.every((e) => !e.matched), 'a deletion starts no workflow');
});
