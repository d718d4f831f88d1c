// Contract of the functions' metrics (docs/design.md, "Logs and metrics"): in AWS both functions publish to the
// namespace named after the project (SAM Globals set AWS_EMF_NAMESPACE: !Ref ProjectName, which the alarms and the
// dashboard use), and both read that variable, with the same local default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/copies.mjs';
import { loadCfnYaml, read } from './lib/repo.mjs';

test('SAM gives both functions AWS_EMF_NAMESPACE = the project name', () => {
  const template = loadCfnYaml(REPO_ROOT, 'sam/template.yaml');
  const globals = template.Globals?.Function?.Environment?.Variables ?? {};
  for (const fn of ['UploadFunction', 'ProcessorFunction']) {
    const environment = { ...globals, ...template.Resources?.[fn]?.Properties?.Environment?.Variables };
    assert.deepEqual(environment.AWS_EMF_NAMESPACE, { Ref: 'ProjectName' }, fn);
  }
});

test('both functions take their metrics namespace from AWS_EMF_NAMESPACE, by default s3-dynamo-pipe-app', () => {
  for (const file of ['src/main/resources/application.properties', 'processor/src/main/resources/application.properties']) {
    assert.match(read(REPO_ROOT, file), /^app\.metrics\.namespace=\$\{AWS_EMF_NAMESPACE:s3-dynamo-pipe-app\}$/m, file);
  }
});
