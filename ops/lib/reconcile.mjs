// Compares the storage bucket with the metadata table and finds what breaks the system's invariants
// (docs/design.md, "Data model"): every object under uploads/ has its item, every item has its object, and every
// item reaches a terminal status (PROCESSED or FAILED). Unfinished presigned uploads (docs/design.md, "Presigned
// uploads") keep a record `pending/<ownerId>/<fileId>.upload.json` and, for a single PUT, maybe its staged object
// `pending/<ownerId>/<fileId>`, but no item: they are not orphans until their deadline (`expiresAt` in the record)
// has passed. Records written before deadlines existed sit at `uploads/<ownerId>/<fileId>.upload.json` beside their
// object. The per-user usage items (`usage#<sub>`) are not files: their counters are checked against the owner's
// items and reservations instead (docs/design.md, "Quotas"). Read-only: it lists, scans and looks; it never writes.

import { GetObjectCommand, HeadObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { GetItemCommand, paginateQuery, paginateScan } from '@aws-sdk/client-dynamodb';

/** The prefix every upload object lives under (`uploads/<ownerId>/<fileId>`). */
export const UPLOADS_PREFIX = 'uploads/';
export const TERMINAL_STATUSES = ['PROCESSED', 'FAILED'];
export const NON_TERMINAL_STATUSES = ['UPLOADED', 'PROCESSING'];
/** The prefix of unfinished presigned uploads (records and staged single PUTs), emptied by a lifecycle rule. */
export const PENDING_PREFIX = 'pending/';
/** Suffix of an unfinished presigned upload's record, next to its (staged) object key. */
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

/** The HASH key prefix of the per-user usage items (`usage#<sub>`, RANGE `usage`; docs/design.md, "Quotas"). */
export const USAGE_OWNER_PREFIX = 'usage#';

const ITEM_ATTRIBUTES = {
  ProjectionExpression: '#o, #f, #k, #s, #c, #p, #z, #ub, #uf, #up',
  ExpressionAttributeNames: {
    '#o': 'ownerId', '#f': 'fileId', '#k': 'objectKey', '#s': 'status', '#c': 'createdAt', '#p': 'processingStartedAt',
    '#z': 'sizeBytes', '#ub': 'usedBytes', '#uf': 'usedFiles', '#up': 'uploads',
  },
};

function plainItem(item) {
  if (item.ownerId?.S?.startsWith(USAGE_OWNER_PREFIX)) return usageItem(item);
  return {
    ownerId: item.ownerId?.S,
    fileId: item.fileId?.S,
    objectKey: item.objectKey?.S,
    status: item.status?.S,
    createdAt: item.createdAt?.S,
    sizeBytes: Number(item.sizeBytes?.N ?? 0),
    ...(item.processingStartedAt?.S ? { processingStartedAt: item.processingStartedAt.S } : {}),
  };
}

/** A usage item as read: the owner it counts for, its counters and the bytes and number of its reservations. */
function usageItem(item) {
  const reservations = Object.values(item.uploads?.M ?? {});
  return {
    usage: true,
    ownerId: item.ownerId.S.slice(USAGE_OWNER_PREFIX.length),
    usedBytes: Number(item.usedBytes?.N ?? 0),
    usedFiles: Number(item.usedFiles?.N ?? 0),
    reservedBytes: reservations.reduce((sum, r) => sum + Number(r.M?.bytes?.N ?? 0), 0),
    reservations: reservations.length,
  };
}

/**
 * Every item of the table (a paginated, strongly consistent Scan), or of one owner (a Query on the hash key, and
 * the owner's usage item). Only the attributes the checks need are read. Usage items come as `{usage: true, ownerId,
 * usedBytes, usedFiles, reservedBytes, reservations}`.
 * @returns {Promise<Array<{ownerId: string, fileId: string, objectKey?: string, status?: string, createdAt?: string,
 *   sizeBytes: number, processingStartedAt?: string} | {usage: true, ownerId: string, usedBytes: number,
 *   usedFiles: number, reservedBytes: number, reservations: number}>>}
 */
export async function listItems(dynamodb, table, ownerId) {
  const items = [];
  if (ownerId) {
    // The owner's usage item lives in a partition of its own (usage#<sub>).
    const answer = await dynamodb.send(new GetItemCommand({
      TableName: table, ConsistentRead: true, Key: { ownerId: { S: USAGE_OWNER_PREFIX + ownerId }, fileId: { S: 'usage' } }, ...ITEM_ATTRIBUTES,
    }));
    if (answer.Item) items.push(plainItem(answer.Item));
  }
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

/**
 * The deadline of an unfinished upload: `expiresAt` from its record (epoch ms), or the fallback for a record without
 * one (written before deadlines existed), an unreadable one, or a staged object whose record is gone.
 */
async function uploadDeadline(s3, bucket, record, fallbackMs) {
  if (!record) return fallbackMs;
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: record.key }));
    const expiresAt = Date.parse(JSON.parse(await answer.Body.transformToString()).expiresAt ?? '');
    return Number.isNaN(expiresAt) ? fallbackMs : expiresAt;
  } catch (e) {
    if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404 || e instanceof SyntaxError) return fallbackMs;
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
 *   stuck, default 15 minutes; graceMs: default 60 s; abandonedMs: the deadline of an unfinished upload whose
 *   record has no `expiresAt` (written before deadlines existed) counts this long from the record, default 1 day
 *   (the API's default deadline; the bucket's lifecycle aborts incomplete multipart uploads after 1 day);
 *   now: epoch milliseconds (default the clock)
 * @returns {Promise<{bucket: string, table: string, prefix: string, ownerId?: string, checkedAt: string,
 *   thresholdSeconds: number, graceSeconds: number, abandonedSeconds: number,
 *   counts: {objects: number, items: number, uploadRecords: number, stagedObjects: number},
 *   statusCounts: Record<string, number>,
 *   objectsWithoutItems: object[], itemsWithoutObjects: object[], stuckItems: object[],
 *   leftoverUploads: object[], usageDrift: object[], orphans: number}>}
 *   usageDrift: owners whose usage item's counters differ from their file items plus reservations, twice in a row
 */
export async function reconcile({ s3, dynamodb, bucket, table, ownerId, thresholdMs = 15 * 60_000, graceMs = 60_000, abandonedMs = 24 * 3_600_000, now = Date.now() }) {
  const prefix = ownerId ? `${UPLOADS_PREFIX}${ownerId}/` : UPLOADS_PREFIX;
  const listed = await listObjects(s3, bucket, prefix);
  const pendingListed = await listObjects(s3, bucket, ownerId ? `${PENDING_PREFIX}${ownerId}/` : PENDING_PREFIX);
  const everything = await listItems(dynamodb, table, ownerId);
  const items = everything.filter((i) => !i.usage);
  const usageItems = everything.filter((i) => i.usage);

  // Unfinished uploads' records and staged objects apart from the files' objects, each by its file's object key.
  const objects = new Map();
  const records = new Map(); // file object key -> record object
  const staged = new Map(); // file object key -> staged object under pending/
  for (const [key, object] of listed) {
    if (key.endsWith(UPLOAD_RECORD_SUFFIX)) records.set(key.slice(0, -UPLOAD_RECORD_SUFFIX.length), object);
    else objects.set(key, object);
  }
  for (const [key, object] of pendingListed) {
    const record = key.endsWith(UPLOAD_RECORD_SUFFIX);
    const fileKey = UPLOADS_PREFIX + (record ? key.slice(0, -UPLOAD_RECORD_SUFFIX.length) : key).slice(PENDING_PREFIX.length);
    (record ? records : staged).set(fileKey, object);
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

  // An upload record whose file item exists was left behind by a completion; one past its deadline belongs to an
  // upload nobody finished: the API answers 410 upload_expired, and the lifecycle rule removes what is under pending/
  // (its multipart parts are aborted after a day). A staged object without a record is judged the same way.
  const leftoverUploads = [];
  for (const objectKey of new Set([...records.keys(), ...staged.keys()])) {
    const record = records.get(objectKey);
    const first = record ?? staged.get(objectKey);
    const ageMs = now - Date.parse(first.lastModified);
    const completed = itemKeys.has(objectKey);
    if (ageMs < graceMs) continue;
    const deadline = completed ? undefined : await uploadDeadline(s3, bucket, record, Date.parse(first.lastModified) + abandonedMs);
    if (!completed && now <= deadline) continue;
    if (!await objectExists(s3, bucket, first.key)) continue;
    leftoverUploads.push({
      key: first.key, objectKey, ...(parseObjectKey(objectKey) ?? {}), lastModified: first.lastModified,
      ageSeconds: Math.round(ageMs / 1000), state: completed ? 'completed' : 'expired',
      ...(deadline === undefined ? {} : { deadline: new Date(deadline).toISOString() }),
      objectStored: staged.has(objectKey) || (!completed && objects.has(objectKey)),
      location: first.key.startsWith(PENDING_PREFIX) ? 'pending' : 'legacy',
    });
  }

  // Usage counters (docs/design.md, "Quotas") must equal the owner's file items plus the reservations of unfinished
  // uploads. Uploads and deletes in flight move both, so an owner that differs is looked at a second time and reported
  // only if it differs by the same amounts again.
  const usageDrift = [];
  const drift = (usage, files) => {
    const storedBytes = files.reduce((sum, i) => sum + i.sizeBytes, 0);
    return {
      ownerId: usage.ownerId, usedBytes: usage.usedBytes, usedFiles: usage.usedFiles,
      expectedBytes: storedBytes + usage.reservedBytes, expectedFiles: files.length + usage.reservations,
      storedBytes, storedFiles: files.length, reservedBytes: usage.reservedBytes, reservations: usage.reservations,
    };
  };
  const differs = (d) => d.usedBytes !== d.expectedBytes || d.usedFiles !== d.expectedFiles;
  const filesByOwner = new Map();
  for (const item of items) {
    if (!filesByOwner.has(item.ownerId)) filesByOwner.set(item.ownerId, []);
    filesByOwner.get(item.ownerId).push(item);
  }
  for (const usage of usageItems) {
    const first = drift(usage, filesByOwner.get(usage.ownerId) ?? []);
    if (!differs(first)) continue;
    const again = await listItems(dynamodb, table, usage.ownerId);
    const second = drift(again.find((i) => i.usage) ?? usage, again.filter((i) => !i.usage));
    if (differs(second) && second.usedBytes - second.expectedBytes === first.usedBytes - first.expectedBytes
      && second.usedFiles - second.expectedFiles === first.usedFiles - first.expectedFiles) {
      usageDrift.push({ ...second, bytesDrift: second.usedBytes - second.expectedBytes, filesDrift: second.usedFiles - second.expectedFiles });
    }
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
    counts: { objects: objects.size, items: items.length, uploadRecords: records.size, stagedObjects: staged.size },
    statusCounts,
    objectsWithoutItems: objectsWithoutItems.sort(byKey),
    itemsWithoutObjects: itemsWithoutObjects.sort(byKey),
    stuckItems: stuckItems.sort(byKey),
    leftoverUploads: leftoverUploads.sort(byKey),
    usageDrift: usageDrift.sort((a, b) => a.ownerId.localeCompare(b.ownerId)),
    orphans: objectsWithoutItems.length + itemsWithoutObjects.length + stuckItems.length + leftoverUploads.length + usageDrift.length,
  };
}
