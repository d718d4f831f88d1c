// The repository root, and scratch copies of the files the contract checks read, for hand-breaking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

/** The checkout these tests belong to (tests/contract/lib -> repository root). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const COPIED = ['terraform', 'sam', '.github', 'docs', 'README.md'];

/**
 * Copies what the checks read (terraform/ without .terraform, sam/, .github/, docs/, README.md) into a new
 * temporary directory, applies edit(copyRoot) and returns the copy's root. Remove it with removeCopy().
 */
export function brokenCopy(edit) {
  const copyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-copy-'));
  for (const entry of COPIED) {
    const source = path.join(REPO_ROOT, entry);
    if (!fs.existsSync(source)) continue;
    fs.cpSync(source, path.join(copyRoot, entry), {
      recursive: true,
      filter: (file) => !file.split(path.sep).includes('.terraform') && !/\.tfstate/.test(file),
    });
  }
  edit(copyRoot);
  return copyRoot;
}

/** Deletes a copy made by brokenCopy(). */
export function removeCopy(copyRoot) {
  fs.rmSync(copyRoot, { recursive: true, force: true });
}

/** Replaces the first occurrence of search in root/file (throws when it is absent, so a stale edit is noticed). */
export function replaceIn(root, file, search, replacement) {
  const target = path.join(root, file);
  const text = fs.readFileSync(target, 'utf8');
  if (!text.includes(search)) throw new Error(`${file} does not contain ${JSON.stringify(search)}`);
  fs.writeFileSync(target, text.replace(search, replacement));
}

/**
 * Registers the broken-copy tests of a set of checks ({name: check(root) -> problems}): for each case
 * ({name, check, expect, edit}), a copy broken by edit must make checks[check] report a problem matching expect; then
 * an unbroken copy must pass every check, so that the cases fail for their breakage, not for being copies.
 */
export function testBrokenCopies(cases, checks) {
  for (const { name, check, expect, edit } of cases) {
    test(`broken copy: ${name} -> ${check} fails`, async () => {
      const copy = brokenCopy(edit);
      try {
        const problems = await checks[check](copy);
        assert.ok(problems.length > 0, `${check} found nothing wrong`);
        assert.match(problems.join('\n'), expect);
      } finally {
        removeCopy(copy);
      }
    });
  }

  test('an unbroken copy passes every check (the cases above fail for their breakage, not for being copies)', async () => {
    const copy = brokenCopy(() => {});
    try {
      for (const [name, check] of Object.entries(checks)) {
        assert.deepEqual(await check(copy), [], name);
      }
    } finally {
      removeCopy(copy);
    }
  });
}
