// Per-user quotas over HTTP (docs/design.md, "Quotas"): requests fired at the same moment at the upload
// API running as concurrent Lambda instances (support.mjs). Near a limit exactly the requests that fit are accepted,
// the others answer 409 quota_exceeded with the limit and the usage, and the counters stay exact through aborts,
// deletes and expiries. A fresh user is brought near the gigabyte limits by shifting its counters (helpers.mjs), which
// the test shifts back before it checks for drift.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { awsClients, deleteUser, loadCloud, multipart, filePart, newUser } from '../hostile/support.mjs';
import { call, content, reconcileOwner, shiftUsage } from './helpers.mjs';
import { assertSomeOverlapped, overlapped } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
const users = [];

after(async () => {
  for (const user of users) await deleteUser(cloud, user.username);
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

async function freshUser(label) {
  const user = await newUser(cloud, label);
  users.push(user);
  return user;
}

async function usageOf(user) {
  const res = await call(cloud, 'GET', '/usage', { token: user.idToken });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function startUpload(user, size) {
  return call(cloud, 'POST', '/uploads', {
    token: user.idToken, json: { fileName: 'q.bin', sizeBytes: size, sha256: content(1).sha256 },
  });
}

/** Whether any two of the answers' invocations overlapped. */
function anyOverlap(answers) {
  return answers.some((x, i) => answers.some((y, j) => i !== j && overlapped(x, y)));
}

async function assertNoDrift(user) {
  const report = await reconcileOwner(aws, cloud, user.sub);
  assert.deepEqual(report.usageDrift, []);
  assert.equal(report.orphans, 0, JSON.stringify(report, null, 2));
}

test('GET /usage: a new user starts at zero with the configured limits', async () => {
  const user = await freshUser('usage');
  const { usage, limits } = await usageOf(user);
  assert.deepEqual(usage, { bytes: 0, files: 0, pendingUploads: 0, pendingBytes: 0 });
  assert.ok(limits.bytes > 0 && limits.files > 0 && limits.pendingUploads > 0, JSON.stringify(limits));
  assertProblemShape(await call(cloud, 'GET', '/usage', { token: 'not-a-token' }), 401);
});

function assertProblemShape(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  if (code) assert.equal(res.json.code, code);
}

test('16 presigned uploads at once with room for 5 bytes-wise: exactly 5 accepted, all counted back on abort', async () => {
  const user = await freshUser('quota-bytes');
  const { limits } = await usageOf(user);
  const size = 1000;
  const shift = limits.bytes - 5 * size;
  await shiftUsage(aws, cloud, user.sub, shift, 0);
  const answers = await Promise.all(Array.from({ length: 16 }, () => startUpload(user, size)));
  const accepted = answers.filter((a) => a.status === 201);
  assert.equal(accepted.length, 5, answers.map((a) => `${a.status} ${a.json?.code ?? ''}`).join(', '));
  for (const refused of answers.filter((a) => a.status !== 201)) {
    assertProblemShape(refused, 409, 'quota_exceeded');
    assert.equal(refused.json.quota, 'bytes');
    assert.equal(refused.json.limit, limits.bytes);
    assert.equal(refused.json.usage, limits.bytes);
    assert.equal(refused.json.requestedBytes, size);
  }
  assertSomeOverlapped([anyOverlap(answers)], '16 starts');
  assert.deepEqual((await usageOf(user)).usage, { bytes: limits.bytes, files: 5, pendingUploads: 5, pendingBytes: 5 * size });

  const aborts = await Promise.all(accepted.map((a) => call(cloud, 'DELETE', `/uploads/${a.json.fileId}`, { token: user.idToken })));
  assert.deepEqual(aborts.map((a) => a.status), [204, 204, 204, 204, 204]);
  assert.deepEqual((await usageOf(user)).usage, { bytes: shift, files: 0, pendingUploads: 0, pendingBytes: 0 });
  await shiftUsage(aws, cloud, user.sub, -shift, 0);
  await assertNoDrift(user);
});

test('unfinished uploads: at most the limit at once, whatever the concurrency', async () => {
  const user = await freshUser('quota-pending');
  const { limits } = await usageOf(user);
  const answers = await Promise.all(Array.from({ length: limits.pendingUploads + 6 }, () => startUpload(user, 10)));
  const accepted = answers.filter((a) => a.status === 201);
  assert.equal(accepted.length, limits.pendingUploads);
  for (const refused of answers.filter((a) => a.status !== 201)) {
    assertProblemShape(refused, 409, 'quota_exceeded');
    assert.equal(refused.json.quota, 'pendingUploads');
    assert.equal(refused.json.limit, limits.pendingUploads);
  }
  await Promise.all(accepted.map((a) => call(cloud, 'DELETE', `/uploads/${a.json.fileId}`, { token: user.idToken })));
  assert.deepEqual((await usageOf(user)).usage, { bytes: 0, files: 0, pendingUploads: 0, pendingBytes: 0 });
  await assertNoDrift(user);
});

test('direct uploads at once with room for 3 files: exactly 3 stored; deletes count them off', async () => {
  const user = await freshUser('quota-files');
  const { limits } = await usageOf(user);
  const shift = limits.files - 3;
  await shiftUsage(aws, cloud, user.sub, 0, shift);
  const body = multipart([filePart('q.txt', 'hello')]);
  const answers = await Promise.all(Array.from({ length: 8 }, () => call(cloud, 'POST', '/upload', {
    token: user.idToken, body: body.body, headers: { 'content-type': body.contentType },
  })));
  const stored = answers.filter((a) => a.status === 201);
  assert.equal(stored.length, 3, answers.map((a) => `${a.status} ${a.json?.code ?? ''}`).join(', '));
  for (const refused of answers.filter((a) => a.status !== 201)) {
    assertProblemShape(refused, 409, 'quota_exceeded');
    assert.equal(refused.json.quota, 'files');
    assert.equal(refused.json.limit, limits.files);
    assert.equal(refused.json.usage, limits.files);
  }
  assert.deepEqual((await usageOf(user)).usage, { bytes: 15, files: limits.files, pendingUploads: 0, pendingBytes: 0 });
  await shiftUsage(aws, cloud, user.sub, 0, -shift);
  const deletes = await Promise.all(stored.flatMap((a) => [1, 2].map(() => call(cloud, 'DELETE', `/files/${a.json.fileId}`, { token: user.idToken }))));
  assert.equal(deletes.filter((d) => d.status === 204).length >= 3, true, deletes.map((d) => d.status).join(', '));
  assert.ok(deletes.every((d) => d.status === 204 || d.status === 404));
  assert.deepEqual((await usageOf(user)).usage, { bytes: 0, files: 0, pendingUploads: 0, pendingBytes: 0 });
  await assertNoDrift(user);
});

test('an unfinished upload past its deadline gives its reservation back, once, when usage is next read', async () => {
  const user = await freshUser('quota-expiry');
  const started = await startUpload(user, 700);
  assert.equal(started.status, 201, started.text);
  // Its deadline moved into the past, as if 24 hours had gone by (nothing in AWS calls the API at a deadline).
  await aws.dynamodb.send(new UpdateItemCommand({
    TableName: cloud.dynamodb.table,
    Key: { ownerId: { S: `usage#${user.sub}` }, fileId: { S: 'usage' } },
    UpdateExpression: 'SET uploads.#id.deadline = :past',
    ExpressionAttributeNames: { '#id': started.json.fileId },
    ExpressionAttributeValues: { ':past': { N: String(Date.now() - 1000) } },
  }));
  const reads = await Promise.all(Array.from({ length: 6 }, () => usageOf(user)));
  for (const read of reads) assert.ok([0, 700].includes(read.usage.bytes), JSON.stringify(read.usage));
  assert.deepEqual((await usageOf(user)).usage, { bytes: 0, files: 0, pendingUploads: 0, pendingBytes: 0 });
  // The expired upload can no longer be completed; aborting it still removes what it left.
  const complete = await call(cloud, 'POST', `/uploads/${started.json.fileId}/complete`, { token: user.idToken, json: {} });
  assert.ok([404, 410].includes(complete.status), complete.text);
  assert.equal((await call(cloud, 'DELETE', `/uploads/${started.json.fileId}`, { token: user.idToken })).status, 204);
  assert.deepEqual((await usageOf(user)).usage, { bytes: 0, files: 0, pendingUploads: 0, pendingBytes: 0 });
  await assertNoDrift(user);
});

test('reconcile reports usage counters that differ from the files and reservations, and only those', async () => {
  const user = await freshUser('quota-drift');
  const started = await startUpload(user, 300);
  assert.equal(started.status, 201, started.text);
  await assertNoDrift(user); // a reservation is not drift
  await shiftUsage(aws, cloud, user.sub, 42, 1);
  const report = await reconcileOwner(aws, cloud, user.sub);
  assert.equal(report.usageDrift.length, 1, JSON.stringify(report.usageDrift));
  assert.deepEqual(
    (({ ownerId, usedBytes, expectedBytes, usedFiles, expectedFiles, bytesDrift, filesDrift }) => ({ ownerId, usedBytes, expectedBytes, usedFiles, expectedFiles, bytesDrift, filesDrift }))(report.usageDrift[0]),
    { ownerId: user.sub, usedBytes: 342, expectedBytes: 300, usedFiles: 2, expectedFiles: 1, bytesDrift: 42, filesDrift: 1 },
  );
  assert.equal(report.orphans, 1);
  assert.equal(report.itemsWithoutObjects.length, 0, 'the usage item is not a file without its object');
  await shiftUsage(aws, cloud, user.sub, -42, -1);
  assert.equal((await call(cloud, 'DELETE', `/uploads/${started.json.fileId}`, { token: user.idToken })).status, 204);
  await assertNoDrift(user);
});
