// ops/reconcile against the running local cloud: one orphan of each kind is made under owner ids of this test's own
// (the cloud is shared with the other tests of the run, so only these owners' findings are asserted), and the command
// must list exactly them, exit 1, and change nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ROOT, awsClients, loadCloud } from '../hostile/support.mjs';
import { clients } from '../../ops/lib/target.mjs';

const run = promisify(execFile);
const cloud = loadCloud();
const aws = awsClients(cloud);
// Items are written to dynalite itself, behind the stream proxy: no stream record, so the pipeline leaves them alone.
const backend = clients({ region: cloud.region, credentials: cloud.credentials, dynamodbEndpoint: cloud.dynamodb.backendEndpoint }).dynamodb;
const cloudEnv = join(cloud.stateDir, 'cloud.env');

const owner = `reconcile-${randomUUID()}`;
const cleanOwner = `reconcile-clean-${randomUUID()}`;
const ids = {
  objectOnly: randomUUID(), itemOnly: randomUUID(), stuck: randomUUID(), healthy: randomUUID(), young: randomUUID(), pending: randomUUID(),
  expired: randomUUID(), open: randomUUID(),
};
const key = (o, id) => `uploads/${o}/${id}`;
const pendingKey = (o, id) => `pending/${o}/${id}`;

async function putObject(o, id, suffix = '') {
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.s3.bucket, Key: `${key(o, id)}${suffix}`, Body: `reconcile fixture ${id}`, ContentType: 'text/plain' }));
}

/** An unfinished presigned upload as the API keeps it: a staged single PUT and its record with a deadline. */
async function putPending(o, id, expiresAt) {
  await aws.s3.send(new PutObjectCommand({ Bucket: cloud.s3.bucket, Key: pendingKey(o, id), Body: `reconcile fixture ${id}` }));
  await aws.s3.send(new PutObjectCommand({
    Bucket: cloud.s3.bucket, Key: `${pendingKey(o, id)}.upload.json`, ContentType: 'application/json',
    Body: JSON.stringify({ ownerId: o, fileId: id, objectKey: key(o, id), fileName: 'fixture.txt', sizeBytes: 24, expiresAt }),
  }));
}

async function putItem(o, id, status, createdAt, extra = {}) {
  await backend.send(new PutItemCommand({
    TableName: cloud.dynamodb.table,
    Item: {
      ownerId: { S: o }, fileId: { S: id }, objectKey: { S: key(o, id) }, fileName: { S: 'fixture.txt' }, sizeBytes: { N: '24' },
      contentType: { S: 'text/plain' }, sha256: { S: '0'.repeat(64) }, status: { S: status }, createdAt: { S: createdAt }, ...extra,
    },
  }));
}

/** Runs ops/reconcile; resolves with the exit code and output whatever the code. */
async function reconcile(...args) {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'ops/reconcile'), args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

before(async () => {
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  await putObject(owner, ids.objectOnly); // an object without its item
  await putItem(owner, ids.itemOnly, 'PROCESSED', iso(now), { processedAt: { S: iso(now) } }); // an item without its object
  await putObject(owner, ids.stuck); // an item stuck in PROCESSING for an hour
  await putItem(owner, ids.stuck, 'PROCESSING', iso(now - 3_600_000), { processingStartedAt: { S: iso(now - 3_590_000) } });
  await putObject(owner, ids.healthy); // fine: object, item, terminal
  await putItem(owner, ids.healthy, 'PROCESSED', iso(now - 3_600_000));
  await putObject(owner, ids.young); // fine: not terminal yet, but younger than the threshold
  await putItem(owner, ids.young, 'UPLOADED', iso(now));
  await putObject(owner, ids.pending); // an unfinished presigned single PUT of before deadlines: record and object
  await putObject(owner, ids.pending, '.upload.json');
  await putPending(owner, ids.expired, iso(now - 1000)); // past its deadline: the API answers 410, lifecycle removes it
  await putPending(owner, ids.open, iso(now + 3_600_000)); // still open: not an orphan
  await putObject(owner, ids.healthy, '.upload.json'); // a completed upload whose record was left behind
  await putObject(cleanOwner, ids.healthy);
  await putItem(cleanOwner, ids.healthy, 'FAILED', iso(now - 3_600_000), { failureReason: { S: 'fixture' } });
});

after(() => {
  aws.s3.destroy();
  aws.dynamodb.destroy();
  backend.destroy();
});

describe('ops/reconcile', () => {
  test('lists one orphan of each kind for the owner, as JSON, and exits 1', async () => {
    const { code, stdout } = await reconcile('--local', cloudEnv, '--owner', owner, '--grace', '0', '--json');
    assert.equal(code, 1, stdout);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.objectsWithoutItems.map((o) => o.key), [key(owner, ids.objectOnly)]);
    assert.deepEqual(report.itemsWithoutObjects.map((i) => i.fileId), [ids.itemOnly]);
    assert.deepEqual(report.stuckItems.map((i) => [i.fileId, i.status]), [[ids.stuck, 'PROCESSING']]);
    assert.ok(report.stuckItems[0].ageSeconds >= 3500);
    assert.deepEqual(report.leftoverUploads.map((u) => [u.fileId, u.state, u.location, u.objectStored]).sort(),
      [[ids.healthy, 'completed', 'legacy', false], [ids.expired, 'expired', 'pending', true]].sort());
    assert.deepEqual(report.counts, { objects: 5, items: 4, uploadRecords: 4, stagedObjects: 2 });
    assert.deepEqual(report.statusCounts, { PROCESSED: 2, PROCESSING: 1, UPLOADED: 1 });
    assert.equal(report.orphans, 5);
  });

  test('the whole-bucket scan lists them too (among whatever the other tests left)', async () => {
    const { code, stdout } = await reconcile('--local', cloudEnv, '--grace', '0', '--json');
    assert.equal(code, 1, stdout);
    const report = JSON.parse(stdout);
    assert.ok(report.objectsWithoutItems.some((o) => o.key === key(owner, ids.objectOnly)));
    assert.ok(report.itemsWithoutObjects.some((i) => i.ownerId === owner && i.fileId === ids.itemOnly));
    assert.ok(report.stuckItems.some((i) => i.ownerId === owner && i.fileId === ids.stuck));
    for (const list of [report.objectsWithoutItems, report.itemsWithoutObjects, report.stuckItems]) {
      assert.ok(!list.some((x) => x.ownerId === cleanOwner || [ids.healthy, ids.young, ids.pending, ids.expired, ids.open].includes(x.fileId)), 'healthy files are not listed');
    }
  });

  test('the readable table names each orphan', async () => {
    const { code, stdout } = await reconcile('--local', cloudEnv, '--owner', owner, '--grace', '0');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /Objects without an item: 1\n/);
    assert.match(stdout, /Items without their object: 1\n/);
    assert.match(stdout, /Items UPLOADED or PROCESSING for more than 15 min: 1\n/);
    assert.match(stdout, /Presigned uploads expired \(past their deadline\) or completed with their record left: 2\n/);
    for (const id of [ids.objectOnly, ids.itemOnly, ids.stuck, ids.healthy, ids.expired]) assert.ok(stdout.includes(id), `${id} in the table`);
    assert.match(stdout, /Found 5 problem\(s\)\. Nothing was changed\./);
  });

  test('objects younger than the grace period are uploads in flight, not orphans', async () => {
    const { stdout } = await reconcile('--local', cloudEnv, '--owner', owner, '--grace', '10m', '--json');
    assert.deepEqual(JSON.parse(stdout).objectsWithoutItems, []);
  });

  test('a shorter threshold makes the young UPLOADED item stuck too', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const { stdout } = await reconcile('--local', cloudEnv, '--owner', owner, '--grace', '0', '--threshold', '1s', '--json');
    assert.deepEqual(JSON.parse(stdout).stuckItems.map((i) => i.fileId).sort(), [ids.stuck, ids.young].sort());
  });

  test('an unfinished presigned upload is not an orphan until its deadline; then it is listed with its object', async () => {
    const { stdout } = await reconcile('--local', cloudEnv, '--owner', owner, '--grace', '0', '--abandoned-after', '0s', '--json');
    const report = JSON.parse(stdout);
    assert.deepEqual(report.leftoverUploads.map((u) => [u.fileId, u.state, u.objectStored]).sort(),
      [[ids.healthy, 'completed', false], [ids.pending, 'expired', true], [ids.expired, 'expired', true]].sort());
    assert.ok(!report.objectsWithoutItems.some((o) => o.fileId === ids.pending), 'its object is part of the upload, not an orphan');
    assert.ok(!report.leftoverUploads.some((u) => u.fileId === ids.open), 'an upload before its deadline is not listed');
  });

  test('a clean owner exits 0', async () => {
    const { code, stdout } = await reconcile('--local', cloudEnv, '--owner', cleanOwner, '--grace', '0');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Clean:/);
  });

  test('nothing was changed: every fixture is still there', async () => {
    for (const k of [ids.objectOnly, ids.stuck, ids.healthy, ids.young, ids.pending].map((id) => key(owner, id)).concat(`${key(owner, ids.pending)}.upload.json`,
      [ids.expired, ids.open].flatMap((id) => [pendingKey(owner, id), `${pendingKey(owner, id)}.upload.json`]))) {
      await aws.s3.send(new HeadObjectCommand({ Bucket: cloud.s3.bucket, Key: k }));
    }
    for (const id of [ids.itemOnly, ids.stuck, ids.healthy, ids.young]) {
      const item = await aws.dynamodb.send(new GetItemCommand({ TableName: cloud.dynamodb.table, Key: { ownerId: { S: owner }, fileId: { S: id } }, ConsistentRead: true }));
      assert.ok(item.Item, id);
    }
    const stuck = await aws.dynamodb.send(new GetItemCommand({ TableName: cloud.dynamodb.table, Key: { ownerId: { S: owner }, fileId: { S: ids.stuck } }, ConsistentRead: true }));
    assert.equal(stuck.Item.status.S, 'PROCESSING');
  });

  test('usage and access errors exit 2', async () => {
    assert.equal((await reconcile()).code, 2);
    assert.equal((await reconcile('--bucket', 'b')).code, 2);
    assert.equal((await reconcile('--local', cloudEnv, '--threshold', 'soon')).code, 2);
    assert.equal((await reconcile('--local', cloudEnv, '--owner', '../x')).code, 2);
    assert.equal((await reconcile('--local', join(cloud.stateDir, 'no-such.env'))).code, 2);
    assert.equal((await reconcile('--local', cloudEnv, '--unknown')).code, 2);
    // Nothing listens on a port this test just released.
    const port = await new Promise((done) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => done(p)); }); });
    const { code, stderr } = await reconcile('--bucket', cloud.s3.bucket, '--table', cloud.dynamodb.table, '--region', cloud.region, '--endpoint-url', `http://127.0.0.1:${port}`);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read/);
  });
});
