// The shared state machine definition is valid Amazon States Language once Terraform's placeholders are filled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/copies.mjs';
import { aslValid } from './lib/checks.mjs';

test('processing.asl.json validates with asl-validator after placeholder substitution', async () => {
  assert.deepEqual(await aslValid(REPO_ROOT), []);
});
