// The local cloud: starts, provisions and supervises every piece of the system on this machine, prints how to use
// it, and stops all of it on Ctrl-C. Run through local/start (which installs what is missing first).
//
//   S3Proxy ─ S3             dynalite ◀─ stream proxy ─ DynamoDB + DynamoDB Streams API
//   cognito-local ─ Cognito  pipe (Java, Event Ruler) ─▶ workflow runner (ASL interpreter) ─▶ processor /_lambda_
//   upload API + processor in Quarkus dev mode          web page + generated /config.js
//   --api-instances N: the packaged upload function as N instances behind an API Gateway stand-in (lambda-front.mjs)
//
// State for tools and tests: local/.data/<profile>/cloud.env (shell) and cloud.json (everything), written once
// the cloud is ready and removed when it stops.

import './polyfills.mjs';
import net from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ACCOUNT_ID, CREDENTIALS, PORT_NAMES, PROFILES, REGION } from './profiles.mjs';
import { Supervisor, alive } from './processes.mjs';
import { StreamStore } from './dynamodb-streams.mjs';
import { createDynamoDbProxy } from './dynamodb-proxy.mjs';
import { configureS3Proxy } from './s3.mjs';
import { cognito, provision } from '../../lib/cognito.mjs';
import { createStepFunctionsApi, dynamodbClient, processingWorkflow } from './workflow.mjs';
import { PUBLISHED_FILES, createWebServer } from './web-server.mjs';
import { vendorWebLibraries } from './web-vendor.mjs';
import { startLambdaFront } from './lambda-front.mjs';
import { USAGE } from './usage.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const S3PROXY_JAR = join(ROOT, 'local/.cache/s3proxy-4.1.0-jar-with-dependencies.jar');
const PIPE_JAR = join(ROOT, 'local/pipe/target/local-pipe.jar');
const DEFINITIONS = join(ROOT, 'terraform/definitions');
const STATE_MACHINE_NAME = 'processing';
const PROCESSOR_FUNCTION = 'processor';
const MAX_RESTARTS = 3;

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'dev' },
      'port-offset': { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'log-dir': { type: 'string' },
      'no-apps': { type: 'boolean', default: false },
      'api-instances': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  const profile = PROFILES[values.profile];
  const offset = Number(values['port-offset']);
  // 0: no Lambda front
  const apiInstances = Number(values['api-instances'] ?? 0);
  const instancesValid = values['api-instances'] === undefined || (Number.isInteger(apiInstances) && apiInstances >= 1 && apiInstances <= 64);
  if (!profile || !Number.isInteger(offset) || offset < 0 || offset > 20000 || !instancesValid) {
    say(USAGE);
    process.exit(2);
  }
  const ports = Object.fromEntries(Object.entries(profile.ports).map(([k, p]) => [k, p + offset]));
  const stateDir = join(ROOT, 'local/.data', offset ? `${values.profile}-${offset}` : values.profile);
  return { name: values.profile, profile, offset, ports, stateDir, dataDirOption: values['data-dir'], logDirOption: values['log-dir'], apps: !values['no-apps'], apiInstances, echo: values.profile === 'dev' && !values.quiet };
}

/** True if something accepts connections on the port (IPv4 or IPv6 loopback). */
function portInUse(port) {
  const probe = (host) => new Promise((done) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('timeout', () => { socket.destroy(); done(false); });
    socket.once('error', () => done(false));
  });
  return Promise.all([probe('127.0.0.1'), probe('::1')]).then((r) => r.some(Boolean));
}

function listen(server, port) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

/** Polls `check` until it returns true; fails after `timeoutMs` or as soon as `failed()` returns a reason. */
async function waitFor(what, check, { timeoutMs, failed = () => undefined }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function httpAnswers(url, accept = () => true) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return accept(res.status);
}

function writeAtomically(file, text) {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function shellQuote(value) {
  return `'${String(value).replace(/'/g, "'\\''")}'`;
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const opts = parseOptions();
  const { profile, ports, stateDir } = opts;
  mkdirSync(stateDir, { recursive: true });
  const pidFile = join(stateDir, 'cloud.pid');
  const cloudJson = join(stateDir, 'cloud.json');
  const cloudEnv = join(stateDir, 'cloud.env');
  const rel = (p) => {
    const r = relative(process.cwd(), p);
    return r.startsWith('..') ? p : r || '.';
  };

  // Starting twice is harmless: report the running instance instead of starting a second one.
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) {
      say(`The local cloud (profile ${opts.name}) is already running (pid ${pid}); nothing to do.`);
      if (existsSync(cloudJson)) printSummary(JSON.parse(readFileSync(cloudJson, 'utf8')), rel);
      else say('It is still starting; its state will appear in ' + rel(cloudJson));
      return 0;
    }
  }
  writeFileSync(pidFile, String(process.pid));
  rmSync(cloudJson, { force: true });
  rmSync(cloudEnv, { force: true });

  const logDir = resolve(opts.logDirOption ?? join(stateDir, 'logs'));
  const log = (line) => say(`[local] ${line}`);
  const supervisor = new Supervisor({ logDir, registry: join(stateDir, 'children.json'), log, echo: opts.echo });
  await supervisor.reapLeftovers();

  const busy = [];
  for (const [key, port] of Object.entries(ports)) {
    if (!opts.apps && (key === 'api' || key === 'processor')) continue;
    if (!opts.apiInstances && key === 'lambdaApi') continue;
    if (await portInUse(port)) busy.push(`${port} (${PORT_NAMES[key]})`);
  }
  if (busy.length) {
    rmSync(pidFile, { force: true });
    say(`Cannot start: port ${busy.join(', ')} already in use by another program.`);
    say('Stop that program, or start this cloud on other ports with --port-offset N.');
    return 1;
  }

  const dataDir = resolve(opts.dataDirOption ?? (profile.freshData ? mkdtempSync(join(tmpdir(), `s3dp-${opts.name}-`)) : stateDir));
  const removeDataDir = profile.freshData && !opts.dataDirOption;
  const servers = [];
  let stopping = false;

  async function stop(code) {
    if (stopping) return;
    stopping = true;
    say('');
    log('stopping…');
    await supervisor.stopAll();
    for (const s of servers) s.closeAllConnections?.();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r()))));
    rmSync(cloudJson, { force: true });
    rmSync(cloudEnv, { force: true });
    rmSync(pidFile, { force: true });
    if (removeDataDir) rmSync(dataDir, { recursive: true, force: true });
    log('stopped.');
    process.exit(code);
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig === 'SIGINT' ? 0 : 143));
  // A bug in the cloud itself must not leave the children running.
  process.on('uncaughtException', (e) => {
    log(`internal error: ${e.stack ?? e}`);
    stop(1);
  });
  process.on('unhandledRejection', (e) => {
    log(`internal error: ${e?.stack ?? e}`);
    stop(1);
  });

  // A child that dies is restarted a few times; past that the cloud stops rather than limp along.
  const restarts = new Map();
  let ready = false;
  const failures = new Map();
  function supervise(name, command, args, options) {
    const launch = () => supervisor.start(name, command, args, {
      ...options,
      onExit: (code, signal) => {
        if (!ready) {
          failures.set(name, `exited (${signal ?? `status ${code}`}); see ${rel(join(logDir, `${name}.log`))}`);
          return;
        }
        const recent = (restarts.get(name) ?? []).filter((t) => Date.now() - t < 60000);
        if (recent.length >= MAX_RESTARTS) {
          log(`${name} keeps exiting (${signal ?? `status ${code}`}); see ${rel(join(logDir, `${name}.log`))}. Stopping.`);
          stop(1);
          return;
        }
        restarts.set(name, [...recent, Date.now()]);
        log(`${name} exited (${signal ?? `status ${code}`}); restarting`);
        launch();
      },
    });
    launch();
    return () => failures.get(name);
  }

  try {
    const endpoints = {
      s3: `http://127.0.0.1:${ports.s3}`,
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      cognito: `http://localhost:${ports.cognito}`,
      api: `http://localhost:${ports.api}`,
      processor: `http://localhost:${ports.processor}`,
      web: `http://localhost:${ports.web}`,
      states: `http://127.0.0.1:${ports.states}`,
      lambdaApi: `http://127.0.0.1:${ports.lambdaApi}`,
    };
    const webOrigins = [endpoints.web, `http://127.0.0.1:${ports.web}`];
    log(`profile ${opts.name}: ${profile.description}; data in ${rel(dataDir)}, logs in ${rel(logDir)}`);

    // S3
    const s3Properties = configureS3Proxy({ dir: join(dataDir, 's3'), port: ports.s3, bucket: profile.bucket, ...CREDENTIALS, corsOrigins: webOrigins });
    // Logback's status listener would print S3Proxy's own logging setup (30 lines, one of them a WARN about an
    // appender its logback.xml defines and does not use) at every start.
    const s3Failed = supervise('s3proxy', 'java', ['-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener', '-jar', S3PROXY_JAR, '--properties', s3Properties]);

    // DynamoDB: dynalite on a private port, the stream proxy on the public one
    const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    servers.push(await listen(dynamo, 0));
    const store = new StreamStore({ dir: join(dataDir, 'dynamodb-streams'), region: REGION, accountId: ACCOUNT_ID });
    const proxy = createDynamoDbProxy({ backend: `http://127.0.0.1:${dynamo.address().port}`, store, log: (l) => log(`stream: ${l}`) });
    servers.push(await listen(proxy, ports.dynamodb));
    const ddb = dynamodbClient({ endpoint: endpoints.dynamodb, region: REGION, ...CREDENTIALS });

    // Cognito: issuer http://localhost:<port>/<poolId>, listening on the IPv4 loopback only
    const cognitoDir = join(dataDir, 'cognito');
    mkdirSync(join(cognitoDir, '.cognito'), { recursive: true });
    const cognitoConfig = join(cognitoDir, '.cognito/config.json');
    const config = existsSync(cognitoConfig) ? JSON.parse(readFileSync(cognitoConfig, 'utf8')) : {};
    writeFileSync(cognitoConfig, JSON.stringify({ ...config, TokenConfig: { ...config.TokenConfig, IssuerDomain: endpoints.cognito } }, null, 2));
    // Started by cognito-server.mjs, which logs expected error answers (a wrong password) as one line, not a stack
    // trace; cognito-local's AWS SDK v2 would print an end-of-support notice.
    const cognitoFailed = supervise('cognito', process.execPath, [join(ROOT, 'local/cloud/cognito-server.mjs')], {
      cwd: cognitoDir, env: { PORT: String(ports.cognito), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    });

    // Tables from the shared definition (created once; the data dir keeps them)
    for (const name of [profile.table, profile.unpipedTable].filter(Boolean)) {
      try {
        await ddb.send(new DescribeTableCommand({ TableName: name }));
      } catch (e) {
        if (e.name !== 'ResourceNotFoundException') throw e;
        const table = JSON.parse(readFileSync(join(DEFINITIONS, 'table.json'), 'utf8'));
        await ddb.send(new CreateTableCommand({ ...table, TableName: name }));
        log(`table ${name} created from terraform/definitions/table.json`);
      }
    }
    const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: profile.table }))).Table.LatestStreamArn;

    await waitFor('S3Proxy', () => httpAnswers(`${endpoints.s3}/`), { timeoutMs: 60000, failed: s3Failed });
    await waitFor('cognito-local', () => cognito(endpoints.cognito, 'ListUserPools', { MaxResults: 1 }).then(() => true), { timeoutMs: 60000, failed: cognitoFailed });
    const { poolId, clientId } = await provision({
      endpoint: endpoints.cognito,
      poolName: profile.poolName,
      clientName: 'web',
      users: profile.users.map((username) => ({ username, password: profile.password })),
    });
    const issuer = `${endpoints.cognito}/${poolId}`;

    // Workflow runner (Step Functions) and the pipe that starts it
    const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${PROCESSOR_FUNCTION}`;
    const workflow = processingWorkflow({
      definitionsDir: DEFINITIONS,
      tableName: profile.table,
      functionArn,
      processorUrl: endpoints.processor,
      dynamodb: ddb,
      name: STATE_MACHINE_NAME,
      log: (l) => log(`workflow: ${l}`),
    });
    servers.push(await listen(createStepFunctionsApi([workflow]), ports.states));
    const pipeDir = join(dataDir, 'pipe');
    const pipeFailed = supervise('pipe', 'java', [
      '-jar', PIPE_JAR,
      `--streams-endpoint=${endpoints.dynamodb}`,
      `--table=${profile.table}`,
      `--filter=${join(DEFINITIONS, 'pipe-filter.json')}`,
      `--input-template=${join(DEFINITIONS, 'pipe-target-input.template')}`,
      `--states-endpoint=${endpoints.states}`,
      `--state-machine-arn=${workflow.arn}`,
      '--batch-size=1',
      '--max-retry-attempts=10',
      `--state-dir=${pipeDir}`,
    ]);

    // Web page, with its libraries copied into web/vendor/ as the deploy copies them
    vendorWebLibraries();
    const webConfig = {
      apiUrl: endpoints.api,
      region: REGION,
      userPoolId: poolId,
      clientId,
      cognitoEndpoint: `${endpoints.cognito}/`,
      maxUploadBytes: 4194304,
    };
    servers.push(await listen(createWebServer({
      root: join(ROOT, 'web'),
      config: webConfig,
      connectSources: [endpoints.api, endpoints.cognito, endpoints.s3, `http://localhost:${ports.s3}`],
      files: Object.fromEntries(Object.entries(PUBLISHED_FILES).map(([url, file]) => [url, join(ROOT, file)])),
    }), ports.web));

    // The variables of cloud.env: what the apps, `./mvnw verify` and the tests read.
    const env = {
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_ENDPOINT: endpoints.s3,
      DYNAMODB_ENDPOINT: endpoints.dynamodb,
      COGNITO_ENDPOINT: endpoints.cognito,
      UPLOAD_BUCKET: profile.bucket,
      FILES_TABLE: profile.table,
      COGNITO_USER_POOL_ID: poolId,
      COGNITO_CLIENT_ID: clientId,
      COGNITO_ISSUER: issuer,
      COGNITO_TEST_USERS: profile.users.join(' '),
      COGNITO_TEST_PASSWORD: profile.password,
    };

    // Upload API and processor in Quarkus dev mode (live reload), one after the other so that a cold Maven
    // repository is never filled by two builds at once.
    if (opts.apps) {
      const appEnv = { ...env, WEB_ORIGIN: webOrigins.join(',') };
      const devArgs = (port, debugPort) => [
        // -ntp: no "Downloading …" line per artifact on a first run (among them testcontainers and docker-java, which
        // the AWS extensions' build steps load even with Dev Services off; local/README.md, "Dev Services")
        '-B', '-ntp', 'quarkus:dev',
        '-Dquarkus.analytics.disabled=true',
        '-Dquarkus.console.enabled=false',
        '-Dquarkus.test.continuous-testing=disabled',
        // The emulators replace Dev Services, which would probe for Docker on every (re)start; the Lambda mock
        // event server stays on (quarkus.lambda.mock-event-server.enabled defaults to true).
        '-Dquarkus.devservices.enabled=false',
        // The debugger's port moves with --port-offset like every other one, so a second cloud can start.
        `-Ddebug=${debugPort === false ? 'false' : debugPort + opts.offset}`,
        `-Dquarkus.lambda.mock-event-server.dev-port=${port}`,
        // The JVM's full JIT (C1, then C2 for hot code) instead of dev mode's default -XX:TieredStopAtLevel=1: without
        // C2 the JDK's SHA-256 intrinsics are off and hashing dominates an upload (docs/benchmarks.md, issue 11).
        '-DforceC2=true',
      ];
      log('starting the upload API in Quarkus dev mode (the first start downloads dependencies)…');
      const apiFailed = supervise('api', join(ROOT, 'mvnw'), devArgs(ports.api, profile.debugPorts.api), { cwd: ROOT, env: appEnv });
      await waitFor('upload API', () => httpAnswers(`${endpoints.api}/files`, (s) => s < 500), { timeoutMs: 15 * 60000, failed: apiFailed });
      log('starting the processor in Quarkus dev mode…');
      const processorFailed = supervise('processor', join(ROOT, 'mvnw'), ['-f', 'processor/pom.xml', ...devArgs(ports.processor, profile.debugPorts.processor)], { cwd: ROOT, env: appEnv });
      await waitFor('processor', () => httpAnswers(`${endpoints.processor}/`), { timeoutMs: 15 * 60000, failed: processorFailed });
    }

    // The local Lambda front: the packaged upload function as N concurrent instances, as Lambda runs it.
    let frontFailed = () => undefined;
    if (opts.apiInstances) {
      log(`starting the local Lambda front: ${opts.apiInstances} instances of the packaged upload function…`);
      const front = await startLambdaFront({
        root: ROOT,
        workDir: join(dataDir, 'lambda-front'),
        instances: opts.apiInstances,
        port: ports.lambdaApi,
        listen,
        supervise,
        waitFor,
        parameters: {
          ProjectName: 'local',
          S3BucketName: profile.bucket,
          DynamoDbTableName: profile.table,
          CognitoUserPoolId: poolId,
          CognitoAppClientId: clientId,
          WebOrigin: webOrigins.join(','),
        },
        region: REGION,
        accountId: ACCOUNT_ID,
        credentials: CREDENTIALS,
        endpoints: { s3: endpoints.s3, dynamodb: endpoints.dynamodb, issuer },
        log: (l) => log(`lambda front: ${l}`),
      });
      servers.push(front.server, ...front.runtimeApi.servers);
      frontFailed = front.failed;
    }
    for (const failed of [s3Failed, cognitoFailed, pipeFailed, frontFailed]) if (failed()) throw new Error(failed());

    const state = {
      profile: opts.name,
      pid: process.pid,
      stateDir,
      region: REGION,
      accountId: ACCOUNT_ID,
      credentials: CREDENTIALS,
      dataDir,
      logDir,
      env,
      s3: { endpoint: endpoints.s3, bucket: profile.bucket },
      // backendEndpoint: dynalite itself, without stream capture (test fixtures that must not start the pipeline)
      dynamodb: { endpoint: endpoints.dynamodb, table: profile.table, unpipedTable: profile.unpipedTable, streamArn, backendEndpoint: `http://127.0.0.1:${dynamo.address().port}` },
      cognito: { endpoint: endpoints.cognito, issuer, userPoolId: poolId, clientId, users: profile.users, password: profile.password },
      api: opts.apps ? { url: endpoints.api } : undefined,
      processor: { url: endpoints.processor, lambdaUrl: `${endpoints.processor}/_lambda_`, functionArn },
      states: { endpoint: endpoints.states, stateMachineArn: workflow.arn },
      pipe: { events: join(pipeDir, 'pipe-events.jsonl'), deadLetter: join(pipeDir, 'pipe-dead-letter.jsonl'), checkpoint: join(pipeDir, 'pipe-checkpoint.json') },
      web: { url: endpoints.web, config: webConfig },
      lambdaApi: opts.apiInstances ? { endpoint: endpoints.lambdaApi, instances: opts.apiInstances } : undefined,
      definitions: DEFINITIONS,
    };
    writeAtomically(cloudEnv, `# Written by local/start (profile ${opts.name}) while the local cloud runs. Use: . ${rel(cloudEnv)}\n`
      + Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(''));
    writeAtomically(cloudJson, `${JSON.stringify(state, null, 2)}\n`);
    ready = true;
    printSummary(state, rel);
  } catch (e) {
    log(`failed to start: ${e.message}`);
    await stop(1);
  }
  return undefined;
}

function printSummary(state, rel) {
  const user = state.cognito.users[0];
  const password = state.cognito.password;
  const q = shellQuote;
  // The flags that name this cloud for local/token and local/add-user, as local/start was given them.
  const offset = /-(\d+)$/.exec(basename(state.stateDir))?.[1];
  const which = `${state.profile === 'dev' && !offset ? '' : ` --profile ${state.profile}`}${offset ? ` --port-offset ${offset}` : ''}`;
  const lines = [
    '',
    '──────────────────────────────────────────────────────────────────────────────',
    ` Local cloud is running (profile ${state.profile}). Ctrl-C stops all of it.`,
    '',
    ` Web page   ${state.web.url}`,
    ` Sign in    ${state.cognito.users.join(', ')}   password ${password}`,
    ` API        ${state.api ? state.api.url : '(not started: --no-apps)'}`,
    ...(state.lambdaApi ? [` Lambda API ${state.lambdaApi.endpoint}  (${state.lambdaApi.instances} instances of the packaged upload function)`] : []),
    ` ID token   local/token ${user} ${q(password)}${which}`,
    `            or: aws cognito-idp initiate-auth --endpoint-url ${state.cognito.endpoint} --region ${state.region} \\`,
    `                  --client-id ${state.cognito.clientId} --auth-flow USER_PASSWORD_AUTH \\`,
    `                  --auth-parameters ${q(`USERNAME=${user},PASSWORD=${password}`)} \\`,
    '                  --query AuthenticationResult.IdToken --output text',
    ` Add a user local/add-user someone@example.com ${q('Secret-passw0rd')}${which}`,
    '',
    ` S3         ${state.s3.endpoint}  bucket ${state.s3.bucket}  (access key test, secret test)`,
    ` DynamoDB   ${state.dynamodb.endpoint}  table ${state.dynamodb.table}  (with Streams API)${state.dynamodb.unpipedTable ? `; ${state.dynamodb.unpipedTable} (no pipe: local/test's ./mvnw verify)` : ''}`,
    ` Cognito    ${state.cognito.endpoint}  pool ${state.cognito.userPoolId}  client ${state.cognito.clientId}`,
    ` Processor  ${state.processor.lambdaUrl}`,
    ` Workflow   ${state.states.endpoint}  ${state.states.stateMachineArn}`,
    ` State      . ${rel(join(state.stateDir, 'cloud.env'))}   (endpoints and ids as env vars)`,
    ` Logs       ${rel(state.logDir)}/   pipe decisions: ${rel(state.pipe.events)}`,
    ' Live reload: save a Java file; the next API request (or processor event) recompiles and reloads it.',
    '──────────────────────────────────────────────────────────────────────────────',
  ];
  say(lines.join('\n'));
}

main().then((code) => {
  if (code !== undefined) process.exit(code);
}, (e) => {
  say(`[local] ${e.stack ?? e}`);
  process.exit(1);
});
