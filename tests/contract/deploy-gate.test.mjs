// The deploy gate: the deploy workflow deploys only what passed (JVM suites and native integration tests on
// Amazon Linux 2023, same artifact), skips with a notice before the secrets exist, and refuses secrets that name
// different stacks. Each check passes on the checkout, fails on the workflows as they were before (fixtures/), and
// fails on hand-broken copies, which shows that it can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { brokenCopy, editOf, removeCopy, REPO_ROOT } from './lib/copies.mjs';
import { loadYaml } from './lib/repo.mjs';
import { DEPLOY_GATE_CHECKS, evaluate } from './lib/deploy-gate-checks.mjs';

const DEPLOY = '.github/workflows/deploy.yml';
const CI = '.github/workflows/ci.yml';
const NATIVE = '.github/workflows/native.yml';
/** ci.yml, deploy.yml and native.yml as they were before the deploy gate (deploy built with integration-tests: false). */
const BEFORE = path.join(REPO_ROOT, 'tests/contract/fixtures/workflows-before-issue-10');

async function problemsOn(check, edit) {
  const copy = brokenCopy(edit);
  try {
    return await DEPLOY_GATE_CHECKS[check](copy);
  } finally {
    removeCopy(copy);
  }
}

for (const [name, check] of Object.entries(DEPLOY_GATE_CHECKS)) {
  test(`${name} holds for the repository`, async () => {
    assert.deepEqual(await check(REPO_ROOT), []);
  });
}

const BEFORE_ISSUE = [
  { check: 'deployGated', expect: [/\.ci\/run/, /Amazon Linux 2023/] },
  { check: 'deploySkipsWithoutSecrets', expect: [/AWS_ROLE_TO_ASSUME/] },
  { check: 'deployNamesAgree', expect: [/no step that checks PROJECT_NAME/] },
];
for (const { check, expect } of BEFORE_ISSUE) {
  test(`the workflows before the deploy gate -> ${check} fails`, async () => {
    const problems = await problemsOn(check, (root) => {
      for (const file of fs.readdirSync(BEFORE)) fs.copyFileSync(path.join(BEFORE, file), path.join(root, '.github/workflows', file));
    });
    assert.ok(problems.length > 0, `${check} found nothing wrong`);
    for (const pattern of expect) assert.match(problems.join('\n'), pattern);
  });
}

const CASES = [
  {
    name: 'the native integration tests switched off on the way to deploy (integration-tests: false)',
    check: 'deployGated', expect: /skipped on the path to deploy/,
    replace: [CI, 'integration-tests: true', 'integration-tests: false'],
  },
  {
    name: 'the native integration tests on the runner\'s Ubuntu (glibc 2.39) instead of Amazon Linux 2023',
    check: 'deployGated', expect: /Amazon Linux 2023 container/,
    replace: [NATIVE, /\n {4}container:\n {6}image: [^\n]+/, ''],
  },
  {
    name: 'the native integration tests building their own executables (no reuse-existing)',
    check: 'deployGated', expect: /native integration tests/,
    replace: [NATIVE, '-Dquarkus.native.reuse-existing=true', '-Dquarkus.native.reuse-existing=false'],
  },
  {
    name: 'the native integration tests allowed to fail',
    check: 'deployGated', expect: /native integration tests/,
    replace: [NATIVE, '        run: ./local/test --only-maven', '        continue-on-error: true\n        run: ./local/test --only-maven'],
  },
  {
    name: 'the deploy job no longer needing CI',
    check: 'deployGated', expect: /\.ci\/run/,
    replace: [DEPLOY, 'needs: [ci, preflight]', 'needs: [preflight]'],
  },
  {
    name: 'the deploy job running even when CI failed',
    check: 'deployGated', expect: /even when a gate failed/,
    replace: [DEPLOY, "    if: needs.preflight.outputs.deploy == 'true'", "    if: always() && needs.preflight.outputs.deploy == 'true'"],
  },
  {
    name: 'the deploy job downloading the artifact of another run',
    check: 'deployGated', expect: /from another run/,
    replace: [DEPLOY, '          name: native-functions\n',
      '          name: native-functions\n          run-id: ${{ github.event.workflow_run.id }}\n          github-token: ${{ github.token }}\n'],
  },
  {
    name: 'the tested artifact overwritable after the tests',
    check: 'deployGated', expect: /overwrite: true/,
    replace: [NATIVE, '          if-no-files-found: error\n', '          if-no-files-found: error\n          overwrite: true\n'],
  },
  {
    name: 'a secrets step that decides to deploy without the role',
    check: 'deploySkipsWithoutSecrets', expect: /still run/,
    replace: [DEPLOY, 'if [ -z "$AWS_ROLE_TO_ASSUME" ]; then', 'if false; then'],
  },
  {
    name: 'the deploy job no longer conditioned on the secrets step',
    check: 'deploySkipsWithoutSecrets', expect: /still run/,
    replace: [DEPLOY, "    if: needs.preflight.outputs.deploy == 'true'\n", ''],
  },
  {
    name: 'a skip without a notice',
    check: 'deploySkipsWithoutSecrets', expect: /::notice::/,
    replace: [DEPLOY, 'echo "::notice title=Deploy skipped::', 'echo "Deploy skipped: '],
  },
  {
    name: 'a skip that fails the run red',
    check: 'deploySkipsWithoutSecrets', expect: /fails without AWS_ROLE_TO_ASSUME/,
    replace: [DEPLOY, '            echo "deploy=false" >> "$GITHUB_OUTPUT"\n            exit 0', '            exit 1'],
  },
  {
    name: 'a half-configured repository skipped silently',
    check: 'deploySkipsWithoutSecrets', expect: /PROJECT_NAME/,
    replace: [DEPLOY, '            echo "::error title=Deploy secrets missing::',
      '            echo "deploy=false" >> "$GITHUB_OUTPUT"; exit 0\n            echo "::error title=Deploy secrets missing::'],
  },
  {
    name: 'a name check that no longer compares the state machine name',
    check: 'deployNamesAgree', expect: /passes for another stack's state machine/,
    replace: [DEPLOY, 'if [ "$name" != "$expected" ]; then', 'if false; then'],
  },
  {
    name: 'a name check that no longer compares the region',
    check: 'deployNamesAgree', expect: /passes for a state machine in another region/,
    replace: [DEPLOY, 'if [ "$region" != "$AWS_REGION" ]; then', 'if false; then'],
  },
  {
    name: 'a name-check error that does not name the state machine found',
    check: 'deployNamesAgree', expect: /does not name "other-processing"/,
    replace: [DEPLOY, 'STATE_MACHINE_ARN names the state machine \\"$name\\", but', 'STATE_MACHINE_ARN names another state machine, but'],
  },
  {
    name: 'a name check that runs only when nothing is deployed',
    check: 'deployNamesAgree', expect: /does not run when the deploy does/,
    replace: [DEPLOY, "        if: steps.role.outputs.deploy == 'true'\n", "        if: steps.role.outputs.deploy == 'false'\n"],
  },
  {
    name: 'the state machine renamed in Terraform only',
    check: 'deployNamesAgree', expect: /fails for matching values/,
    replace: ['terraform/workflow.tf', /=\s*"\$\{var\.project_name\}-processing"/, '= "${var.project_name}-pipeline"'],
  },
  {
    name: 'CI cancelling in progress also when Deploy calls it',
    check: 'deployConcurrencySafe', expect: /cancels in progress when deploy\.yml calls it/,
    replace: [CI, "cancel-in-progress: ${{ github.workflow == 'CI' }}", 'cancel-in-progress: true'],
  },
  {
    name: 'CI in the deploy\'s own concurrency group',
    check: 'deployConcurrencySafe', expect: /deadlock/,
    replace: [CI, 'group: ci-${{ github.workflow }}-${{ github.ref }}', 'group: deploy-${{ github.ref }}'],
  },
  {
    name: 'a newer push cancelling a running deploy',
    check: 'deployConcurrencySafe', expect: /cancel a running deploy/,
    replace: [DEPLOY, 'cancel-in-progress: false', 'cancel-in-progress: true'],
  },
];

for (const entry of CASES) {
  const { name, check, expect } = entry;
  test(`broken copy: ${name} -> ${check} fails`, async () => {
    const problems = await problemsOn(check, editOf(entry));
    assert.ok(problems.length > 0, `${check} found nothing wrong`);
    assert.match(problems.join('\n'), expect);
  });
}

test('an unbroken copy passes every deploy-gate check', async () => {
  for (const check of Object.keys(DEPLOY_GATE_CHECKS)) assert.deepEqual(await problemsOn(check, () => {}), [], check);
});

test('the local/test options that native.yml passes exist (local/test --help)', () => {
  const native = loadYaml(REPO_ROOT, NATIVE);
  const runs = Object.values(native.jobs).flatMap((job) => job.steps ?? []).map((step) => String(step.run ?? ''));
  const options = runs.flatMap((run) => [...run.matchAll(/\.\/local\/test((?:\s+--[a-z-]+)*)/g)])
    .flatMap((match) => match[1].trim().split(/\s+/).filter(Boolean));
  assert.ok(options.includes('--only-maven'), 'native.yml runs ./local/test --only-maven (no browser on Amazon Linux)');
  const help = spawnSync('bash', [path.join(REPO_ROOT, 'local/test'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  for (const option of options) assert.match(help.stdout, new RegExp(`^\\s*(Options:\\s*)?${option}\\b`, 'm'), `local/test --help lists ${option}`);
});

test('the expression reading follows GitHub: case-insensitive strings, status functions, outputs as strings', () => {
  const lookup = (name) => ({ 'needs.preflight.outputs.deploy': 'true', 'github.workflow': 'Deploy', 'inputs.integration-tests': false })[name];
  assert.equal(evaluate("${{ needs.preflight.outputs.deploy == 'true' }}", lookup), true);
  assert.equal(evaluate("needs.preflight.outputs.deploy == 'TRUE'", lookup), true);
  assert.equal(evaluate("github.workflow == 'CI'", lookup), false);
  assert.equal(evaluate('inputs.integration-tests', lookup), false);
  assert.equal(evaluate("always() && needs.other.outputs.x == 'true'", lookup), false);
  assert.equal(evaluate('!cancelled()', lookup), true);
});
