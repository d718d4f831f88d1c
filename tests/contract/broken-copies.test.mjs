// Hand-broken copies: each case copies the repository's deploy files to a scratch directory, breaks one thing the
// way a careless edit would, and runs the same check that passes on the real files. The check must report the
// breakage; this is what shows the contract checks can fail.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { testBrokenCopies } from './lib/copies.mjs';
import { CHECKS } from './lib/checks.mjs';

const CASES = [
  {
    name: 'an original output renamed (s3_bucket_name -> s3_bucket)',
    check: 'terraformOutputsComplete', expect: /s3_bucket_name/,
    replace: ['terraform/outputs.tf', 'output "s3_bucket_name"', 'output "s3_bucket"'],
  },
  {
    name: 'an ASL state whose Next names no state',
    check: 'aslValid', expect: /not valid ASL/,
    replace: ['terraform/definitions/processing.asl.json', '"Next": "ProcessRecords"', '"Next": "ProcessRecord"'],
  },
  {
    name: 'a secret missing from the README list (S3_BUCKET_NAME)',
    check: 'secretsDocumented', expect: /secrets\.S3_BUCKET_NAME/,
    edit: (root) => {
      const file = path.join(root, 'README.md');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const kept = lines.filter((line) => !/^\s*[*-]\s+`S3_BUCKET_NAME`/.test(line));
      assert.equal(kept.length, lines.length - 1, 'README.md lists S3_BUCKET_NAME once');
      fs.writeFileSync(file, kept.join('\n'));
    },
  },
  {
    name: 'a new secret read by deploy.yml that the README does not list',
    check: 'secretsDocumented', expect: /secrets\.API_DOMAIN/,
    replace: ['.github/workflows/deploy.yml', '      FRONTEND_CLOUDFRONT_ID: ${{ secrets.FRONTEND_CLOUDFRONT_ID }}\n',
      '      FRONTEND_CLOUDFRONT_ID: ${{ secrets.FRONTEND_CLOUDFRONT_ID }}\n      API_DOMAIN: ${{ secrets.API_DOMAIN }}\n'],
  },
  {
    name: 'a SAM parameter that deploy.yml no longer passes (WebOrigin)',
    check: 'samParametersSupplied', expect: /WebOrigin/,
    replace: ['.github/workflows/deploy.yml', '"WebOrigin=$WEB_ORIGIN"', ''],
  },
  {
    name: 'a Terraform file that does not parse',
    check: 'terraformParses', expect: /table\.tf does not parse/,
    edit: (root) => fs.appendFileSync(path.join(root, 'terraform/table.tf'), '\nresource "aws_sqs_queue" "unfinished" {\n'),
  },
  {
    name: 'a variable without a description',
    check: 'terraformVariablesDescribed', expect: /variable "github_branch" has no description/,
    replace: ['terraform/variables.tf',
      '  description = "The branch whose workflow runs may assume the deploy role (the deploy workflow runs on pushes to it)."\n', ''],
  },
  {
    name: 'a second copy of the pipe filter',
    check: 'definitionsShared', expect: /second copy/,
    edit: (root) => fs.copyFileSync(path.join(root, 'terraform/definitions/pipe-filter.json'), path.join(root, 'sam/pipe-filter.json')),
  },
  {
    name: 'the ASL read with file() instead of templatefile() (placeholders left unfilled)',
    check: 'definitionsShared', expect: /templatefile/,
    replace: ['terraform/workflow.tf', 'templatefile("${path.module}/definitions/processing.asl.json", {',
      'merge({ x = file("${path.module}/definitions/processing.asl.json") }, {'],
  },
  {
    name: 'the pipe starting a Standard workflow synchronously',
    check: 'pipeConfigured', expect: /FIRE_AND_FORGET/,
    replace: ['terraform/pipe.tf', 'invocation_type = "FIRE_AND_FORGET"', 'invocation_type = "REQUEST_RESPONSE"'],
  },
  {
    name: 'the pipe role allowed to start any state machine',
    check: 'terraformIamExact', expect: /states:StartExecution/,
    replace: ['terraform/pipe.tf', 'resources = [aws_sfn_state_machine.processing.arn]', 'resources = ["*"]'],
  },
  {
    name: 'a bucket module that no longer restricts public buckets',
    check: 'bucketsSecure', expect: /restrict_public_buckets/,
    replace: ['terraform/modules/private_bucket/main.tf', 'restrict_public_buckets = true', 'restrict_public_buckets = false'],
  },
  {
    name: 'a bucket policy without the TLS-only statement',
    check: 'bucketsSecure', expect: /SecureTransport/,
    replace: ['terraform/modules/tls_only_policy/main.tf', 'variable = "aws:SecureTransport"', 'variable = "aws:SourceVpce"'],
  },
  {
    name: 'a dead-letter queue whose policy is not the TLS-only one',
    check: 'pipeConfigured', expect: /TLS-only/,
    replace: ['terraform/pipe.tf', 'service   = "sqs"', 'service   = "sns"'],
  },
  {
    name: 'a CSP that lets other sites frame the page',
    check: 'cloudfrontSecure', expect: /frame-ancestors/,
    replace: ['terraform/frontend.tf', `"frame-ancestors 'none'",`, ''],
  },
  {
    name: 'a CSP that lets scripts eval JavaScript, not only compile WebAssembly',
    check: 'cloudfrontSecure', expect: /unsafe-eval/,
    replace: ['terraform/frontend.tf', `"script-src 'self' 'wasm-unsafe-eval'",`, `"script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",`],
  },
  {
    name: 'a CSP without WebAssembly (the page could not hash large files)',
    check: 'cloudfrontSecure', expect: /wasm-unsafe-eval/,
    replace: ['terraform/frontend.tf', `"script-src 'self' 'wasm-unsafe-eval'",`, `"script-src 'self'",`],
  },
  {
    name: 'an ANY route behind the JWT authorizer (it would guard OPTIONS preflights)',
    check: 'samApiSecure', expect: /OPTIONS/,
    replace: ['sam/template.yaml', 'Method: POST\n            Path: /upload', 'Method: ANY\n            Path: /upload'],
  },
  {
    name: 'the processor renamed in SAM only',
    check: 'crossStackNamesAgree', expect: /processor name/,
    replace: ['sam/template.yaml', 'FunctionName: !Sub "${ProjectName}-processor"', 'FunctionName: !Sub "${ProjectName}-worker"'],
  },
  {
    name: 'the upload function allowed to update any item, not only the usage items',
    check: 'samFunctionsConfigured', expect: /LeadingKeys/,
    replace: ['sam/template.yaml', '                  dynamodb:LeadingKeys:\n                    - "usage#*"', '                  dynamodb:LeadingKeys:\n                    - "*"'],
  },
  {
    name: 'the upload function without UpdateItem (quotas and claims fail in AWS)',
    check: 'samFunctionsConfigured', expect: /exactly one statement must allow dynamodb:UpdateItem/,
    replace: ['sam/template.yaml', '                - dynamodb:UpdateItem\n              Resource: !Sub "arn:${AWS::Partition}:dynamodb', '                - dynamodb:GetItem\n              Resource: !Sub "arn:${AWS::Partition}:dynamodb'],
  },
  {
    name: 'the processor allowed to read every object',
    check: 'samFunctionsConfigured', expect: /ProcessorFunction: s3:GetObject/,
    replace: ['sam/template.yaml', 'Action:\n                - s3:GetObject\n              Resource: !Sub "arn:${AWS::Partition}:s3:::${S3BucketName}/uploads/*"',
      'Action:\n                - s3:GetObject\n              Resource: "*"'],
  },
  {
    name: 'config.js written with a key design.md does not define',
    check: 'configJsShape', expect: /differ from docs\/design\.md/,
    replace: ['.github/workflows/deploy.yml', '{apiUrl: $apiUrl,', '{apiUrl: $apiUrl, apiBase: $apiUrl,'],
  },
  {
    name: 'an unquoted variable in a run: step',
    check: 'workflowShellClean', expect: /SC2086/,
    replace: ['.github/workflows/deploy.yml', '--distribution-id "$FRONTEND_CLOUDFRONT_ID"', '--distribution-id $FRONTEND_CLOUDFRONT_ID'],
  },
  {
    name: 'a job that needs a job that does not exist',
    check: 'workflowsLint', expect: /needs/i,
    replace: ['.github/workflows/deploy.yml', 'needs: [ci, preflight]', 'needs: [ci, build]'],
  },
  {
    name: 'long-lived access keys instead of OIDC',
    check: 'deployWorkflowContract', expect: /OIDC/,
    replace: ['.github/workflows/deploy.yml', 'role-session-name: deploy-${{ github.run_id }}',
      'aws-access-key-id: ${{ secrets.AWS_ROLE_TO_ASSUME }}'],
  },
  {
    name: 'CI no longer running .ci/run',
    check: 'ciWorkflowContract', expect: /\.ci\/run/,
    replace: ['.github/workflows/ci.yml', 'run: .ci/run', 'run: ./mvnw -B verify'],
  },
];

testBrokenCopies(CASES, CHECKS);
