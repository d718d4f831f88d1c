// The page's checksum module (web/modules/checksums.js) in Node: the part plan the API and the page share, and the
// one-pass hashing of a file and its parts with hash-wasm, checked against Node's own SHA-256 (OpenSSL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { vendorWebLibraries } from '../../local/cloud/web-vendor.mjs';

vendorWebLibraries(); // web/vendor/, as the local cloud and the deploy fill it
const { hashFile, partPlan } = await import('../../web/modules/checksums.js');

const MiB = 1024 * 1024;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

test('one PUT up to 8 MiB; above, parts of max(8 MiB, size/100 rounded up to a MiB), at most 100', () => {
  assert.deepEqual(partPlan(1), { mode: 'single', partSizeBytes: 1, partCount: 1 });
  assert.deepEqual(partPlan(8 * MiB), { mode: 'single', partSizeBytes: 8 * MiB, partCount: 1 });
  assert.deepEqual(partPlan(8 * MiB + 1), { mode: 'multipart', partSizeBytes: 8 * MiB, partCount: 2 });
  assert.deepEqual(partPlan(800 * MiB), { mode: 'multipart', partSizeBytes: 8 * MiB, partCount: 100 });
  assert.deepEqual(partPlan(800 * MiB + 1), { mode: 'multipart', partSizeBytes: 9 * MiB, partCount: 89 });
  assert.deepEqual(partPlan(5 * 1024 * MiB), { mode: 'multipart', partSizeBytes: 52 * MiB, partCount: 99 });
  for (let size = 8 * MiB + 1; size <= 5 * 1024 * MiB; size += 37 * MiB + 12_345) {
    const plan = partPlan(size);
    assert.ok(plan.partCount <= 100 && plan.partSizeBytes % MiB === 0, `${size} bytes: ${JSON.stringify(plan)}`);
    assert.ok((plan.partCount - 1) * plan.partSizeBytes < size && size <= plan.partCount * plan.partSizeBytes);
  }
});

test('one pass gives the whole file\'s SHA-256 and every part\'s, also for parts that are not a multiple of the slices', async () => {
  const bytes = randomBytes(2 * 9 * MiB + 4321);
  const plan = { mode: 'multipart', partSizeBytes: 9 * MiB, partCount: 3 };
  const seen = [];
  const result = await hashFile(new Blob([bytes]), plan, { onProgress: (hashed) => seen.push(hashed) });
  assert.equal(result.sha256, sha256(bytes));
  assert.deepEqual(result.partChecksums, [1, 2, 3].map((partNumber) => ({
    partNumber, sha256: sha256(bytes.subarray((partNumber - 1) * 9 * MiB, partNumber * 9 * MiB)),
  })));
  assert.equal(seen.at(-1), bytes.length, 'progress ends at the whole size');
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress only grows');
});

test('a single PUT has no part checksums, and a stopped hash rejects without a result', async () => {
  const bytes = randomBytes(5 * MiB + 1);
  const single = await hashFile(new Blob([bytes]), partPlan(bytes.length));
  assert.deepEqual(single, { sha256: sha256(bytes), partChecksums: [] });
  await assert.rejects(hashFile(new Blob([bytes]), partPlan(bytes.length), { isStopped: () => true }), /Upload cancelled/);
});
