// Hostile file names against the running upload API (docs/design.md, "HTTP API": names are metadata only). Accepted
// names answer 201 and come back exactly as sent (in the upload's answer, from GET /files/{id} and in the item);
// rejected ones answer 400 invalid_file_name and store nothing. The object key never contains the name.
//
// Each name travels the way a client can send it: raw UTF-8 inside `filename="..."` (as browsers do) when the
// name can be written there, and RFC 5987 `filename*=UTF-8''...` (percent-encoded) always, which is the only way to
// carry quotes, backslashes and control characters unambiguously.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { api, awsClients, expectRefused, expectStored, loadCloud, newUser, upload } from './support.mjs';

const cloud = loadCloud();
const aws = awsClients(cloud);
let user;

before(async () => {
  user = await newUser(cloud, 'hostile-names');
});

after(() => {
  aws.s3.destroy();
  aws.dynamodb.destroy();
});

const ACCEPTED = [
  ['non-ASCII Latin', 'résumé 2026 – final.pdf'],
  ['Japanese', '日本語のファイル名.txt'],
  ['Greek', 'Ελληνικά αρχεία.doc'],
  ['right-to-left letters without controls', 'עברית ועربي.txt'],
  ['emoji', '📄 notes 🎉.txt'],
  ['emoji joined with ZWJ', '👩‍👩‍👧 family.jpg'],
  ['decomposed accent (NFD, not normalised)', 'cafe\u0301.txt'],
  // RFC 8187 keeps "+" as an attr-char, so filename* carries it unencoded and it must stay a plus.
  ['+ & % # ?', 'a+b & c %20 #1 ?.txt'],
  ['semicolon, equals, percent', '100% done; size=1 (final).txt'],
  ['apostrophe', "it's mine.txt"],
  ['HTML and script', '<svg onload=alert(1)><script>alert(1)<script>.html'],
  ['attribute breakout', '"><img src=x onerror=alert(1)>.svg'],
  ['template syntax', '{{7*7}} ${7*7} #{7*7}.txt'],
  ['SQL', "'; DROP TABLE files; --.sql"],
  ['leading dot', '.bashrc'],
  ['two leading dots', '..hidden'],
  ['three dots', '...'],
  ['Windows reserved CON', 'CON'],
  ['Windows reserved NUL.txt', 'NUL.txt'],
  ['Windows reserved COM1', 'COM1'],
  ['Windows reserved LPT9.log', 'LPT9.log'],
  ['Windows reserved aux.c', 'aux.c'],
  ['trailing dot', 'trailing dot.'],
  ['trailing space', 'trailing space '],
  ['percent-encoded NUL, literally', '%00.txt'],
  ['percent-encoded traversal, literally', '%2e%2e%2fetc%2fpasswd'],
  ['drive-relative colon', 'C:evil.txt'],
  // A backslash is an ordinary character of Linux and macOS names; names never reach object keys.
  ['backslash, a Linux name', 'back\\slash.txt'],
  ['backslash "traversal" (a legal Linux name)', '..\\..\\windows\\win.ini'],
  ['Windows path (as old browsers sent it)', 'C:\\Users\\me\\x.txt'],
  ['255 characters', `${'n'.repeat(251)}.txt`],
  ['255 emoji (code points; 510 UTF-16 units)', '📄'.repeat(255)],
];

const REJECTED = [
  ['empty', ''],
  ['.', '.'],
  ['..', '..'],
  ['relative traversal', '../../etc/passwd'],
  ['a slash', 'a/b.txt'],
  ['absolute path', '/etc/passwd'],
  ['a key-like path', 'uploads/someone-else/file'],
  ['NUL', 'a\u0000b.txt'],
  ['tab', 'tab\there.txt'],
  ['line feed', 'new\nline.txt'],
  ['carriage return', 'carriage\rreturn.txt'],
  ['escape sequence', '\u001b[31mred.txt'],
  ['DEL', 'del\u007f.txt'],
  ['C1 NEL', 'nel\u0085.txt'],
  ['C1 CSI', 'csi\u009b.txt'],
  ['right-to-left override (U+202E)', 'invoice\u202Efdp.exe'],
  ['left-to-right embedding (U+202A)', 'lre\u202A.txt'],
  ['first strong isolate (U+2068)', 'fsi\u2068.txt'],
  ['pop directional isolate (U+2069)', 'pdi\u2069.txt'],
  ['256 characters', `${'n'.repeat(252)}.txt`],
  ['1,000 characters', 'n'.repeat(1000)],
  ['256 emoji', '📄'.repeat(256)],
];

/** Names that cannot stand raw inside `filename="..."`: quote, backslash, line breaks, C0 controls but tab. */
const canSendRaw = (name) => !/["\\\r\n\u0000-\u0008\u000a-\u001f]/.test(name);

/** How a name is sent: [label, part, todo reason for a known API bug or undefined]. */
function encodings(name, todo = {}) {
  return [
    ...(canSendRaw(name) ? [['filename="…"', { name: 'file', filename: name, data: 'name case', contentType: 'text/plain' }, todo.filename]] : []),
    ['filename*=UTF-8\'\'…', { name: 'file', filenameStar: name, data: 'name case', contentType: 'text/plain' }, todo['filename*']],
  ];
}

describe('accepted file names: 201 and returned exactly as sent', () => {
  for (const [label, name, todo] of ACCEPTED) {
    for (const [how, part, reason] of encodings(name, todo)) {
      test(`${label} (${how})`, { todo: reason }, async () => {
        const { res, fileId } = await expectStored({ aws, cloud, ownerId: user.sub, label, send: () => upload(cloud, user.idToken, [part]) });
        assert.equal(res.json.fileName, name);
        const again = await api(cloud, 'GET', `/files/${fileId}`, { token: user.idToken });
        assert.equal(again.json.fileName, name);
        const item = await aws.dynamodb.send(new GetItemCommand({ TableName: cloud.dynamodb.table, Key: { ownerId: { S: user.sub }, fileId: { S: fileId } }, ConsistentRead: true }));
        assert.equal(item.Item.fileName.S, name);
        assert.equal(item.Item.objectKey.S, `uploads/${user.sub}/${fileId}`);
      });
    }
  }

  test('a file part without a filename parameter is refused as a nameless file', async () => {
    await expectRefused({
      aws, cloud, owners: [user.sub], status: 400, code: 'invalid_file_name', label: 'no filename',
      send: () => upload(cloud, user.idToken, [{ name: 'file', data: 'text part, no filename' }]),
    });
  });

  // RFC 6266 section 4.3: a recipient that understands filename* picks it over filename when both are present.
  test('filename* wins over filename when a client sends both', async () => {
    const { res } = await expectStored({
      aws, cloud, ownerId: user.sub, label: 'both',
      send: () => upload(cloud, user.idToken, [{ name: 'file', filename: 'resume.txt', filenameStar: 'résumé.txt', data: 'both names' }]),
    });
    assert.equal(res.json.fileName, 'résumé.txt');
  });
});

describe('rejected file names: 400 invalid_file_name, nothing stored', () => {
  for (const [label, name] of REJECTED) {
    for (const [how, part] of encodings(name)) {
      test(`${label} (${how})`, async () => {
        const res = await expectRefused({
          aws, cloud, owners: [user.sub], status: 400, code: 'invalid_file_name', label,
          send: () => upload(cloud, user.idToken, [part]),
        });
        if (name.length > 3) assert.ok(!res.text.includes(name), 'the problem does not echo the name');
      });
    }
  }
});
