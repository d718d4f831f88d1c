// Hostile input for the presigned (large-file) path against the running upload API (docs/design.md, "Presigned
// uploads"): POST /uploads, POST /uploads/{id}/parts, POST /uploads/{id}/complete. Every refusal is problem JSON with
// the design's code and leaves the caller's prefix and items unchanged (no upload record, no object, no item);
// an accepted start adds exactly one upload record under the caller's own prefix and nothing else.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { api, awsClients, expectRefused, loadCloud, newUser, ownerState } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
const ctx = {};
const SHA = createHash('sha256').update('presigned case').digest('hex');
const GOOD = { fileName: 'large.bin', sizeBytes: 1024, sha256: SHA };
const MiB = 1024 * 1024;
/** A 20 MiB multipart announcement: 3 parts of 8 MiB (docs/design.md, "Part size"), each with a SHA-256. */
const CHECKSUMS = [1, 2, 3].map((partNumber) => ({ partNumber, sha256: createHash('sha256').update(`part ${partNumber}`).digest('hex') }));
const MULTIPART = { ...GOOD, sizeBytes: 20 * MiB, partChecksums: CHECKSUMS };

/** A request with a raw body and Content-Type (undefined: no header); token null sends no Authorization. */
function send(method, path, body, contentType = 'application/json', token = ctx.user.idToken) {
  return api(cloud, method, path, { token: token ?? undefined, headers: contentType === undefined ? {} : { 'content-type': contentType }, body });
}
const json = (method, path, value) => send(method, path, JSON.stringify(value));

before(async () => {
  ctx.user = await newUser(cloud, 'hostile-presigned');
  const single = await json('POST', '/uploads', GOOD);
  assert.equal(single.status, 201, single.text);
  ctx.single = single.json.fileId;
  const multipart = await json('POST', '/uploads', MULTIPART);
  assert.equal(multipart.status, 201, multipart.text);
  assert.equal(multipart.json.mode, 'multipart');
  ctx.multipart = multipart.json.fileId;
  ctx.partCount = multipart.json.partCount;
});

after(() => {
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

describe('POST /uploads refusals: problem JSON, no record, no object, no item', () => {
  const CASES = [
    ['no token', 401, 'missing_token', () => send('POST', '/uploads', JSON.stringify(GOOD), 'application/json', null)],
    ['a tampered token', 401, 'invalid_token', () => send('POST', '/uploads', JSON.stringify(GOOD), 'application/json', `${ctx.user.idToken.slice(0, -6)}AAAAAA`)],
    ['text/plain body', 415, 'unsupported_media_type', () => send('POST', '/uploads', JSON.stringify(GOOD), 'text/plain')],
    ['multipart body', 415, 'unsupported_media_type', () => send('POST', '/uploads', '--x\r\n\r\n--x--\r\n', 'multipart/form-data; boundary=x')],
    ['malformed JSON', 400, 'malformed_body', () => send('POST', '/uploads', '{"fileName": "a.bin",')],
    ['JSON null', 400, 'malformed_body', () => send('POST', '/uploads', 'null')],
    ['an empty body', 400, 'malformed_body', () => send('POST', '/uploads', '')],
    ['a JSON array', 400, 'malformed_body', () => json('POST', '/uploads', [GOOD])],
    ['no fileName', 400, 'invalid_file_name', () => json('POST', '/uploads', { ...GOOD, fileName: undefined })],
    ['fileName with a path', 400, 'invalid_file_name', () => json('POST', '/uploads', { ...GOOD, fileName: '../../etc/passwd' })],
    ['fileName with a right-to-left override', 400, 'invalid_file_name', () => json('POST', '/uploads', { ...GOOD, fileName: 'invoice\u202Efdp.exe' })],
    ['fileName with NUL', 400, 'invalid_file_name', () => json('POST', '/uploads', { ...GOOD, fileName: 'a\u0000b' })],
    ['fileName of 256 characters', 400, 'invalid_file_name', () => json('POST', '/uploads', { ...GOOD, fileName: 'n'.repeat(256) })],
    ['sizeBytes 0', 400, 'empty_file', () => json('POST', '/uploads', { ...GOOD, sizeBytes: 0 })],
    ['sizeBytes -1', 400, 'invalid_size', () => json('POST', '/uploads', { ...GOOD, sizeBytes: -1 })],
    ['no sizeBytes', 400, 'invalid_size', () => json('POST', '/uploads', { ...GOOD, sizeBytes: undefined })],
    ['sizeBytes 1.5', 400, 'invalid_field', () => json('POST', '/uploads', { ...GOOD, sizeBytes: 1.5 })],
    ['sizeBytes 1e30', 400, 'invalid_field', () => send('POST', '/uploads', `{"fileName":"a.bin","sizeBytes":1e30,"sha256":"${SHA}"}`)],
    ['5 GiB + 1 byte', 413, 'file_too_large', () => json('POST', '/uploads', { ...GOOD, sizeBytes: 5 * 1024 * MiB + 1 })],
    ['no sha256', 400, 'invalid_sha256', () => json('POST', '/uploads', { ...GOOD, sha256: undefined })],
    ['sha256 in upper case', 400, 'invalid_sha256', () => json('POST', '/uploads', { ...GOOD, sha256: SHA.toUpperCase() })],
    ['sha256 of 63 digits', 400, 'invalid_sha256', () => json('POST', '/uploads', { ...GOOD, sha256: SHA.slice(1) })],
    ['sha256 not hex', 400, 'invalid_sha256', () => json('POST', '/uploads', { ...GOOD, sha256: 'g'.repeat(64) })],
    ['sha256 in base64', 400, 'invalid_sha256', () => json('POST', '/uploads', { ...GOOD, sha256: Buffer.from(SHA, 'hex').toString('base64') })],
    ['contentType that is not a media type', 400, 'invalid_content_type', () => json('POST', '/uploads', { ...GOOD, contentType: 'not a type' })],
    ['contentType with a line break', 400, 'invalid_content_type', () => json('POST', '/uploads', { ...GOOD, contentType: 'text/plain\r\nx-amz-acl: public-read' })],
    ['comment of 1,001 characters', 400, 'comment_too_long', () => json('POST', '/uploads', { ...GOOD, comment: 'c'.repeat(1001) })],
    ['multipart without partChecksums', 400, 'invalid_parts', () => json('POST', '/uploads', { ...MULTIPART, partChecksums: undefined })],
    ['multipart with one partChecksum too few', 400, 'invalid_parts', () => json('POST', '/uploads', { ...MULTIPART, partChecksums: CHECKSUMS.slice(1) })],
    ['multipart with a partChecksum repeated', 400, 'invalid_parts', () => json('POST', '/uploads', { ...MULTIPART, partChecksums: [CHECKSUMS[0], CHECKSUMS[0], CHECKSUMS[2]] })],
    ['multipart with a part sha256 in upper case', 400, 'invalid_parts', () => json('POST', '/uploads', { ...MULTIPART, partChecksums: [CHECKSUMS[0], CHECKSUMS[1], { partNumber: 3, sha256: CHECKSUMS[2].sha256.toUpperCase() }] })],
    ['partChecksums as a string', 400, 'invalid_field', () => json('POST', '/uploads', { ...MULTIPART, partChecksums: 'x' })],
    ['partChecksums for a single PUT', 400, 'invalid_parts', () => json('POST', '/uploads', { ...GOOD, partChecksums: [{ partNumber: 1, sha256: SHA }] })],
  ];
  for (const [name, status, code, request, todo] of CASES) {
    test(name, { todo }, async () => {
      await expectRefused({ aws, cloud, owners: [ctx.user.sub], status, code, label: name, send: request });
    });
  }
});

describe('POST /uploads acceptance: one upload record under the caller\'s own prefix', () => {
  test('ownerId, fileId and objectKey in the JSON are ignored', async () => {
    const before = await ownerState(aws, cloud, ctx.user.sub);
    const res = await json('POST', '/uploads', { ...GOOD, ownerId: 'someone-else', fileId: ctx.single, objectKey: 'uploads/someone-else/x' });
    assert.equal(res.status, 201, res.text);
    assert.notEqual(res.json.fileId, ctx.single);
    const after = await ownerState(aws, cloud, ctx.user.sub);
    assert.deepEqual(after.items, before.items, 'no item until the upload is completed');
    assert.deepEqual(after.objects, [...before.objects, `pending/${ctx.user.sub}/${res.json.fileId}.upload.json`].sort());
    assert.equal(await ownerState(aws, cloud, 'someone-else').then((s) => s.objects.length), 0);
  });
});

describe('parts and complete refusals: problem JSON, the upload stays open', () => {
  const CASES = [
    ['part number 0', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: [0] })],
    ['a part number past the last part', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: [ctx.partCount + 1] })],
    ['a repeated part number', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: [1, 1] })],
    ['no part numbers', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: [] })],
    ['101 part numbers', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: Array.from({ length: 101 }, (_, i) => i + 1) })],
    ['part numbers as a string', 400, 'invalid_field', () => json('POST', `/uploads/${ctx.multipart}/parts`, { partNumbers: 'x' })],
    ['part URLs for a single-PUT upload', 409, 'not_multipart', () => json('POST', `/uploads/${ctx.single}/parts`, { partNumbers: [1] })],
    ['complete before anything was uploaded', 409, 'upload_incomplete', () => json('POST', `/uploads/${ctx.single}/complete`, {})],
    ['complete listing only some parts', 400, 'invalid_parts', () => json('POST', `/uploads/${ctx.multipart}/complete`, { parts: [{ partNumber: 1, etag: '"x"' }] })],
  ];
  for (const [name, status, code, request, todo] of CASES) {
    test(name, { todo }, async () => {
      await expectRefused({ aws, cloud, owners: [ctx.user.sub], status, code, label: name, send: request });
      for (const id of [ctx.single, ctx.multipart]) {
        assert.equal((await api(cloud, 'GET', `/uploads/${id}`, { token: ctx.user.idToken })).status, 200, 'the upload stays open');
      }
    });
  }
});
