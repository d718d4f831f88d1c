// The DynamoDB Streams side of the local DynamoDB: one stream per table with a stream specification, one shard per
// stream, records kept on disk (JSON lines) for 24 hours like DynamoDB Streams, and the read API that pollers use
// (AWS API reference "Amazon DynamoDB Streams": ListStreams, DescribeStream, GetShardIterator, GetRecords).

import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { itemSize } from './dynamodb-items.mjs';

const RETENTION_MS = 24 * 60 * 60 * 1000;

/** An error answered as `{"__type": "com.amazonaws.dynamodb.v20120810#<type>", "message": ...}` with HTTP 400. */
export class StreamsApiError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

/**
 * Streams of all tables, persisted under `dir` (`streams.json` for the descriptions, `<table>.<label>.jsonl` for
 * the records).
 */
export class StreamStore {
  /** @param {{dir: string, region: string, accountId: string}} options */
  constructor({ dir, region, accountId }) {
    this.dir = dir;
    this.region = region;
    this.accountId = accountId;
    /** @type {Map<string, object>} stream ARN -> {arn, label, table, viewType, keySchema, shardId, created, enabled, records} */
    this.streams = new Map();
    this.lastSequence = 0n;
    mkdirSync(dir, { recursive: true });
    this.load();
  }

  load() {
    const metaFile = join(this.dir, 'streams.json');
    if (!existsSync(metaFile)) return;
    const cutoff = Date.now() - RETENTION_MS;
    for (const meta of JSON.parse(readFileSync(metaFile, 'utf8'))) {
      const file = this.recordsFile(meta);
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      const records = lines.map((l) => JSON.parse(l));
      const kept = records.filter((r) => r.dynamodb.ApproximateCreationDateTime * 1000 >= cutoff);
      if (kept.length !== records.length) writeFileSync(file, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
      for (const r of kept) {
        const seq = BigInt(r.dynamodb.SequenceNumber);
        if (seq > this.lastSequence) this.lastSequence = seq;
      }
      this.streams.set(meta.arn, { ...meta, records: kept });
    }
  }

  save() {
    const metaFile = join(this.dir, 'streams.json');
    const metas = [...this.streams.values()].map(({ records, ...meta }) => meta);
    writeFileSync(`${metaFile}.tmp`, JSON.stringify(metas, null, 2));
    renameSync(`${metaFile}.tmp`, metaFile);
  }

  recordsFile(meta) {
    return join(this.dir, `${meta.table}.${meta.label.replace(/[^0-9A-Za-z]/g, '-')}.jsonl`);
  }

  /** The enabled stream of `table`, if any. */
  streamOf(table) {
    for (const s of this.streams.values()) if (s.table === table && s.enabled) return s;
    return undefined;
  }

  /**
   * Starts a new stream for `table` (CreateTable, or UpdateTable enabling streams).
   * @param {string} viewType KEYS_ONLY | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES
   * @param {Array<{AttributeName: string, KeyType: string}>} keySchema
   */
  enable(table, viewType, keySchema) {
    this.disable(table);
    const created = Date.now();
    const label = new Date(created).toISOString().replace('Z', '');
    const arn = `arn:aws:dynamodb:${this.region}:${this.accountId}:table/${table}/stream/${label}`;
    const shardId = `shardId-${String(created).padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
    const stream = { arn, label, table, viewType, keySchema, shardId, created, enabled: true, records: [] };
    this.streams.set(arn, stream);
    this.save();
    return stream;
  }

  /** Ends the table's current stream (DeleteTable); its records stay readable until they expire. */
  disable(table) {
    const stream = this.streamOf(table);
    if (!stream) return;
    stream.enabled = false;
    stream.disabled = Date.now();
    this.save();
  }

  /**
   * Appends the record DynamoDB would emit for one item change, or nothing when the item did not change.
   * @param {string} table
   * @param {object|undefined} before item image before the write (undefined: no item)
   * @param {object|undefined} after item image after the write (undefined: no item)
   * @param {object} key the item's primary key (DynamoDB JSON)
   * @returns {object|undefined} the stream record (Streams API shape)
   */
  capture(table, before, after, key, sameItem) {
    const stream = this.streamOf(table);
    if (!stream) return undefined;
    let eventName;
    if (!before && after) eventName = 'INSERT';
    else if (before && !after) eventName = 'REMOVE';
    else if (before && after && !sameItem(before, after)) eventName = 'MODIFY';
    else return undefined;
    const now = Date.now();
    const floor = BigInt(now) * 1000000n;
    this.lastSequence = this.lastSequence + 1n > floor ? this.lastSequence + 1n : floor;
    const images = {};
    if (after && (stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) images.NewImage = after;
    if (before && (stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) images.OldImage = before;
    const record = {
      eventID: randomBytes(16).toString('hex'),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      dynamodb: {
        ApproximateCreationDateTime: now / 1000,
        Keys: key,
        ...images,
        SequenceNumber: this.lastSequence.toString(),
        SizeBytes: itemSize(key) + itemSize(images.NewImage) + itemSize(images.OldImage),
        StreamViewType: stream.viewType,
      },
    };
    stream.records.push(record);
    appendFileSync(this.recordsFile(stream), `${JSON.stringify(record)}\n`);
    return record;
  }

  /** The table description members DynamoDB adds for a table with a stream (DescribeTable, CreateTable). */
  describeForTable(table) {
    const stream = this.streamOf(table);
    if (!stream) return {};
    return {
      StreamSpecification: { StreamEnabled: true, StreamViewType: stream.viewType },
      LatestStreamLabel: stream.label,
      LatestStreamArn: stream.arn,
    };
  }

  /** Dispatches one Streams API operation. @throws {StreamsApiError} */
  handle(operation, body) {
    switch (operation) {
      case 'ListStreams': return this.listStreams(body);
      case 'DescribeStream': return this.describeStream(body);
      case 'GetShardIterator': return this.getShardIterator(body);
      case 'GetRecords': return this.getRecords(body);
      default: throw new StreamsApiError('UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  listStreams({ TableName } = {}) {
    const streams = [...this.streams.values()]
      .filter((s) => !TableName || s.table === TableName)
      .map((s) => ({ StreamArn: s.arn, TableName: s.table, StreamLabel: s.label }));
    return { Streams: streams };
  }

  describeStream({ StreamArn } = {}) {
    const s = this.requireStream(StreamArn);
    const range = { StartingSequenceNumber: s.records[0]?.dynamodb.SequenceNumber ?? (BigInt(s.created) * 1000000n).toString() };
    if (!s.enabled && s.records.length) range.EndingSequenceNumber = s.records.at(-1).dynamodb.SequenceNumber;
    return {
      StreamDescription: {
        StreamArn: s.arn,
        StreamLabel: s.label,
        StreamStatus: s.enabled ? 'ENABLED' : 'DISABLED',
        StreamViewType: s.viewType,
        CreationRequestDateTime: s.created / 1000,
        TableName: s.table,
        KeySchema: s.keySchema,
        Shards: [{ ShardId: s.shardId, SequenceNumberRange: range }],
      },
    };
  }

  getShardIterator({ StreamArn, ShardId, ShardIteratorType, SequenceNumber } = {}) {
    const s = this.requireStream(StreamArn);
    if (ShardId !== s.shardId) throw new StreamsApiError('ResourceNotFoundException', `Shard ${ShardId} not found`);
    let after;
    switch (ShardIteratorType) {
      case 'TRIM_HORIZON': after = '0'; break;
      case 'LATEST': after = s.records.at(-1)?.dynamodb.SequenceNumber ?? '0'; break;
      case 'AT_SEQUENCE_NUMBER': after = (BigInt(requireSequence(SequenceNumber)) - 1n).toString(); break;
      case 'AFTER_SEQUENCE_NUMBER': after = requireSequence(SequenceNumber); break;
      default: throw new StreamsApiError('ValidationException', `Invalid ShardIteratorType: ${ShardIteratorType}`);
    }
    return { ShardIterator: encodeIterator({ arn: s.arn, after }) };
  }

  getRecords({ ShardIterator, Limit } = {}) {
    const position = decodeIterator(ShardIterator);
    const s = this.requireStream(position.arn);
    const limit = Math.min(Math.max(Number(Limit ?? 1000), 1), 1000);
    const after = BigInt(position.after);
    const start = firstAfter(s.records, after);
    const records = s.records.slice(start, start + limit);
    const last = records.at(-1)?.dynamodb.SequenceNumber ?? position.after;
    const drained = start + records.length >= s.records.length;
    const answer = { Records: records };
    if (s.enabled || !drained) answer.NextShardIterator = encodeIterator({ arn: s.arn, after: last });
    return answer;
  }

  requireStream(arn) {
    const s = this.streams.get(arn);
    if (!s) throw new StreamsApiError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`);
    return s;
  }
}

function requireSequence(seq) {
  if (!/^\d{1,40}$/.test(seq ?? '')) throw new StreamsApiError('ValidationException', 'Invalid SequenceNumber');
  return seq;
}

function firstAfter(records, after) {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BigInt(records[mid].dynamodb.SequenceNumber) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function encodeIterator(position) {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeIterator(iterator) {
  try {
    const position = JSON.parse(Buffer.from(String(iterator), 'base64url').toString('utf8'));
    if (typeof position.arn === 'string' && /^\d+$/.test(position.after)) return position;
  } catch {
    // fall through
  }
  throw new StreamsApiError('ValidationException', 'Invalid ShardIterator');
}
