// The SHA-256 digests a presigned upload sends before its bytes (docs/design.md, "Presigned uploads"): the whole
// file's, which the item records and the processor verifies, and for a multipart upload every part's, which S3
// checks at each part PUT. hash-wasm (npm, MIT; web/vendor/, copied by local/cloud/web-vendor.mjs) hashes in
// WebAssembly; the file is read slice by slice, never held whole. No DOM access, so Node can import it too.

import { UserError } from './problems.js';

const MIB = 1024 * 1024;
/** Largest file sent with one PUT; above it, a multipart upload. */
export const SINGLE_PUT_MAX_BYTES = 8 * MIB;
/** Smallest part of a multipart upload. */
export const MIN_PART_BYTES = 8 * MIB;
/** Most parts of a multipart upload: parts grow (in whole MiB) so that no file needs more. */
export const MAX_PARTS = 100;
const HASH_SLICE_BYTES = 4 * MIB; // bytes read and hashed at a time

/**
 * How the API splits a file of `sizeBytes` bytes: `{mode: 'single', partSizeBytes: sizeBytes, partCount: 1}` up to
 * 8 MiB, else `{mode: 'multipart', partSizeBytes, partCount}` with partSizeBytes = max(8 MiB, ceil(sizeBytes / 100)
 * rounded up to a whole MiB) and partCount = ceil(sizeBytes / partSizeBytes), at most 100.
 */
export function partPlan(sizeBytes) {
  if (sizeBytes <= SINGLE_PUT_MAX_BYTES) return { mode: 'single', partSizeBytes: sizeBytes, partCount: 1 };
  const partSizeBytes = Math.max(MIN_PART_BYTES, Math.ceil(Math.ceil(sizeBytes / MAX_PARTS) / MIB) * MIB);
  return { mode: 'multipart', partSizeBytes, partCount: Math.ceil(sizeBytes / partSizeBytes) };
}

let library;

/** hash-wasm's ES module, imported on first use (only presigned uploads hash in the page). */
function hashWasm() {
  library ??= import('../vendor/hash-wasm.esm.min.js');
  return library;
}

/**
 * Hashes `file` (a Blob) in one pass: two incremental SHA-256 hashers are fed the same slices, one over the whole
 * file and one restarted at every part boundary of `plan` (from partPlan). Resolves to `{sha256, partChecksums}`:
 * lowercase hex digests, `partChecksums` `[{partNumber, sha256}…]` for a multipart plan and `[]` for a single PUT.
 * `onProgress(bytesHashed)` runs after each slice; when `isStopped()` turns true, it rejects with UserError.
 */
export async function hashFile(file, plan, { onProgress = () => {}, isStopped = () => false } = {}) {
  const { createSHA256 } = await hashWasm();
  const whole = await createSHA256();
  const part = plan.mode === 'multipart' ? await createSHA256() : null;
  whole.init();
  const partChecksums = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber += 1) {
    const start = (partNumber - 1) * plan.partSizeBytes;
    const end = Math.min(file.size, start + plan.partSizeBytes);
    part?.init();
    for (let offset = start; offset < end; offset += HASH_SLICE_BYTES) {
      if (isStopped()) throw new UserError('Upload cancelled.');
      const bytes = new Uint8Array(await file.slice(offset, Math.min(end, offset + HASH_SLICE_BYTES)).arrayBuffer());
      whole.update(bytes);
      part?.update(bytes);
      onProgress(Math.min(end, offset + HASH_SLICE_BYTES));
    }
    if (part) partChecksums.push({ partNumber, sha256: part.digest('hex') });
  }
  return { sha256: whole.digest('hex'), partChecksums };
}
