// The page's third-party libraries, copied from node_modules (the versions package-lock.json pins) into web/vendor/,
// which git ignores: the page has no build step, so it imports them from its own origin. One list, used by the local
// cloud before it serves web/ and by .github/workflows/deploy.yml before it uploads web/, so that both serve the same
// bytes. Run as a script (`node local/cloud/web-vendor.mjs`) it copies them and prints what it copied.

import { copyFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What the page imports from web/vendor/: `file` (path under web/) comes from `source` (path inside the npm
 * package `package`). hash-wasm's ES module build carries its WebAssembly inline, so one file is all it needs.
 */
export const WEB_VENDOR = [
  { file: 'vendor/hash-wasm.esm.min.js', package: 'hash-wasm', source: 'dist/index.esm.min.js' },
];

/** The version of `name` that package-lock.json pins (its `node_modules/<name>` entry); throws when it pins none. */
export function lockedVersion(name, root = ROOT) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json pins no version of ${name}: add it with npm install --save-exact`);
  return version;
}

/**
 * Copies every WEB_VENDOR file from node_modules into `webDir` (default: the repository's web/), each written to a
 * temporary name and renamed, so that a server reading it meanwhile never sees half a file.
 * @throws Error when node_modules holds another version than package-lock.json pins (run `npm ci`) or lacks a file
 * @returns {{file: string, package: string, version: string}[]} what was copied
 */
export function vendorWebLibraries(webDir = join(ROOT, 'web'), root = ROOT) {
  return WEB_VENDOR.map((entry) => {
    const packageDir = join(root, 'node_modules', entry.package);
    const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
    const locked = lockedVersion(entry.package, root);
    if (installed !== locked) {
      throw new Error(`node_modules holds ${entry.package} ${installed}, package-lock.json pins ${locked}: run npm ci`);
    }
    const target = join(webDir, entry.file);
    mkdirSync(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    copyFileSync(join(packageDir, entry.source), partial);
    renameSync(partial, target);
    return { file: entry.file, package: entry.package, version: installed };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const copied of vendorWebLibraries()) {
    process.stdout.write(`web/${copied.file} <- ${copied.package} ${copied.version}\n`);
  }
}
