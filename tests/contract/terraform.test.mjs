// Contract checks over terraform/: it parses, its variables and outputs are described, the original's outputs
// exist, the shared definitions are read (one copy each), and the security posture holds.
// (terraform validate, terraform test and tflint need the terraform binary: .github/workflows/ci.yml runs them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/copies.mjs';
import {
  terraformParses, terraformVariablesDescribed, terraformOutputsComplete, definitionsShared, pipeConfigured,
  terraformIamExact, bucketsSecure, cloudfrontSecure,
} from './lib/checks.mjs';

test('every Terraform file parses as HCL', async () => {
  assert.deepEqual(await terraformParses(REPO_ROOT), []);
});

test('every variable has a type and a description, every output a description', async () => {
  assert.deepEqual(await terraformVariablesDescribed(REPO_ROOT), []);
});

test('the original outputs (s3_bucket_name ... frontend_cloudfront_domain_name) and the deploy outputs exist', async () => {
  assert.deepEqual(await terraformOutputsComplete(REPO_ROOT), []);
});

test('table, pipe and state machine read the one copy of each shared definition', async () => {
  assert.deepEqual(await definitionsShared(REPO_ROOT), []);
});

test('the pipe has a starting position, batch size 1, bounded retries, a DLQ and starts the workflow FIRE_AND_FORGET', async () => {
  assert.deepEqual(await pipeConfigured(REPO_ROOT), []);
});

test('IAM grants data actions on exact ARNs only; pipe and workflow roles are limited to their resources', async () => {
  assert.deepEqual(await terraformIamExact(REPO_ROOT), []);
});

test('buckets are private, encrypted, versioned and TLS-only; storage CORS and frontend OAC policy are right', async () => {
  assert.deepEqual(await bucketsSecure(REPO_ROOT), []);
});

test('CloudFront uses OAC on the regional domain name, HTTPS and the security headers', async () => {
  assert.deepEqual(await cloudfrontSecure(REPO_ROOT), []);
});
