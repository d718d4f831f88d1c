// Where the operator tools point: a deployed system in AWS (default credential chain, names given on the command
// line) or a running local cloud (its state file local/.data/<name>/cloud.env, written by local/start), and the AWS
// SDK clients for it.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A usage or access problem: the tools print its message and exit with status 2. */
export class UsageError extends Error {}

/**
 * Reads a cloud.env file (`export NAME='value'` lines, single-quoted as local/start writes them).
 * @param {string} text the file's content
 * @returns {Record<string, string>} variable name → value
 */
export function parseCloudEnv(text) {
  const vars = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    // Single-quoted with '\'' for a quote inside (shell quoting), or bare.
    if (value.startsWith("'")) value = value.replace(/'\\''/g, "'").replace(/^'|'$/g, '');
    vars[match[1]] = value;
  }
  return vars;
}

/**
 * The cloud.env of a running local cloud.
 * @param {string} nameOrFile a state directory name under local/.data (`dev`, `test`, `test-3000` for a cloud
 *   started with --port-offset 3000), or the path of a cloud.env file
 * @returns {string} the file path
 * @throws {UsageError} when the file does not exist (that cloud is not running)
 */
export function cloudEnvFile(nameOrFile) {
  const file = /[/\\]|\.env$/.test(nameOrFile) ? resolve(nameOrFile) : join(ROOT, 'local/.data', nameOrFile, 'cloud.env');
  if (!existsSync(file)) {
    throw new UsageError(`${file} does not exist: is the local cloud (${nameOrFile}) running? Start it with local/start.`);
  }
  return file;
}

/**
 * A target read from a local cloud's cloud.env: its endpoints, names, region and static credentials.
 * @param {string} nameOrFile see {@link cloudEnvFile}
 * @returns {{bucket: string, table: string, region: string, s3Endpoint: string, dynamodbEndpoint: string,
 *   credentials: {accessKeyId: string, secretAccessKey: string}, description: string}}
 */
export function localTarget(nameOrFile) {
  const file = cloudEnvFile(nameOrFile);
  const env = parseCloudEnv(readFileSync(file, 'utf8'));
  for (const name of ['UPLOAD_BUCKET', 'FILES_TABLE', 'S3_ENDPOINT', 'DYNAMODB_ENDPOINT', 'AWS_REGION']) {
    if (!env[name]) throw new UsageError(`${file} has no ${name}`);
  }
  return {
    bucket: env.UPLOAD_BUCKET,
    table: env.FILES_TABLE,
    region: env.AWS_REGION,
    s3Endpoint: env.S3_ENDPOINT,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'test', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'test' },
    description: `local cloud (${nameOrFile})`,
  };
}

/**
 * SDK clients for a target. Without endpoints and credentials they use AWS and the default credential provider
 * chain (environment, shared config and SSO, container and instance roles).
 * @param {{region?: string, s3Endpoint?: string, dynamodbEndpoint?: string,
 *   credentials?: {accessKeyId: string, secretAccessKey: string}}} target
 * @returns {{s3: S3Client, dynamodb: DynamoDBClient}}
 */
export function clients(target) {
  const common = {
    ...(target.region ? { region: target.region } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    maxAttempts: 3,
  };
  return {
    // Path-style addressing: needed by S3-compatible emulators, harmless in AWS.
    s3: new S3Client({ ...common, ...(target.s3Endpoint ? { endpoint: target.s3Endpoint, forcePathStyle: true } : {}) }),
    dynamodb: new DynamoDBClient({ ...common, ...(target.dynamodbEndpoint ? { endpoint: target.dynamodbEndpoint } : {}) }),
  };
}

/**
 * Runs an operator command: parses the arguments, prints the usage for --help, turns a {@link UsageError} into exit
 * status 2 with a hint and any other failure into status 2 with its stack.
 * @param {string} name e.g. `ops/reconcile`
 * @param {string} usage the --help text
 * @param {(argv: string[]) => object} parse the options, or `{help: true}`; throws UsageError
 * @param {(options: object) => Promise<number>} run resolves with the exit status
 */
export function runCommand(name, usage, parse, run) {
  (async () => {
    const options = parse(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return run(options);
  })().then((code) => {
    process.exitCode = code;
  }, (e) => {
    process.stderr.write(e instanceof UsageError ? `${name}: ${e.message}\n(${name} --help shows the usage)\n` : `${name}: ${e.stack ?? e}\n`);
    process.exitCode = 2;
  });
}
