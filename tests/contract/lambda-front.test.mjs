// Contract between the local Lambda front (local/cloud/lambda-front.mjs), sam/template.yaml and the upload API's
// application.properties: the front starts the packaged function in the prod profile with the environment the
// template gives it plus only the local endpoints, so the template must set every variable the prod profile needs,
// and the front must point every endpoint the %test profile overrides at the local cloud (and nothing else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, testBrokenCopies } from './lib/copies.mjs';
import { uploadFunctionSpec } from '../../local/cloud/sam-template.mjs';
import { localEndpointEnv } from '../../local/cloud/lambda-front.mjs';
import { loadCfnYaml } from './lib/repo.mjs';

const PROPERTIES = 'src/main/resources/application.properties';
/** Set by Lambda itself in every function's environment (AWS doc "Defined runtime environment variables"). */
const SET_BY_LAMBDA = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/** `name=value` lines of a .properties file (no continuation lines in ours), as [key, value]. */
function properties(root) {
  return fs.readFileSync(path.join(root, PROPERTIES), 'utf8').split('\n')
    .filter((line) => /^[^#\s][^=]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]);
}

/** The environment-variable form of a config key (MicroProfile Config: non-alphanumerics → `_`, upper case). */
function envName(key) {
  return key.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

/** The upload function's variables in sam/template.yaml, every parameter given a placeholder value. */
function templateEnv(root) {
  const template = loadCfnYaml(root, 'sam/template.yaml');
  const values = Object.fromEntries(Object.keys(template.Parameters ?? {}).map((name) => [name, `<${name}>`]));
  return uploadFunctionSpec(path.join(root, 'sam/template.yaml'), { ...values, 'AWS::Region': 'us-east-1', 'AWS::AccountId': '000000000000' }).env;
}

/**
 * Problems with the front's environment: a variable the prod profile reads without a default that the template does
 * not set; a %test override (other than credentials, which come as Lambda's AWS_ACCESS_KEY_ID/SECRET) that is
 * neither a template variable nor pointed at the local cloud by the front; an override of the front that the
 * application does not have.
 */
function lambdaFrontEnvComplete(root) {
  const problems = [];
  const env = templateEnv(root);
  const props = properties(root);
  const prod = new Map(props.filter(([key]) => !key.startsWith('%')));
  for (const [key, value] of prod) {
    for (const [, name, fallback] of value.matchAll(/\$\{([A-Z0-9_]+)(:[^}]*)?\}/g)) {
      if (fallback === undefined && !(name in env) && !SET_BY_LAMBDA.includes(name)) {
        problems.push(`${PROPERTIES}: ${key} needs ${name} in the prod profile, which sam/template.yaml does not set for UploadFunction (nor does the local Lambda front)`);
      }
    }
  }
  const overrides = localEndpointEnv({ s3: 'http://s3', dynamodb: 'http://dynamodb', issuer: 'http://issuer' });
  const testKeys = new Set(props.map(([key]) => key).filter((key) => key.startsWith('%test.')).map((key) => key.slice('%test.'.length)));
  for (const key of testKeys) {
    if (key.includes('.aws.credentials.')) continue;
    const fromTemplate = [...(prod.get(key) ?? '').matchAll(/\$\{([A-Z0-9_]+)/g)].some(([, name]) => name in env);
    if (!fromTemplate && !(envName(key) in overrides)) {
      problems.push(`${PROPERTIES}: %test.${key} points the tests elsewhere, but the local Lambda front sets no ${envName(key)} (local/cloud/lambda-front.mjs localEndpointEnv)`);
    }
  }
  for (const name of Object.keys(overrides)) {
    const known = name.startsWith('QUARKUS_') ? [...testKeys].some((key) => envName(key) === name) : name in env;
    if (!known) problems.push(`local/cloud/lambda-front.mjs sets ${name}, which neither a %test key of ${PROPERTIES} nor sam/template.yaml names`);
  }
  return problems;
}

test('the local Lambda front gives the packaged function every variable its prod profile needs, and local endpoints for every %test override', () => {
  assert.deepEqual(lambdaFrontEnvComplete(REPO_ROOT), []);
});

testBrokenCopies([
  {
    name: 'the template no longer sets COGNITO_CLIENT_ID for the upload function',
    check: 'lambdaFrontEnvComplete', expect: /COGNITO_CLIENT_ID/,
    replace: ['sam/template.yaml', '          COGNITO_CLIENT_ID: !Ref CognitoAppClientId\n', ''],
  },
  {
    name: 'a new emulator endpoint in the %test profile that the front does not override',
    check: 'lambdaFrontEnvComplete', expect: /QUARKUS_SQS_ENDPOINT_OVERRIDE/,
    edit: (root) => fs.appendFileSync(path.join(root, PROPERTIES), '%test.quarkus.sqs.endpoint-override=http://127.0.0.1:9324\n'),
  },
], { lambdaFrontEnvComplete });
