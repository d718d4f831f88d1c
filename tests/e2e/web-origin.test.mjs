// The page's local origin serves web/ as CloudFront would (security headers), a generated /config.js that points
// at this cloud, and S3 answers the page's cross-origin requests (CORS) as the bucket must.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCloud } from '../support/cloud.mjs';

const cloud = loadCloud();

test('the page is served with CloudFront-like security headers', async () => {
  const res = await fetch(`${cloud.web.url}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.match(await res.text(), /<script type="module" src="app\.js"><\/script>/);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  // The same script sources as CloudFront's policy: the page's own scripts, and WebAssembly for its SHA-256 library.
  const deployed = readFileSync(new URL('../../terraform/frontend.tf', import.meta.url), 'utf8').match(/"(script-src [^"]+)"/)[1];
  assert.equal(csp.split('; ').find((directive) => directive.startsWith('script-src ')), deployed);
  assert.equal(deployed, "script-src 'self' 'wasm-unsafe-eval'");
  assert.match(csp, /frame-ancestors 'none'/);
  for (const origin of [cloud.api.url, cloud.cognito.endpoint]) assert.ok(csp.includes(origin), `connect-src allows ${origin}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.match(res.headers.get('strict-transport-security'), /max-age=\d+/);
});

test('/config.js is generated for this cloud with the shape of docs/design.md', async () => {
  const res = await fetch(`${cloud.web.url}/config.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/javascript/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const dir = mkdtempSync(join(tmpdir(), 'config-js-'));
  try {
    const file = join(dir, 'config.mjs');
    writeFileSync(file, await res.text());
    const { default: config } = await import(pathToFileURL(file).href);
    assert.deepEqual(config, {
      apiUrl: cloud.api.url,
      region: 'us-east-1',
      userPoolId: cloud.cognito.userPoolId,
      clientId: cloud.cognito.clientId,
      cognitoEndpoint: `${cloud.cognito.endpoint}/`,
      maxUploadBytes: 4194304,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only files of web/ are served', async () => {
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/.gitignore', '/nothing-here.js']) {
    const res = await fetch(`${cloud.web.url}${path}`);
    assert.equal(res.status, 404, path);
  }
  const post = await fetch(`${cloud.web.url}/`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
});

test('S3 answers the page origin\'s CORS preflight and exposes ETag', async () => {
  const preflight = await fetch(`${cloud.s3.endpoint}/${cloud.s3.bucket}/uploads/some-key`, {
    method: 'OPTIONS',
    headers: { origin: cloud.web.url, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), cloud.web.url);
  assert.match(preflight.headers.get('access-control-allow-methods'), /PUT/);
  const foreign = await fetch(`${cloud.s3.endpoint}/${cloud.s3.bucket}/uploads/some-key`, {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT' },
  });
  assert.notEqual(foreign.headers.get('access-control-allow-origin'), 'http://evil.example');
});
