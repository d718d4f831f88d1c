// Races on one upload (docs/design.md, "Races"): each pair of requests is fired at the same moment at the
// upload API running as concurrent Lambda instances (support.mjs), many times. After every trial there is either a
// whole file (item, object under uploads/<owner>/<fileId>, later PROCESSED with the right SHA-256) or nothing at all,
// and both answers agree with that end state. The front's invocation headers prove that the pairs overlapped.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { awsClients, deleteUser, eventually, loadCloud, newUser } from '../hostile/support.mjs';
import { awsJson, pipeEvents } from '../support/cloud.mjs';
import { call, fileState, reconcileOwner, startAndPut, together } from './helpers.mjs';
import { assertSomeOverlapped, overlapped } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
const TRIALS = 20;
/** Files that exist at the end of each test (for the usage check). */
const stored = [];
let user;

before(async () => {
  user = await newUser(cloud, 'races');
});

after(async () => {
  await deleteUser(cloud, user.username);
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

/** Waits until the file is PROCESSED, then checks the item and the object against the bytes sent. */
async function assertWholeFile(file) {
  const done = await eventually(`${file.fileId} to be processed`, async () => {
    const res = await call(cloud, 'GET', `/files/${file.fileId}`, { token: user.idToken });
    return res.status === 200 && ['PROCESSED', 'FAILED'].includes(res.json.status) && res.json;
  });
  assert.equal(done.status, 'PROCESSED', done.failureReason);
  assert.equal(done.sha256, file.sha256);
  const state = await fileState(aws, cloud, user.sub, file.fileId);
  assert.equal(state.objectSha256, file.sha256, 'the object holds the bytes sent');
  assert.deepEqual(state.pending, [], 'nothing of the upload is left under pending/');
}

async function assertNothing(fileId) {
  const state = await fileState(aws, cloud, user.sub, fileId);
  assert.equal(state.item, undefined, `${fileId}: no item`);
  assert.equal(state.objectSha256, undefined, `${fileId}: no object`);
  assert.deepEqual(state.pending, [], `${fileId}: nothing under pending/`);
}

/** The owner's usage matches the files that exist, and reconcile finds no orphan and no counter drift. */
async function assertUsageAndNoOrphans(files) {
  const usage = await call(cloud, 'GET', '/usage', { token: user.idToken });
  assert.equal(usage.status, 200, usage.text);
  assert.deepEqual(usage.json.usage, {
    bytes: files.reduce((sum, f) => sum + f.bytes.length, 0), files: files.length, pendingUploads: 0, pendingBytes: 0,
  });
  const report = await reconcileOwner(aws, cloud, user.sub);
  assert.equal(report.orphans, 0, JSON.stringify(report, null, 2));
}

test('complete against abort, single PUT and multipart: a whole file or nothing, and the answers agree', async () => {
  const completed = [];
  const aborted = [];
  const overlaps = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    // Every fifth trial a two-part multipart upload (8 MiB + 1 KiB), the others one PUT.
    const size = trial % 5 === 4 ? 8 * 1024 * 1024 + 1024 : 1000 + trial;
    const file = await startAndPut(cloud, user.idToken, size);
    const [complete, abort] = await together(
      () => call(cloud, 'POST', `/uploads/${file.fileId}/complete`, { token: user.idToken, json: file.completion }),
      () => call(cloud, 'DELETE', `/uploads/${file.fileId}`, { token: user.idToken }),
    );
    overlaps.push(overlapped(complete, abort));
    const what = `trial ${trial}: complete ${complete.status} ${complete.json?.code ?? ''}, abort ${abort.status} ${abort.json?.code ?? ''}`;
    if (complete.status === 201) {
      assert.equal(abort.status, 409, what);
      assert.ok(['upload_completing', 'already_completed'].includes(abort.json.code), what);
      assert.equal(complete.json.sha256, file.sha256, what);
      completed.push(file);
    } else {
      assert.equal(complete.status, 404, what);
      assert.equal(complete.json.code, 'not_found', what);
      assert.equal(abort.status, 204, what);
      await assertNothing(file.fileId);
      aborted.push(file);
    }
  }
  assertSomeOverlapped(overlaps, 'complete against abort');
  for (const file of completed) await assertWholeFile(file);
  // Looked at again once every completed file was processed: nothing came back for the aborted ones.
  for (const file of aborted) await assertNothing(file.fileId);
  await assertUsageAndNoOrphans(completed);
  // Kept for the next tests' usage checks.
  stored.push(...completed);
});

test('complete against complete: one 201, the other 200 with the same file or 409 upload_completing', async () => {
  const overlaps = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const file = await startAndPut(cloud, user.idToken, 2000 + trial);
    const answers = await together(
      () => call(cloud, 'POST', `/uploads/${file.fileId}/complete`, { token: user.idToken, json: file.completion }),
      () => call(cloud, 'POST', `/uploads/${file.fileId}/complete`, { token: user.idToken, json: file.completion }),
    );
    overlaps.push(overlapped(...answers));
    const what = `trial ${trial}: ${answers.map((a) => `${a.status} ${a.json?.code ?? ''}`).join(', ')}`;
    assert.equal(answers.filter((a) => a.status === 201).length, 1, what);
    for (const other of answers.filter((a) => a.status !== 201)) {
      assert.ok(other.status === 200 ? other.json.fileId === file.fileId : other.json?.code === 'upload_completing', what);
    }
    stored.push(file);
  }
  assertSomeOverlapped(overlaps, 'complete against complete');
  for (const file of stored) await assertWholeFile(file);
  await assertUsageAndNoOrphans(stored);
});

test('delete while the file is processed, and twice at once: gone for good, counted off once', async () => {
  const overlaps = [];
  const deleted = [];
  for (let trial = 0; trial < TRIALS / 2; trial++) {
    const file = await startAndPut(cloud, user.idToken, 3000 + trial);
    const done = await call(cloud, 'POST', `/uploads/${file.fileId}/complete`, { token: user.idToken, json: file.completion });
    assert.equal(done.status, 201, done.text);
    // At once after the INSERT: the pipe and the processor are working on it.
    const answers = await together(
      () => call(cloud, 'DELETE', `/files/${file.fileId}`, { token: user.idToken }),
      () => call(cloud, 'DELETE', `/files/${file.fileId}`, { token: user.idToken }),
    );
    overlaps.push(overlapped(...answers));
    const statuses = answers.map((a) => a.status).sort();
    assert.ok(statuses[0] === 204 && [204, 404].includes(statuses[1]), `trial ${trial}: ${statuses}`);
    deleted.push(file);
  }
  assertSomeOverlapped(overlaps, 'delete against delete');
  // The execution the pipe started for each deleted file has ended, and the processor's and the workflow's
  // conditional writes did not bring an item back.
  for (const file of deleted) {
    const decision = await eventually(`the pipe to start ${file.fileId}'s execution`, () => pipeEvents(cloud)
      .find((e) => e.keys?.fileId?.S === file.fileId && e.eventName === 'INSERT'));
    assert.ok(decision.matched && decision.executionArn, JSON.stringify(decision));
    await eventually(`${file.fileId}'s execution to end`, async () => {
      const execution = await awsJson(cloud.states.endpoint, 'AWSStepFunctions.DescribeExecution', { executionArn: decision.executionArn });
      return execution.status === 200 && execution.body.status !== 'RUNNING';
    });
  }
  for (const file of deleted) await assertNothing(file.fileId);
  await assertUsageAndNoOrphans(stored);
});
