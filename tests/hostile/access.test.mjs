// Another user's files and ids that are not ids, against the running upload API (docs/design.md, "HTTP API":
// another user's file answers 404 exactly like a missing one). Every route that takes an id is asked for the owner's
// stored file and for the owner's unfinished presigned upload. Nothing a caller sends can reach another owner's
// objects or items: not the path, not the method, not extra form fields or query parameters.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { api, assertProblem, awsClients, expectRefused, expectStored, filePart, loadCloud, multipart, newUser, ownerState, upload } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
const ctx = {};

/** A well-formed UUIDv7 that names no file. */
function missingId() {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

before(async () => {
  ctx.owner = await newUser(cloud, 'hostile-access-owner');
  ctx.stranger = await newUser(cloud, 'hostile-access-stranger');
  const stored = await upload(cloud, ctx.owner.idToken, [filePart('private.txt', 'the owner\'s secret')]);
  assert.equal(stored.status, 201, stored.text);
  ctx.fileId = stored.json.fileId;
  const pending = await json('POST', '/uploads', ctx.owner.idToken, { fileName: 'pending.bin', sizeBytes: 1024, sha256: createHash('sha256').update('pending').digest('hex') });
  assert.equal(pending.status, 201, pending.text);
  ctx.uploadId = pending.json.fileId;
  ctx.ownerBefore = await ownerState(aws, cloud, ctx.owner.sub);
});

after(async () => {
  // Whatever the stranger tried, the owner's file is still there, unchanged.
  const res = await api(cloud, 'GET', `/files/${ctx.fileId}`, { token: ctx.owner.idToken });
  assert.equal(res.status, 200);
  assert.equal(res.json.fileName, 'private.txt');
  assert.deepEqual(await ownerState(aws, cloud, ctx.owner.sub), ctx.ownerBefore);
  const pending = await api(cloud, 'GET', `/uploads/${ctx.uploadId}`, { token: ctx.owner.idToken });
  assert.equal(pending.status, 200, `the owner's unfinished upload is still there: ${pending.text}`);
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

/** A request with a JSON body (undefined: no body). */
function json(method, path, token, body) {
  return api(cloud, method, path, { token, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Sends the same request for the other user's id and for a missing id; both answers must be identical. */
async function sameAsMissing(method, pathFor, token, theirId = ctx.fileId, body = undefined) {
  const theirs = await json(method, pathFor(theirId), token, body);
  const missing = await json(method, pathFor(missingId()), token, body);
  assert.equal(theirs.status, missing.status, `${method}: status`);
  assert.equal(theirs.headers.get('content-type'), missing.headers.get('content-type'), `${method}: media type`);
  assert.equal(theirs.text, missing.text, `${method}: body`);
  return theirs;
}

describe('another user\'s file answers exactly like a missing one', () => {
  const file = (id) => `/files/${id}`;
  const ROUTES = [
    { method: 'GET', path: file, status: 404, code: 'not_found' },
    { method: 'HEAD', path: file, status: 404 },
    { method: 'GET', path: (id) => `/files/${id}/download`, status: 404, code: 'not_found' },
    { method: 'DELETE', path: file, status: 404, code: 'not_found' },
    { method: 'PUT', path: file, status: 405, code: 'method_not_allowed' },
    { method: 'PATCH', path: file, status: 405, code: 'method_not_allowed' },
    { method: 'POST', path: file, status: 405, code: 'method_not_allowed' },
    { method: 'GET', path: (id) => `/uploads/${id}`, status: 404, code: 'not_found' },
    { method: 'POST', path: (id) => `/uploads/${id}/parts`, body: { partNumbers: [1] }, status: 404, code: 'not_found' },
    { method: 'POST', path: (id) => `/uploads/${id}/complete`, body: {}, status: 404, code: 'not_found' },
    { method: 'DELETE', path: (id) => `/uploads/${id}`, status: 404, code: 'not_found' },
  ];
  for (const kind of ['stored file', 'unfinished upload']) {
    for (const route of ROUTES) {
      const template = route.path('{id}');
      test(`${route.method} ${template} with the id of their ${kind}`, async () => {
        const theirId = kind === 'stored file' ? ctx.fileId : ctx.uploadId;
        const res = await sameAsMissing(route.method, route.path, ctx.stranger.idToken, theirId, route.body);
        assert.equal(res.status, route.status);
        if (route.code) assertProblem(res, route.status, route.code);
        assert.ok(!res.text.includes('private.txt') && !res.text.includes('pending.bin'));
      });
    }
  }

  test('GET /files/{their id} with the stranger\'s access token', async () => {
    assertProblem(await sameAsMissing('GET', (id) => `/files/${id}`, ctx.stranger.accessToken), 404, 'not_found');
  });

  test('the owner asking for a missing id gets the same answer as the stranger asking for the owner\'s id', async () => {
    const stranger = await api(cloud, 'GET', `/files/${ctx.fileId}`, { token: ctx.stranger.idToken });
    const owner = await api(cloud, 'GET', `/files/${missingId()}`, { token: ctx.owner.idToken });
    assert.equal(stranger.status, 404);
    assert.equal(stranger.text, owner.text);
  });

  test('GET /files does not list the other user\'s file', async () => {
    const res = await api(cloud, 'GET', '/files?limit=100', { token: ctx.stranger.idToken });
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.json.items.some((f) => f.fileId === ctx.fileId));
  });

  test('a cursor made from the other user\'s file id lists only the caller\'s files', async () => {
    const cursor = Buffer.from(ctx.fileId).toString('base64url');
    const res = await api(cloud, 'GET', `/files?cursor=${cursor}`, { token: ctx.stranger.idToken });
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.json.items.some((f) => f.fileId === ctx.fileId));
  });

  test('form fields naming the owner, the file id or the object key are ignored: stored under the caller', async () => {
    const parts = [
      filePart('mine.txt', 'stranger upload'),
      { name: 'ownerId', data: ctx.owner.sub },
      { name: 'fileId', data: ctx.fileId },
      { name: 'objectKey', data: `uploads/${ctx.owner.sub}/${ctx.fileId}` },
    ];
    const { res } = await expectStored({ aws, cloud, ownerId: ctx.stranger.sub, label: 'extra fields', send: () => upload(cloud, ctx.stranger.idToken, parts) });
    assert.notEqual(res.json.fileId, ctx.fileId);
    assert.deepEqual(await ownerState(aws, cloud, ctx.owner.sub), ctx.ownerBefore);
  });

  test('query parameters naming the owner are ignored: stored under the caller', async () => {
    const m = multipart([filePart('mine-too.txt', 'stranger upload')]);
    await expectStored({
      aws, cloud, ownerId: ctx.stranger.sub, label: 'query owner',
      send: () => api(cloud, 'POST', `/upload?ownerId=${ctx.owner.sub}&sub=${ctx.owner.sub}`, { token: ctx.stranger.idToken, headers: { 'content-type': m.contentType }, body: m.body }),
    });
    assert.deepEqual(await ownerState(aws, cloud, ctx.owner.sub), ctx.ownerBefore);
  });
});

describe('ids that are not ids: 404 not_found, nothing read or changed', () => {
  const NOT_IDS = [
    ['a word', () => 'not-an-id'],
    ['the id in upper case', () => ctx.fileId.toUpperCase()],
    ['the id in braces', () => `{${ctx.fileId}}`],
    ['the id without dashes', () => ctx.fileId.replace(/-/g, '')],
    ['the id with a trailing encoded space', () => `${ctx.fileId}%20`],
    ['the id with an encoded slash and more', () => `${ctx.fileId}%2Fextra`],
    ['the id with a path segment after it', () => `${ctx.fileId}/extra`],
    ['encoded traversal before the id', () => `%2e%2e%2f%2e%2e%2f${ctx.fileId}`],
    ['traversal with an encoded slash', () => `..%2F${ctx.fileId}`],
    ['encoded dot-dot', () => '%2e%2e'],
    ['encoded NUL', () => '%00'],
    ['SQL', () => "'%20OR%20'1'%3D'1"],
    ['a wildcard', () => '*'],
    ['2,000 characters', () => 'x'.repeat(2000)],
    ['the object key of the file', () => encodeURIComponent(`uploads/${ctx.owner.sub}/${ctx.fileId}`)],
  ];
  for (const [label, id] of NOT_IDS) {
    test(`${label}, asked by the owner`, async () => {
      await expectRefused({
        aws, cloud, owners: [ctx.owner.sub, ctx.stranger.sub], status: 404, code: 'not_found', label,
        send: () => api(cloud, 'GET', `/files/${id()}`, { token: ctx.owner.idToken }),
      });
    });
  }
});

describe('list parameters that are not what the API returned: 400', () => {
  const CASES = [
    ['limit=0', 'invalid_limit'], ['limit=101', 'invalid_limit'], ['limit=-1', 'invalid_limit'], ['limit=abc', 'invalid_limit'],
    ['limit=1.5', 'invalid_limit'], ['limit=1e2', 'invalid_limit'], ['limit=', 'invalid_limit'], ['limit=1&limit=2', 'invalid_limit'],
    ['limit=99999999999999999999', 'invalid_limit'],
    ['cursor=', 'invalid_cursor'], ['cursor=!!!', 'invalid_cursor'],
    [`cursor=${Buffer.from('hello').toString('base64url')}`, 'invalid_cursor'],
    ['cursor=a&cursor=b', 'invalid_cursor'],
  ];
  for (const [query, code] of CASES) {
    test(`GET /files?${query}`, async () => {
      await expectRefused({ aws, cloud, owners: [ctx.owner.sub], status: 400, code, label: query, send: () => api(cloud, 'GET', `/files?${query}`, { token: ctx.owner.idToken }) });
    });
  }
  test('a cursor from the owner\'s id in upper case', async () => {
    const cursor = Buffer.from(ctx.fileId.toUpperCase()).toString('base64url');
    await expectRefused({ aws, cloud, owners: [ctx.owner.sub], status: 400, code: 'invalid_cursor', label: 'upper', send: () => api(cloud, 'GET', `/files?cursor=${cursor}`, { token: ctx.owner.idToken }) });
  });
});
