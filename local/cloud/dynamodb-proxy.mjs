// The DynamoDB endpoint the apps use locally: a proxy in front of dynalite that adds what dynalite lacks, the
// table's stream. Every request is forwarded unchanged; each successful write (PutItem, UpdateItem, DeleteItem,
// BatchWriteItem, TransactWriteItems) is turned into the stream records DynamoDB would emit, decided from the item
// images read just before and just after the write (writes are serialised, so the images are exact). DescribeTable
// and CreateTable answers gain StreamSpecification/LatestStreamArn/LatestStreamLabel, and the Streams API
// (target prefix DynamoDBStreams_20120810) is served on the same port.

import http from 'node:http';
import zlib from 'node:zlib';
import { keyOf, keyString, sameItem } from './dynamodb-items.mjs';
import { StreamsApiError } from './dynamodb-streams.mjs';

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/**
 * @param {{backend: string, store: import('./dynamodb-streams.mjs').StreamStore, log?: (line: string) => void}} options
 *   backend: dynalite's base URL, e.g. http://127.0.0.1:41234
 * @returns {http.Server} not yet listening
 */
export function createDynamoDbProxy({ backend, store, log = () => {} }) {
  const backendUrl = new URL(backend);
  const keySchemas = new Map();
  let writeChain = Promise.resolve();

  /** Runs `fn` after every earlier write finished (one write at a time). */
  function exclusive(fn) {
    const run = writeChain.then(fn, fn);
    writeChain = run.catch(() => {});
    return run;
  }

  /** POSTs to dynalite. @returns {Promise<{status: number, headers: object, body: Buffer}>} */
  function forward(headers, body) {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: backendUrl.hostname, port: backendUrl.port, path: '/', method: 'POST',
        headers: { ...headers, host: backendUrl.host, 'content-length': body.length },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A DynamoDB call of our own (dynalite checks that a signature is present, not that it is valid). */
  async function call(operation, input) {
    const res = await forward({
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': '20200101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    }, Buffer.from(JSON.stringify(input)));
    const answer = JSON.parse(res.body.toString('utf8') || '{}');
    if (res.status !== 200) throw new Error(`${operation} failed: ${answer.__type}: ${answer.message}`);
    return answer;
  }

  async function keySchemaOf(table) {
    if (!keySchemas.has(table)) keySchemas.set(table, (await call('DescribeTable', { TableName: table })).Table.KeySchema);
    return keySchemas.get(table);
  }

  async function image(table, key) {
    return (await call('GetItem', { TableName: table, Key: key, ConsistentRead: true })).Item;
  }

  /** [{table, key}] written by a write request (keys of items whose table has a stream). */
  async function targetsOf(operation, input) {
    const targets = [];
    const add = async (table, item) => {
      if (!store.streamOf(table)) return;
      const schema = await keySchemaOf(table);
      // Keys in KeySchema order (hash, then range), whatever order the request used.
      const key = keyOf(item, schema);
      if (key) targets.push({ table, key, id: keyString(key, schema) });
    };
    switch (operation) {
      case 'PutItem': await add(input.TableName, input.Item); break;
      case 'UpdateItem': case 'DeleteItem': await add(input.TableName, input.Key); break;
      case 'BatchWriteItem':
        for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
          for (const r of requests) {
            if (r.PutRequest) await add(table, r.PutRequest.Item);
            if (r.DeleteRequest) await add(table, r.DeleteRequest.Key);
          }
        }
        break;
      case 'TransactWriteItems':
        for (const t of input.TransactItems ?? []) {
          if (t.Put) await add(t.Put.TableName, t.Put.Item);
          if (t.Update) await add(t.Update.TableName, t.Update.Key);
          if (t.Delete) await add(t.Delete.TableName, t.Delete.Key);
        }
        break;
      default:
    }
    return targets;
  }

  /** `table|key` ids of the requests BatchWriteItem left unprocessed (no record for those). */
  async function unprocessedOf(answer) {
    const ids = new Set();
    for (const [table, requests] of Object.entries(answer.UnprocessedItems ?? {})) {
      const schema = await keySchemaOf(table);
      for (const r of requests) {
        const key = keyOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key, schema);
        if (key) ids.add(`${table}|${keyString(key, schema)}`);
      }
    }
    return ids;
  }

  async function write(operation, headers, body) {
    const input = JSON.parse(body.toString('utf8'));
    const targets = await targetsOf(operation, input);
    if (!targets.length) return forward(headers, body);
    return exclusive(async () => {
      // Several writes to the same item in one batch would be rejected by DynamoDB; keep the last target per item.
      const unique = [...new Map(targets.map((t) => [`${t.table}|${t.id}`, t])).values()];
      const before = await Promise.all(unique.map((t) => image(t.table, t.key)));
      const res = await forward(headers, body);
      if (res.status !== 200) return res;
      const unprocessed = operation === 'BatchWriteItem' ? await unprocessedOf(JSON.parse(res.body.toString('utf8'))) : new Set();
      for (const [i, t] of unique.entries()) {
        if (unprocessed.has(`${t.table}|${t.id}`)) continue;
        const after = await image(t.table, t.key);
        const record = store.capture(t.table, before[i], after, t.key, sameItem);
        if (record) log(`${t.table} ${record.eventName} ${JSON.stringify(t.key)} seq ${record.dynamodb.SequenceNumber}`);
      }
      return res;
    });
  }

  /** Adds the stream members to a table description in a DescribeTable/CreateTable answer. */
  function withStream(res, member) {
    if (res.status !== 200) return res;
    const answer = JSON.parse(res.body.toString('utf8'));
    Object.assign(answer[member], store.describeForTable(answer[member].TableName));
    return { ...res, body: Buffer.from(JSON.stringify(answer)) };
  }

  async function route(target, headers, body) {
    const [prefix, operation] = target.split('.');
    if (prefix === 'DynamoDBStreams_20120810') {
      try {
        return json(200, store.handle(operation, JSON.parse(body.toString('utf8') || '{}')));
      } catch (e) {
        if (e instanceof StreamsApiError) return json(400, { __type: `com.amazonaws.dynamodb.v20120810#${e.type}`, message: e.message });
        throw e;
      }
    }
    if (prefix !== 'DynamoDB_20120810') return forward(headers, body);
    if (WRITES.has(operation)) return write(operation, headers, body);
    switch (operation) {
      case 'DescribeTable': return withStream(await forward(headers, body), 'Table');
      case 'CreateTable': {
        const input = JSON.parse(body.toString('utf8'));
        const res = await forward(headers, body);
        if (res.status === 200 && input.StreamSpecification?.StreamEnabled) {
          store.enable(input.TableName, input.StreamSpecification.StreamViewType, input.KeySchema);
          log(`${input.TableName}: stream enabled (${input.StreamSpecification.StreamViewType})`);
        }
        return withStream(res, 'TableDescription');
      }
      case 'DeleteTable': {
        const input = JSON.parse(body.toString('utf8'));
        const res = await forward(headers, body);
        if (res.status === 200) {
          store.disable(input.TableName);
          keySchemas.delete(input.TableName);
        }
        return res;
      }
      default: return forward(headers, body);
    }
  }

  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        const headers = req.headers;
        const out = req.method === 'POST'
          ? await route(String(req.headers['x-amz-target'] ?? ''), headers, body)
          : await forward(headers, body);
        res.writeHead(out.status, responseHeaders(out));
        res.end(out.body);
      } catch (e) {
        log(`proxy error: ${e.stack ?? e}`);
        const out = json(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e.message ?? e) });
        res.writeHead(out.status, responseHeaders(out));
        res.end(out.body);
      }
    });
  });
}

function json(status, value) {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(JSON.stringify(value)) };
}

/** Copies the answer's headers, with length and CRC32 (checked by the AWS SDKs) matching the body sent. */
function responseHeaders({ headers, body }) {
  const out = { ...headers, 'content-length': String(body.length) };
  delete out['transfer-encoding'];
  delete out.connection;
  if (typeof zlib.crc32 === 'function') out['x-amz-crc32'] = String(zlib.crc32(body));
  else delete out['x-amz-crc32'];
  return out;
}
