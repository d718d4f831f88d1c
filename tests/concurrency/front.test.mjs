// The local Lambda front answers as API Gateway's HTTP API does in front of the upload function: routes of
// sam/template.yaml only, its 10 MB payload limit, binary bodies base64-encoded both ways, query strings, the
// apigw-requestid header and the HttpApi's CORS configuration.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { idToken, loadCloud } from '../support/cloud.mjs';
import { INSTANCE_HEADER, lambdaApi } from './support.mjs';

const cloud = loadCloud();
const endpoint = lambdaApi(cloud);
let token;

before(async () => {
  token = await idToken(cloud, cloud.cognito.users[0]);
});

function multipart(name, bytes) {
  const boundary = `----front${randomUUID().replace(/-/g, '')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

test('a path no route of the template names answers 404 without an invocation', async () => {
  const res = await fetch(`${endpoint}/nothing-here`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { message: 'Not Found' });
  assert.equal(res.headers.get(INSTANCE_HEADER), null);
  assert.ok(res.headers.get('apigw-requestid'));
});

test('a path parameter with a malformed %-escape answers 400 without an invocation', async () => {
  const res = await fetch(`${endpoint}/files/%zz`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { message: 'Bad Request' });
  assert.equal(res.headers.get(INSTANCE_HEADER), null);
});

test('a body above 10 MB answers 413 without an invocation', async () => {
  const { body, contentType } = multipart('big.bin', Buffer.alloc(10 * 1024 * 1024 + 1));
  const res = await fetch(`${endpoint}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), { message: 'Request Entity Too Large' });
  assert.equal(res.headers.get(INSTANCE_HEADER), null);
});

test('every byte value survives the upload through the front (base64 event) and the function\'s JSON answer', async () => {
  const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 511 - i)));
  const { body, contentType } = multipart('bytes.bin', bytes);
  const res = await fetch(`${endpoint}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  assert.equal(res.status, 201, await res.clone().text());
  const file = await res.json();
  assert.equal(res.headers.get('location'), `/files/${file.fileId}`);
  assert.equal(file.sizeBytes, bytes.length);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
  const read = await fetch(`${endpoint}/files/${file.fileId}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(read.status, 200, 'the path reached the function');
  assert.equal((await read.json()).sha256, file.sha256);
});

test('the query string reaches the function', async () => {
  const res = await fetch(`${endpoint}/files?limit=0`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).code, 'invalid_limit');
});

test('CORS as the HttpApi configures it: the preflight is answered by the front, the page origin gets Location exposed', async () => {
  const origin = cloud.web.url;
  const preflight = await fetch(`${endpoint}/upload`, {
    method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
  assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
  assert.match(preflight.headers.get('access-control-allow-headers'), /authorization/);
  assert.equal(preflight.headers.get(INSTANCE_HEADER), null, 'no invocation for a preflight');
  const res = await fetch(`${endpoint}/files`, { headers: { origin, authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), origin);
  assert.equal(res.headers.get('access-control-expose-headers'), 'Location');
  const stranger = await fetch(`${endpoint}/files`, { headers: { origin: 'https://elsewhere.example', authorization: `Bearer ${token}` } });
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);
});
