// Contract checks for what makes a user's first deploy work in every region: IAM and stream propagation before the
// pipe is created, a pipe that misses no early insert, a workflow task that outlives its Lambda, production S3
// addressing, presigned-URL hosts that the page's CSP allows, a deploy role without needless power, and a SAM
// template that AWS's own linter accepts. Each check takes the repository root and resolves to a list of problems;
// first-deploy.test.mjs runs them on the checkout and on hand-broken copies.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { read, loadTerraformModule, loadCfnYaml } from './repo.mjs';

const SAM_TEMPLATE = 'sam/template.yaml';
const ASL = 'terraform/definitions/processing.asl.json';
/** The application.properties of each function, whose unprofiled keys are what runs in AWS. */
export const APPLICATION_PROPERTIES = [
  'src/main/resources/application.properties',
  'processor/src/main/resources/application.properties',
];
/** Reported waits after which the pipe's create no longer fails (terraform-provider-aws#40572). */
const MIN_PROPAGATION_SECONDS = 90;

/** Seconds of a Go duration string as time_sleep takes it ("120s", "2m", "1m30s"); NaN when it is not one. */
export function durationSeconds(text) {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(text ?? ''));
  if (!match || !match[0]) return Number.NaN;
  return (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0);
}

/**
 * The pipe is created only after IAM and the new table stream have propagated: a time_sleep of the hashicorp/time
 * provider of at least 90 s, triggered by (or depending on) the pipe's role policy and the table's stream, on which
 * the pipe depends; and the pipe starts at TRIM_HORIZON, so items inserted before its first poll are processed.
 */
export async function pipeWaitsForPropagation(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const problems = [];
  const versions = read(root, 'terraform/versions.tf');
  if (!/time\s*=\s*\{[^}]*source\s*=\s*"hashicorp\/time"/.test(versions)) {
    problems.push('terraform/versions.tf must require the hashicorp/time provider (time_sleep)');
  }
  const sleeps = Object.entries(module.resource.time_sleep ?? {});
  const [pipeName, pipe] = Object.entries(module.resource.aws_pipes_pipe ?? {})[0] ?? [];
  if (!pipe) return [...problems, 'there is no aws_pipes_pipe'];
  const dependsOn = JSON.stringify(pipe.depends_on ?? []);
  const waited = sleeps.filter(([name]) => dependsOn.includes(`time_sleep.${name}`));
  if (!waited.length) {
    problems.push(`pipe ${pipeName} must depend on a time_sleep that waits for IAM and the table stream to propagate (terraform-provider-aws#40572)`);
  }
  for (const [name, sleep] of waited) {
    const seconds = durationSeconds(sleep.create_duration);
    if (!(seconds >= MIN_PROPAGATION_SECONDS)) {
      problems.push(`time_sleep.${name}: create_duration must be at least ${MIN_PROPAGATION_SECONDS}s, is ${sleep.create_duration}`);
    }
    const inputs = JSON.stringify([sleep.triggers ?? {}, sleep.depends_on ?? []]);
    if (!/aws_iam_role_policy\.pipe\b/.test(inputs)) problems.push(`time_sleep.${name} must start after the pipe's role policy (triggers or depends_on)`);
    if (!/aws_dynamodb_table\.files\.stream_arn/.test(inputs)) problems.push(`time_sleep.${name} must start after the table's stream exists (triggers or depends_on)`);
  }
  const startingPosition = pipe.source_parameters?.[0]?.dynamodb_stream_parameters?.[0]?.starting_position;
  if (startingPosition !== 'TRIM_HORIZON') {
    problems.push(`pipe ${pipeName}: starting_position must be TRIM_HORIZON (is ${startingPosition}): with LATEST, items inserted before the pipe first polls are never processed`);
  }
  return problems;
}

/**
 * The workflow's task that invokes the processor times out after the processor's own Lambda timeout, so that
 * Lambda's timeout error reaches the workflow (and its Retry) instead of the task giving up first.
 */
export function workflowOutlivesProcessor(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const lambdaTimeout = template.Resources?.ProcessorFunction?.Properties?.Timeout ?? template.Globals?.Function?.Timeout;
  const definition = JSON.parse(read(root, ASL));
  const tasks = Object.entries(definition.States ?? {}).filter(([, state]) => state.Type === 'Task'
    && state.Resource === 'arn:aws:states:::lambda:invoke');
  if (!tasks.length) return [`${ASL} has no lambda:invoke task`];
  if (typeof lambdaTimeout !== 'number') return [`${SAM_TEMPLATE}: ProcessorFunction needs a numeric Timeout`];
  return tasks.filter(([, state]) => !(state.TimeoutSeconds > lambdaTimeout))
    .map(([name, state]) => `${ASL}: ${name}.TimeoutSeconds (${state.TimeoutSeconds}) must be above the processor's Lambda Timeout (${lambdaTimeout} s), or the task gives up before Lambda's own timeout error arrives`);
}

/** Properties keys ("key" or "%profile.key") of a .properties text, in order. */
export function propertyKeys(text) {
  return text.split('\n').map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => line.split(/\s*[=:]\s*/, 1)[0]);
}

/** Client settings that exist only for the local emulators. */
const LOCAL_ONLY_KEY = /^quarkus\.(s3|dynamodb)\.(path-style-access|endpoint-override|aws\.credentials\.)/;

/**
 * What runs in AWS (the unprofiled keys) uses the SDK's defaults for addressing, endpoints and credentials:
 * path-style addressing, endpoint overrides and static credentials appear only under %dev or %test.
 */
export function deployedClientsUseDefaults(root) {
  const problems = [];
  for (const file of APPLICATION_PROPERTIES) {
    if (!fs.existsSync(path.join(root, file))) { problems.push(`${file} does not exist`); continue; }
    for (const key of propertyKeys(read(root, file))) {
      if (LOCAL_ONLY_KEY.test(key)) problems.push(`${file}: ${key} applies in AWS too; emulator settings belong under %dev./%test. only`);
      const profile = /^%([^.]+)\./.exec(key)?.[1];
      if (profile && !['dev', 'test'].includes(profile)) problems.push(`${file}: ${key} uses profile %${profile}; only %dev and %test exist`);
    }
  }
  return problems;
}

/**
 * Presigned URLs and the page's CSP agree in every region: the functions sign for the regional virtual-hosted host
 * (SAM sets AWS_S3_US_EAST_1_REGIONAL_ENDPOINT=regional; without it us-east-1 gets the legacy global host), and the
 * CSP's connect-src allows exactly that host (local.storage_bucket_origin). The Java test PresignedUrlHostTest
 * checks the same with the real S3Presigner.
 */
export async function presignedHostsAllowed(root) {
  const problems = [];
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const setting = template.Globals?.Function?.Environment?.Variables?.AWS_S3_US_EAST_1_REGIONAL_ENDPOINT;
  if (setting !== 'regional') problems.push(`${SAM_TEMPLATE}: Globals must set AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: regional (is ${setting}), or us-east-1 presigned URLs use <bucket>.s3.amazonaws.com, which the CSP blocks`);
  const module = await loadTerraformModule(root, 'terraform');
  const origin = module.locals.storage_bucket_origin;
  if (origin !== 'https://${local.storage_bucket_name}.s3.${var.region}.${data.aws_partition.current.dns_suffix}') {
    problems.push(`terraform local.storage_bucket_origin must be the bucket's regional host https://\${local.storage_bucket_name}.s3.\${var.region}.\${data.aws_partition.current.dns_suffix}, is ${origin}`);
  }
  const csp = JSON.stringify(Object.values(module.resource.aws_cloudfront_response_headers_policy ?? {})[0] ?? {});
  if (!/connect-src [^"]*\$\{local\.storage_bucket_origin\}/.test(csp)) problems.push('the CSP connect-src must allow ${local.storage_bucket_origin}');
  return problems;
}

/** The deploy role's policy documents, by data source name. */
const DEPLOY_DOCUMENTS = /^github_deploy_/;
/** Quoted IAM action names ("service:Action") in HCL text. */
const ACTION = /"([a-z0-9-]+:[A-Za-z*]+)"/g;

/**
 * The GitHub deploy role holds nothing it does not need: no iam:UpdateAssumeRolePolicy (it would let a compromised
 * workflow open a function role to another account); API Gateway only through local.http_api_arns, which names
 * var.http_api_id once it is set; logs:PutResourcePolicy never on "*", in its own documents or in those they take
 * statements from (source_policy_documents, such as iam.tf's log_delivery); and every action of github_oidc.tf's
 * documents carries a one-line reason (a trailing # comment, or a comment line right above).
 */
export async function deployRoleLeastPrivilege(root) {
  const problems = [];
  const text = read(root, 'terraform/github_oidc.tf');
  const module = await loadTerraformModule(root, 'terraform');
  const allDocuments = module.data.aws_iam_policy_document ?? {};
  const documents = Object.entries(allDocuments).filter(([name]) => DEPLOY_DOCUMENTS.test(name)
    && name !== 'github_deploy_assume');
  if (!documents.length) return ['terraform/github_oidc.tf has no github_deploy_* policy documents'];
  const sourced = documents.flatMap(([, document]) => [document.source_policy_documents ?? []].flat().map(String))
    .map((reference) => /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(reference)?.[1])
    .filter((name) => name && allDocuments[name]);
  for (const name of new Set(sourced)) documents.push([name, allDocuments[name]]);
  for (const [name, document] of documents) {
    for (const statement of document.statement ?? []) {
      const actions = [statement.actions ?? []].flat().map(String);
      const resources = JSON.stringify(statement.resources ?? []);
      if (actions.includes('iam:UpdateAssumeRolePolicy')) problems.push(`${name}: iam:UpdateAssumeRolePolicy lets a compromised workflow point a function role's trust at another account`);
      if (actions.some((action) => action.startsWith('apigateway:')) && resources !== '"${local.http_api_arns}"') {
        problems.push(`${name}: API Gateway actions must be on local.http_api_arns (this project's API once http_api_id is set), are on ${resources}`);
      }
      const logPolicy = actions.includes('logs:PutResourcePolicy') || actions.includes('${local.log_resource_policy_actions}');
      if (logPolicy && resources.includes('"*"')) problems.push(`${name}: logs:PutResourcePolicy must be limited to this account's and region's log resources, not "*"`);
    }
  }
  const scoped = String(module.locals.http_api_arns ?? '');
  if (!/\/apis\/\$\{var\.http_api_id\}"/.test(scoped) || !/\/apis\/\$\{var\.http_api_id\}\/\*"/.test(scoped)) {
    problems.push('local.http_api_arns must name /apis/${var.http_api_id} and /apis/${var.http_api_id}/* once http_api_id is set');
  }
  const logScope = String(module.locals.log_resource_policy_scope ?? '');
  if (!/^arn:\$\{local\.partition\}:logs:\$\{var\.region\}:\$\{local\.account_id\}:\*$/.test(logScope)) {
    problems.push(`local.log_resource_policy_scope must be this account's and region's log resources, is ${logScope}`);
  }
  if (!/"logs:PutResourcePolicy"/.test(read(root, 'terraform/iam.tf').split('log_resource_policy_actions')[1] ?? '')) {
    problems.push('terraform/iam.tf: logs:PutResourcePolicy must be in local.log_resource_policy_actions (scoped), not in the "*" delivery actions');
  }
  // Reasons: inside the github_deploy_* documents, a line that names an action needs a comment on it or a comment
  // line right above it.
  const lines = text.split('\n');
  let inDocument = false;
  lines.forEach((line, index) => {
    const opening = /^data "aws_iam_policy_document" "([a-z_]+)"/.exec(line);
    if (opening) inDocument = DEPLOY_DOCUMENTS.test(opening[1]) && opening[1] !== 'github_deploy_assume';
    else if (/^\S/.test(line)) inDocument = inDocument && !/^}/.test(line);
    if (!inDocument) return;
    const named = [...line.matchAll(ACTION)].map((match) => match[1]).filter((action) => !/^(aws|arn|iam:PermissionsBoundary|iam:PassedToService)/.test(action) && !/^\w+:\w+\/$/.test(action));
    if (!named.length || /variable\s*=|values\s*=|identifiers\s*=/.test(line)) return;
    if (!line.includes('#') && !/^\s*#/.test(lines[index - 1] ?? '')) problems.push(`terraform/github_oidc.tf:${index + 1}: ${named.join(', ')} has no reason (add a trailing # comment)`);
  });
  return problems;
}

/** Runs a command; returns null when it is not installed, else {status, output}. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error?.code === 'ENOENT') return null;
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/**
 * AWS's CloudFormation linter (cfn-lint, with the SAM transform) finds nothing in sam/template.yaml. Skipped (no
 * problem) where cfn-lint is not installed; this machine image and GitHub's runners (sam validate --lint) have it.
 */
export function samTemplateLintClean(root) {
  const result = run('cfn-lint', ['--format', 'parseable', '--', path.join(root, SAM_TEMPLATE)]);
  if (result === null) return [];
  return result.status === 0 ? [] : [`cfn-lint ${SAM_TEMPLATE}:\n${result.output}`];
}

/** Whether cfn-lint can be run here. */
export const cfnLintAvailable = () => run('cfn-lint', ['--version']) !== null;

/**
 * The Terraform files are formatted as `terraform fmt` writes them (ci.yml's `terraform fmt -check` would fail
 * otherwise). Skipped where no terraform binary is installed; it needs no provider.
 */
export function terraformFormatted(root) {
  const result = run('terraform', ['fmt', '-check', '-recursive', '-list=true'], {
    cwd: path.join(root, 'terraform'), env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  if (result === null) return [];
  return result.status === 0 ? [] : [`terraform fmt would change: ${result.output.split('\n').filter((line) => /\.(tf|hcl)$/.test(line)).join(', ') || result.output}`];
}

/** Whether terraform can be run here. */
export const terraformAvailable = () => run('terraform', ['version']) !== null;

/** Every check of this module, by name. */
export const FIRST_DEPLOY_CHECKS = {
  pipeWaitsForPropagation, workflowOutlivesProcessor, deployedClientsUseDefaults, presignedHostsAllowed,
  deployRoleLeastPrivilege, samTemplateLintClean, terraformFormatted,
};
