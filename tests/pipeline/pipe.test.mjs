// The local pipe (local/pipe, Event Ruler) reads the files table's stream in order, passes only what
// terraform/definitions/pipe-filter.json matches (INSERT), and starts one workflow execution per record with the
// record in a JSON array, shaped as EventBridge Pipes delivers it after the target's input template. Observed
// through the pipe's decision log and the workflow runner's Step Functions API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { awsJson, dynamodb, eventually, loadCloud, pipeEvents } from '../support/cloud.mjs';

const cloud = loadCloud();
const db = dynamodb(cloud);
const states = (operation, input) => awsJson(cloud.states.endpoint, `AWSStepFunctions.${operation}`, input);

test('INSERT passes the filter and starts one execution; MODIFY and REMOVE are filtered out', async () => {
  // An item that is already terminal: the processor skips it, so the test's own writes are the only changes.
  const key = { ownerId: { S: `pipe-test-${randomUUID()}` }, fileId: { S: randomUUID() } };
  const sameKey = (e) => e.keys?.ownerId?.S === key.ownerId.S && e.keys?.fileId?.S === key.fileId.S;
  const attributes = {
    objectKey: { S: `uploads/${key.ownerId.S}/${key.fileId.S}` }, fileName: { S: 'minutes.txt' }, sizeBytes: { N: '12' },
    contentType: { S: 'text/plain' }, sha256: { S: 'a'.repeat(64) }, comment: { S: 'private remark' }, createdAt: { S: new Date().toISOString() },
  };
  await db.send(new PutItemCommand({ TableName: cloud.dynamodb.table, Item: { ...key, ...attributes, status: { S: 'PROCESSED' } } }));
  await db.send(new UpdateItemCommand({
    TableName: cloud.dynamodb.table, Key: key, UpdateExpression: 'SET #c = :c',
    ExpressionAttributeNames: { '#c': 'comment' }, ExpressionAttributeValues: { ':c': { S: 'changed' } },
  }));
  await db.send(new DeleteItemCommand({ TableName: cloud.dynamodb.table, Key: key }));

  const decisions = await eventually('the pipe to read all three records', () => {
    const mine = pipeEvents(cloud).filter(sameKey);
    return mine.length >= 3 && mine;
  });
  assert.deepEqual(decisions.map((d) => [d.eventName, d.matched]), [['INSERT', true], ['MODIFY', false], ['REMOVE', false]]);
  assert.match(decisions[0].executionArn, /^arn:aws:states:us-east-1:000000000000:execution:processing:/);
  assert.equal(decisions[1].executionArn, undefined);
  assert.equal(decisions[2].executionArn, undefined);

  const execution = await states('DescribeExecution', { executionArn: decisions[0].executionArn });
  assert.equal(execution.status, 200, JSON.stringify(execution.body));
  assert.equal(execution.body.stateMachineArn, cloud.states.stateMachineArn);
  const input = JSON.parse(execution.body.input);
  assert.ok(Array.isArray(input), 'the workflow receives a JSON array even with batch size 1');
  assert.equal(input.length, 1);
  const [record] = input;
  assert.equal(record.eventName, 'INSERT');
  assert.equal(record.eventID, decisions[0].eventID);
  assert.equal(record.eventSource, 'aws:dynamodb');
  assert.equal(record.eventSourceARN, cloud.dynamodb.streamArn);
  assert.deepEqual(record.dynamodb.Keys, key);
  // Trimmed by the target's input template (terraform/definitions/pipe-target-input.template) to what processing
  // needs: the comment (and objectKey, status) never reach the execution input, which Step Functions keeps 90 days.
  const { comment, objectKey, ...needed } = attributes;
  assert.deepEqual(record.dynamodb.NewImage, { ...key, ...needed });
  assert.ok(!execution.body.input.includes('private remark'), 'the comment is not in the execution input');
  assert.equal(typeof record.dynamodb.ApproximateCreationDateTime, 'number');
  assert.equal(record.dynamodb.SequenceNumber, decisions[0].sequenceNumber);

  // FIRE_AND_FORGET: the pipe moved on; the execution completes on its own (the processor skips a terminal item).
  const done = await eventually('the execution to finish', async () => {
    const e = (await states('DescribeExecution', { executionArn: decisions[0].executionArn })).body;
    return e.status !== 'RUNNING' && e;
  });
  assert.equal(done.status, 'SUCCEEDED', done.cause);
  const [outcome] = JSON.parse(done.output).processing.results;
  assert.equal(outcome.outcome, 'SKIPPED');
});

test('records are delivered in stream order, each exactly once', async () => {
  const owner = `pipe-order-${randomUUID()}`;
  const files = Array.from({ length: 5 }, () => randomUUID());
  for (const fileId of files) {
    await db.send(new PutItemCommand({ TableName: cloud.dynamodb.table, Item: { ownerId: { S: owner }, fileId: { S: fileId }, status: { S: 'PROCESSED' } } }));
  }
  const mine = await eventually('the pipe to read the five inserts', () => {
    const seen = pipeEvents(cloud).filter((e) => e.keys?.ownerId?.S === owner);
    return seen.length >= files.length && seen;
  });
  assert.deepEqual(mine.map((e) => e.keys.fileId.S), files);
  assert.ok(mine.every((e) => e.matched && e.executionArn));
  assert.equal(new Set(mine.map((e) => e.executionArn)).size, files.length, 'one execution per record');
  const sequence = mine.map((e) => BigInt(e.sequenceNumber));
  assert.ok(sequence.every((s, i) => i === 0 || s > sequence[i - 1]));
});

test('the usage item (ownerId usage#<sub>) starts no execution: its INSERT is filtered out like its MODIFYs', async () => {
  // Written as the upload API writes it (docs/design.md, "Quotas"): created with if_not_exists, then reserved.
  const sub = randomUUID();
  const usageKey = { ownerId: { S: `usage#${sub}` }, fileId: { S: 'usage' } };
  const fileKey = { ownerId: { S: sub }, fileId: { S: randomUUID() } };
  await db.send(new UpdateItemCommand({
    TableName: cloud.dynamodb.table, Key: usageKey,
    UpdateExpression: 'SET #b = if_not_exists(#b, :z), #f = if_not_exists(#f, :z), #u = if_not_exists(#u, :e)',
    ExpressionAttributeNames: { '#b': 'usedBytes', '#f': 'usedFiles', '#u': 'uploads' },
    ExpressionAttributeValues: { ':z': { N: '0' }, ':e': { M: {} } },
  }));
  await db.send(new UpdateItemCommand({
    TableName: cloud.dynamodb.table, Key: usageKey, UpdateExpression: 'SET #b = #b + :n, #f = #f + :one',
    ExpressionAttributeNames: { '#b': 'usedBytes', '#f': 'usedFiles' },
    ExpressionAttributeValues: { ':n': { N: '12' }, ':one': { N: '1' } },
  }));
  // A file item of the same user written after it: its INSERT still passes, so the stream was read past the usage item.
  await db.send(new PutItemCommand({ TableName: cloud.dynamodb.table, Item: { ...fileKey, status: { S: 'PROCESSED' } } }));

  const decisions = await eventually('the pipe to read the usage item and the file item', () => {
    const usage = pipeEvents(cloud).filter((e) => e.keys?.ownerId?.S === usageKey.ownerId.S);
    const file = pipeEvents(cloud).find((e) => e.keys?.ownerId?.S === sub);
    return usage.length >= 2 && file && { usage, file };
  });
  assert.deepEqual(decisions.usage.map((d) => [d.eventName, d.matched, d.executionArn]),
    [['INSERT', false, undefined], ['MODIFY', false, undefined]]);
  assert.equal(decisions.file.matched, true);
  const executions = await states('ListExecutions', { stateMachineArn: cloud.states.stateMachineArn, maxResults: 1000 });
  assert.equal(executions.status, 200, JSON.stringify(executions.body));
  for (const execution of executions.body.executions) {
    const described = (await states('DescribeExecution', { executionArn: execution.executionArn })).body;
    assert.ok(!described.input.includes(`usage#${sub}`), `execution ${execution.executionArn} got the usage item`);
  }
});
