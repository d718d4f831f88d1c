// Compares the storage bucket with the metadata table and finds what breaks the system's invariants
// (docs/design.md, "Data model"): every object under uploads/ has its item, every item has its object, and every
// item reaches a terminal status (PROCESSED or FAILED). Unfinished presigned uploads (docs/design.md, "Presigned
// uploads") keep a record `uploads/<ownerId>/<fileId>.upload.json` and, for a single PUT, maybe the object, but no
// item: they are not orphans until abandoned. Read-only: it lists, scans and looks; it never writes.

import { HeadObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { GetItemCommand, paginateQuery, paginateScan } from '@aws-sdk/client-dynamodb';

/** The prefix every upload object lives under (`uploads/<ownerId>/<fileId>`). */
export const UPLOADS_PREFIX = 'uploads/';
export const TERMINAL_STATUSES = ['PROCESSED', 'FAILED'];
export const NON_TERMINAL_STATUSES = ['UPLOADED', 'PROCESSING'];
/** Suffix of an unfinished presigned upload's record, next to its object key. */
export const UPLOAD_RECORD_SUFFIX = '.upload.json';

/**
 * Every object under a prefix, page by page (ListObjectsV2, 1,000 keys a page).
 * @returns {Promise<Map<string, {key: string, sizeBytes: number, lastModified: string}>>} key → object
 */
export async function listObjects(s3, bucket, prefix) {
  const objects = new Map();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) {
      objects.set(o.Key, { key: o.Key, sizeBytes: Number(o.Size ?? 0), lastModified: new Date(o.LastModified).toISOString() });
    }
  }
  return objects;
}

const ITEM_ATTRIBUTES = {
  ProjectionExpression: '#o, #f, #k, #s, #c, #p',
  ExpressionAttributeNames: { '#o': 'ownerId', '#f': 'fileId', '#k': 'objectKey', '#s': 'status', '#c': 'createdAt', '#p': 'processingStartedAt' },
};

function plainItem(item) {
  return {
    ownerId: item.ownerId?.S,
    fileId: item.fileId?.S,
    objectKey: item.objectKey?.S,
    status: item.status?.S,
    createdAt: item.createdAt?.S,
    ...(item.processingStartedAt?.S ? { processingStartedAt: item.processingStartedAt.S } : {}),
  };
}

/**
 * Every item of the table (a paginated, strongly consistent Scan), or of one owner (a Query on the hash key).
 * Only the attributes the checks need are read.
 * @returns {Promise<Array<{ownerId: string, fileId: string, objectKey?: string, status?: string, createdAt?: string,
 *   processingStartedAt?: string}>>}
 */
export async function listItems(dynamodb, table, ownerId) {
  const items = [];
  const pages = ownerId
    ? paginateQuery({ client: dynamodb }, {
      TableName: table,
      ConsistentRead: true,
      KeyConditionExpression: '#o = :owner',
      ExpressionAttributeValues: { ':owner': { S: ownerId } },
      ...ITEM_ATTRIBUTES,
    })
    : paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true, ...ITEM_ATTRIBUTES });
  for await (const page of pages) for (const item of page.Items ?? []) items.push(plainItem(item));
  return items;
}

async function objectExists(s3, bucket, key) {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

async function itemExists(dynamodb, table, ownerId, fileId) {
  const answer = await dynamodb.send(new GetItemCommand({
    TableName: table, ConsistentRead: true, Key: { ownerId: { S: ownerId }, fileId: { S: fileId } }, ProjectionExpression: 'fileId',
  }));
  return Boolean(answer.Item);
}

/** `uploads/<ownerId>/<fileId>` → its parts, or undefined for a key of another shape. */
export function parseObjectKey(key) {
  const match = /^uploads\/([^/]+)\/([^/]+)$/.exec(key);
  return match ? { ownerId: match[1], fileId: match[2] } : undefined;
}

/**
 * Finds the orphans both ways, the items stuck in a non-terminal status and the unfinished uploads left behind.
 *
 * Objects are listed before items are read, and every candidate is looked at a second time (HeadObject, GetItem)
 * before it is reported, so an upload that completes during the run is not reported. Objects younger than
 * `graceMs` are not reported either: the upload API stores the object a moment before it writes the item.
 *
 * @param {{s3: import('@aws-sdk/client-s3').S3Client, dynamodb: import('@aws-sdk/client-dynamodb').DynamoDBClient,
 *   bucket: string, table: string, ownerId?: string, thresholdMs?: number, graceMs?: number, abandonedMs?: number,
 *   now?: number}} options
 *   ownerId: check one owner only; thresholdMs: an UPLOADED or PROCESSING item older than this (by createdAt) is
 *   stuck, default 15 minutes; graceMs: default 60 s; abandonedMs: an unfinished upload whose record is older than
 *   this is abandoned, default 1 day (the bucket's lifecycle aborts incomplete multipart uploads after 1 day);
 *   now: epoch milliseconds (default the clock)
 * @returns {Promise<{bucket: string, table: string, prefix: string, ownerId?: string, checkedAt: string,
 *   thresholdSeconds: number, graceSeconds: number, abandonedSeconds: number,
 *   counts: {objects: number, items: number, uploadRecords: number}, statusCounts: Record<string, number>,
 *   objectsWithoutItems: object[], itemsWithoutObjects: object[], stuckItems: object[],
 *   leftoverUploads: object[], orphans: number}>}
 */
export async function reconcile({ s3, dynamodb, bucket, table, ownerId, thresholdMs = 15 * 60_000, graceMs = 60_000, abandonedMs = 24 * 3_600_000, now = Date.now() }) {
  const prefix = ownerId ? `${UPLOADS_PREFIX}${ownerId}/` : UPLOADS_PREFIX;
  const listed = await listObjects(s3, bucket, prefix);
  const items = await listItems(dynamodb, table, ownerId);

  // Unfinished uploads' records apart from the files' objects.
  const objects = new Map();
  const records = new Map(); // object key -> record
  for (const [key, object] of listed) {
    if (key.endsWith(UPLOAD_RECORD_SUFFIX)) records.set(key.slice(0, -UPLOAD_RECORD_SUFFIX.length), object);
    else objects.set(key, object);
  }

  const itemKeys = new Set(items.map((i) => i.objectKey ?? `${UPLOADS_PREFIX}${i.ownerId}/${i.fileId}`));
  const objectsWithoutItems = [];
  for (const object of objects.values()) {
    if (itemKeys.has(object.key) || records.has(object.key)) continue; // a file, or a single PUT not completed yet
    if (now - Date.parse(object.lastModified) < graceMs) continue;
    const parsed = parseObjectKey(object.key);
    // Second look: the item may have been written after the scan passed its key, or the object deleted since.
    if (parsed && await itemExists(dynamodb, table, parsed.ownerId, parsed.fileId)) continue;
    if (!await objectExists(s3, bucket, object.key)) continue;
    objectsWithoutItems.push({ ...object, ...(parsed ?? {}) });
  }

  const itemsWithoutObjects = [];
  const stuckItems = [];
  const statusCounts = {};
  for (const item of items) {
    statusCounts[item.status ?? '(none)'] = (statusCounts[item.status ?? '(none)'] ?? 0) + 1;
    const key = item.objectKey ?? `${UPLOADS_PREFIX}${item.ownerId}/${item.fileId}`;
    if (!objects.has(key) && !await objectExists(s3, bucket, key)) {
      itemsWithoutObjects.push({ ...item, objectKey: key });
    }
    if (!TERMINAL_STATUSES.includes(item.status)) {
      const created = Date.parse(item.createdAt ?? '');
      const ageMs = Number.isNaN(created) ? Infinity : now - created;
      if (ageMs > thresholdMs) {
        stuckItems.push({ ...item, ageSeconds: Number.isFinite(ageMs) ? Math.round(ageMs / 1000) : null });
      }
    }
  }

  // An upload record whose file item exists was left behind by a completion; one older than abandonedMs belongs to
  // an upload nobody finished (its multipart parts are gone after the lifecycle rule's day).
  const leftoverUploads = [];
  for (const [objectKey, record] of records) {
    const ageMs = now - Date.parse(record.lastModified);
    const completed = itemKeys.has(objectKey);
    if (ageMs < graceMs || (!completed && ageMs <= abandonedMs)) continue;
    if (!await objectExists(s3, bucket, record.key)) continue;
    leftoverUploads.push({
      key: record.key, objectKey, ...(parseObjectKey(objectKey) ?? {}), lastModified: record.lastModified,
      ageSeconds: Math.round(ageMs / 1000), state: completed ? 'completed' : 'abandoned', objectStored: objects.has(objectKey),
    });
  }

  const byKey = (a, b) => (a.key ?? a.objectKey).localeCompare(b.key ?? b.objectKey);
  return {
    bucket,
    table,
    prefix,
    ...(ownerId ? { ownerId } : {}),
    checkedAt: new Date(now).toISOString(),
    thresholdSeconds: Math.round(thresholdMs / 1000),
    graceSeconds: Math.round(graceMs / 1000),
    abandonedSeconds: Math.round(abandonedMs / 1000),
    counts: { objects: objects.size, items: items.length, uploadRecords: records.size },
    statusCounts,
    objectsWithoutItems: objectsWithoutItems.sort(byKey),
    itemsWithoutObjects: itemsWithoutObjects.sort(byKey),
    stuckItems: stuckItems.sort(byKey),
    leftoverUploads: leftoverUploads.sort(byKey),
    orphans: objectsWithoutItems.length + itemsWithoutObjects.length + stuckItems.length + leftoverUploads.length,
  };
}
