// Contract checks over .github/workflows and the README's list of GitHub secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/copies.mjs';
import {
  workflowsLint, workflowShellClean, secretsDocumented, configJsShape, deployWorkflowContract, ciWorkflowContract,
} from './lib/checks.mjs';

test('workflows pass actionlint', async () => {
  assert.deepEqual(await workflowsLint(REPO_ROOT), []);
});

test('every run: step passes shellcheck', () => {
  assert.deepEqual(workflowShellClean(REPO_ROOT), []);
});

test('every secret the workflows read is listed in the README, and every listed secret is used', () => {
  assert.deepEqual(secretsDocumented(REPO_ROOT), []);
});

test('the config.js that deploy.yml writes has exactly the keys of docs/design.md', async () => {
  assert.deepEqual(await configJsShape(REPO_ROOT), []);
});

test('deploy.yml: push to main, OIDC role, sam deploy, sync of web/, CloudFront invalidation', () => {
  assert.deepEqual(deployWorkflowContract(REPO_ROOT), []);
});

test('ci.yml: .ci/run, terraform/tflint/sam/actionlint checks, native build with glibc check', () => {
  assert.deepEqual(ciWorkflowContract(REPO_ROOT), []);
});
