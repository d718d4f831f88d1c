// What a user's first deploy needs in every region, checked offline: each check passes on the repository and fails on
// a copy broken the way the reviewed faults were (today's form before the fix) or the way a careless edit would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT, testBrokenCopies } from './lib/copies.mjs';
import { FIRST_DEPLOY_CHECKS, cfnLintAvailable, terraformAvailable, durationSeconds } from './lib/first-deploy-checks.mjs';

for (const [name, check] of Object.entries(FIRST_DEPLOY_CHECKS)) {
  test(`${name} passes on the repository`, async () => {
    assert.deepEqual(await check(REPO_ROOT), []);
  });
}

const CASES = [
  {
    name: 'the pipe created without waiting for propagation (today\'s form: depends_on the role policy only)',
    check: 'pipeWaitsForPropagation', expect: /must depend on a time_sleep/,
    replace: ['terraform/pipe.tf', 'depends_on = [aws_iam_role_policy.pipe, time_sleep.pipe_source_propagation]',
      'depends_on = [aws_iam_role_policy.pipe]'],
  },
  {
    name: 'a wait shorter than the reported 90 s',
    check: 'pipeWaitsForPropagation', expect: /at least 90s, is 30s/,
    replace: ['terraform/pipe.tf', 'create_duration = "120s"', 'create_duration = "30s"'],
  },
  {
    name: 'a wait that does not follow the table stream',
    check: 'pipeWaitsForPropagation', expect: /after the table's stream exists/,
    replace: ['terraform/pipe.tf', 'stream_arn  = aws_dynamodb_table.files.stream_arn\n', ''],
  },
  {
    name: 'the pipe starting at LATEST (today\'s form)',
    check: 'pipeWaitsForPropagation', expect: /TRIM_HORIZON \(is LATEST\)/,
    replace: ['terraform/pipe.tf', 'starting_position             = "TRIM_HORIZON"', 'starting_position             = "LATEST"'],
  },
  {
    name: 'the workflow task timing out with the processor\'s 900 s (today\'s form)',
    check: 'workflowOutlivesProcessor', expect: /TimeoutSeconds \(900\) must be above the processor's Lambda Timeout \(900 s\)/,
    replace: ['terraform/definitions/processing.asl.json', '"TimeoutSeconds": 960', '"TimeoutSeconds": 900'],
  },
  {
    name: 'the processor forcing path-style addressing in AWS (today\'s form)',
    check: 'deployedClientsUseDefaults', expect: /processor\/src\/main\/resources\/application\.properties: quarkus\.s3\.path-style-access applies in AWS/,
    replace: ['processor/src/main/resources/application.properties', '%test.quarkus.s3.path-style-access=true\n',
      '%test.quarkus.s3.path-style-access=true\nquarkus.s3.path-style-access=true\n'],
  },
  {
    name: 'an endpoint override outside %dev/%test in the upload API',
    check: 'deployedClientsUseDefaults', expect: /quarkus\.dynamodb\.endpoint-override applies in AWS/,
    replace: ['src/main/resources/application.properties', '%dev.quarkus.dynamodb.endpoint-override=', 'quarkus.dynamodb.endpoint-override='],
  },
  {
    name: 'us-east-1 presigned URLs left on the legacy global host (today\'s form: no regional setting)',
    check: 'presignedHostsAllowed', expect: /AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: regional/,
    replace: ['sam/template.yaml', '        AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: regional\n', ''],
  },
  {
    name: 'a CSP that allows another host than the presigned one',
    check: 'presignedHostsAllowed', expect: /connect-src must allow/,
    replace: ['terraform/frontend.tf', '${local.storage_bucket_origin}"', 'https://${module.storage_bucket.regional_domain_name}"'],
  },
  {
    name: 'the deploy role allowed to rewrite function roles\' trust (today\'s form)',
    check: 'deployRoleLeastPrivilege', expect: /iam:UpdateAssumeRolePolicy/,
    replace: ['terraform/github_oidc.tf', '"iam:DeleteRole",', '"iam:DeleteRole",\n      "iam:UpdateAssumeRolePolicy", # trust changes'],
  },
  {
    name: 'API Gateway actions on every HTTP API of the region (today\'s form)',
    check: 'deployRoleLeastPrivilege', expect: /API Gateway actions must be on local\.http_api_arns/,
    replace: ['terraform/github_oidc.tf', 'resources = local.http_api_arns',
      'resources = ["arn:${local.partition}:apigateway:${var.region}::/apis/*"]'],
  },
  {
    name: 'logs:PutResourcePolicy on "*" (today\'s form)',
    check: 'deployRoleLeastPrivilege', expect: /logs:PutResourcePolicy must be limited/,
    replace: ['terraform/iam.tf', 'resources = [local.log_resource_policy_scope]', 'resources = ["*"]'],
  },
  {
    name: 'a deploy-role permission without a reason',
    check: 'deployRoleLeastPrivilege', expect: /lambda:GetPolicy has no reason/,
    replace: ['terraform/github_oidc.tf', /"lambda:GetPolicy",\s+#[^\n]*/, '"lambda:GetPolicy",'],
  },
  {
    name: 'a SAM template cfn-lint refuses (a function timeout above Lambda\'s 900 s)',
    check: 'samTemplateLintClean', expect: /cfn-lint/, skip: !cfnLintAvailable() && 'cfn-lint is not installed',
    replace: ['sam/template.yaml', 'Timeout: 900', 'Timeout: 1200'],
  },
  {
    name: 'a Terraform file terraform fmt would change',
    check: 'terraformFormatted', expect: /pipe\.tf/, skip: !terraformAvailable() && 'terraform is not installed',
    replace: ['terraform/pipe.tf', 'create_duration = "120s"', 'create_duration      =     "120s"'],
  },
];

testBrokenCopies(CASES, FIRST_DEPLOY_CHECKS);

test('time_sleep durations are read as Terraform writes them', () => {
  assert.equal(durationSeconds('120s'), 120);
  assert.equal(durationSeconds('2m'), 120);
  assert.equal(durationSeconds('1m30s'), 90);
  assert.ok(Number.isNaN(durationSeconds('soon')));
});
