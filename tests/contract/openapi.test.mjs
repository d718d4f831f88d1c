// The upload API's OpenAPI document (src/main/resources/META-INF/openapi.yaml, the one source: SmallRye serves it at
// /q/openapi, OpenApiDocumentTest checks that) against what it describes: the routes of sam/template.yaml, the error
// codes of docs/design.md ("HTTP API"), and its publication next to the page (local web server, deploy.yml).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { REPO_ROOT } from './lib/copies.mjs';
import { loadCfnYaml, loadYaml, read } from './lib/repo.mjs';
import { PUBLISHED_FILES, createWebServer } from '../../local/cloud/web-server.mjs';

const DOCUMENT = PUBLISHED_FILES['/openapi.yaml'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const openapi = YAML.parse(read(REPO_ROOT, DOCUMENT));

/** 'METHOD /path' of every operation of the document. */
function operations(document) {
  return Object.entries(document.paths ?? {})
    .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

/** 'METHOD /path' of every HttpApi event of the SAM template. */
function samRoutes(template) {
  return Object.values(template.Resources ?? {})
    .flatMap((resource) => Object.values(resource.Properties?.Events ?? {}))
    .filter((event) => event.Type === 'HttpApi')
    .map((event) => `${String(event.Properties.Method).toUpperCase()} ${event.Properties.Path}`).sort();
}

/** Follows a local $ref ('#/components/...'). */
function resolve(node) {
  if (!node?.$ref) return node;
  return resolve(node.$ref.slice(2).split('/').reduce((at, key) => at?.[key], openapi));
}

/** Every `code` enum value reachable from a schema (through $ref and allOf). */
function codesOf(schema) {
  const s = resolve(schema);
  if (!s) return [];
  return [...(s.properties?.code?.enum ?? []), ...(s.allOf ?? []).flatMap(codesOf)];
}

test('the document\'s paths and methods are exactly the routes of sam/template.yaml', () => {
  const routes = samRoutes(loadCfnYaml(REPO_ROOT, 'sam/template.yaml'));
  assert.ok(routes.length > 0, 'the template has HttpApi routes');
  assert.deepEqual(operations(openapi), routes);
});

test('every operation needs the bearer token and documents its answers, problems as RFC 9457 JSON with their codes', () => {
  const scheme = openapi.components.securitySchemes.cognito;
  assert.deepEqual([scheme.type, scheme.scheme, scheme.bearerFormat], ['http', 'bearer', 'JWT']);
  assert.deepEqual(openapi.security, [{ cognito: [] }]);
  for (const operation of operations(openapi)) {
    const [method, path] = operation.split(' ');
    const responses = openapi.paths[path][method.toLowerCase()].responses;
    assert.ok(Object.keys(responses).some((status) => /^2\d\d$/.test(status)), `${operation}: a success answer`);
    for (const status of ['401', '406', '500', '503']) assert.ok(responses[status], `${operation}: documents ${status}`);
    for (const [status, response] of Object.entries(responses).filter(([s]) => Number(s) >= 400)) {
      const content = resolve(response).content ?? {};
      assert.deepEqual(Object.keys(content), ['application/problem+json'], `${operation} ${status}: problem JSON only`);
      assert.ok(codesOf(content['application/problem+json'].schema).length > 0, `${operation} ${status}: names its codes`);
    }
  }
});

test('the problem codes of the document are the error codes of docs/design.md', () => {
  const design = read(REPO_ROOT, 'docs/design.md');
  const paragraph = design.slice(design.indexOf('\nError codes:'), design.indexOf('\n\n', design.indexOf('\nError codes:') + 1));
  const designCodes = [...paragraph.matchAll(/`([a-z]+(?:_[a-z0-9]+)+)`/g)].map((m) => m[1]);
  assert.ok(designCodes.length > 20, `found the design's list (${designCodes.length} codes)`);
  const documented = new Set();
  for (const item of Object.values(openapi.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      for (const response of Object.values(item[method].responses)) {
        for (const media of Object.values(resolve(response).content ?? {})) codesOf(media.schema).forEach((c) => documented.add(c));
      }
    }
  }
  // 405 answers a method a path does not have: no operation to list it under, so the description names it.
  documented.add('method_not_allowed');
  assert.match(openapi.info.description, /405 method_not_allowed/);
  assert.deepEqual([...documented].sort(), [...new Set(designCodes)].sort());
});

test('the document is published next to the page: by the local web server and by deploy.yml', async () => {
  const server = createWebServer({ root: `${REPO_ROOT}/web`, config: {}, connectSources: [], files: { '/openapi.yaml': `${REPO_ROOT}/${DOCUMENT}` } });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const res = await fetch(`http://127.0.0.1:${server.address().port}/openapi.yaml`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/yaml/);
    assert.equal(await res.text(), read(REPO_ROOT, DOCUMENT));
  } finally {
    server.close();
  }
  const deploy = loadYaml(REPO_ROOT, '.github/workflows/deploy.yml');
  const scripts = Object.values(deploy.jobs).flatMap((job) => job.steps ?? []).map((step) => step.run ?? '').join('\n')
    .replace(/\\\n\s*/g, ' '); // shell line continuations: one command a line
  assert.match(scripts, new RegExp(`aws s3 cp ${DOCUMENT.replaceAll('.', '\\.')} "s3://\\$\\{FRONTEND_S3_BUCKET_NAME\\}/openapi\\.yaml"`));
  assert.match(scripts, /aws s3 sync web\/ [^\n]*--delete[^\n]*--exclude openapi\.yaml/, 'the sync does not delete the published document');
});
