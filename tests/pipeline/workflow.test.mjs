// terraform/definitions/processing.asl.json, run by the local ASL interpreter (local/cloud/workflow.mjs) against the
// REAL processor (Quarkus dev mode) and the cloud's S3 and DynamoDB, with fixture records shaped as the Pipe
// delivers them. Faults are injected in front of the processor by wrapping the lambda:invoke handler.
// Fixture items are written to dynalite directly, so the cloud's own pipe does not process them as well.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { TaskError, lambdaInvoke, processingWorkflow } from '../../local/cloud/workflow.mjs';
import { dynamodb, loadCloud, s3 } from '../support/cloud.mjs';

const cloud = loadCloud();
const db = dynamodb(cloud);
const backend = dynamodb(cloud, { backend: true });
const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** An uploaded file as the upload API leaves it (object + UPLOADED item) and its INSERT record. */
async function fixture({ storeObject = true } = {}) {
  const bytes = Buffer.from(`fixture ${randomUUID()}\n`.repeat(20));
  const ownerId = `workflow-test-${randomUUID()}`;
  const fileId = randomUUID();
  const objectKey = `uploads/${ownerId}/${fileId}`;
  if (storeObject) {
    const put = await s3(cloud, 'PUT', objectKey, { body: bytes, contentType: 'text/plain' });
    assert.equal(put.status, 200, await put.text());
  }
  const key = { ownerId: { S: ownerId }, fileId: { S: fileId } };
  const item = {
    ...key,
    objectKey: { S: objectKey },
    fileName: { S: 'fixture.txt' },
    sizeBytes: { N: String(bytes.length) },
    contentType: { S: 'text/plain' },
    sha256: { S: createHash('sha256').update(bytes).digest('hex') },
    status: { S: 'UPLOADED' },
    createdAt: { S: new Date().toISOString() },
  };
  await backend.send(new PutItemCommand({ TableName: cloud.dynamodb.table, Item: item, ConditionExpression: 'attribute_not_exists(fileId)' }));
  const record = {
    eventID: randomBytes(16).toString('hex'),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: cloud.region,
    eventSourceARN: cloud.dynamodb.streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000) + 0.25,
      Keys: key,
      NewImage: item,
      SequenceNumber: `${Date.now()}000000`,
      SizeBytes: 321,
      StreamViewType: 'NEW_IMAGE',
    },
  };
  return { key, record };
}

async function currentItem(key) {
  return (await db.send(new GetItemCommand({ TableName: cloud.dynamodb.table, Key: key, ConsistentRead: true }))).Item;
}

/** The processing workflow with lambda:invoke wrapped by `wrapLambda`, counting the processor attempts. */
function workflow(wrapLambda = (invoke) => invoke) {
  const attempts = { count: 0 };
  const wf = processingWorkflow({
    definitionsDir: cloud.definitions,
    tableName: cloud.dynamodb.table,
    functionArn: cloud.processor.functionArn,
    processorUrl: cloud.processor.url,
    dynamodb: db,
    name: 'processing-under-test',
    wrap: {
      [LAMBDA]: (invoke) => {
        const wrapped = wrapLambda(invoke);
        return (input, ctx) => {
          attempts.count += 1;
          return wrapped(input, ctx, attempts.count);
        };
      },
    },
  });
  return { wf, attempts };
}

describe('processing workflow against the real processor', () => {
  test('a good record: the processor records PROCESSED and the workflow succeeds', async () => {
    const { key, record } = await fixture();
    const { wf, attempts } = workflow();
    const done = await wf.start([record]).done;
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.equal(attempts.count, 1);
    assert.deepEqual(done.output.processing.results.map((r) => [r.fileId, r.outcome]), [[key.fileId.S, 'PROCESSED']]);
    const item = await currentItem(key);
    assert.equal(item.status.S, 'PROCESSED');
    assert.equal(item.detectedContentType.S, 'text/plain');
    assert.ok(item.processedAt.S && item.processingStartedAt.S);
    assert.equal(item.failureReason, undefined);
  });

  test('a transient error is retried: the second attempt reaches the processor and succeeds', async () => {
    const { key, record } = await fixture();
    const { wf, attempts } = workflow((invoke) => (input, ctx, attempt) => {
      if (attempt === 1) throw new TaskError('Lambda.ServiceException', 'Rate exceeded (injected by the test)');
      return invoke(input, ctx);
    });
    const done = await wf.start([record]).done;
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.equal(attempts.count, 2);
    assert.deepEqual(done.events.filter((e) => e.type === 'StateRetried').map((e) => e.state.name), ['ProcessRecords']);
    assert.equal((await currentItem(key)).status.S, 'PROCESSED');
  });

  test('every attempt fails: the Catch path marks the item FAILED with the error as reason', async () => {
    const { key, record } = await fixture();
    const { wf, attempts } = workflow(() => () => {
      throw new TaskError('Lambda.ServiceException', 'Service unavailable (injected by the test)');
    });
    const done = await wf.start([record]).done;
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'ProcessingFailed');
    assert.equal(attempts.count, 4, 'the first attempt and MaxAttempts = 3 retries');
    const item = await currentItem(key);
    assert.equal(item.status.S, 'FAILED');
    assert.equal(item.failureReason.S, 'processing failed after retries: Lambda.ServiceException');
    assert.match(item.processedAt.S, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('the Catch path leaves an item that already reached a terminal status alone', async () => {
    const { key, record } = await fixture();
    // The processor finishes the item, then reports a failure (as if its answer were lost): every retry fails.
    const { wf } = workflow((invoke) => async (input, ctx) => {
      await invoke(input, ctx);
      throw new TaskError('Lambda.ServiceException', 'answer lost (injected by the test)');
    });
    const done = await wf.start([record]).done;
    assert.equal(done.status, 'FAILED');
    const caught = done.events.find((e) => e.type === 'StateCaught' && e.state.name === 'MarkFailed');
    assert.deepEqual(caught?.catch.catcher.ErrorEquals, ['DynamoDB.ConditionalCheckFailedException']);
    const item = await currentItem(key);
    assert.equal(item.status.S, 'PROCESSED');
    assert.equal(item.failureReason, undefined);
  });

  test('a permanent fault (object missing) is recorded FAILED by the processor itself, without retries', async () => {
    const { key, record } = await fixture({ storeObject: false });
    const { wf, attempts } = workflow();
    const done = await wf.start([record]).done;
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.equal(attempts.count, 1);
    const [result] = done.output.processing.results;
    assert.equal(result.outcome, 'FAILED');
    const item = await currentItem(key);
    assert.equal(item.status.S, 'FAILED');
    assert.match(item.failureReason.S, /missing|not found|does not exist/i);
  });
});

describe('lambda:invoke handler', () => {
  test('a function error (HTTP 500 errorType/errorMessage) becomes a Task error named after errorType', async () => {
    const invoke = lambdaInvoke({ [cloud.processor.functionArn]: cloud.processor.url });
    // The processor throws for a payload that is neither an array nor an object.
    const error = await invoke({ FunctionName: cloud.processor.functionArn, Payload: 'not records' }).then(
      () => assert.fail('expected a Task error'),
      (e) => e,
    );
    assert.ok(error instanceof TaskError);
    assert.equal(error.name, 'java.lang.IllegalArgumentException');
    const cause = JSON.parse(error.message);
    assert.equal(cause.errorType, 'java.lang.IllegalArgumentException');
    assert.match(cause.errorMessage, /array/);
  });

  test('a result is wrapped like the Step Functions integration: {Payload, StatusCode: 200}', async () => {
    const invoke = lambdaInvoke({ [cloud.processor.functionArn]: cloud.processor.url });
    const result = await invoke({ FunctionName: cloud.processor.functionArn, Payload: [] });
    assert.equal(result.StatusCode, 200);
    assert.deepEqual(result.Payload, []);
  });

  test('an unknown function is Lambda.ResourceNotFoundException; an unreachable one Lambda.ServiceException', async () => {
    const invoke = lambdaInvoke({ 'arn:aws:lambda:us-east-1:000000000000:function:gone': 'http://127.0.0.1:9' });
    await assert.rejects(invoke({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:other', Payload: [] }), { name: 'Lambda.ResourceNotFoundException' });
    await assert.rejects(invoke({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:gone', Payload: [] }), { name: 'Lambda.ServiceException' });
  });
});
