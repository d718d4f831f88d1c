// Log capture: after uploads through the running local cloud (accepted, refused for the token, refused for the body),
// the upload API's and the processor's logs (<logDir>/api.log and processor.log, written by local/start) contain
// neither the tokens nor the files' contents, in plain text or base64 (the form API Gateway events carry bodies in).

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { api, eventually, filePart, loadCloud, multipart, newUser, upload } from './support.mjs';

const cloud = loadCloud();
const marker = `LOG-CAPTURE-MARKER-${randomUUID()}`;
const content = Buffer.from(`first line\n${marker}\nlast line\n`);
const secrets = [];
let user;
let fileId;

function logs() {
  return Object.fromEntries(['api', 'processor'].map((name) => {
    const file = join(cloud.logDir, `${name}.log`);
    return [name, existsSync(file) ? readFileSync(file, 'utf8') : ''];
  }));
}

before(async () => {
  user = await newUser(cloud, 'hostile-logs');
  const [header, payload, signature] = user.idToken.split('.');
  secrets.push(
    ['the ID token', user.idToken], ['the ID token\'s signature', signature], ['the ID token\'s header and payload', `${header}.${payload}`],
    ['the access token', user.accessToken], ['the access token\'s signature', user.accessToken.split('.')[2]],
    ['the marker', marker], ['the content in base64', content.toString('base64')], ['the marker in base64', Buffer.from(marker).toString('base64')],
    ['the comment', `${marker}-comment`],
  );

  const accepted = await upload(cloud, user.idToken, [filePart('log-capture.txt', content, 'text/plain'), { name: 'comment', data: `${marker}-comment` }]);
  assert.equal(accepted.status, 201, accepted.text);
  fileId = accepted.json.fileId;
  // The access token too, and a tampered token that is refused.
  assert.equal((await upload(cloud, user.accessToken, [filePart('log-capture-2.txt', content, 'text/plain')])).status, 201);
  const tampered = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
  secrets.push(['the tampered token', tampered]);
  assert.equal((await upload(cloud, tampered, [filePart('log-capture-3.txt', content, 'text/plain')])).status, 401);
  // A refused body that carries the content.
  assert.equal((await upload(cloud, user.idToken, [filePart('log-capture-4.txt', content, 'not a media type')])).status, 400);
  const truncated = multipart([filePart('log-capture-5.txt', content, 'text/plain')]);
  assert.equal((await api(cloud, 'POST', '/upload', { token: user.idToken, headers: { 'content-type': truncated.contentType }, body: truncated.body.subarray(0, truncated.body.length - 30) })).status, 400);

  // Processing reads the whole content (size, checksum, type detection): wait until the processor has logged it.
  await eventually('the processor logged the file', () => logs().processor.includes(fileId), { timeoutMs: 180_000, intervalMs: 500 });
});

test('the logs were captured (the processor logged the file id)', () => {
  const { api: apiLog, processor } = logs();
  assert.ok(apiLog.length > 0, `${cloud.logDir}/api.log is empty`);
  assert.ok(processor.includes(fileId));
});

for (const name of ['api', 'processor']) {
  test(`${name}.log contains no token and no file content`, () => {
    const text = logs()[name];
    for (const [what, secret] of secrets) assert.ok(!text.includes(secret), `${name}.log contains ${what}`);
  });
}
