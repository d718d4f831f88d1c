// Faults against the real emulators, on a private local cloud whose functions reach S3 and DynamoDB through TCP
// proxies this test controls (tests/faults/support.mjs): storage down during an upload, the metadata write failing
// after the object is stored, S3 dying in the middle of an object while the processor reads it, the same batch
// delivered three times, and poison records followed by good ones. After each, the invariants of docs/design.md are
// checked with the reconcile module (ops/lib/reconcile.mjs): no object without its item, no item without its object,
// every accepted upload reaches a terminal status, no duplicate effects.
//
// Starting the private cloud takes about a minute (two Quarkus dev-mode JVMs); the scenarios a few seconds each.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { awsJson } from '../support/cloud.mjs';
import { reconcile } from '../../ops/lib/reconcile.mjs';
import { clients } from '../../ops/lib/target.mjs';
import { api, assertProblem, awsClients, eventually, filePart, newUser, ownerState, upload } from '../hostile/support.mjs';
import { privateCloudBehindProxies } from './support.mjs';

let pc;
let cloud;
let aws;
let backend;
let user;
/** Every upload the API accepted in this file: [{ownerId, fileId}]; all must end terminal with object and item. */
const accepted = [];

before(async () => {
  pc = await privateCloudBehindProxies();
  cloud = pc.cloud;
  aws = awsClients(cloud); // straight to the emulators, never through the proxies
  backend = clients({ region: cloud.region, credentials: cloud.credentials, dynamodbEndpoint: cloud.dynamodb.backendEndpoint }).dynamodb;
  user = await newUser(cloud, 'faults');
}, { timeout: 20 * 60_000 });

after(async () => {
  aws?.s3.destroy();
  aws?.dynamodb.destroy();
  backend?.destroy();
  await pc?.stop();
});

async function uploadOk(token, name = 'fault.bin', bytes = randomBytes(2048)) {
  const res = await upload(cloud, token, [filePart(name, bytes, 'application/octet-stream')]);
  assert.equal(res.status, 201, res.text);
  accepted.push({ ownerId: user.sub, fileId: res.json.fileId });
  return { ...res.json, bytes };
}

async function item(ownerId, fileId) {
  const answer = await aws.dynamodb.send(new GetItemCommand({ TableName: cloud.dynamodb.table, Key: { ownerId: { S: ownerId }, fileId: { S: fileId } }, ConsistentRead: true }));
  return answer.Item;
}

async function terminal(ownerId, fileId) {
  return eventually(`${fileId} terminal`, async () => {
    const i = await item(ownerId, fileId);
    return ['PROCESSED', 'FAILED'].includes(i?.status?.S) && i;
  }, { timeoutMs: 180_000, intervalMs: 300 });
}

/**
 * The invariants for one owner: once nothing is in flight, every object has its item and every item its object,
 * and no item is left UPLOADED or PROCESSING.
 * @returns {Promise<object>} the reconcile report
 */
async function assertInvariants(ownerId) {
  const report = await eventually('every item terminal', async () => {
    const r = await reconcile({ s3: aws.s3, dynamodb: aws.dynamodb, bucket: cloud.s3.bucket, table: cloud.dynamodb.table, ownerId, graceMs: 0, thresholdMs: 0 });
    return r.stuckItems.length === 0 && r;
  }, { timeoutMs: 180_000, intervalMs: 500 });
  assert.deepEqual(report.objectsWithoutItems, [], 'no object without its item');
  assert.deepEqual(report.itemsWithoutObjects, [], 'no item without its object');
  assert.equal(report.counts.objects, report.counts.items);
  return report;
}

/** Every record of the private cloud's stream (DynamoDB Streams API, one shard), as the pipe delivers them. */
async function streamRecords() {
  const streams = (op, input) => awsJson(cloud.dynamodb.endpoint, `DynamoDBStreams_20120810.${op}`, input);
  const { body: { StreamDescription: description } } = await streams('DescribeStream', { StreamArn: cloud.dynamodb.streamArn });
  let iterator = (await streams('GetShardIterator', { StreamArn: cloud.dynamodb.streamArn, ShardId: description.Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' })).body.ShardIterator;
  const records = [];
  for (;;) {
    const page = (await streams('GetRecords', { ShardIterator: iterator, Limit: 1000 })).body;
    records.push(...page.Records);
    if (!page.Records.length) break;
    iterator = page.NextShardIterator;
  }
  return records.map((r) => ({ ...r, eventSourceARN: cloud.dynamodb.streamArn }));
}

const ofKey = (ownerId, fileId) => (r) => r.dynamodb.Keys.ownerId.S === ownerId && r.dynamodb.Keys.fileId.S === fileId;

async function startExecution(input) {
  const res = await awsJson(cloud.states.endpoint, 'AWSStepFunctions.StartExecution', { stateMachineArn: cloud.states.stateMachineArn, name: randomUUID(), input: JSON.stringify(input) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.executionArn;
}

async function finished(executionArn) {
  return eventually('execution finished', async () => {
    const res = await awsJson(cloud.states.endpoint, 'AWSStepFunctions.DescribeExecution', { executionArn });
    return res.body.status !== 'RUNNING' && res.body;
  }, { timeoutMs: 180_000, intervalMs: 300 });
}

describe('faults on a private cloud behind failing proxies', () => {
  test('baseline: the functions reach the emulators through the proxies', async () => {
    const uploaded = await uploadOk(user.idToken);
    assert.equal((await terminal(user.sub, uploaded.fileId)).status.S, 'PROCESSED');
    assert.ok(pc.s3Proxy.stats.connections > 0, 'S3 traffic went through the proxy');
    assert.ok(pc.dynamodbProxy.stats.connections > 0, 'DynamoDB traffic went through the proxy');
    await assertInvariants(user.sub);
  });

  test('S3 unavailable: uploads are refused with problem JSON and store nothing; reads still work; back up, uploads work', async () => {
    const before = await ownerState(aws, cloud, user.sub);
    await pc.s3Proxy.set('down');
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const res = await upload(cloud, user.idToken, [filePart('during-s3-outage.txt', 'nothing should be stored')]);
        // The first attempt also meets the pooled connection S3 dropped: that too is a storage fault, so always 503.
        assertProblem(res, 503, 'storage_unavailable', `S3 down, attempt ${attempt}`);
        assert.deepEqual(await ownerState(aws, cloud, user.sub), before, 'no object, no item');
      }
      const listed = await api(cloud, 'GET', '/files', { token: user.idToken });
      assert.equal(listed.status, 200, 'listing needs only DynamoDB');
    } finally {
      await pc.s3Proxy.set('pass');
    }
    const uploaded = await uploadOk(user.idToken);
    assert.equal((await terminal(user.sub, uploaded.fileId)).status.S, 'PROCESSED');
    await assertInvariants(user.sub);
  });

  // The url-connection client reports the dropped connection as an UncheckedIOException the SDK does not retry;
  // the S3 adapter retries it itself (the body is re-readable) and takes it for a storage fault if it persists.
  test('S3 drops its open connections (S3 itself is up): the next upload still succeeds', async () => {
    await uploadOk(user.idToken, 'warm-connection.bin');
    const before = await ownerState(aws, cloud, user.sub);
    pc.s3Proxy.resetConnections();
    const res = await upload(cloud, user.idToken, [filePart('after-reset.bin', randomBytes(512), 'application/octet-stream')]);
    if (res.status !== 201) assert.deepEqual(await ownerState(aws, cloud, user.sub), before, 'a refused upload stored nothing');
    assert.equal(res.status, 201, res.text);
    accepted.push({ ownerId: user.sub, fileId: res.json.fileId });
  });

  test('DynamoDB unavailable: the object stored first is deleted again, upload answers 503; reads answer 503', async () => {
    const before = await ownerState(aws, cloud, user.sub);
    await pc.dynamodbProxy.set('down');
    try {
      const res = await upload(cloud, user.idToken, [filePart('during-dynamodb-outage.txt', 'stored, then deleted')]);
      assertProblem(res, 503, 'storage_unavailable', 'DynamoDB down');
      assert.deepEqual(await ownerState(aws, cloud, user.sub), before, 'the object was deleted again; no item');
      assertProblem(await api(cloud, 'GET', '/files', { token: user.idToken }), 503, 'storage_unavailable', 'list');
      assertProblem(await api(cloud, 'GET', `/files/${accepted[0].fileId}`, { token: user.idToken }), 503, 'storage_unavailable', 'get');
    } finally {
      await pc.dynamodbProxy.set('pass');
    }
    const uploaded = await uploadOk(user.idToken);
    assert.equal((await terminal(user.sub, uploaded.fileId)).status.S, 'PROCESSED');
    await assertInvariants(user.sub);
  });

  test('S3 dies in the middle of the object the processor reads: the workflow retries and the file is PROCESSED once', async () => {
    // Answers above 64 KiB are cut: the upload's PutObject answer is small and passes, the processor's GetObject of
    // a 1 MiB object is reset part-way, every time, until S3 is healthy again.
    await pc.s3Proxy.set('truncate', { cutAfterBytes: 64 * 1024 });
    const cutsBefore = pc.s3Proxy.stats.cut;
    let uploaded;
    try {
      uploaded = await uploadOk(user.idToken, 'cut-mid-object.bin', randomBytes(1024 * 1024));
      await eventually('the processor met a cut', () => pc.s3Proxy.stats.cut > cutsBefore, { timeoutMs: 120_000 });
    } finally {
      await pc.s3Proxy.set('pass');
    }
    const done = await terminal(user.sub, uploaded.fileId);
    assert.equal(done.status.S, 'PROCESSED', done.failureReason?.S);
    assert.equal(done.sha256.S, createHash('sha256').update(uploaded.bytes).digest('hex'));
    const terminalWrites = (await streamRecords()).filter(ofKey(user.sub, uploaded.fileId))
      .filter((r) => r.eventName === 'MODIFY' && ['PROCESSED', 'FAILED'].includes(r.dynamodb.NewImage.status.S));
    assert.equal(terminalWrites.length, 1, 'one terminal write');
    await assertInvariants(user.sub);
  });

  test('the same batch delivered three times at once, then three times more: one terminal transition', async () => {
    // An item and its object written behind the stream proxy (no stream record: the pipe does not start anything),
    // then the INSERT record the pipe would deliver, started three times concurrently.
    const owner = `faults-dup-${randomUUID()}`;
    const fileId = randomUUID();
    const bytes = randomBytes(4096);
    const objectKey = `uploads/${owner}/${fileId}`;
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.s3.bucket, Key: objectKey, Body: bytes, ContentType: 'application/octet-stream' }));
    const image = {
      ownerId: { S: owner }, fileId: { S: fileId }, objectKey: { S: objectKey }, fileName: { S: 'dup.bin' }, sizeBytes: { N: String(bytes.length) },
      contentType: { S: 'application/octet-stream' }, sha256: { S: createHash('sha256').update(bytes).digest('hex') }, status: { S: 'UPLOADED' },
      createdAt: { S: new Date().toISOString() },
    };
    await backend.send(new PutItemCommand({ TableName: cloud.dynamodb.table, Item: image }));
    const record = {
      eventID: randomBytes(16).toString('hex'), eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: cloud.region,
      eventSourceARN: cloud.dynamodb.streamArn,
      dynamodb: { ApproximateCreationDateTime: Date.now() / 1000, Keys: { ownerId: image.ownerId, fileId: image.fileId }, NewImage: image, SequenceNumber: '1', SizeBytes: 300, StreamViewType: 'NEW_IMAGE' },
    };
    const outcomes = async (arns) => (await Promise.all(arns.map(finished))).map((e) => {
      assert.equal(e.status, 'SUCCEEDED', e.cause);
      return JSON.parse(e.output).processing.results[0].outcome;
    });

    const first = await outcomes(await Promise.all([1, 2, 3].map(() => startExecution([record]))));
    assert.deepEqual(first.sort(), ['PROCESSED', 'SKIPPED', 'SKIPPED'], 'exactly one delivery processes the file');
    const processed = await item(owner, fileId);
    assert.equal(processed.status.S, 'PROCESSED');

    const again = await outcomes(await Promise.all([1, 2, 3].map(() => startExecution([record]))));
    assert.deepEqual(again, ['SKIPPED', 'SKIPPED', 'SKIPPED']);
    assert.deepEqual(await item(owner, fileId), processed, 'the item is unchanged by later deliveries');
    const terminalWrites = (await streamRecords()).filter(ofKey(owner, fileId))
      .filter((r) => r.eventName === 'MODIFY' && r.dynamodb.NewImage.status.S === 'PROCESSED');
    assert.equal(terminalWrites.length, 1, 'one terminal write in the stream');
    await assertInvariants(owner);
  });

  test('a poison record followed by a good one: the poison ends FAILED with a reason, the good one PROCESSED', async () => {
    // The poison: an item whose checksum does not match its object, written through the stream proxy like an
    // upload, so that the real pipe delivers it; then a good upload right behind it.
    const fileId = randomUUID();
    const objectKey = `uploads/${user.sub}/${fileId}`;
    const bytes = Buffer.from('the stored bytes');
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.s3.bucket, Key: objectKey, Body: bytes }));
    await aws.dynamodb.send(new PutItemCommand({
      TableName: cloud.dynamodb.table,
      Item: {
        ownerId: { S: user.sub }, fileId: { S: fileId }, objectKey: { S: objectKey }, fileName: { S: 'poison.txt' }, sizeBytes: { N: String(bytes.length) },
        contentType: { S: 'text/plain' }, sha256: { S: createHash('sha256').update('other bytes').digest('hex') }, status: { S: 'UPLOADED' },
        createdAt: { S: new Date().toISOString() },
      },
    }));
    const good = await uploadOk(user.idToken, 'after-the-poison.bin');
    assert.equal((await terminal(user.sub, good.fileId)).status.S, 'PROCESSED');
    const poison = await terminal(user.sub, fileId);
    assert.equal(poison.status.S, 'FAILED');
    assert.match(poison.failureReason.S, /checksum mismatch/);
    await assertInvariants(user.sub);
  });

  describe('a malformed record (sizeBytes of the wrong type) followed by a good one', () => {
    const owner = `faults-malformed-${randomUUID()}`;
    const fileId = randomUUID();
    let good;
    before(async () => {
      const objectKey = `uploads/${owner}/${fileId}`;
      await aws.s3.send(new PutObjectCommand({ Bucket: cloud.s3.bucket, Key: objectKey, Body: 'malformed item' }));
      await aws.dynamodb.send(new PutItemCommand({
        TableName: cloud.dynamodb.table,
        Item: {
          ownerId: { S: owner }, fileId: { S: fileId }, objectKey: { S: objectKey }, fileName: { S: 'malformed.txt' }, sizeBytes: { S: 'fourteen' },
          contentType: { S: 'text/plain' }, sha256: { S: '0'.repeat(64) }, status: { S: 'UPLOADED' }, createdAt: { S: new Date().toISOString() },
        },
      }));
      good = await uploadOk(user.idToken, 'after-the-malformed.bin');
    });

    test('blocks nothing: the good upload behind it is PROCESSED', async () => {
      assert.equal((await terminal(user.sub, good.fileId)).status.S, 'PROCESSED');
    });

    test('ends FAILED with a reason', async () => {
      const executionArn = await eventually('the pipe started its execution', () => {
        if (!existsSync(cloud.pipe.events)) return false;
        const lines = readFileSync(cloud.pipe.events, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
        return lines.find((e) => e.eventName === 'INSERT' && e.keys?.fileId?.S === fileId)?.executionArn;
      });
      await finished(executionArn);
      const malformed = await item(owner, fileId);
      assert.equal(malformed.status.S, 'FAILED');
      assert.match(malformed.failureReason?.S ?? '', /sizeBytes/, 'the reason names what was wrong');
    });
  });

  test('every upload the API accepted has its object and its item and ended PROCESSED', async () => {
    const report = await assertInvariants(user.sub);
    for (const { ownerId, fileId } of accepted) {
      assert.equal((await item(ownerId, fileId)).status.S, 'PROCESSED', fileId);
    }
    assert.equal(report.statusCounts.PROCESSED, accepted.length);
    assert.equal(report.statusCounts.FAILED, 1, 'the checksum poison');
  });

  // Last, because the API keeps working on the hung request after the client has given up (one event at a time).
  test('DynamoDB hangs after the object is stored: the upload answers 503 before the function\'s 29 s timeout and leaves no object', async () => {
    const before = await ownerState(aws, cloud, user.sub);
    await pc.dynamodbProxy.set('blackhole');
    let res;
    try {
      res = await upload(cloud, user.idToken, [filePart('during-dynamodb-hang.txt', 'stored, then the metadata write hangs')], { timeoutMs: 29_000 });
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
    } finally {
      await pc.dynamodbProxy.set('pass');
    }
    assert.ok(res, 'an answer within 29 s');
    assertProblem(res, 503, 'storage_unavailable', 'DynamoDB hangs');
    assert.deepEqual(await ownerState(aws, cloud, user.sub), before, 'the object was deleted again; no item');
  });
});
