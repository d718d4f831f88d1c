// Contract checks over sam/template.yaml and its agreement with Terraform and the deploy workflow.
// (sam validate --lint needs the SAM CLI: .github/workflows/ci.yml runs it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/copies.mjs';
import { samApiSecure, samFunctionsConfigured, crossStackNamesAgree, samParametersSupplied } from './lib/checks.mjs';

test('the HTTP API routes sit behind the Cognito JWT authorizer, never OPTIONS; CORS only for the web origin', () => {
  assert.deepEqual(samApiSecure(REPO_ROOT), []);
});

test('both functions: provided.al2023 bootstrap, design env vars, exact-ARN policies, log retention; only the state machine may invoke the processor', () => {
  assert.deepEqual(samFunctionsConfigured(REPO_ROOT), []);
});

test('function names, stack name, artifact bucket and boundary agree between Terraform, SAM and deploy.yml', async () => {
  assert.deepEqual(await crossStackNamesAgree(REPO_ROOT), []);
});

test('deploy.yml supplies every SAM parameter without a default, and no unknown one', () => {
  assert.deepEqual(samParametersSupplied(REPO_ROOT), []);
});
