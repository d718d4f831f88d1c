// The page's third-party libraries (web/vendor/, copied by local/cloud/web-vendor.mjs): the copy is byte for byte the
// npm package's file at the version package-lock.json pins, the page imports exactly what is copied, git keeps no
// copy, and the deploy copies them before it uploads web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/copies.mjs';
import { loadYaml } from './lib/repo.mjs';
import { WEB_VENDOR, lockedVersion, vendorWebLibraries } from '../../local/cloud/web-vendor.mjs';

test('every vendored file is the npm package\'s own file at the version package-lock.json pins', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'web-vendor-'));
  try {
    const copied = vendorWebLibraries(scratch, REPO_ROOT);
    assert.deepEqual(copied.map((entry) => entry.file), WEB_VENDOR.map((entry) => entry.file));
    for (const entry of WEB_VENDOR) {
      const installed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', entry.package, 'package.json'), 'utf8'));
      assert.equal(installed.version, lockedVersion(entry.package, REPO_ROOT), `${entry.package} in node_modules`);
      const pinned = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).dependencies[entry.package];
      assert.equal(pinned, installed.version, `package.json pins ${entry.package} exactly`);
      const source = fs.readFileSync(path.join(REPO_ROOT, 'node_modules', entry.package, entry.source));
      assert.ok(fs.readFileSync(path.join(scratch, entry.file)).equals(source), `${entry.file} is ${entry.package}/${entry.source}`);
      assert.match(source.toString('utf8', 0, 400), /@license MIT/, `${entry.package} is MIT-licensed`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('the page imports exactly the vendored files, and git keeps no copy of them', () => {
  const modules = ['web/app.js', ...fs.readdirSync(path.join(REPO_ROOT, 'web/modules')).map((name) => `web/modules/${name}`)];
  const imported = new Set();
  for (const module of modules) {
    const text = fs.readFileSync(path.join(REPO_ROOT, module), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import\()\s*'([^']*vendor\/[^']+)'/g)) {
      imported.add(path.relative(path.join(REPO_ROOT, 'web'), path.resolve(path.dirname(path.join(REPO_ROOT, module)), specifier)));
    }
  }
  assert.deepEqual([...imported].sort(), WEB_VENDOR.map((entry) => entry.file).sort());
  const ignored = fs.readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8').split('\n');
  assert.ok(ignored.includes('web/vendor/'), '.gitignore lists web/vendor/');
});

test('deploy.yml copies the libraries into web/ after npm ci and before it uploads web/', () => {
  const steps = Object.values(loadYaml(REPO_ROOT, '.github/workflows/deploy.yml').jobs ?? {}).flatMap((job) => job.steps ?? []);
  const runs = steps.map((step) => step.run ?? '').join('\n');
  const at = (pattern) => runs.search(pattern);
  assert.ok(at(/npm ci\b/) >= 0, 'deploy.yml runs npm ci');
  assert.ok(at(/node local\/cloud\/web-vendor\.mjs/) > at(/npm ci\b/), 'then local/cloud/web-vendor.mjs');
  assert.ok(at(/aws s3 sync web\//) > at(/node local\/cloud\/web-vendor\.mjs/), 'then the upload of web/');
});
