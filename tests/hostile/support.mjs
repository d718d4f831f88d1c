// Helpers for the hostile-input, reconcile, fault and log tests: the running local cloud (cloud.json, found as the
// other Node tests find it), users of their own so that counts are not disturbed by the tests running beside them,
// raw HTTP and multipart bodies built byte by byte, crafted JWTs, and the bucket/table view of one owner.

import assert from 'node:assert/strict';
import { createPrivateKey, createSign, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { paginateQuery } from '@aws-sdk/client-dynamodb';
import { ROOT, claims, eventually, loadCloud } from '../support/cloud.mjs';
import { cognito, ensureUser, signIn } from '../../lib/cognito.mjs';
import { clients } from '../../ops/lib/target.mjs';

export { ROOT, claims, eventually, loadCloud };

/** SDK clients for a cloud's S3 and DynamoDB (through the stream proxy, as the apps see it). */
export function awsClients(cloud) {
  return clients({
    region: cloud.region,
    credentials: cloud.credentials,
    s3Endpoint: cloud.s3.endpoint,
    dynamodbEndpoint: cloud.dynamodb.endpoint,
  });
}

/**
 * A fresh Cognito user of the cloud's pool, signed in: tests that count one owner's objects and items use their own
 * users, so that other test files uploading as alice@ or bob@ at the same time cannot change the counts.
 * @param {object} cloud cloud.json
 * @param {string} label part of the user name, for people reading the pool
 * @returns {Promise<{username: string, password: string, idToken: string, accessToken: string, sub: string}>}
 */
export async function newUser(cloud, label) {
  const username = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const password = cloud.cognito.password;
  await ensureUser(cloud.cognito.endpoint, cloud.cognito.userPoolId, username, password);
  const tokens = await signIn(cloud.cognito.endpoint, cloud.cognito.clientId, username, password);
  return { username, password, idToken: tokens.IdToken, accessToken: tokens.AccessToken, sub: claims(tokens.IdToken).sub };
}

/** Deletes a user of the cloud's pool (AdminDeleteUser). */
export function deleteUser(cloud, username) {
  return cognito(cloud.cognito.endpoint, 'AdminDeleteUser', { UserPoolId: cloud.cognito.userPoolId, Username: username });
}

/**
 * What the bucket and the table hold for one owner: the object keys under `uploads/<ownerId>/` and
 * `pending/<ownerId>/` (ListObjectsV2, paginated) and the item file ids (Query on the hash key, strongly consistent), both sorted.
 * @returns {Promise<{objects: string[], items: string[]}>}
 */
export async function ownerState(aws, cloud, ownerId) {
  const objects = [];
  // Files live under uploads/<owner>/, unfinished presigned uploads (record, staged object) under pending/<owner>/.
  for (const prefix of [`uploads/${ownerId}/`, `pending/${ownerId}/`]) {
    for await (const page of paginateListObjectsV2({ client: aws.s3 }, { Bucket: cloud.s3.bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) objects.push(o.Key);
    }
  }
  const items = [];
  const query = {
    TableName: cloud.dynamodb.table,
    ConsistentRead: true,
    KeyConditionExpression: 'ownerId = :o',
    ExpressionAttributeValues: { ':o': { S: ownerId } },
    ProjectionExpression: 'fileId',
  };
  for await (const page of paginateQuery({ client: aws.dynamodb }, query)) for (const i of page.Items ?? []) items.push(i.fileId.S);
  return { objects: objects.sort(), items: items.sort() };
}

/** Number of objects in the whole bucket under a prefix (one page is enough for the checks that use it). */
export async function countObjects(aws, cloud, prefix) {
  const page = await aws.s3.send(new ListObjectsV2Command({ Bucket: cloud.s3.bucket, Prefix: prefix, MaxKeys: 1000 }));
  return page.KeyCount ?? 0;
}

// --- HTTP -----------------------------------------------------------------------------------------------------------

/**
 * One request to the upload API.
 * @param {object} cloud cloud.json
 * @param {string} method
 * @param {string} path e.g. `/upload`, sent as is (not normalised)
 * @param {{token?: string, authorization?: string, headers?: object, body?: Buffer|string, headersOnly?: boolean}} [options]
 *   token: sent as `Authorization: Bearer <token>`; authorization: the raw header value instead; headersOnly: do
 *   not read the body (Quarkus dev mode's mock event server never ends responses above about 10 KB,
 *   quarkusio/quarkus#44551, so a test that only needs the status and headers must not wait for it); timeoutMs:
 *   give up (the promise rejects with a TimeoutError) when there is no answer by then
 * @returns {Promise<{status: number, headers: Headers, text: string, json: any}>} json is undefined for non-JSON
 */
export async function api(cloud, method, path, { token, authorization, headers = {}, body, headersOnly = false, timeoutMs } = {}) {
  const auth = authorization ?? (token === undefined ? undefined : `Bearer ${token}`);
  const res = await fetch(`${cloud.api.url}${path}`, {
    method,
    headers: { ...(auth === undefined ? {} : { authorization: auth }), ...headers },
    body,
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
  });
  if (headersOnly) {
    await res.body?.cancel();
    return { status: res.status, headers: res.headers, text: '', json: undefined };
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Asserts an RFC 9457 problem answer as docs/design.md defines it ("HTTP API"): status, media type, members, code.
 * A 401 must also carry `WWW-Authenticate: Bearer...`.
 */
export function assertProblem(res, status, code, message = '') {
  const where = `${message} → ${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, status, where);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json\b/, where);
  assert.equal(typeof res.json, 'object', where);
  assert.equal(res.json.status, status, where);
  assert.equal(res.json.code, code, where);
  assert.equal(typeof res.json.title, 'string', where);
  assert.equal(typeof res.json.detail, 'string', where);
  if (status === 401) assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer\b/, where);
}

/** Encodes a file name as RFC 8187 / RFC 5987 `ext-value` (UTF-8, percent-encoded outside attr-char). */
export function rfc5987(name) {
  return `UTF-8''${[...Buffer.from(name, 'utf8')].map((b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('')}`;
}

/**
 * A multipart/form-data body built byte by byte, so that hostile shapes can be sent exactly.
 * @param {Array<{name: string, filename?: string, filenameStar?: string, contentType?: string, data?: Buffer|string,
 *   rawHeaders?: string}>} parts filename: raw UTF-8 in `filename="..."`; filenameStar: `filename*=` (RFC 5987
 *   encoded here); rawHeaders: the part's header block instead
 * @param {{boundary?: string, epilogue?: boolean}} [options] epilogue false leaves out the closing delimiter
 * @returns {{body: Buffer, contentType: string, boundary: string}}
 */
export function multipart(parts, { boundary = `----hostile${randomUUID().replace(/-/g, '')}`, epilogue = true } = {}) {
  const chunks = [];
  for (const part of parts) {
    let headers = part.rawHeaders;
    if (headers === undefined) {
      let disposition = `form-data; name="${part.name}"`;
      if (part.filename !== undefined) disposition += `; filename="${part.filename}"`;
      if (part.filenameStar !== undefined) disposition += `; filename*=${rfc5987(part.filenameStar)}`;
      headers = `Content-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}`;
    }
    chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data ?? '', 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  if (epilogue) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}

/** A file part with a plain name, text content and a content type. */
export function filePart(filename = 'note.txt', data = 'hello', contentType = 'text/plain') {
  return { name: 'file', filename, data, contentType };
}

/** POST /upload with the given multipart parts (or a prepared body). */
export function upload(cloud, token, parts, options = {}) {
  const { body, contentType } = Array.isArray(parts) ? multipart(parts, options) : parts;
  return api(cloud, 'POST', '/upload', { token, authorization: options.authorization, headersOnly: options.headersOnly, timeoutMs: options.timeoutMs, headers: { 'content-type': contentType }, body });
}

// --- JWTs -------------------------------------------------------------------------------------------------------------

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** cognito-local's signing key (the one its JWKS publishes, kid `CognitoLocal`), from its npm package. */
export function cognitoLocalKey() {
  const file = join(ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(file, 'utf8'));
  return { privateKey: createPrivateKey({ key: jwk, format: 'jwk' }), kid: jwk.kid, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e } };
}

/** cognito-local's public key as PEM (what an HS256 "key confusion" forgery uses as the HMAC secret). */
export function cognitoLocalPublicPem() {
  const file = join(ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.public.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  return parsed.pem ?? createPrivateKey({ key: JSON.parse(readFileSync(file.replace('public', 'private'), 'utf8')).jwk, format: 'jwk' })
    .export({ format: 'pem', type: 'spki' });
}

/**
 * A signed JWT (compact serialisation).
 * @param {object} header e.g. `{alg: 'RS256', kid: 'CognitoLocal'}`
 * @param {object} payload the claims
 * @param {{rsaKey?: import('node:crypto').KeyObject, hmacSecret?: string|Buffer}} key none of them: empty signature
 */
export function signJwt(header, payload, { rsaKey, hmacSecret } = {}) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  let signature = '';
  if (rsaKey) signature = createSign('RSA-SHA256').update(input).sign(rsaKey).toString('base64url');
  else if (hmacSecret !== undefined) signature = createHmac('sha256', hmacSecret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** Seconds since the epoch. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

// --- Effects ----------------------------------------------------------------------------------------------------------

/**
 * Sends a request that must be refused and checks the answer and that nothing was stored: each owner's objects and
 * items are the same before and after.
 * @param {{aws: object, cloud: object, owners: string[], send: () => Promise<object>, status: number, code: string,
 *   label?: string}} check
 * @returns {Promise<object>} the answer
 */
export async function expectRefused({ aws, cloud, owners, send, status, code, label = '' }) {
  const before = await Promise.all(owners.map((o) => ownerState(aws, cloud, o)));
  const res = await send();
  assertProblem(res, status, code, label);
  const after = await Promise.all(owners.map((o) => ownerState(aws, cloud, o)));
  assert.deepEqual(after, before, `${label}: the bucket and the table are unchanged`);
  return res;
}

/**
 * Sends an upload that must be accepted and checks that exactly one object and one item were added, under the key
 * the API names (`uploads/<ownerId>/<fileId>`, fileId from `Location: /files/<fileId>`).
 * @returns {Promise<{res: object, fileId: string}>}
 */
export async function expectStored({ aws, cloud, ownerId, send, label = '' }) {
  const before = await ownerState(aws, cloud, ownerId);
  const res = await send();
  assert.equal(res.status, 201, `${label} → ${res.status} ${res.text.slice(0, 300)}`);
  const location = res.headers.get('location') ?? '';
  const fileId = location.replace(/^\/files\//, '');
  assert.match(fileId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, `${label}: Location ${location}`);
  if (res.json) assert.equal(res.json.fileId, fileId);
  const after = await ownerState(aws, cloud, ownerId);
  assert.deepEqual(after.objects, [...before.objects, `uploads/${ownerId}/${fileId}`].sort(), `${label}: one new object`);
  assert.deepEqual(after.items, [...before.items, fileId].sort(), `${label}: one new item`);
  return { res, fileId };
}
