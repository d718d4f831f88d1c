// The local DynamoDB's stream (local/cloud/dynamodb-proxy.mjs) emits what DynamoDB Streams would: one record per
// item change, INSERT/MODIFY/REMOVE decided from the item before and after the write, none for writes that change
// nothing or fail, images per the stream view type, read back through the DynamoDB Streams API.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand,
  PutItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { awsJson, dynamodb, loadCloud } from '../support/cloud.mjs';

const cloud = loadCloud();
const db = dynamodb(cloud);
const tableDefinition = JSON.parse(readFileSync(join(cloud.definitions, 'table.json'), 'utf8'));
const streams = (operation, input) => awsJson(cloud.dynamodb.endpoint, `DynamoDBStreams_20120810.${operation}`, input);

/** Every record of a stream, in order, read with GetShardIterator(TRIM_HORIZON) + GetRecords. */
async function readStream(streamArn) {
  const description = await streams('DescribeStream', { StreamArn: streamArn });
  assert.equal(description.status, 200, JSON.stringify(description.body));
  const [shard] = description.body.StreamDescription.Shards;
  const iterator = await streams('GetShardIterator', { StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
  let next = iterator.body.ShardIterator;
  const records = [];
  for (;;) {
    const page = await streams('GetRecords', { ShardIterator: next, Limit: 2 });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    records.push(...page.body.Records);
    if (!page.body.Records.length) return records;
    next = page.body.NextShardIterator;
  }
}

function tableWithView(name, viewType) {
  return { ...tableDefinition, TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } };
}

const S = (s) => ({ S: s });
const key = (owner, file) => ({ ownerId: S(owner), fileId: S(file) });

describe('stream proxy, table as defined in table.json (NEW_IMAGE)', () => {
  const table = `stream-test-${randomUUID()}`;
  let streamArn;
  let records;

  before(async () => {
    await db.send(new CreateTableCommand({ ...tableDefinition, TableName: table }));
    streamArn = (await db.send(new DescribeTableCommand({ TableName: table }))).Table.LatestStreamArn;
    const k = key('owner-1', 'file-1');
    // 1 INSERT
    await db.send(new PutItemCommand({ TableName: table, Item: { ...k, status: S('UPLOADED'), sizeBytes: { N: '10' } } }));
    // no record: the condition fails
    await assert.rejects(
      db.send(new PutItemCommand({ TableName: table, Item: { ...k, status: S('UPLOADED') }, ConditionExpression: 'attribute_not_exists(fileId)' })),
      { name: 'ConditionalCheckFailedException' },
    );
    // 2 MODIFY
    await db.send(new UpdateItemCommand({
      TableName: table, Key: { fileId: k.fileId, ownerId: k.ownerId }, UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': S('PROCESSED') },
    }));
    // no record: the item does not change
    await db.send(new UpdateItemCommand({
      TableName: table, Key: k, UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': S('PROCESSED') },
    }));
    // 3 MODIFY (a put over an existing item)
    await db.send(new PutItemCommand({ TableName: table, Item: { ...k, status: S('FAILED') } }));
    // 4 REMOVE
    await db.send(new DeleteItemCommand({ TableName: table, Key: k }));
    // no record: nothing to delete
    await db.send(new DeleteItemCommand({ TableName: table, Key: k }));
    // 5, 6 INSERT and 7 REMOVE in one batch
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('owner-2', 'file-3'), status: S('UPLOADED') } }));
    await db.send(new BatchWriteItemCommand({
      RequestItems: {
        [table]: [
          { PutRequest: { Item: { ...key('owner-2', 'file-1'), status: S('UPLOADED') } } },
          { PutRequest: { Item: { ...key('owner-2', 'file-2'), status: S('UPLOADED') } } },
          { DeleteRequest: { Key: key('owner-2', 'file-3') } },
        ],
      },
    }));
    records = await readStream(streamArn);
  });

  after(async () => {
    await db.send(new DeleteTableCommand({ TableName: table }));
  });

  test('DescribeTable reports the stream like DynamoDB', async () => {
    const described = (await db.send(new DescribeTableCommand({ TableName: table }))).Table;
    assert.deepEqual(described.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    assert.match(described.LatestStreamArn, new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`));
    assert.equal(described.LatestStreamArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/${described.LatestStreamLabel}`);
    const listed = await streams('ListStreams', { TableName: table });
    assert.deepEqual(listed.body.Streams.map((s) => s.StreamArn), [streamArn]);
  });

  test('one record per change, INSERT/MODIFY/REMOVE from the images before and after', () => {
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'MODIFY', 'REMOVE', 'INSERT', 'INSERT', 'INSERT', 'REMOVE']);
    assert.deepEqual(records.map((r) => r.dynamodb.Keys), [
      key('owner-1', 'file-1'), key('owner-1', 'file-1'), key('owner-1', 'file-1'), key('owner-1', 'file-1'),
      key('owner-2', 'file-3'), key('owner-2', 'file-1'), key('owner-2', 'file-2'), key('owner-2', 'file-3'),
    ]);
  });

  test('NEW_IMAGE view: the item after the change; none for REMOVE; never the old image', () => {
    assert.deepEqual(records[0].dynamodb.NewImage, { ...key('owner-1', 'file-1'), status: S('UPLOADED'), sizeBytes: { N: '10' } });
    assert.deepEqual(records[1].dynamodb.NewImage, { ...key('owner-1', 'file-1'), status: S('PROCESSED'), sizeBytes: { N: '10' } });
    assert.deepEqual(records[2].dynamodb.NewImage, { ...key('owner-1', 'file-1'), status: S('FAILED') });
    assert.equal(records[3].dynamodb.NewImage, undefined);
    for (const r of records) {
      assert.equal(r.dynamodb.OldImage, undefined);
      assert.equal(r.dynamodb.StreamViewType, 'NEW_IMAGE');
    }
  });

  test('record envelope as in the DynamoDB Streams API', () => {
    const ids = new Set();
    let previous = 0n;
    for (const r of records) {
      assert.match(r.eventID, /^[0-9a-f]{32}$/);
      ids.add(r.eventID);
      assert.equal(r.eventVersion, '1.1');
      assert.equal(r.eventSource, 'aws:dynamodb');
      assert.equal(r.awsRegion, 'us-east-1');
      const seq = BigInt(r.dynamodb.SequenceNumber);
      assert.ok(seq > previous, `sequence numbers increase: ${seq} after ${previous}`);
      previous = seq;
      assert.equal(typeof r.dynamodb.ApproximateCreationDateTime, 'number');
      assert.ok(Math.abs(r.dynamodb.ApproximateCreationDateTime - Date.now() / 1000) < 24 * 3600, 'epoch seconds, not milliseconds');
      assert.ok(Number.isInteger(r.dynamodb.SizeBytes) && r.dynamodb.SizeBytes > 0);
    }
    assert.equal(ids.size, records.length, 'eventIDs are unique');
  });

  test('iterators: AFTER_SEQUENCE_NUMBER resumes after a record, LATEST sees only new records', async () => {
    const [shard] = (await streams('DescribeStream', { StreamArn: streamArn })).body.StreamDescription.Shards;
    const afterThird = await streams('GetShardIterator', {
      StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: records[2].dynamodb.SequenceNumber,
    });
    const rest = await streams('GetRecords', { ShardIterator: afterThird.body.ShardIterator });
    assert.deepEqual(rest.body.Records.map((r) => r.eventID), records.slice(3).map((r) => r.eventID));
    const latest = await streams('GetShardIterator', { StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'LATEST' });
    assert.deepEqual((await streams('GetRecords', { ShardIterator: latest.body.ShardIterator })).body.Records, []);
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key('owner-3', 'file-1'), status: S('UPLOADED') } }));
    const fresh = await streams('GetRecords', { ShardIterator: latest.body.ShardIterator });
    assert.deepEqual(fresh.body.Records.map((r) => [r.eventName, r.dynamodb.Keys]), [['INSERT', key('owner-3', 'file-1')]]);
  });

  test('unknown streams and malformed iterators are refused like DynamoDB Streams', async () => {
    const missing = await streams('DescribeStream', { StreamArn: `${streamArn}x` });
    assert.equal(missing.status, 400);
    assert.match(missing.body.__type, /#ResourceNotFoundException$/);
    const bad = await streams('GetRecords', { ShardIterator: 'not-an-iterator' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.__type, /#ValidationException$/);
  });
});

describe('stream proxy, other view types', () => {
  test('NEW_AND_OLD_IMAGES carries both images; KEYS_ONLY only the keys', async () => {
    const both = `stream-test-${randomUUID()}`;
    const keysOnly = `stream-test-${randomUUID()}`;
    await db.send(new CreateTableCommand(tableWithView(both, 'NEW_AND_OLD_IMAGES')));
    await db.send(new CreateTableCommand(tableWithView(keysOnly, 'KEYS_ONLY')));
    try {
      for (const table of [both, keysOnly]) {
        await db.send(new PutItemCommand({ TableName: table, Item: { ...key('o', 'f'), status: S('UPLOADED') } }));
        await db.send(new PutItemCommand({ TableName: table, Item: { ...key('o', 'f'), status: S('PROCESSED') } }));
        await db.send(new DeleteItemCommand({ TableName: table, Key: key('o', 'f') }));
      }
      const describe = async (t) => (await db.send(new DescribeTableCommand({ TableName: t }))).Table.LatestStreamArn;
      const withImages = await readStream(await describe(both));
      assert.deepEqual(withImages.map((r) => [r.eventName, r.dynamodb.OldImage?.status?.S, r.dynamodb.NewImage?.status?.S]), [
        ['INSERT', undefined, 'UPLOADED'], ['MODIFY', 'UPLOADED', 'PROCESSED'], ['REMOVE', 'PROCESSED', undefined],
      ]);
      const keys = await readStream(await describe(keysOnly));
      assert.deepEqual(keys.map((r) => [r.eventName, r.dynamodb.Keys, r.dynamodb.NewImage, r.dynamodb.OldImage]), [
        ['INSERT', key('o', 'f'), undefined, undefined], ['MODIFY', key('o', 'f'), undefined, undefined], ['REMOVE', key('o', 'f'), undefined, undefined],
      ]);
    } finally {
      await db.send(new DeleteTableCommand({ TableName: both }));
      await db.send(new DeleteTableCommand({ TableName: keysOnly }));
    }
  });
});
