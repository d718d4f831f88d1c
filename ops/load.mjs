// ops/load: many uploads at once against a running local cloud, then checks that none was lost or duplicated and
// that all reached PROCESSED, and prints the figures. See USAGE.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { paginateQuery } from '@aws-sdk/client-dynamodb';
import { ROOT, UsageError, clients, runCommand } from './lib/target.mjs';
import { reconcile } from './lib/reconcile.mjs';
import { ensureUser, signIn } from '../lib/cognito.mjs';

const USAGE = `Usage: ops/load [--local NAME] [--lambda-front | --endpoint URL] [--uploads N] [--concurrency N] [--size BYTES]
                [--timeout MINUTES] [--json]

Uploads N files (default 1000) through the upload API of a running local cloud, N at a time (default 32), as a
fresh user of its own; waits until every file is PROCESSED or FAILED; then checks that none was lost (every 201 has
its item and its object), none duplicated (one item and one object per 201, distinct file ids), all PROCESSED with
the SHA-256 computed here, and no orphan (ops/reconcile for that user). Prints the figures; timings are reported,
never judged.

  --local NAME      the cloud: local/.data/NAME/cloud.json (default dev; test; dev-N or test-N for a cloud started with --port-offset N)
  --lambda-front    upload through the cloud's local Lambda front (local/start --api-instances N: the packaged
                    function as N concurrent instances) instead of the dev-mode API, which serves one at a time
  --endpoint URL    upload through this base URL of the upload API instead
  --uploads N       number of uploads (default 1000)
  --concurrency N   uploads in flight at once (default 32)
  --size BYTES      bytes per file, random content (default 1024)
  --timeout MIN     how long to wait for processing (default 30)
  --json            the figures as one JSON document

Exit status: 0 all checks passed, 1 a check failed, 2 usage error or no such cloud.`;

function options(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        local: { type: 'string', default: 'dev' },
        'lambda-front': { type: 'boolean', default: false },
        endpoint: { type: 'string' },
        uploads: { type: 'string', default: '1000' },
        concurrency: { type: 'string', default: '32' },
        size: { type: 'string', default: '1024' },
        timeout: { type: 'string', default: '30' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (values.help) return { help: true };
  const positive = (name, max) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be an integer from 1 to ${max}`);
    return n;
  };
  const file = join(ROOT, 'local/.data', values.local, 'cloud.json');
  if (!existsSync(file)) throw new UsageError(`${file} does not exist: is the local cloud (${values.local}) running? Start it with local/start.`);
  const cloud = JSON.parse(readFileSync(file, 'utf8'));
  if (values['lambda-front'] && values.endpoint) throw new UsageError('--lambda-front and --endpoint exclude each other');
  if (values['lambda-front'] && !cloud.lambdaApi) throw new UsageError(`the cloud ${values.local} runs without the local Lambda front (start it with --api-instances N)`);
  if (!cloud.api && !values['lambda-front'] && !values.endpoint) throw new UsageError(`the cloud ${values.local} runs without the apps (--no-apps)`);
  let apiUrl = cloud.api?.url;
  if (values['lambda-front']) apiUrl = cloud.lambdaApi.endpoint;
  if (values.endpoint) {
    if (!/^https?:\/\/[^/]+/.test(values.endpoint)) throw new UsageError('--endpoint must be an http(s) URL');
    apiUrl = values.endpoint.replace(/\/+$/, '');
  }
  return {
    cloud,
    apiUrl,
    api: values['lambda-front'] ? `local Lambda front, ${cloud.lambdaApi.instances} instances` : values.endpoint ? 'given endpoint' : 'dev-mode API',
    name: values.local,
    uploads: positive('uploads', 100_000),
    concurrency: positive('concurrency', 1000),
    size: positive('size', cloud.web?.config?.maxUploadBytes ?? 4_194_304),
    timeoutMs: positive('timeout', 24 * 60) * 60_000,
    json: values.json,
  };
}

/** The q-quantile (0..1) of sorted numbers, nearest rank. */
function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function multipartBody(name, bytes) {
  const boundary = `----load${randomUUID().replace(/-/g, '')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function ownerItems(dynamodb, table, ownerId) {
  const items = [];
  const pages = paginateQuery({ client: dynamodb }, {
    TableName: table, ConsistentRead: true, KeyConditionExpression: 'ownerId = :o', ExpressionAttributeValues: { ':o': { S: ownerId } },
  });
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

async function run(opts, say) {
  const { cloud } = opts;
  const username = `load-${randomUUID().slice(0, 8)}@example.com`;
  const password = `Load-${randomBytes(6).toString('hex')}-Passw0rd!`;
  await ensureUser(cloud.cognito.endpoint, cloud.cognito.userPoolId, username, password);
  const token = (await signIn(cloud.cognito.endpoint, cloud.cognito.clientId, username, password)).IdToken;
  const ownerId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).sub;
  say(`Load: ${opts.uploads} uploads of ${opts.size} bytes, ${opts.concurrency} at a time, against ${opts.apiUrl} (${opts.api}, cloud ${opts.name}) as ${username}`);

  const sent = new Map(); // fileId -> sha256
  const latencies = [];
  const failures = {};
  let next = 0;
  let done = 0;
  const started = performance.now();
  async function worker() {
    while (next < opts.uploads) {
      const n = next++;
      const bytes = randomBytes(opts.size);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { body, contentType } = multipartBody(`load-${n}.bin`, bytes);
      const t0 = performance.now();
      let status;
      let answer;
      try {
        const res = await fetch(`${opts.apiUrl}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
        status = res.status;
        answer = await res.json().catch(() => undefined);
      } catch (e) {
        status = `network error (${e.cause?.code ?? e.message})`;
      }
      latencies.push(performance.now() - t0);
      if (status === 201 && answer?.fileId) {
        if (sent.has(answer.fileId)) failures['duplicate fileId in answers'] = (failures['duplicate fileId in answers'] ?? 0) + 1;
        sent.set(answer.fileId, sha256);
      } else {
        const key = `${status}${answer?.code ? ` ${answer.code}` : ''}`;
        failures[key] = (failures[key] ?? 0) + 1;
      }
      done++;
      if (done % 100 === 0) say(`  ${done} uploads answered`);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const uploadSeconds = (performance.now() - started) / 1000;
  const lastAnswer = performance.now();

  // Processing: wait until no item of this owner is UPLOADED or PROCESSING.
  const { s3, dynamodb } = clients({ region: cloud.region, credentials: cloud.credentials, s3Endpoint: cloud.s3.endpoint, dynamodbEndpoint: cloud.dynamodb.endpoint });
  let items;
  let lastReport = 0;
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    items = await ownerItems(dynamodb, cloud.dynamodb.table, ownerId);
    const pending = items.filter((i) => !['PROCESSED', 'FAILED'].includes(i.status?.S)).length;
    if (pending === 0 && items.length >= sent.size) break;
    if (Date.now() > deadline) break;
    if (Date.now() - lastReport > 10_000) {
      say(`  waiting for processing: ${items.length - pending} of ${items.length} items terminal`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const allTerminalSeconds = (performance.now() - started) / 1000;
  const afterLastAnswerSeconds = (performance.now() - lastAnswer) / 1000;
  const report = await reconcile({ s3, dynamodb, bucket: cloud.s3.bucket, table: cloud.dynamodb.table, ownerId, graceMs: 0, thresholdMs: 0 });
  s3.destroy();
  dynamodb.destroy();

  const byId = new Map(items.map((i) => [i.fileId.S, i]));
  const statuses = {};
  for (const i of items) statuses[i.status?.S] = (statuses[i.status?.S] ?? 0) + 1;
  const lost = [...sent.keys()].filter((id) => !byId.has(id));
  const unexpected = items.filter((i) => !sent.has(i.fileId.S)).map((i) => i.fileId.S);
  const checksumMismatch = [...sent].filter(([id, sha]) => byId.get(id)?.sha256?.S !== sha).map(([id]) => id);
  const processingMs = items.filter((i) => i.processedAt?.S).map((i) => Date.parse(i.processedAt.S) - Date.parse(i.createdAt.S)).sort((a, b) => a - b);
  const sortedLatency = [...latencies].sort((a, b) => a - b);
  const round = (x) => (x === null ? null : Math.round(x));

  const figures = {
    date: new Date().toISOString(),
    cloud: opts.name,
    api: opts.api,
    endpoint: opts.apiUrl,
    uploads: opts.uploads,
    concurrency: opts.concurrency,
    sizeBytes: opts.size,
    accepted: sent.size,
    refused: failures,
    uploadWallSeconds: Number(uploadSeconds.toFixed(1)),
    uploadsPerSecond: Number((opts.uploads / uploadSeconds).toFixed(1)),
    latencyMs: { p50: round(quantile(sortedLatency, 0.5)), p90: round(quantile(sortedLatency, 0.9)), p99: round(quantile(sortedLatency, 0.99)), max: round(sortedLatency.at(-1)) },
    allTerminalSeconds: Number(allTerminalSeconds.toFixed(1)),
    allTerminalAfterLastUploadSeconds: Number(afterLastAnswerSeconds.toFixed(1)),
    processingMs: { p50: round(quantile(processingMs, 0.5)), p99: round(quantile(processingMs, 0.99)), max: round(processingMs.at(-1) ?? null) },
    statuses,
    checks: {
      allAccepted: sent.size === opts.uploads,
      lost: lost.length,
      duplicated: unexpected.length + (failures['duplicate fileId in answers'] ?? 0) + Math.max(0, report.counts.objects - sent.size),
      allProcessed: statuses.PROCESSED === sent.size && items.length === sent.size,
      checksumMismatches: checksumMismatch.length,
      orphans: report.orphans,
    },
  };
  const c = figures.checks;
  figures.passed = c.allAccepted && c.lost === 0 && c.duplicated === 0 && c.allProcessed && c.checksumMismatches === 0 && c.orphans === 0;
  return figures;
}

function print(f) {
  const lines = [
    '',
    `API          ${f.endpoint} (${f.api})`,
    `Uploads      ${f.accepted} of ${f.uploads} accepted (${f.sizeBytes} bytes each, concurrency ${f.concurrency})${Object.keys(f.refused).length ? `; refused: ${JSON.stringify(f.refused)}` : ''}`,
    `Wall time    ${f.uploadWallSeconds} s for the uploads, ${f.uploadsPerSecond} uploads/s`,
    `Latency      p50 ${f.latencyMs.p50} ms, p90 ${f.latencyMs.p90} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms`,
    `Processing   all terminal ${f.allTerminalSeconds} s after the first upload (${f.allTerminalAfterLastUploadSeconds} s after the last answer);`,
    `             createdAt → processedAt p50 ${f.processingMs.p50} ms, p99 ${f.processingMs.p99} ms, max ${f.processingMs.max} ms`,
    `Statuses     ${JSON.stringify(f.statuses)}`,
    `Checks       lost ${f.checks.lost}, duplicated ${f.checks.duplicated}, all PROCESSED ${f.checks.allProcessed ? 'yes' : 'NO'}, checksum mismatches ${f.checks.checksumMismatches}, orphans ${f.checks.orphans}`,
    f.passed ? 'PASSED' : 'FAILED',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(opts) {
  const say = opts.json ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`);
  const figures = await run(opts, say);
  if (opts.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else print(figures);
  return figures.passed ? 0 : 1;
}

runCommand('ops/load', USAGE, options, main);
