// Contract checks of how uploads end: what S3 lifecycle rules remove, and the IAM a complete delete needs.
// S3Proxy runs no lifecycle rules and has no versions, so these rules can only be checked here, offline, and proven
// in AWS. Each check takes the repository root and resolves to a list of problems (empty: the files agree).
import { read, loadTerraformModule, loadCfnYaml } from './repo.mjs';

const HOUR_MS = 3_600_000;

/** Milliseconds of an ISO-8601 duration of days, hours, minutes and seconds (PT24H, P1DT2H, PT90M). */
export function isoDurationMs(text) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(text));
  if (!match) return NaN;
  const [, d = 0, h = 0, m = 0, s = 0] = match.map((v) => v ?? 0);
  return ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000;
}

/** The default of the upload API's deadline (app.presigned.upload-deadline=${PRESIGNED_UPLOAD_DEADLINE:PT24H}). */
function deadlineMs(root, problems) {
  const properties = read(root, 'src/main/resources/application.properties');
  const line = /^app\.presigned\.upload-deadline=(.*)$/m.exec(properties)?.[1]?.trim();
  const value = /^\$\{[A-Z_]+:(.+)\}$/.exec(line ?? '')?.[1] ?? line;
  const ms = isoDurationMs(value);
  if (!Number.isFinite(ms) || ms <= 0) problems.push(`application.properties: app.presigned.upload-deadline must default to an ISO-8601 duration, is ${JSON.stringify(line)}`);
  return ms;
}

/**
 * Unfinished uploads expire: the storage bucket's lifecycle empties pending/ (records with file names and comments,
 * staged single PUTs) after unfinished_upload_days, never before the API's deadline; noncurrent versions there go a
 * day later; incomplete multipart uploads are aborted, not before the deadline; delete markers without versions go.
 */
export async function unfinishedUploadsExpire(root) {
  const problems = [];
  const deadline = deadlineMs(root, problems);
  const rootModule = await loadTerraformModule(root, 'terraform');
  const storage = rootModule.module.storage_bucket ?? {};
  const pending = (storage.prefix_expirations ?? []).find((e) => e.prefix === 'pending/');
  if (!pending) problems.push('module "storage_bucket" must expire the prefix "pending/" (prefix_expirations)');
  else {
    const days = /^\$\{var\.(\w+)\}$/.exec(String(pending.days))?.[1];
    const variable = days && rootModule.variable[days];
    if (!variable) problems.push(`the pending/ expiration must come from a variable, is ${JSON.stringify(pending.days)}`);
    else if (!(variable.default * 24 * HOUR_MS >= deadline)) {
      problems.push(`variable "${days}" defaults to ${variable.default} days, shorter than the upload deadline (${deadline / HOUR_MS} h): records would vanish while uploads may still complete`);
    }
  }
  const bucket = await loadTerraformModule(root, 'terraform/modules/private_bucket');
  const lifecycle = Object.values(bucket.resource.aws_s3_bucket_lifecycle_configuration ?? {})[0] ?? {};
  const rules = lifecycle.rule ?? [];
  const abort = rules.find((r) => r.abort_incomplete_multipart_upload)?.abort_incomplete_multipart_upload?.[0]?.days_after_initiation;
  if (!(Number(abort) * 24 * HOUR_MS >= deadline)) problems.push(`incomplete multipart uploads must be aborted, not before the upload deadline (days_after_initiation ${abort})`);
  if (!rules.some((r) => r.expiration?.[0]?.expired_object_delete_marker === true && r.noncurrent_version_expiration)) {
    problems.push('modules/private_bucket: the noncurrent-version rule must also remove expired object delete markers');
  }
  const dynamicRule = (lifecycle.dynamic?.rule ?? []).find((d) => /var\.prefix_expirations/.test(String(d.for_each)));
  const content = dynamicRule?.content?.[0];
  if (!content || content.filter?.[0]?.prefix !== '${rule.value.prefix}' || content.expiration?.[0]?.days !== '${rule.value.days}'
    || !content.noncurrent_version_expiration) {
    problems.push('modules/private_bucket: each prefix_expirations entry must be a rule filtered on its prefix that expires current objects after its days and noncurrent versions too');
  }
  return problems;
}

/** The actions a policy statement list allows per resource (strings as written: ${...} or Fn::Sub text). */
function allowed(statements) {
  const byResource = new Map();
  for (const statement of statements) {
    if ((statement.effect ?? statement.Effect ?? 'Allow') !== 'Allow') continue;
    const actions = [statement.actions ?? statement.Action ?? []].flat();
    for (const resource of [statement.resources ?? statement.Resource ?? []].flat()) {
      const key = typeof resource === 'string' ? resource : String(resource['Fn::Sub'] ?? JSON.stringify(resource));
      byResource.set(key, new Set([...(byResource.get(key) ?? []), ...actions]));
    }
  }
  return byResource;
}

function requireGrants(where, grants, resourcePattern, actions, problems) {
  const matching = [...grants.entries()].filter(([resource]) => resourcePattern.test(resource));
  for (const action of actions) {
    if (!matching.some(([, granted]) => granted.has(action))) problems.push(`${where}: ${action} is not allowed on ${resourcePattern}`);
  }
}

/**
 * Delete means gone: the upload function (SAM policy) and its permissions boundary (Terraform) allow what deleting
 * every version needs (GetBucketVersioning, ListBucketVersions on the bucket; DeleteObjectVersion on uploads/* and
 * pending/*) and what unfinished uploads under pending/ need (PutObject, GetObject, DeleteObject).
 */
export async function deleteRemovesEveryVersion(root) {
  const problems = [];
  const OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion'];
  const BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning'];
  const template = loadCfnYaml(root, 'sam/template.yaml');
  const upload = template.Resources?.UploadFunction?.Properties ?? {};
  const samStatements = (upload.Policies ?? []).flatMap((p) => p.Statement ?? []);
  const sam = allowed(samStatements);
  requireGrants('SAM UploadFunction', sam, /\/uploads\/\*$/, OBJECT_ACTIONS, problems);
  requireGrants('SAM UploadFunction', sam, /\/pending\/\*$/, OBJECT_ACTIONS, problems);
  requireGrants('SAM UploadFunction', sam, /:s3:::\$\{S3BucketName\}$/, BUCKET_ACTIONS, problems);
  const rootModule = await loadTerraformModule(root, 'terraform');
  const boundary = allowed(rootModule.data.aws_iam_policy_document?.function_boundary?.statement ?? []);
  requireGrants('function boundary', boundary, /\/uploads\/\*$/, OBJECT_ACTIONS, problems);
  requireGrants('function boundary', boundary, /\/pending\/\*$/, OBJECT_ACTIONS, problems);
  requireGrants('function boundary', boundary, /^\$\{module\.storage_bucket\.arn\}$/, BUCKET_ACTIONS, problems);
  return problems;
}
