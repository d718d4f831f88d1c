// Inputs as real clients send them, against the running upload API through the local cloud's HTTP →
// API Gateway event path (docs/design.md, "HTTP API"):
// - part header parameters as curl (quoted-pairs) and browsers (%22, %0D, %0A; raw backslashes) write them, and in
//   any order: the file name comes back exactly as the client meant it, or is refused with the reason;
// - fields that must come once: two Authorization fields, or one value holding two credentials, are 401
//   invalid_token whichever is valid and in whatever order; two Content-Type values are 400 repeated_header. Two
//   separate fields are sent with node:http (fetch would join them itself); API Gateway and the local mock event
//   server join repeated fields with commas before the function sees them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { api, assertProblem, awsClients, expectRefused, expectStored, filePart, loadCloud, multipart, newUser, upload } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
const ctx = {};

before(async () => {
  ctx.user = await newUser(cloud, 'client-inputs');
  ctx.other = await newUser(cloud, 'client-inputs-other');
});

after(() => {
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

/** A file part whose Content-Disposition is written exactly as given. */
const part = (disposition) => ({ name: 'file', rawHeaders: `Content-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n`, data: 'client input' });

describe('part header parameters as clients write them', () => {
  const KEPT = [
    ['curl: quoted-pairs around quotes', 'form-data; name="file"; filename="\\"quoted\\" report.txt"', '"quoted" report.txt'],
    ['curl: an escaped backslash', 'form-data; name="file"; filename="back\\\\slash.txt"', 'back\\slash.txt'],
    ['browser: a raw backslash (Linux name)', 'form-data; name="file"; filename="a\\b.txt"', 'a\\b.txt'],
    ['browser: %22 for a quote', 'form-data; name="file"; filename="say %22hi%22.txt"', 'say "hi".txt'],
    ['a quoted name after filename', 'form-data; filename="after.txt"; name="file"', 'after.txt'],
    ['a quoted name after a filename with quoted-pairs', 'form-data; filename="\\"x\\" y.txt"; name="file"', '"x" y.txt'],
    ['filename* (RFC 8187) with name last', "form-data; filename*=UTF-8''na%C3%AFve.txt; name=\"file\"", 'naïve.txt'],
  ];
  for (const [label, disposition, expected] of KEPT) {
    test(`${label} → 201 with the name as meant`, async () => {
      const { res, fileId } = await expectStored({ aws, cloud, ownerId: ctx.user.sub, label, send: () => upload(cloud, ctx.user.idToken, [part(disposition)]) });
      assert.equal(res.json.fileName, expected);
      const again = await api(cloud, 'GET', `/files/${fileId}`, { token: ctx.user.idToken });
      assert.equal(again.json.fileName, expected);
    });
  }

  test('browser: %0D%0A in a name is a line break, refused with the reason', async () => {
    const res = await expectRefused({
      aws, cloud, owners: [ctx.user.sub], status: 400, code: 'invalid_file_name', label: '%0D%0A',
      send: () => upload(cloud, ctx.user.idToken, [part('form-data; name="file"; filename="two%0D%0Alines.txt"')]),
    });
    assert.match(res.json.detail, /control characters/);
  });
});

/** Sends one request with each header line as given (a name may repeat) and reads the whole answer. */
function raw(method, path, headers, body) {
  const url = new URL(path, cloud.api.url);
  return new Promise((resolve, reject) => {
    const req = request({ method, hostname: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fields that must come once', () => {
  const forged = () => 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  const PAIRS = [
    ['valid, then forged', () => [`Bearer ${ctx.user.idToken}`, forged()]],
    ['forged, then valid', () => [forged(), `Bearer ${ctx.user.idToken}`]],
    ['the same valid token twice', () => [`Bearer ${ctx.user.idToken}`, `Bearer ${ctx.user.idToken}`]],
    ['valid, then another user\'s valid', () => [`Bearer ${ctx.user.idToken}`, `Bearer ${ctx.other.idToken}`]],
  ];
  for (const [label, values] of PAIRS) {
    test(`two Authorization fields (${label}) → 401 invalid_token, nothing stored`, async () => {
      const { body, contentType } = multipart([filePart('two-credentials.txt')]);
      const res = await expectRefused({
        aws, cloud, owners: [ctx.user.sub, ctx.other.sub], status: 401, code: 'invalid_token', label,
        send: () => raw('POST', '/upload', { authorization: values(), 'content-type': contentType }, body),
      });
      assert.match(res.json.detail, /more than one Authorization/);
    });
    test(`one Authorization value holding two credentials (${label}) → 401 invalid_token, nothing stored`, async () => {
      const { body, contentType } = multipart([filePart('joined-credentials.txt')]);
      await expectRefused({
        aws, cloud, owners: [ctx.user.sub, ctx.other.sub], status: 401, code: 'invalid_token', label,
        send: () => api(cloud, 'POST', '/upload', { authorization: values().join(', '), headers: { 'content-type': contentType }, body }),
      });
    });
  }

  test('two Authorization fields on a read route → 401 invalid_token', async () => {
    assertProblem(await raw('GET', '/files', { authorization: [`Bearer ${ctx.user.idToken}`, `Bearer ${ctx.other.idToken}`] }), 401, 'invalid_token');
  });

  test('two Content-Type fields on an upload → 400 repeated_header, nothing stored', async () => {
    const { body, contentType } = multipart([filePart('two-types.txt')]);
    const res = await expectRefused({
      aws, cloud, owners: [ctx.user.sub], status: 400, code: 'repeated_header', label: 'two Content-Type',
      send: () => raw('POST', '/upload', { authorization: `Bearer ${ctx.user.idToken}`, 'content-type': [contentType, 'text/plain'] }, body),
    });
    assert.equal(res.json.header, 'Content-Type');
  });

  test('control: one credential and one Content-Type → 201', async () => {
    const { body, contentType } = multipart([filePart('once.txt')]);
    await expectStored({
      aws, cloud, ownerId: ctx.user.sub, label: 'once',
      send: () => raw('POST', '/upload', { authorization: `Bearer ${ctx.user.idToken}`, 'content-type': contentType }, body),
    });
  });
});
