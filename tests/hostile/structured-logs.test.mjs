// Structured logs and metrics (docs/design.md, "Logs and metrics"): after an accepted direct upload, an accepted
// presigned upload, a rejected upload (file_too_large) and the processing of the accepted files, the functions'
// output (<logDir>/api.log and processor.log, written by local/start) holds
//   - JSON log lines whose "mdc" carries the Lambda request id (AWSRequestId), the fileId and the owner's opaque
//     reference (ownerRef: the first 16 hex digits of SHA-256(sub)), never the user's sub or user name;
//   - CloudWatch embedded metric format (EMF) lines declaring exactly the contract's metrics, namespace, dimensions
//     and values (BytesStored = the file's size, UploadsRejected with its ErrorCode, processing outcome and latency).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, eventually, filePart, loadCloud, newUser, upload } from './support.mjs';

const cloud = loadCloud();
const NAMESPACE = process.env.AWS_EMF_NAMESPACE || 's3-dynamo-pipe-app';
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CAP = 4194304;
const direct = Buffer.from('structured logs: the direct upload\n');
const presigned = Buffer.from('structured logs: the presigned upload, a little longer\n');
const ctx = {};

/** The JSON objects of a function's output, one per line (other lines, e.g. Maven's in dev mode, are left out). */
function lines(name) {
  const file = join(cloud.logDir, `${name}.log`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return []; // a line still being written
    }
  });
}

const isEmf = (line) => line._aws !== undefined;
const logLines = (name) => lines(name).filter((l) => !isEmf(l));
const emfLines = (name) => lines(name).filter(isEmf);

/** The one EMF directive of a record, with its dimension sets sorted for comparison. */
function directive(record) {
  assert.equal(typeof record._aws.Timestamp, 'number', JSON.stringify(record));
  assert.equal(record._aws.CloudWatchMetrics.length, 1, JSON.stringify(record));
  const [d] = record._aws.CloudWatchMetrics;
  return {
    namespace: d.Namespace,
    dimensions: d.Dimensions.map((set) => [...set].sort()).sort(),
    metrics: Object.fromEntries(d.Metrics.map((m) => [m.Name, m.Unit])),
  };
}

before(async () => {
  ctx.user = await newUser(cloud, 'structured-logs');
  ctx.ownerRef = createHash('sha256').update(ctx.user.sub, 'utf8').digest('hex').slice(0, 16);
  const token = ctx.user.idToken;

  const accepted = await upload(cloud, token, [filePart('structured-logs.txt', direct, 'text/plain'), { name: 'comment', data: 'structured' }]);
  assert.equal(accepted.status, 201, accepted.text);
  ctx.direct = accepted.json.fileId;

  const sha256 = createHash('sha256').update(presigned).digest('hex');
  const json = { 'content-type': 'application/json' };
  const ticket = await api(cloud, 'POST', '/uploads', { token, headers: json, body: JSON.stringify({ fileName: 'structured-logs-presigned.txt', sizeBytes: presigned.length, contentType: 'text/plain', sha256 }) });
  assert.equal(ticket.status, 201, ticket.text);
  ctx.presigned = ticket.json.fileId;
  const put = await fetch(ticket.json.parts[0].url, { method: 'PUT', headers: ticket.json.headers, body: presigned });
  assert.equal(put.status, 200, await put.text());
  const completed = await api(cloud, 'POST', `/uploads/${ctx.presigned}/complete`, { token, headers: json, body: '{}' });
  assert.equal(completed.status, 201, completed.text);

  const tooLarge = await upload(cloud, token, [filePart('structured-logs-large.bin', Buffer.alloc(CAP + 1, 0x61), 'application/octet-stream')]);
  assert.equal(tooLarge.status, 413, tooLarge.text);
  assert.equal(tooLarge.json.code, 'file_too_large');

  for (const fileId of [ctx.direct, ctx.presigned]) {
    await eventually(`the processor's line for ${fileId}`, () => logLines('processor').some((l) => l.mdc?.fileId === fileId && /PROCESSED/.test(l.message)),
      { timeoutMs: 180_000, intervalMs: 500 });
  }
  await eventually('the processor\'s metrics', () => [ctx.direct, ctx.presigned].every((id) => emfLines('processor').some((r) => r.fileId === id)),
    { timeoutMs: 30_000, intervalMs: 250 });
});

describe('log lines', () => {
  test('both functions write JSON lines with level, logger and message', () => {
    for (const name of ['api', 'processor']) {
      const ours = logLines(name).filter((l) => l.mdc?.ownerRef === ctx.ownerRef);
      assert.ok(ours.length > 0, `${name}.log has no JSON line with ownerRef ${ctx.ownerRef}`);
      for (const line of ours) {
        assert.equal(typeof line.level, 'string', JSON.stringify(line));
        assert.equal(typeof line.loggerName, 'string', JSON.stringify(line));
        assert.equal(typeof line.message, 'string', JSON.stringify(line));
        assert.equal(typeof line.timestamp, 'string', JSON.stringify(line));
      }
    }
  });

  test('every line about the user\'s requests carries a Lambda request id', () => {
    for (const name of ['api', 'processor']) {
      for (const line of logLines(name).filter((l) => l.mdc?.ownerRef === ctx.ownerRef)) {
        assert.match(line.mdc.AWSRequestId ?? '', REQUEST_ID, `${name}: ${JSON.stringify(line)}`);
      }
    }
  });

  test('the accepted uploads are logged with their fileId, owner reference and request id', () => {
    for (const fileId of [ctx.direct, ctx.presigned]) {
      const line = logLines('api').find((l) => l.mdc?.fileId === fileId && /^Upload accepted/.test(l.message));
      assert.ok(line, `no "Upload accepted" line for ${fileId}`);
      assert.equal(line.mdc.ownerRef, ctx.ownerRef);
      assert.match(line.mdc.AWSRequestId, REQUEST_ID);
    }
    const [a, b] = [ctx.direct, ctx.presigned].map((id) => logLines('api').find((l) => l.mdc?.fileId === id && /^Upload accepted/.test(l.message)));
    assert.notEqual(a.mdc.AWSRequestId, b.mdc.AWSRequestId, 'two requests, two request ids');
  });

  test('the rejected upload is logged with its code and the owner reference', () => {
    const line = logLines('api').find((l) => l.mdc?.ownerRef === ctx.ownerRef && l.message === 'Upload rejected: 413 file_too_large');
    assert.ok(line, 'no "Upload rejected: 413 file_too_large" line for the user');
    assert.match(line.mdc.AWSRequestId, REQUEST_ID);
  });

  test('processing is logged with the fileId, the same owner reference and the processor\'s own request id', () => {
    for (const fileId of [ctx.direct, ctx.presigned]) {
      const line = logLines('processor').find((l) => l.mdc?.fileId === fileId && /PROCESSED/.test(l.message));
      assert.equal(line.mdc.ownerRef, ctx.ownerRef);
      assert.match(line.mdc.AWSRequestId, REQUEST_ID);
      const uploaded = logLines('api').find((l) => l.mdc?.fileId === fileId && /^Upload accepted/.test(l.message));
      assert.notEqual(line.mdc.AWSRequestId, uploaded.mdc.AWSRequestId, 'the processor runs in its own invocation');
    }
  });

  test('neither log holds the user\'s sub or user name (only the opaque reference)', () => {
    assert.notEqual(ctx.ownerRef, ctx.user.sub);
    for (const name of ['api', 'processor']) {
      const text = existsSync(join(cloud.logDir, `${name}.log`)) ? readFileSync(join(cloud.logDir, `${name}.log`), 'utf8') : '';
      assert.ok(!text.includes(ctx.user.sub), `${name}.log contains the user's sub`);
      assert.ok(!text.includes(ctx.user.username), `${name}.log contains the user name`);
    }
  });
});

describe('EMF metrics (the contract alarms and the dashboard use)', () => {
  test('UploadsAccepted and BytesStored for each accepted upload: [Function], BytesStored = the file size', () => {
    for (const [fileId, content] of [[ctx.direct, direct], [ctx.presigned, presigned]]) {
      const record = emfLines('api').find((r) => r.fileId === fileId && 'UploadsAccepted' in r);
      assert.ok(record, `no UploadsAccepted record for ${fileId}`);
      assert.deepEqual(directive(record), {
        namespace: NAMESPACE,
        dimensions: [['Function']],
        metrics: { UploadsAccepted: 'Count', BytesStored: 'Bytes' },
      });
      assert.equal(record.Function, 'upload');
      assert.equal(record.UploadsAccepted, 1);
      assert.equal(record.BytesStored, content.length);
      const line = logLines('api').find((l) => l.mdc?.fileId === fileId && /^Upload accepted/.test(l.message));
      assert.equal(record.AWSRequestId, line.mdc.AWSRequestId, 'the record names the request of the log line');
    }
  });

  test('UploadsRejected for the rejected upload: [Function] and [Function, ErrorCode], ErrorCode = the problem code', () => {
    const line = logLines('api').find((l) => l.mdc?.ownerRef === ctx.ownerRef && l.message === 'Upload rejected: 413 file_too_large');
    const record = emfLines('api').find((r) => r.AWSRequestId === line.mdc.AWSRequestId && 'UploadsRejected' in r);
    assert.ok(record, `no UploadsRejected record for request ${line.mdc.AWSRequestId}`);
    assert.deepEqual(directive(record), {
      namespace: NAMESPACE,
      dimensions: [['ErrorCode', 'Function'], ['Function']],
      metrics: { UploadsRejected: 'Count' },
    });
    assert.equal(record.Function, 'upload');
    assert.equal(record.ErrorCode, 'file_too_large');
    assert.equal(record.UploadsRejected, 1);
    assert.ok(!('UploadsAccepted' in record) && !('BytesStored' in record));
  });

  test('ProcessingSucceeded and ProcessingLatency for each processed file: [Function]', () => {
    for (const fileId of [ctx.direct, ctx.presigned]) {
      const record = emfLines('processor').find((r) => r.fileId === fileId);
      assert.deepEqual(directive(record), {
        namespace: NAMESPACE,
        dimensions: [['Function']],
        metrics: { ProcessingSucceeded: 'Count', ProcessingLatency: 'Milliseconds' },
      });
      assert.equal(record.Function, 'processor');
      assert.equal(record.ProcessingSucceeded, 1);
      assert.ok(Number.isFinite(record.ProcessingLatency) && record.ProcessingLatency >= 0, `latency ${record.ProcessingLatency}`);
      const line = logLines('processor').find((l) => l.mdc?.fileId === fileId && /PROCESSED/.test(l.message));
      assert.equal(record.AWSRequestId, line.mdc.AWSRequestId);
    }
  });

  test('metric records carry no user data: only the contract\'s members and the properties', () => {
    const allowed = new Set(['_aws', 'Function', 'ErrorCode', 'AWSRequestId', 'fileId', 'executionEnvironment', 'functionVersion', 'logStreamId', 'traceId',
      'UploadsAccepted', 'UploadsRejected', 'BytesStored', 'ProcessingSucceeded', 'ProcessingFailed', 'ProcessingLatency']);
    for (const name of ['api', 'processor']) {
      for (const record of emfLines(name)) {
        for (const key of Object.keys(record)) assert.ok(allowed.has(key), `${name}: unexpected member ${key} in ${JSON.stringify(record)}`);
      }
    }
  });
});
