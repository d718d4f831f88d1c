// How uploads end, checked offline: S3Proxy runs no lifecycle rules and keeps no versions, so the rules
// that remove unfinished uploads and old versions, and the IAM a complete delete needs, are checked on the files (and
// on hand-broken copies, which shows each check can fail). Only AWS can show the rules acting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT, brokenCopy, removeCopy, replaceIn } from './lib/copies.mjs';
import { unfinishedUploadsExpire, deleteRemovesEveryVersion, isoDurationMs } from './lib/lifecycle-checks.mjs';

test('ISO-8601 durations as the upload deadline is written', () => {
  assert.equal(isoDurationMs('PT24H'), 86_400_000);
  assert.equal(isoDurationMs('P1DT1H'), 90_000_000);
  assert.equal(isoDurationMs('PT90M'), 5_400_000);
  assert.ok(Number.isNaN(isoDurationMs('24h')));
});

test('the lifecycle empties pending/ after the upload deadline, aborts parts, removes lone delete markers', async () => {
  assert.deepEqual(await unfinishedUploadsExpire(REPO_ROOT), []);
});

test('the upload function and its boundary may delete every version and use pending/', async () => {
  assert.deepEqual(await deleteRemovesEveryVersion(REPO_ROOT), []);
});

const BROKEN = [
  ['no rule for pending/', unfinishedUploadsExpire, /pending\//,
    (root) => replaceIn(root, 'terraform/storage.tf', 'prefix_expirations      = [{ prefix = "pending/", days = var.unfinished_upload_days }]', '')],
  ['a deadline longer than the lifecycle', unfinishedUploadsExpire, /shorter than the upload deadline/,
    (root) => replaceIn(root, 'src/main/resources/application.properties', '${PRESIGNED_UPLOAD_DEADLINE:PT24H}', '${PRESIGNED_UPLOAD_DEADLINE:PT48H}')],
  ['delete markers kept for ever', unfinishedUploadsExpire, /delete markers/,
    (root) => replaceIn(root, 'terraform/modules/private_bucket/main.tf', 'expired_object_delete_marker = true', 'expired_object_delete_marker = false')],
  ['the boundary without DeleteObjectVersion', deleteRemovesEveryVersion, /function boundary: s3:DeleteObjectVersion/,
    (root) => replaceIn(root, 'terraform/function_boundary.tf', '"s3:DeleteObjectVersion", ', '')],
  ['SAM without ListBucketVersions', deleteRemovesEveryVersion, /SAM UploadFunction: s3:ListBucketVersions/,
    (root) => replaceIn(root, 'sam/template.yaml', '                - s3:ListBucketVersions\n', '')],
];
for (const [name, check, expected, edit] of BROKEN) {
  test(`a broken copy is reported: ${name}`, async () => {
    const root = brokenCopy(edit);
    try {
      const problems = await check(root);
      assert.ok(problems.some((p) => expected.test(p)), JSON.stringify(problems));
    } finally {
      removeCopy(root);
    }
  });
}
