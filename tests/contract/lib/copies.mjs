// The repository root, and scratch copies of the files the contract checks read, for hand-breaking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout these tests belong to (tests/contract/lib -> repository root). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const COPIED = ['terraform', 'sam', '.github', 'docs', 'README.md', 'src/main/resources/application.properties',
  'processor/src/main/resources/application.properties'];

/**
 * Copies what the checks read (terraform/ without .terraform, sam/, .github/, docs/, README.md, both
 * application.properties) into a new
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

/**
 * Replaces the first occurrence of search (a string, or a RegExp without the g flag) in root/file; throws when it is
 * absent, so a stale edit is noticed.
 */
export function replaceIn(root, file, search, replacement) {
  const target = path.join(root, file);
  const text = fs.readFileSync(target, 'utf8');
  const found = typeof search === 'string' ? text.includes(search) : search.test(text);
  if (!found) throw new Error(`${file} does not contain ${typeof search === 'string' ? JSON.stringify(search) : search}`);
  fs.writeFileSync(target, text.replace(search, replacement));
}

/**
 * How a broken-copy case breaks its copy: its edit(root), or its replace: [file, search, replacement], the one
 * replaceIn() most cases need.
 * @param {{edit?: (root: string) => void, replace?: [string, string|RegExp, string]}} entry
 * @returns {(root: string) => void}
 */
export function editOf({ edit, replace }) {
  if (edit && replace) throw new Error('a case has either edit or replace, not both');
  return edit ?? ((root) => replaceIn(root, ...replace));
}

/**
 * Registers one test per case: the copy broken by the case (editOf: its edit or its replace) makes checks[case.check]
 * report a problem matching case.expect (a case may carry node:test's skip: a reason). Then one test that an unbroken
 * copy passes every check, so the cases fail for their breakage, not for being copies.
 * @param {Array<{name: string, check: string, expect: RegExp, edit?: (root: string) => void,
 *   replace?: [string, string|RegExp, string], skip?: string|false}>} cases
 * @param {Record<string, (root: string) => string[]|Promise<string[]>>} checks
 */
export function testBrokenCopies(cases, checks) {
  for (const entry of cases) {
    const { name, check, expect, skip } = entry;
    test(`broken copy: ${name} -> ${check} fails`, { skip }, async () => {
      const copy = brokenCopy(editOf(entry));
      try {
        const problems = await checks[check](copy);
        assert.ok(problems.length > 0, `${check} found nothing wrong`);
        assert.match(problems.join('\n'), expect);
      } finally {
        removeCopy(copy);
      }
    });
  }

  test(`an unbroken copy passes every check (${Object.keys(checks).join(', ')})`, async () => {
    const copy = brokenCopy(() => {});
    try {
      for (const [name, check] of Object.entries(checks)) assert.deepEqual(await check(copy), [], name);
    } finally {
      removeCopy(copy);
    }
  });
}

