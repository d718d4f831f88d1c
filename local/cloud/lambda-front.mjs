// The local Lambda front (`local/start --api-instances N`): the upload function as N concurrent instances, as Lambda
// runs it, behind an API Gateway HTTP API stand-in.
//
//   HTTP ─▶ http-api.mjs (payload format 2.0 events) ─▶ lambda-runtime-api.mjs (one queue) ◀─ N function JVMs
//
// Each instance is the packaged JVM build of the upload function (target/*-runner.jar with target/lib/, from
// `./mvnw package`; the same code the native bootstrap is compiled from), copied into the cloud's data directory so
// that a rebuild does not pull the jars from under running JVMs, and started as Lambda's managed Java runtime starts
// a function: AWS's runtime interface client (local/lambda-runtime/pom.xml) with the handler class Quarkus generates
// (target/sam.jvm.yaml), polling its own Runtime API endpoint. Quarkus' own poll loop is recorded only for native
// builds (and dev/test mode), so the packaged JVM jar needs the client, as it would on Lambda's java runtimes.
//
// Environment: what sam/template.yaml sets for the function (Globals.Function and the function), with the local
// values of its parameters, the variables Lambda itself sets (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, credentials, …),
// and only the endpoints and credentials pointing at the local cloud, through the standard environment forms of the
// application's configuration keys (the prod profile runs: no %dev/%test values apply).

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeApi } from './lambda-runtime-api.mjs';
import { createHttpApi } from './http-api.mjs';
import { uploadFunctionSpec } from './sam-template.mjs';

/** The handler class Quarkus generates for Lambda's managed Java runtimes (target/sam.jvm.yaml). */
export const HANDLER = 'io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest';
/** The main class of AWS's runtime interface client for Java. */
export const RIC_MAIN = 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda';
/** Where local/start puts the runtime interface client and its dependencies, and its JNI libraries under jni/. */
export const RIC_DIR = 'local/.cache/lambda-ric';

/**
 * The client's JNI library for this machine. Given to the client by path: otherwise each instance unpacks it to the
 * same /tmp/.libaws-lambda-jni.so, and instances starting together crash (SIGBUS) loading a file another one is
 * rewriting.
 */
function jniLibrary(root) {
  const arch = { x64: 'x86_64', arm64: 'aarch_64' }[process.arch];
  const file = join(root, RIC_DIR, 'jni', `libaws-lambda-jni.linux-${arch}.so`);
  if (!arch || !existsSync(file)) throw new Error(`${file} is missing (local/start unpacks it from the runtime interface client)`);
  return file;
}

/**
 * The variables an instance gets that point it at the local cloud rather than AWS: the endpoint overrides of the
 * S3 and DynamoDB clients (path-style S3 addressing, since S3Proxy has no per-bucket host names), and the issuer of
 * the local Cognito. Credentials come as Lambda gives them, in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
 * @param {{s3: string, dynamodb: string, issuer: string}} endpoints
 * @returns {Record<string, string>}
 */
export function localEndpointEnv({ s3, dynamodb, issuer }) {
  return {
    QUARKUS_S3_ENDPOINT_OVERRIDE: s3,
    QUARKUS_S3_PATH_STYLE_ACCESS: 'true',
    QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE: dynamodb,
    COGNITO_ISSUER: issuer,
  };
}

/**
 * The packaged upload function: `target/<name>-runner.jar` and `target/lib/`.
 * @returns {string} the runner jar's path
 * @throws {Error} when it has not been built
 */
export function runnerJar(root) {
  const target = join(root, 'target');
  const jar = existsSync(target) && readdirSync(target).find((f) => f.endsWith('-runner.jar'));
  if (!jar || !existsSync(join(target, 'lib'))) {
    throw new Error('target/*-runner.jar with target/lib/ is missing: build it with ./mvnw package -DskipTests');
  }
  return join(target, jar);
}

/**
 * Starts the front: the Runtime API stand-in, N instances and the HTTP API on `port`; resolves once every instance
 * has asked for its first invocation (its init phase is over).
 * @param {{root: string, workDir: string, instances: number, port: number, listen: (server, port) => Promise<unknown>,
 *   supervise: (name: string, command: string, args: string[], options: object) => () => string|undefined,
 *   waitFor: (what: string, check: () => boolean, options: object) => Promise<void>,
 *   parameters: Record<string, string>, region: string, accountId: string,
 *   credentials: {accessKeyId: string, secretAccessKey: string},
 *   endpoints: {s3: string, dynamodb: string, issuer: string}, log: (line: string) => void}} options
 *   workDir: where the jars are copied (emptied first); parameters: local values of sam/template.yaml's parameters;
 *   listen/supervise/waitFor: the cloud's own helpers (main.mjs)
 * @returns {Promise<{server: import('node:http').Server, runtimeApi: RuntimeApi, failed: () => string|undefined}>}
 */
export async function startLambdaFront(options) {
  const { root, workDir, instances, port, region, accountId, credentials, log } = options;
  const spec = uploadFunctionSpec(join(root, 'sam/template.yaml'), { ...options.parameters, 'AWS::Region': region, 'AWS::AccountId': accountId });
  const functionName = `${options.parameters.ProjectName}-upload`;
  const functionArn = `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;

  // The code, as Lambda unpacks it: a private copy the running JVMs read.
  const jar = runnerJar(root);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(jar, join(workDir, 'function.jar'));
  cpSync(join(root, 'target/lib'), join(workDir, 'lib'), { recursive: true });
  const classPath = [join(workDir, 'function.jar'), join(root, RIC_DIR, '*')].join(':');
  const jni = jniLibrary(root);

  const runtimeApi = new RuntimeApi({ functionArn, timeoutMs: spec.timeoutSeconds * 1000, log });

  const overrides = localEndpointEnv(options.endpoints);
  const unknown = Object.keys(overrides).filter((k) => !k.startsWith('QUARKUS_') && !(k in spec.env));
  if (unknown.length) throw new Error(`sam/template.yaml no longer sets ${unknown.join(', ')} for the upload function`);
  const failures = [];
  for (let i = 1; i <= instances; i++) {
    const name = `lambda-${i}`;
    const env = {
      // A clean environment, as Lambda's: nothing of the developer's shell (QUARKUS_PROFILE, …) leaks in.
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...spec.env,
      // Set by Lambda itself (AWS doc "Defined runtime environment variables").
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${name}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: HANDLER,
      LAMBDA_TASK_ROOT: workDir,
      ...overrides,
      AWS_LAMBDA_RUNTIME_API: await runtimeApi.addInstance(name),
    };
    // Lambda-like JVM (AWS doc "Customize Java runtime startup behavior for Lambda functions"): serial GC, C1 only,
    // and the function's memory.
    // Its own /tmp, as each execution environment has.
    const tmp = join(workDir, 'tmp', name);
    mkdirSync(tmp, { recursive: true });
    const args = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-XX:MaxRAM=${spec.memoryMb}m`, `-Djava.io.tmpdir=${tmp}`,
      `-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=${jni}`, '-cp', classPath, RIC_MAIN, HANDLER];
    failures.push(options.supervise(name, 'java', args, { cwd: workDir, env, inheritEnv: false }));
  }
  const failed = () => failures.map((f) => f()).find(Boolean);
  await options.waitFor(`local Lambda front (${instances} instances)`, () => runtimeApi.initialised.size === instances, { timeoutMs: 10 * 60000, failed });

  const server = createHttpApi({ routes: spec.routes, invoke: (event) => runtimeApi.invoke(event), cors: spec.cors, accountId, region, log });
  await options.listen(server, port);
  return { server, runtimeApi, failed };
}
