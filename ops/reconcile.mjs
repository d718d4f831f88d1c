// ops/reconcile: compares the storage bucket and the metadata table and lists orphans both ways. See USAGE.

import { parseArgs } from 'node:util';
import { UsageError, clients, localTarget, runCommand } from './lib/target.mjs';
import { reconcile } from './lib/reconcile.mjs';

const USAGE = `Usage: ops/reconcile (--bucket NAME --table NAME [--region REGION] [--endpoint-url URL]
                       | --local [dev|test|NAME|FILE]) [--owner ID] [--threshold DURATION] [--grace DURATION]
                       [--abandoned-after DURATION] [--json]

Compares the storage bucket with the metadata table and lists:
  - objects under uploads/ without their item,
  - items without their object,
  - items still UPLOADED or PROCESSING longer than the threshold (by createdAt),
  - presigned uploads past their deadline (record pending/<owner>/<id>.upload.json with its expiresAt passed;
    the API answers them 410 upload_expired and the bucket's lifecycle rule removes pending/ after
    unfinished_upload_days), or completed but with their record or staged object left behind,
  - usage items (usage#<owner>) whose counters differ from the owner's files plus the reservations of unfinished
    uploads (checked twice, so uploads in flight are not reported).
An unfinished presigned upload (record, maybe a single PUT's staged object pending/<owner>/<id>, no item yet) is
not an orphan until its deadline. Records of before deadlines (uploads/<owner>/<id>.upload.json, no expiresAt)
expire --abandoned-after their last change.
Read-only: it lists, scans and reads; it never deletes or changes anything.

Target
  --bucket NAME          the storage bucket (terraform output s3_bucket_name)
  --table NAME           the metadata table (terraform output dynamodb_table_name)
  --region REGION        default: the SDK's (AWS_REGION, then the shared config)
  --endpoint-url URL     an S3- and DynamoDB-compatible endpoint instead of AWS; --s3-endpoint-url and
                         --dynamodb-endpoint-url set them separately
  --local [NAME]         a running local cloud: reads local/.data/NAME/cloud.env (NAME dev by default; test; dev-N
                         or test-N for a cloud started with --port-offset N), or the cloud.env FILE given
  In AWS, credentials come from the default provider chain (environment, ~/.aws, SSO, roles). The caller needs
  s3:ListBucket and s3:GetObject on the bucket, dynamodb:Scan, dynamodb:Query and dynamodb:GetItem on the table.

Checks
  --owner ID             one owner only (prefixes uploads/ID/ and pending/ID/, a Query on the owner instead of a
                         Scan)
  --threshold DURATION   an item not terminal after this long is stuck (default 15m; 90s, 15m, 2h; a bare number
                         is minutes)
  --grace DURATION       ignore objects younger than this (uploads in flight; default 60s)
  --abandoned-after DURATION
                         the deadline of an upload record without expiresAt (written before deadlines existed):
                         this long after the record (default 1d, the API's default deadline)

Output
  --json                 one JSON document instead of the tables

Exit status: 0 nothing found, 1 orphans, stuck items or counter drift found, 2 usage or access error.

The whole table is read with a Scan (paginated, strongly consistent): the table has no index by object key or
status, and an operator's check that reads every item once costs one pass of read capacity, which is cheaper and
simpler than maintaining an index for it. Run it off-peak on a large table, or per owner with --owner.`;

/** "90s", "15m", "2h", "15" (minutes) → milliseconds. */
function parseDuration(text, name) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(String(text).trim());
  if (!match) throw new UsageError(`${name}: "${text}" is not a duration (e.g. 90s, 15m, 2h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'm'];
  return Number(match[1]) * unit;
}

function options(argv) {
  // `--local` may stand alone (dev profile): give it its value explicitly for parseArgs.
  const args = [];
  argv.forEach((arg, i) => {
    args.push(arg);
    if (arg === '--local' && (i === argv.length - 1 || argv[i + 1].startsWith('--'))) args.push('dev');
  });
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        bucket: { type: 'string' },
        table: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        's3-endpoint-url': { type: 'string' },
        'dynamodb-endpoint-url': { type: 'string' },
        local: { type: 'string' },
        owner: { type: 'string' },
        threshold: { type: 'string', default: '15m' },
        grace: { type: 'string', default: '60s' },
        'abandoned-after': { type: 'string', default: '1d' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (values.help) return { help: true };

  let target;
  if (values.local) {
    if (values.bucket || values.table || values['endpoint-url']) throw new UsageError('--local reads the bucket, table and endpoints itself: do not combine it with --bucket, --table or --endpoint-url');
    target = localTarget(values.local);
  } else {
    if (!values.bucket || !values.table) throw new UsageError('name the bucket and the table (--bucket, --table), or use --local');
    const endpoint = values['endpoint-url'];
    target = {
      bucket: values.bucket,
      table: values.table,
      region: values.region,
      s3Endpoint: values['s3-endpoint-url'] ?? endpoint,
      dynamodbEndpoint: values['dynamodb-endpoint-url'] ?? endpoint,
      description: endpoint || values['s3-endpoint-url'] ? 'custom endpoint' : 'AWS',
    };
  }
  if (values.region) target.region = values.region;
  if (values.owner !== undefined && !/^[A-Za-z0-9-]{1,128}$/.test(values.owner)) throw new UsageError(`--owner: "${values.owner}" is not an owner id (a Cognito sub)`);
  return {
    target,
    ownerId: values.owner,
    thresholdMs: parseDuration(values.threshold, '--threshold'),
    graceMs: parseDuration(values.grace, '--grace'),
    abandonedMs: parseDuration(values['abandoned-after'], '--abandoned-after'),
    json: values.json,
  };
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => `  ${cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd()}`;
  return [line(headers), ...rows.map(line)].join('\n');
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86_400).toFixed(1))} days`;
}

/** The report as people read it. */
function formatReport(report, description) {
  const out = [];
  out.push(`Reconcile: bucket ${report.bucket}, table ${report.table} (${description})${report.ownerId ? `, owner ${report.ownerId}` : ''}`);
  out.push(`Checked ${report.counts.objects} objects under ${report.prefix}, ${report.counts.uploadRecords} unfinished-upload records (under pending/, or legacy ones beside the objects) and ${report.counts.items} items, at ${report.checkedAt}.`);
  const statuses = Object.entries(report.statusCounts).map(([s, n]) => `${s} ${n}`).join(', ');
  if (statuses) out.push(`Items by status: ${statuses}.`);
  out.push('');
  out.push(`Objects without an item: ${report.objectsWithoutItems.length}`);
  if (report.objectsWithoutItems.length) {
    out.push(table(['OBJECT KEY', 'BYTES', 'LAST MODIFIED'], report.objectsWithoutItems.map((o) => [o.key, o.sizeBytes, o.lastModified])));
  }
  out.push(`Items without their object: ${report.itemsWithoutObjects.length}`);
  if (report.itemsWithoutObjects.length) {
    out.push(table(['OWNER', 'FILE ID', 'STATUS', 'CREATED', 'OBJECT KEY'], report.itemsWithoutObjects.map((i) => [i.ownerId, i.fileId, i.status, i.createdAt, i.objectKey])));
  }
  out.push(`Items UPLOADED or PROCESSING for more than ${age(report.thresholdSeconds)}: ${report.stuckItems.length}`);
  if (report.stuckItems.length) {
    out.push(table(['OWNER', 'FILE ID', 'STATUS', 'CREATED', 'AGE'], report.stuckItems.map((i) => [i.ownerId, i.fileId, i.status, i.createdAt, age(i.ageSeconds)])));
  }
  out.push(`Presigned uploads expired (past their deadline) or completed with their record left: ${report.leftoverUploads.length}`);
  if (report.leftoverUploads.length) {
    out.push(table(['UPLOAD RECORD', 'STATE', 'DEADLINE', 'OBJECT STORED', 'AGE'], report.leftoverUploads.map((u) => [u.key, u.state, u.deadline ?? '-', u.objectStored ? 'yes' : 'no', age(u.ageSeconds)])));
  }
  out.push(`Usage counters that differ from the owner's files and reservations: ${report.usageDrift.length}`);
  if (report.usageDrift.length) {
    out.push(table(['OWNER', 'USED BYTES', 'EXPECTED', 'USED FILES', 'EXPECTED'], report.usageDrift.map((d) => [d.ownerId, d.usedBytes, d.expectedBytes, d.usedFiles, d.expectedFiles])));
  }
  out.push('');
  out.push(report.orphans ? `Found ${report.orphans} problem(s). Nothing was changed.` : 'Clean: every object has its item, every item its object, nothing is stuck.');
  return `${out.join('\n')}\n`;
}

/** Describes an SDK or network failure in one line. */
function accessError(e) {
  const status = e.$metadata?.httpStatusCode;
  const cause = e.cause?.code ?? e.code;
  return `${e.name}${status ? ` (HTTP ${status})` : ''}${cause ? ` [${cause}]` : ''}: ${e.message}`;
}

async function main(opts) {
  const { s3, dynamodb } = clients(opts.target);
  let report;
  try {
    report = await reconcile({ s3, dynamodb, bucket: opts.target.bucket, table: opts.target.table, ownerId: opts.ownerId, thresholdMs: opts.thresholdMs, graceMs: opts.graceMs, abandonedMs: opts.abandonedMs });
  } catch (e) {
    process.stderr.write(`ops/reconcile: cannot read ${opts.target.bucket} / ${opts.target.table}: ${accessError(e)}\n`);
    return 2;
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, opts.target.description));
  return report.orphans ? 1 : 0;
}

runCommand('ops/reconcile', USAGE, options, main);
