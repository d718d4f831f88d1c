// Exit status 0 when node_modules holds exactly the packages package-lock.json pins (as npm's hidden lockfile
// node_modules/.package-lock.json records them), 1 with the first difference on stderr otherwise. Used by
// local/start to run `npm ci` only when needed: file dates lie after a checkout, versions do not.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const hidden = join(root, 'node_modules/.package-lock.json');
if (!existsSync(hidden)) {
  process.stderr.write('node_modules is missing\n');
  process.exit(1);
}
const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
for (const [path, entry] of Object.entries(wanted)) {
  if (!path || entry.optional || entry.dev) continue;
  if (installed[path]?.version !== entry.version) {
    process.stderr.write(`${path}: ${installed[path]?.version ?? 'not installed'}, package-lock.json wants ${entry.version}\n`);
    process.exit(1);
  }
}
