// Shared by the race and quota tests: requests to the upload API that runs as concurrent Lambda instances
// (support.mjs), presigned uploads driven as the page drives them, and the end state of one file in the bucket and
// the table, read straight from the emulators.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { reconcile } from '../../ops/lib/reconcile.mjs';
import { partPlan } from '../../web/modules/checksums.js';
import { lambdaApi } from './support.mjs';

/**
 * One request to the API.
 * @returns {Promise<{status: number, headers: Headers, json: any, text: string}>}
 */
export async function call(cloud, method, path, { token, json, body, headers = {} } = {}) {
  const res = await fetch(`${lambdaApi(cloud)}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: json === undefined ? body : JSON.stringify(json),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, json: parsed, text };
}

/** Random bytes with their SHA-256 (lowercase hex). */
export function content(size) {
  const bytes = randomBytes(size);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Starts a presigned upload (with every part's SHA-256 for a multipart one, split as the page splits it) and PUTs
 * every part of it, as the page does; does not complete it.
 * @returns {Promise<{fileId: string, bytes: Buffer, sha256: string, completion: object}>} completion: the body for
 *   POST /uploads/{id}/complete
 */
export async function startAndPut(cloud, token, size, name = 'race.bin') {
  const file = content(size);
  const plan = partPlan(size);
  const partChecksums = [];
  if (plan.mode === 'multipart') {
    for (let n = 1; n <= plan.partCount; n++) {
      const from = (n - 1) * plan.partSizeBytes;
      const bytes = file.bytes.subarray(from, from + plan.partSizeBytes);
      partChecksums.push({ partNumber: n, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  }
  const started = await call(cloud, 'POST', '/uploads', {
    token,
    json: {
      fileName: name, sizeBytes: size, contentType: 'application/octet-stream', sha256: file.sha256,
      ...(partChecksums.length ? { partChecksums } : {}),
    },
  });
  assert.equal(started.status, 201, started.text);
  const ticket = started.json;
  const parts = [];
  for (const part of ticket.parts) {
    const from = (part.partNumber - 1) * ticket.partSizeBytes;
    const headers = { ...ticket.headers, ...part.headers };
    const res = await fetch(part.url, { method: 'PUT', headers, body: file.bytes.subarray(from, from + part.sizeBytes) });
    assert.equal(res.status, 200, await res.text());
    parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag') });
  }
  return { fileId: ticket.fileId, ...file, completion: ticket.mode === 'multipart' ? { parts } : {} };
}

/**
 * What the bucket and the table hold of one file: its item, its object under uploads/<owner>/<fileId> (with the
 * SHA-256 of its bytes) and what its unfinished upload left under pending/.
 */
export async function fileState(aws, cloud, ownerId, fileId) {
  const answer = await aws.dynamodb.send(new GetItemCommand({
    TableName: cloud.dynamodb.table, ConsistentRead: true, Key: { ownerId: { S: ownerId }, fileId: { S: fileId } },
  }));
  let objectSha256;
  try {
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: cloud.s3.bucket, Key: `uploads/${ownerId}/${fileId}` }));
    objectSha256 = createHash('sha256').update(Buffer.from(await object.Body.transformToByteArray())).digest('hex');
  } catch (e) {
    if (e.$metadata?.httpStatusCode !== 404) throw e;
  }
  const pending = [];
  for (const key of [`pending/${ownerId}/${fileId}`, `pending/${ownerId}/${fileId}.upload.json`]) {
    try {
      await aws.s3.send(new HeadObjectCommand({ Bucket: cloud.s3.bucket, Key: key }));
      pending.push(key);
    } catch (e) {
      if (e.$metadata?.httpStatusCode !== 404) throw e;
    }
  }
  return { item: answer.Item, objectSha256, pending };
}

/**
 * Shifts a user's usage counters (docs/design.md, "Quotas") by the given amounts, as if other files were stored:
 * the way to bring a fresh user near a limit of gigabytes without uploading them. Undo it with the negated amounts.
 */
export async function shiftUsage(aws, cloud, ownerId, bytes, files) {
  await aws.dynamodb.send(new UpdateItemCommand({
    TableName: cloud.dynamodb.table,
    Key: { ownerId: { S: `usage#${ownerId}` }, fileId: { S: 'usage' } },
    UpdateExpression: 'SET usedBytes = usedBytes + :b, usedFiles = usedFiles + :f',
    ConditionExpression: 'attribute_exists(usedBytes)',
    ExpressionAttributeValues: { ':b': { N: String(bytes) }, ':f': { N: String(files) } },
  }));
}

/** Fires the requests at once and waits for every answer (a rejected fetch rejects the whole). */
export function together(...requests) {
  return Promise.all(requests.map((request) => request()));
}

/** The reconcile report (ops/reconcile) for one owner, with no grace period for young objects. */
export function reconcileOwner(aws, cloud, ownerId) {
  return reconcile({
    s3: aws.s3, dynamodb: aws.dynamodb, bucket: cloud.s3.bucket, table: cloud.dynamodb.table, ownerId, graceMs: 0,
  });
}
