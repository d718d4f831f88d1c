// Checks that the deploy workflow deploys only what passed, skips cleanly before the secrets exist, and refuses
// secrets that name different stacks. Like checks.mjs, each takes the repository root and
// resolves to a list of problems; an empty list means the workflows keep the promise. The workflows only run on
// GitHub, so these read them as GitHub would: they follow `needs:` and `uses:` through the called workflows,
// evaluate the `if:` conditions that decide what runs, and execute the deciding run: steps with bash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadYaml, loadTerraformModule, runSteps } from './repo.mjs';

const DEPLOY_WORKFLOW = '.github/workflows/deploy.yml';
/** Amazon Linux 2023 images (Docker Hub or ECR Public): the OS of provided.al2023, glibc 2.34. */
const AL2023_IMAGE = /^(public\.ecr\.aws\/amazonlinux\/)?amazonlinux:2023(\.[0-9.]+)?$/;
/** The secrets of the README's list, as the deploy workflow reads them. */
const SECRETS = {
  AWS_ROLE_TO_ASSUME: 'arn:aws:iam::123456789012:role/demo-github-deploy',
  AWS_REGION: 'ap-northeast-1',
  PROJECT_NAME: 'demo',
  S3_BUCKET_NAME: 'demo-uploads-123456789012',
  DYNAMODB_TABLE_NAME: 'demo-files',
  COGNITO_USER_POOL_ID: 'ap-northeast-1_AbC123',
  COGNITO_APP_CLIENT_ID: 'client123',
  STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:demo-processing',
  FRONTEND_S3_BUCKET_NAME: 'demo-frontend-123456789012',
  FRONTEND_CLOUDFRONT_ID: 'E1ABCDEF234567',
};

// ---------- GitHub expressions (the subset workflows use in if: and concurrency) ----------

const STATUS_FUNCTIONS = ['success', 'always', 'failure', 'cancelled'];

function tokenize(text) {
  const tokens = [];
  const pattern = /\s*(?:('(?:[^']|'')*')|(==|!=|<=|>=|&&|\|\||[<>!(),])|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_*][A-Za-z0-9_-]*)*))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) throw new Error(`cannot read the expression ${JSON.stringify(text)} at ${JSON.stringify(text.slice(index))}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', value: match[1].slice(1, -1).replaceAll("''", "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'op', value: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'number', value: Number(match[3]) });
    else tokens.push({ kind: 'name', value: match[4] });
  }
  return tokens;
}

/** GitHub's loose equality: strings case-insensitively, other types through numbers. */
function looseEquals(left, right) {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  if (typeof left === typeof right) return left === right;
  const number = (value) => (value === null ? 0 : value === true ? 1 : value === false ? 0 : Number(value === '' ? 0 : value));
  return number(left) === number(right);
}

const truthy = (value) => !(value === false || value === null || value === undefined || value === 0 || value === '' || Number.isNaN(value));

/**
 * Evaluates an expression (with or without ${{ }}). lookup(path) answers context paths such as
 * needs.preflight.outputs.deploy or inputs.integration-tests (undefined = null). Status functions: success() and
 * always() are true, failure() and cancelled() false (the run being judged is one where everything passed).
 */
export function evaluate(expression, lookup) {
  const text = String(expression).trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const take = (value) => {
    const token = tokens[position];
    if (!token || (value !== undefined && token.value !== value)) throw new Error(`expected ${value ?? 'more'} in ${JSON.stringify(text)}`);
    position += 1;
    return token;
  };
  const primary = () => {
    const token = take();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'op' && token.value === '(') { const value = or(); take(')'); return value; }
    if (token.kind === 'op' && token.value === '!') return !truthy(primary());
    if (token.kind !== 'name') throw new Error(`unexpected ${token.value} in ${JSON.stringify(text)}`);
    if (['true', 'false', 'null'].includes(token.value)) return JSON.parse(token.value);
    if (peek()?.value === '(') {
      take('(');
      const args = [];
      while (peek()?.value !== ')') { args.push(or()); if (peek()?.value === ',') take(','); }
      take(')');
      if (STATUS_FUNCTIONS.includes(token.value)) return token.value === 'success' || token.value === 'always';
      if (token.value === 'contains') return String(args[0]).toLowerCase().includes(String(args[1]).toLowerCase());
      if (token.value === 'startsWith') return String(args[0]).toLowerCase().startsWith(String(args[1]).toLowerCase());
      throw new Error(`function ${token.value}() is not understood by this check`);
    }
    const value = lookup(token.value);
    return value === undefined ? null : value;
  };
  const comparison = () => {
    let left = primary();
    while (['==', '!='].includes(peek()?.value)) {
      const op = take().value;
      const right = primary();
      left = op === '==' ? looseEquals(left, right) : !looseEquals(left, right);
    }
    return left;
  };
  const and = () => {
    let left = comparison();
    while (peek()?.value === '&&') { take(); const right = comparison(); left = truthy(left) ? right : left; }
    return left;
  };
  const or = () => {
    let left = and();
    while (peek()?.value === '||') { take(); const right = and(); left = truthy(left) ? left : right; }
    return left;
  };
  const value = or();
  if (position !== tokens.length) throw new Error(`cannot read the rest of ${JSON.stringify(text)}`);
  return value;
}

/** Whether an if: condition lets a job or step run (no condition: it runs). */
function runsIf(condition, lookup) {
  return condition === undefined || truthy(evaluate(condition, lookup));
}

/** The status functions an if: uses besides success(): with them a job can run after a failed need. */
function bypassesFailures(condition) {
  return condition !== undefined && /\b(always|failure|cancelled)\s*\(/.test(String(condition));
}

// ---------- the jobs a deploy depends on ----------

const needsOf = (job) => [job?.needs ?? []].flat();
const isAwsStep = (step) => String(step.uses ?? '').startsWith('aws-actions/')
  || /(^|[\s;&|(])(aws|sam)\s+[a-z]/m.test(String(step.run ?? ''));

/** The deploy job: the job of deploy.yml that assumes the AWS role. */
function findDeployJob(workflow) {
  return Object.entries(workflow.jobs ?? {}).find(([, job]) => (job.steps ?? [])
    .some((step) => String(step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@')));
}

/** Job ids of a workflow that jobId needs, directly or through other jobs. */
function needsClosure(workflow, jobId) {
  const seen = new Set();
  const visit = (id) => {
    for (const need of needsOf(workflow.jobs?.[id])) if (!seen.has(need)) { seen.add(need); visit(need); }
  };
  visit(jobId);
  return [...seen];
}

/** The inputs a called workflow sees: its declared defaults overlaid with the caller's with:. */
function calledInputs(root, calledFile, withValues, callerLookup) {
  const declared = loadYaml(root, calledFile).on?.workflow_call?.inputs ?? {};
  const inputs = {};
  for (const [name, spec] of Object.entries(declared)) if (spec?.default !== undefined) inputs[name] = spec.default;
  for (const [name, value] of Object.entries(withValues ?? {})) {
    inputs[name] = typeof value === 'string' && value.includes('${{') ? evaluate(value, callerLookup) : value;
  }
  return inputs;
}

const inputsLookup = (inputs) => (name) => (name.startsWith('inputs.') ? inputs[name.slice('inputs.'.length)] : undefined);

/**
 * Every job that must succeed before jobId of file runs: the jobs it needs and, for a need that calls a workflow,
 * every job of that workflow that is not skipped on this path (a skipped job counts as passed) nor allowed to fail.
 * Each: {file, id, job, lookup, path}.
 */
function gateJobs(root, file, jobId, lookup = () => undefined, trail = file) {
  const workflow = loadYaml(root, file);
  const gates = [];
  const expand = (callerFile, id, job, jobLookup, where) => {
    const calledPath = String(job.uses ?? '');
    if (calledPath.startsWith('./')) {
      const calledFile = calledPath.slice(2);
      const inputs = calledInputs(root, calledFile, job.with, jobLookup);
      const called = loadYaml(root, calledFile);
      for (const [calledId, calledJob] of Object.entries(called.jobs ?? {})) {
        expand(calledFile, calledId, calledJob, inputsLookup(inputs), `${where} -> ${calledFile} [${calledId}]`);
      }
      return;
    }
    if (!runsIf(job.if, jobLookup)) return;
    if (job['continue-on-error'] === true) return;
    gates.push({ file: callerFile, id, job, lookup: jobLookup, path: where });
  };
  for (const id of needsClosure(workflow, jobId)) {
    const job = workflow.jobs?.[id];
    if (job) expand(file, id, job, lookup, `${trail} [${id}]`);
  }
  return gates;
}

/** The steps of a job that run on this path (their if: holds) and whose failure fails the job. */
function activeSteps(gate) {
  return (gate.job.steps ?? []).filter((step) => runsIf(step.if, gate.lookup) && step['continue-on-error'] !== true);
}

const artifactName = (step, action) => (String(step.uses ?? '').startsWith(`actions/${action}-artifact@`) ? String(step.with?.name ?? '') : null);

/**
 * The deploy job transitively needs (a) a job that runs .ci/run, the repository's test command with the JVM suites,
 * and (b) a job in an Amazon Linux 2023 container (the OS of provided.al2023) that runs the native integration tests
 * (./local/test with -Dnative and quarkus.native.reuse-existing) on the executables of an artifact uploaded by
 * another gate job; the deploy job downloads that same artifact from this run, which is uploaded exactly once and
 * never overwritten. No condition on the path skips them, and the deploy job does not run after a failed need.
 */
export function deployGated(root) {
  const workflow = loadYaml(root, DEPLOY_WORKFLOW);
  const deploy = findDeployJob(workflow);
  if (!deploy) return [`${DEPLOY_WORKFLOW} has no job that assumes the AWS role (aws-actions/configure-aws-credentials)`];
  const [deployId, deployJob] = deploy;
  const problems = [];
  const gates = gateJobs(root, DEPLOY_WORKFLOW, deployId);
  const describe = (gate) => gate.path;

  if (bypassesFailures(deployJob.if)) problems.push(`${DEPLOY_WORKFLOW} [${deployId}]: if: ${deployJob.if} runs the deploy even when a gate failed`);
  if (deployJob['continue-on-error'] !== undefined) problems.push(`${DEPLOY_WORKFLOW} [${deployId}]: continue-on-error has no place on the deploy job`);
  for (const id of needsClosure(workflow, deployId)) {
    if (bypassesFailures(workflow.jobs?.[id]?.if)) problems.push(`${DEPLOY_WORKFLOW} [${id}]: if: ${workflow.jobs[id].if} lets it pass a failed gate on`);
  }

  // (a) the JVM suites
  const jvm = gates.find((gate) => activeSteps(gate).some((step) => String(step.run ?? '').trim() === '.ci/run'));
  if (!jvm) problems.push(`the deploy job [${deployId}] does not need a job that runs .ci/run (the JVM suites and the rest of the repository's tests)`);

  // (b) the native integration tests on Amazon Linux 2023
  const image = (job) => String(typeof job.container === 'string' ? job.container : job.container?.image ?? '');
  const nativeTests = (gate) => activeSteps(gate).some((step) => /(^|\s)\.?\/?local\/test\b/.test(String(step.run ?? ''))
    && /-Dnative\b/.test(String(step.env?.MAVEN_ARGS ?? '')) && /-Dquarkus\.native\.reuse-existing=true/.test(String(step.env?.MAVEN_ARGS ?? '')));
  const al2023 = gates.filter((gate) => AL2023_IMAGE.test(image(gate.job)) && nativeTests(gate));
  if (!al2023.length) {
    const skipped = [];
    for (const file of new Set(gates.map((gate) => gate.file))) {
      for (const [id, job] of Object.entries(loadYaml(root, file).jobs ?? {})) {
        if (AL2023_IMAGE.test(image(job)) && !gates.some((gate) => gate.file === file && gate.id === id)) skipped.push(`${file} [${id}]`);
      }
    }
    problems.push('the deploy job does not need a job that runs the native integration tests (./local/test with MAVEN_ARGS '
      + '-Dnative -Dquarkus.native.reuse-existing=true) in an Amazon Linux 2023 container'
      + (skipped.length ? `; ${skipped.join(', ')} is skipped on the path to deploy (if: or integration-tests: false)` : '')
      + `; it needs: ${gates.map(describe).join(', ') || 'nothing'}`);
  }
  for (const gate of al2023) {
    const steps = activeSteps(gate);
    const text = JSON.stringify(steps);
    if (!/dnf install[^"]*java-17-amazon-corretto/.test(text)) problems.push(`${describe(gate)}: installs no Amazon Corretto 17 with dnf`);
    const node = steps.find((step) => String(step.uses ?? '').startsWith('actions/setup-node@'));
    if (!node || !/^20(\.|$)/.test(String(node.with?.['node-version'] ?? ''))) problems.push(`${describe(gate)}: sets up no Node 20 (actions/setup-node)`);
  }

  // The artifact: built by a gate, downloaded by the native tests and by the deploy job, from this run, once.
  const uploads = gates.flatMap((gate) => activeSteps(gate).map((step) => artifactName(step, 'upload')).filter(Boolean)
    .map((name) => ({ name, gate })));
  const testedArtifacts = new Set(al2023.flatMap((gate) => activeSteps(gate).map((step) => artifactName(step, 'download')).filter(Boolean)));
  const deployDownloads = (deployJob.steps ?? []).filter((step) => artifactName(step, 'download') !== null);
  if (!deployDownloads.length) problems.push(`the deploy job [${deployId}] downloads no artifact: it would deploy something it built itself`);
  for (const step of deployDownloads) {
    const name = artifactName(step, 'download');
    for (const foreign of ['run-id', 'github-token', 'repository']) {
      if (step.with?.[foreign] !== undefined) problems.push(`the deploy job downloads "${name}" with ${foreign}: from another run, not the one whose tests passed`);
    }
    if (!uploads.some((upload) => upload.name === name)) problems.push(`the deploy job downloads "${name}", which no job it needs uploads`);
    if (al2023.length && !testedArtifacts.has(name)) problems.push(`the deploy job downloads "${name}", but the native integration tests run on ${[...testedArtifacts].map((n) => `"${n}"`).join(', ') || 'no downloaded artifact'}`);
    const uploadsOfName = uploads.filter((upload) => upload.name === name);
    if (uploadsOfName.length > 1) problems.push(`"${name}" is uploaded by ${uploadsOfName.length} steps on the path to deploy: the deployed bytes need not be the tested ones`);
    for (const upload of uploadsOfName) {
      const step = activeSteps(upload.gate).find((candidate) => artifactName(candidate, 'upload') === name);
      if (String(step?.with?.overwrite) === 'true') problems.push(`${describe(upload.gate)} uploads "${name}" with overwrite: true`);
    }
    for (const gate of al2023) {
      if (uploadsOfName.some((upload) => upload.gate === gate)) problems.push(`${describe(gate)} uploads "${name}" itself: the tests must run the build job's executables`);
    }
  }
  return problems;
}

// ---------- executing run: steps ----------

/** The env a step sees (workflow, job, step), with ${{ secrets.X }} resolved from secrets and other expressions empty. */
function stepEnv(workflow, job, step, secrets) {
  const env = {};
  for (const [name, value] of Object.entries({ ...workflow.env, ...job.env, ...step.env })) {
    const secret = String(value).match(/^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/);
    env[name] = secret ? (secrets[secret[1]] ?? '') : String(value).replace(/\$\{\{[^}]*\}\}/g, '');
  }
  return env;
}

/** Where each env variable of a step comes from: the secret it maps, if any. */
function envSecrets(workflow, job, step) {
  const sources = {};
  for (const [name, value] of Object.entries({ ...workflow.env, ...job.env, ...step.env })) {
    sources[name] = String(value).match(/^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/)?.[1];
  }
  return sources;
}

/**
 * Runs a run: step with bash as GitHub does (bash --noprofile --norc -eo pipefail), in a scratch directory, with
 * stand-ins for aws and sam on PATH that record and refuse every call. Returns {status, output, outputs, awsCalls}.
 */
function executeStep(run, env) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-step-'));
  try {
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    const calls = path.join(scratch, 'aws-calls');
    for (const tool of ['aws', 'sam']) {
      fs.writeFileSync(path.join(bin, tool), `#!/bin/bash\necho "${tool} $*" >> '${calls}'\necho "no AWS call may happen here: ${tool} $*" >&2\nexit 99\n`, { mode: 0o755 });
    }
    const outputFile = path.join(scratch, 'github-output');
    fs.writeFileSync(outputFile, '');
    const script = run.replace(/\$\{\{[^}]*\}\}/g, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: scratch, encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: scratch, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: scratch, ...env },
    });
    const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n')
      .filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    return {
      status: result.status, output: `${result.stdout}${result.stderr}`, outputs,
      awsCalls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim() : '',
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every step of deploy.yml with its place: [{jobId, job, index, step}]. */
function allSteps(workflow) {
  return Object.entries(workflow.jobs ?? {}).flatMap(([jobId, job]) => (job.steps ?? []).map((step, index) => ({ jobId, job, index, step })));
}

/**
 * The "are the secrets set?" step: a run: step of deploy.yml that reads AWS_ROLE_TO_ASSUME, mapped from the secret
 * of that name, and writes a step output.
 */
function findSecretsStep(workflow) {
  return allSteps(workflow).find(({ job, step }) => typeof step.run === 'string' && step.id
    && /\bAWS_ROLE_TO_ASSUME\b/.test(step.run) && /GITHUB_OUTPUT/.test(step.run)
    && envSecrets(workflow, job, step).AWS_ROLE_TO_ASSUME === 'AWS_ROLE_TO_ASSUME');
}

/**
 * A lookup for the conditions of deploy.yml once the secrets step has produced outputs: steps.<id>.outputs.* in its
 * own job, needs.<job>.outputs.* through that job's outputs:, needs.<job>.result as success, github.* of a push to main.
 */
function conditionLookup(workflow, secretsStep, outputs, currentJobId) {
  const stepOutputs = (jobId) => (name) => {
    const match = name.match(/^steps\.([^.]+)\.outputs\.(.+)$/);
    if (!match) return undefined;
    return secretsStep && jobId === secretsStep.jobId && match[1] === secretsStep.step.id ? outputs[match[2]] : undefined;
  };
  return (name) => {
    const github = { 'github.event_name': 'push', 'github.ref': 'refs/heads/main', 'github.ref_name': 'main' };
    if (name in github) return github[name];
    let match = name.match(/^needs\.([^.]+)\.outputs\.(.+)$/);
    if (match) {
      const expression = workflow.jobs?.[match[1]]?.outputs?.[match[2]];
      return expression === undefined ? undefined : evaluate(expression, stepOutputs(match[1]));
    }
    match = name.match(/^needs\.([^.]+)\.result$/);
    if (match) return 'success';
    return stepOutputs(currentJobId)(name);
  };
}

/** Whether a step of a job runs, given the outputs of the secrets step. */
function stepRuns(workflow, secretsStep, outputs, jobId, job, step) {
  const lookup = conditionLookup(workflow, secretsStep, outputs, jobId);
  return runsIf(job.if, lookup) && runsIf(step.if, lookup);
}

/**
 * Before the secrets exist: executing the secrets step with AWS_ROLE_TO_ASSUME empty succeeds with a ::notice:: that
 * says how to deploy later (workflow_dispatch), and then no AWS step runs; with every secret set, every AWS step of
 * the deploy job runs; with the role set but another secret missing, the step fails with an ::error:: naming it.
 */
export function deploySkipsWithoutSecrets(root) {
  const workflow = loadYaml(root, DEPLOY_WORKFLOW);
  const deploy = findDeployJob(workflow);
  if (!deploy) return [`${DEPLOY_WORKFLOW} has no job that assumes the AWS role (aws-actions/configure-aws-credentials)`];
  const [deployId, deployJob] = deploy;
  const secretsStep = findSecretsStep(workflow);
  if (!secretsStep) {
    return [`${DEPLOY_WORKFLOW} has no step (with an id) that reads AWS_ROLE_TO_ASSUME from secrets.AWS_ROLE_TO_ASSUME and `
      + 'writes to $GITHUB_OUTPUT whether to deploy: without the secret, the deploy fails at configure-aws-credentials'];
  }
  const problems = [];
  const where = `${DEPLOY_WORKFLOW} [${secretsStep.jobId}] "${secretsStep.step.name ?? secretsStep.step.id}"`;
  const awsSteps = (deployJob.steps ?? []).filter(isAwsStep);
  const before = secretsStep.jobId === deployId
    ? secretsStep.index < (deployJob.steps ?? []).findIndex(isAwsStep)
    : needsClosure(workflow, deployId).includes(secretsStep.jobId);
  if (!before) problems.push(`${where} does not run before the deploy job's first AWS step`);

  const run = (secrets) => executeStep(secretsStep.step.run, stepEnv(workflow, secretsStep.job, secretsStep.step, secrets));
  const runningAwsSteps = (outputs) => awsSteps.filter((step) => stepRuns(workflow, secretsStep, outputs, deployId, deployJob, step));
  const stepName = (step) => step.name ?? step.uses;

  const withoutRole = run({ ...SECRETS, AWS_ROLE_TO_ASSUME: '' });
  if (withoutRole.status !== 0) problems.push(`${where} fails without AWS_ROLE_TO_ASSUME (exit ${withoutRole.status}); it must skip the deploy and let the run pass: ${withoutRole.output.trim()}`);
  if (!/::notice\b[^\n]*AWS_ROLE_TO_ASSUME/.test(withoutRole.output)) problems.push(`${where} prints no ::notice:: naming AWS_ROLE_TO_ASSUME when it skips the deploy`);
  if (!/::notice\b[^\n]*(Run workflow|gh workflow run|workflow_dispatch)/.test(withoutRole.output)) problems.push(`${where}: its ::notice:: does not say how to deploy once the secrets exist (Run workflow / gh workflow run deploy.yml)`);
  const stillRunning = runningAwsSteps(withoutRole.outputs);
  if (stillRunning.length) problems.push(`with AWS_ROLE_TO_ASSUME empty (outputs ${JSON.stringify(withoutRole.outputs)}), these AWS steps still run: ${stillRunning.map(stepName).join(', ')}`);

  const withAll = run(SECRETS);
  if (withAll.status !== 0) problems.push(`${where} fails with every secret set (exit ${withAll.status}): ${withAll.output.trim()}`);
  const skipped = awsSteps.filter((step) => !runningAwsSteps(withAll.outputs).includes(step));
  if (skipped.length) problems.push(`with every secret set (outputs ${JSON.stringify(withAll.outputs)}), these AWS steps do not run: ${skipped.map(stepName).join(', ')}`);

  const halfConfigured = run({ ...SECRETS, PROJECT_NAME: '' });
  if (halfConfigured.status === 0 && runningAwsSteps(halfConfigured.outputs).length === 0) {
    problems.push(`${where} skips the deploy silently when AWS_ROLE_TO_ASSUME is set but PROJECT_NAME is not; it must fail and name PROJECT_NAME`);
  } else if (halfConfigured.status === 0 || !/::error\b[^\n]*PROJECT_NAME/.test(halfConfigured.output)) {
    problems.push(`${where} must fail with an ::error:: naming PROJECT_NAME when AWS_ROLE_TO_ASSUME is set but PROJECT_NAME is not (exit ${halfConfigured.status}): ${halfConfigured.output.trim()}`);
  }
  if (withoutRole.awsCalls || withAll.awsCalls) problems.push(`${where} calls AWS: ${withoutRole.awsCalls || withAll.awsCalls}`);
  return problems;
}

/** The state machine's name as Terraform gives it, for a project name. */
async function terraformStateMachineName(root, projectName) {
  const module = await loadTerraformModule(root, 'terraform');
  const machines = Object.values(module.resource.aws_sfn_state_machine ?? {});
  if (machines.length !== 1) return null;
  return String(machines[0].name).replaceAll('${var.project_name}', projectName);
}

/**
 * The name check: a run: step of deploy.yml that reads PROJECT_NAME, AWS_REGION and STATE_MACHINE_ARN (mapped from
 * the secrets of those names), makes no AWS call and runs before the first one whenever the deploy runs. Executed
 * with PROJECT_NAME=demo and a state machine named as Terraform names demo's, it passes; with another state machine
 * name, or another region than AWS_REGION, it exits non-zero with an ::error:: that names both values and the
 * Terraform output to copy.
 */
export async function deployNamesAgree(root) {
  const workflow = loadYaml(root, DEPLOY_WORKFLOW);
  const deploy = findDeployJob(workflow);
  if (!deploy) return [`${DEPLOY_WORKFLOW} has no job that assumes the AWS role (aws-actions/configure-aws-credentials)`];
  const [deployId, deployJob] = deploy;
  // Steps that expand all three ($NAME or ${NAME...}) and call no AWS command.
  const candidates = runSteps(root, DEPLOY_WORKFLOW).filter((step) => !isAwsStep(step)
    && ['PROJECT_NAME', 'AWS_REGION', 'STATE_MACHINE_ARN'].every((name) => new RegExp(`\\$\\{?${name}\\b`).test(step.run)))
    .map((candidate) => allSteps(workflow).find(({ jobId, step }) => jobId === candidate.job && step.run === candidate.run));
  if (!candidates.length) {
    return [`${DEPLOY_WORKFLOW} has no step that checks PROJECT_NAME and AWS_REGION against STATE_MACHINE_ARN without calling AWS: `
      + 'secrets from two stacks deploy cleanly and every execution fails'];
  }
  const machine = await terraformStateMachineName(root, 'demo');
  if (!machine) return ['terraform/ must declare exactly one aws_sfn_state_machine'];
  // The check holds when one of them does the job; otherwise the problems of the closest one.
  const results = candidates.map((check) => nameCheckProblems(workflow, deployId, deployJob, check, machine));
  return results.reduce((best, problems) => (problems.length < best.length ? problems : best));
}

/** What is wrong with one candidate name-check step (see deployNamesAgree). */
function nameCheckProblems(workflow, deployId, deployJob, check, machine) {
  const where = `${DEPLOY_WORKFLOW} [${check.jobId}] "${check.step.name ?? check.index + 1}"`;
  const problems = [];
  const sources = envSecrets(workflow, check.job, check.step);
  for (const name of ['PROJECT_NAME', 'AWS_REGION', 'STATE_MACHINE_ARN']) {
    if (sources[name] !== name) problems.push(`${where}: ${name} must come from secrets.${name}`);
  }
  const before = check.jobId === deployId
    ? check.index < (deployJob.steps ?? []).findIndex(isAwsStep)
    : needsClosure(workflow, deployId).includes(check.jobId);
  if (!before) problems.push(`${where} does not run before the deploy job's first AWS call`);
  const secretsStep = findSecretsStep(workflow);
  const deployingOutputs = secretsStep
    ? executeStep(secretsStep.step.run, stepEnv(workflow, secretsStep.job, secretsStep.step, SECRETS)).outputs : {};
  if (!stepRuns(workflow, secretsStep, deployingOutputs, check.jobId, check.job, check.step)) problems.push(`${where} does not run when the deploy does`);

  const arn = (region, name) => `arn:aws:states:${region}:123456789012:stateMachine:${name}`;
  const run = (secrets) => executeStep(check.step.run, stepEnv(workflow, check.job, check.step, { ...SECRETS, ...secrets }));
  const cases = [
    { label: 'matching values', secrets: { PROJECT_NAME: 'demo', AWS_REGION: 'ap-northeast-1', STATE_MACHINE_ARN: arn('ap-northeast-1', machine) }, pass: true },
    { label: 'another stack\'s state machine', secrets: { PROJECT_NAME: 'demo', AWS_REGION: 'ap-northeast-1', STATE_MACHINE_ARN: arn('ap-northeast-1', 'other-processing') }, pass: false, names: ['demo', 'other-processing'], output: 'sfn_state_machine_arn' },
    { label: 'a state machine in another region', secrets: { PROJECT_NAME: 'demo', AWS_REGION: 'ap-northeast-1', STATE_MACHINE_ARN: arn('us-west-2', machine) }, pass: false, names: ['ap-northeast-1', 'us-west-2'], output: 'aws_region|sfn_state_machine_arn' },
  ];
  for (const { label, secrets, pass, names = [], output } of cases) {
    const result = run(secrets);
    const given = Object.entries(secrets).map(([name, value]) => `${name}=${value}`).join(' ');
    if (result.awsCalls) problems.push(`${where} calls AWS (${result.awsCalls})`);
    if (pass) {
      if (result.status !== 0) problems.push(`${where} fails for ${label} (${given}; Terraform names demo's state machine ${machine}): ${result.output.trim()}`);
      continue;
    }
    if (result.status === 0) { problems.push(`${where} passes for ${label} (${given})`); continue; }
    const errors = result.output.split('\n').filter((line) => line.includes('::error')).join('\n');
    if (!errors) problems.push(`${where} fails for ${label} without an ::error:: line`);
    for (const value of names) if (!errors.includes(value)) problems.push(`${where}: the error for ${label} does not name "${value}": ${errors}`);
    if (!new RegExp(output).test(errors)) problems.push(`${where}: the error for ${label} does not say which Terraform output to copy (${output.replace('|', ' or ')})`);
  }
  return problems;
}

/** A value with ${{ }} interpolations, as GitHub expands it. */
function interpolate(text, lookup) {
  return String(text).replace(/\$\{\{([^}]*)\}\}/g, (_, expression) => String(evaluate(expression, lookup) ?? ''));
}

/** {group, cancel} of a concurrency: value (a string is a group that never cancels). */
function concurrencyOf(value, lookup) {
  if (value === undefined) return null;
  if (typeof value === 'string') return { group: interpolate(value, lookup), cancel: false };
  const cancel = value['cancel-in-progress'];
  return {
    group: interpolate(value.group ?? '', lookup),
    cancel: cancel === undefined ? false : truthy(typeof cancel === 'string' ? evaluate(cancel, lookup) : cancel),
  };
}

/**
 * Concurrency on the way to a deploy, for a push to main: deploy.yml never cancels a running deploy; every workflow it
 * calls (and every job on the path) either has no concurrency or a group of its own (the same group as the caller's
 * is a deadlock GitHub cancels) that does not cancel in progress there (github.workflow is the caller's name then).
 */
export function deployConcurrencySafe(root) {
  const workflow = loadYaml(root, DEPLOY_WORKFLOW);
  const deploy = findDeployJob(workflow);
  if (!deploy) return [`${DEPLOY_WORKFLOW} has no job that assumes the AWS role (aws-actions/configure-aws-credentials)`];
  const [deployId, deployJob] = deploy;
  const github = { 'github.workflow': workflow.name ?? DEPLOY_WORKFLOW, 'github.ref': 'refs/heads/main', 'github.event_name': 'push', 'github.ref_name': 'main' };
  const lookup = (name) => github[name];
  const problems = [];
  const own = concurrencyOf(workflow.concurrency, lookup);
  if (own?.cancel) problems.push(`${DEPLOY_WORKFLOW}: concurrency cancel-in-progress would cancel a running deploy`);
  const deployOwn = concurrencyOf(deployJob.concurrency, lookup);
  if (deployOwn?.cancel) problems.push(`${DEPLOY_WORKFLOW} [${deployId}]: concurrency cancel-in-progress would cancel a running deploy`);
  const held = [own, deployOwn].filter(Boolean).map((entry) => entry.group.toLowerCase());
  const calledFiles = new Set();
  const visitCalls = (file) => {
    for (const job of Object.values(loadYaml(root, file).jobs ?? {})) {
      const called = String(job.uses ?? '');
      if (called.startsWith('./') && !calledFiles.has(called.slice(2))) { calledFiles.add(called.slice(2)); visitCalls(called.slice(2)); }
    }
  };
  visitCalls(DEPLOY_WORKFLOW);
  const entries = [...calledFiles].map((file) => [file, concurrencyOf(loadYaml(root, file).concurrency, lookup)]);
  for (const gate of gateJobs(root, DEPLOY_WORKFLOW, deployId)) {
    entries.push([`${gate.file} [${gate.id}]`, concurrencyOf(gate.job.concurrency, lookup)]);
  }
  for (const [where, entry] of entries) {
    if (!entry) continue;
    if (held.includes(entry.group.toLowerCase())) problems.push(`${where}: concurrency group "${entry.group}" is the deploy's own group when deploy.yml calls it: GitHub cancels that as a deadlock`);
    if (entry.cancel) problems.push(`${where}: concurrency group "${entry.group}" cancels in progress when deploy.yml calls it (github.workflow is "${github['github.workflow']}" there): a newer run would cancel a deploy's gate`);
  }
  return problems;
}

/** Every check of this file, by name. */
export const DEPLOY_GATE_CHECKS = { deployGated, deploySkipsWithoutSecrets, deployNamesAgree, deployConcurrencySafe };
