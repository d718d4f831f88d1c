// The repository root, and scratch copies of the files the contract checks read, for hand-breaking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
