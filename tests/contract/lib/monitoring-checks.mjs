// Contract checks for operating the deployed system: the alarm topic, the alarms of both stacks, the dashboard, the
// pipe's and the workflow's logs, the deploy role's monitoring permissions and the README's operator section. Like
// checks.mjs, each check takes the repository root and resolves to a list of problems (strings); monitoring.test.mjs
// runs them on the checkout and on hand-broken copies.
import { read, loadTerraformModule, loadCfnYaml, markdownSection } from './repo.mjs';

const SAM_TEMPLATE = 'sam/template.yaml';

/** The alarm topic's ARN as the SAM template derives it from Terraform's topic name "<project_name>-alarms". */
export const SAM_TOPIC_ARN = 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-alarms';

/** The metrics the Java functions publish in embedded metric format (namespace = project name), by function. */
export const EMF_METRICS = {
  upload: ['UploadsAccepted', 'UploadsRejected', 'BytesStored'],
  processor: ['ProcessingSucceeded', 'ProcessingFailed', 'ProcessingLatency'],
};

/** The Terraform alarms: what Terraform owns and can fail without a user noticing at once. */
const TERRAFORM_ALARMS = [
  { what: 'records in the pipe dead-letter queue', namespace: 'AWS/SQS', metric: 'ApproximateNumberOfMessagesVisible', dimension: ['QueueName', '${aws_sqs_queue.pipe_dead_letter.name}'] },
  { what: 'failed workflow executions', namespace: 'AWS/States', metric: 'ExecutionsFailed', dimension: ['StateMachineArn', '${aws_sfn_state_machine.processing.arn}'] },
  { what: 'timed-out workflow executions', namespace: 'AWS/States', metric: 'ExecutionsTimedOut', dimension: ['StateMachineArn', '${aws_sfn_state_machine.processing.arn}'] },
  { what: 'files the processor marked FAILED (EMF)', namespace: '${var.project_name}', metric: 'ProcessingFailed', dimension: ['Function', 'processor'] },
];

/** The SAM alarms: each function's Errors and Throttles, and the HTTP API's 5xx. */
const SAM_ALARMS = [
  ...['UploadFunction', 'ProcessorFunction'].flatMap((fn) => ['Errors', 'Throttles'].map((metric) => ({
    what: `${fn} ${metric}`, namespace: 'AWS/Lambda', metric, dimension: 'FunctionName', target: fn,
  }))),
  { what: 'HttpApi 5xx', namespace: 'AWS/ApiGateway', metric: '5xx', dimension: 'ApiId', target: 'HttpApi' },
];

/**
 * What the deploy role needs for the SAM stack's alarms and dashboard, by resource kind. Every one of these actions
 * supports resource-level permissions (Service Authorization Reference, Amazon CloudWatch), so none needs "*".
 */
const DEPLOY_MONITORING = {
  alarm: {
    pattern: 'arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${var.project_name}-*',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource',
      'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  },
  dashboard: {
    pattern: 'arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.project_name}-*',
    actions: ['cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards',
      'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  },
  // CloudFormation's alarm handler lists alarms by name prefix, a request authorised on every alarm of the region.
  alarmList: {
    pattern: 'arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:*',
    actions: ['cloudwatch:DescribeAlarms'],
  },
};

// ---------- helpers ----------

const subText = (value) => {
  const sub = value && typeof value === 'object' ? value['Fn::Sub'] : undefined;
  return Array.isArray(sub) ? sub[0] : sub;
};
const isRef = (value, name) => value && typeof value === 'object' && value.Ref === name;
/** A Terraform string as the SAM template spells it (var.project_name -> ProjectName). */
const asSam = (text) => String(text).replaceAll('${var.project_name}', '${ProjectName}');
/** text with the regular expression metacharacters escaped. */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether text matches an IAM-style pattern in which * stands for any characters. */
const matchesPattern = (text, pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(text);

/** Replaces a whole-string "${local.x}" by the local's value (once), so locals that name things can be followed. */
function resolveLocal(value, locals) {
  const match = typeof value === 'string' && value.match(/^\$\{local\.([a-z0-9_]+)\}$/);
  return match && match[1] in locals ? locals[match[1]] : value;
}

/** The address of a "${type.name.attr}" reference's resource ("type.name"), or null. */
const referenced = (value, type) => {
  const match = typeof value === 'string' && value.match(new RegExp(`^\\$\\{${type}\\.([a-z0-9_]+)\\.[a-z_]+(\\[0\\])?\\}$`));
  return match ? match[1] : null;
};

/**
 * The alarms of the Terraform root module, one per instance: a for_each over a local map expands into one alarm
 * per key, with each.key and each.value.* filled in.
 */
function terraformAlarms(module) {
  const alarms = [];
  for (const [name, body] of Object.entries(module.resource.aws_cloudwatch_metric_alarm ?? {})) {
    const source = resolveLocal(body.for_each, module.locals);
    if (body.for_each === undefined) { alarms.push({ address: `aws_cloudwatch_metric_alarm.${name}`, body }); continue; }
    if (!source || typeof source !== 'object') { alarms.push({ address: `aws_cloudwatch_metric_alarm.${name}`, body, opaque: true }); continue; }
    for (const [key, value] of Object.entries(source)) {
      const fill = (item) => {
        if (typeof item === 'string') {
          const whole = item.match(/^\$\{each\.value\.([a-z_]+)\}$/);
          if (whole) return resolveLocal(value[whole[1]], module.locals);
          return item.replaceAll('${each.key}', key).replace(/\$\{each\.value\.([a-z_]+)\}/g, (ref, field) => (typeof value[field] === 'string' ? value[field] : ref));
        }
        if (Array.isArray(item)) return item.map(fill);
        if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fill(v)]));
        return item;
      };
      alarms.push({ address: `aws_cloudwatch_metric_alarm.${name}["${key}"]`, body: fill(body) });
    }
  }
  return alarms;
}

/** The alarm topic of the Terraform root module: [resource name, body] of the aws_sns_topic named "<project>-alarms". */
function alarmTopic(module) {
  return Object.entries(module.resource.aws_sns_topic ?? {})
    .find(([, body]) => resolveLocal(body.name, module.locals) === '${var.project_name}-alarms');
}

/** The statements of the aws_iam_policy_document a "${data.aws_iam_policy_document.x.json}" reference names. */
function documentStatements(module, reference) {
  const name = referenced(reference, 'data\\.aws_iam_policy_document');
  return name ? (module.data.aws_iam_policy_document?.[name]?.statement ?? []) : null;
}

/** The metrics an alarm watches: its own metric, or the MetricStat metrics of its metric-math Metrics. */
function alarmMetrics(properties) {
  if (properties.MetricName) {
    return [{ namespace: properties.Namespace, metric: properties.MetricName, dimensions: properties.Dimensions ?? [] }];
  }
  return (properties.Metrics ?? []).filter((query) => query.MetricStat).map((query) => ({
    namespace: query.MetricStat.Metric?.Namespace, metric: query.MetricStat.Metric?.MetricName,
    dimensions: query.MetricStat.Metric?.Dimensions ?? [],
  }));
}

// ---------- Terraform: the topic and its alarms ----------

/**
 * The SNS topic "<project_name>-alarms" exists, is not encrypted with the AWS managed key (CloudWatch cannot publish
 * to such a topic), lets only this account's CloudWatch alarms of the project publish, has an optional e-mail
 * subscription (variable alarm_email: typed, described, validated, null by default) and is an output.
 */
export async function alarmTopicConfigured(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const topic = alarmTopic(module);
  if (!topic) return ['terraform/: no aws_sns_topic named "${var.project_name}-alarms" (sam/template.yaml derives the alarm topic ARN from that name)'];
  const [topicName, body] = topic;
  const problems = [];
  const topicArn = `\${aws_sns_topic.${topicName}.arn}`;
  if (/alias\/aws\/sns/.test(String(body.kms_master_key_id ?? ''))) {
    problems.push(`aws_sns_topic.${topicName}: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key alias/aws/sns; use a customer managed key whose policy allows cloudwatch.amazonaws.com, or none`);
  }

  const policies = Object.values(module.resource.aws_sns_topic_policy ?? {}).filter((policy) => policy.arn === topicArn);
  const statements = policies.flatMap((policy) => documentStatements(module, policy.policy) ?? []);
  const publish = statements.find((statement) => (statement.effect ?? 'Allow') === 'Allow' && (statement.actions ?? []).includes('sns:Publish'));
  if (!publish) problems.push(`aws_sns_topic.${topicName} needs an aws_sns_topic_policy (from an aws_iam_policy_document) allowing CloudWatch to sns:Publish`);
  else {
    if (!JSON.stringify(publish.principals ?? []).includes('cloudwatch.amazonaws.com')) problems.push('the alarm topic policy must allow the service principal cloudwatch.amazonaws.com');
    const condition = (variable) => (publish.condition ?? []).find((item) => item.variable === variable);
    if (JSON.stringify(condition('aws:SourceAccount')?.values) !== '["${local.account_id}"]') problems.push('the alarm topic policy must require aws:SourceAccount = this account');
    const sourceArn = condition('aws:SourceArn');
    if (!sourceArn || !['ArnLike', 'ArnEquals', 'StringLike'].includes(sourceArn.test)
      || !(sourceArn.values ?? []).every((value) => /:cloudwatch:\$\{var\.region\}:\$\{local\.account_id\}:alarm:\$\{var\.project_name\}-/.test(value))) {
      problems.push('the alarm topic policy must limit aws:SourceArn (ArnLike) to arn:...:cloudwatch:${var.region}:${local.account_id}:alarm:${var.project_name}-*');
    }
  }

  const variable = module.variable.alarm_email;
  if (!variable) problems.push('terraform/variables.tf: variable "alarm_email" (optional e-mail subscription) is missing');
  else {
    if (variable.type !== '${string}') problems.push('variable "alarm_email" must be typed string');
    if (!String(variable.description ?? '').trim()) problems.push('variable "alarm_email" needs a description');
    if (!(variable.default === null || variable.default === '')) problems.push('variable "alarm_email" must default to null (or ""): the subscription is optional');
    if (!(variable.validation ?? []).some((validation) => /var\.alarm_email/.test(validation.condition))) problems.push('variable "alarm_email" needs a validation');
  }
  const subscriptions = Object.entries(module.resource.aws_sns_topic_subscription ?? {}).filter(([, subscription]) => subscription.topic_arn === topicArn);
  const email = subscriptions.find(([, subscription]) => subscription.protocol === 'email' && subscription.endpoint === '${var.alarm_email}');
  if (!email) problems.push(`the alarm topic needs an aws_sns_topic_subscription with protocol "email" and endpoint var.alarm_email`);
  else if (!/var\.alarm_email/.test(String(email[1].count ?? email[1].for_each ?? ''))) problems.push(`aws_sns_topic_subscription.${email[0]} must exist only when alarm_email is set (count on var.alarm_email)`);

  if (module.output.alarm_topic_arn?.value !== topicArn) problems.push(`terraform/outputs.tf: output "alarm_topic_arn" must be ${topicArn}`);
  return problems;
}

/**
 * Terraform alarms on the pipe's dead-letter queue, the workflow's failed and timed-out executions and the
 * processor's ProcessingFailed metric; each named "<project_name>-...", notifying the alarm topic, with missing data
 * not breaching.
 */
export async function terraformAlarmsComplete(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const topic = alarmTopic(module);
  const topicArn = topic ? `\${aws_sns_topic.${topic[0]}.arn}` : null;
  const alarms = terraformAlarms(module);
  const problems = alarms.filter((alarm) => alarm.opaque).map((alarm) => `${alarm.address}: for_each must name a local map so its alarms can be checked`);
  for (const expected of TERRAFORM_ALARMS) {
    const found = alarms.filter(({ body }) => resolveLocal(body.namespace, module.locals) === expected.namespace
      && body.metric_name === expected.metric && body.dimensions?.[expected.dimension[0]] === expected.dimension[1]);
    if (!found.length) {
      problems.push(`terraform/: no alarm on ${expected.what} (${expected.namespace} ${expected.metric}, ${expected.dimension[0]} = ${expected.dimension[1]})`);
    }
  }
  for (const { address, body, opaque } of alarms) {
    if (opaque) continue;
    if (!String(body.alarm_name ?? '').startsWith('${var.project_name}-')) problems.push(`${address}: alarm_name must start with "\${var.project_name}-"`);
    if (!topicArn || !(body.alarm_actions ?? []).includes(topicArn)) problems.push(`${address}: alarm_actions must notify the alarm topic (${topicArn ?? 'aws_sns_topic "<project>-alarms"'})`);
    if (body.treat_missing_data !== 'notBreaching') problems.push(`${address}: treat_missing_data must be "notBreaching" (these metrics are published only while something happens)`);
  }
  return problems;
}

// ---------- SAM: alarms and dashboard ----------

/**
 * SAM alarms on each function's Errors and Throttles and on the HTTP API's 5xx; each named "${ProjectName}-...",
 * notifying the topic whose ARN it derives from Terraform's topic name, with missing data not breaching, and named
 * so that the topic's policy lets it publish.
 */
export async function samAlarmsComplete(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const module = await loadTerraformModule(root, 'terraform');
  const resources = template.Resources ?? {};
  const alarms = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
  const problems = [];
  for (const expected of SAM_ALARMS) {
    const targetName = subText(resources[expected.target]?.Properties?.FunctionName);
    const found = alarms.some(([, alarm]) => alarmMetrics(alarm.Properties ?? {}).some((metric) => metric.namespace === expected.namespace
      && metric.metric === expected.metric && metric.dimensions.some((dimension) => dimension.Name === expected.dimension
        && (isRef(dimension.Value, expected.target) || (targetName && subText(dimension.Value) === targetName)))));
    if (!found) problems.push(`${SAM_TEMPLATE}: no alarm on ${expected.what} (${expected.namespace} ${expected.metric}, ${expected.dimension} = ${expected.target})`);
  }

  const topic = alarmTopic(module);
  const expectedArn = topic ? `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${asSam(resolveLocal(topic[1].name, module.locals))}` : SAM_TOPIC_ARN;
  const sourceArnPatterns = Object.values(module.data.aws_iam_policy_document ?? {}).flatMap((document) => document.statement ?? [])
    .flatMap((statement) => (statement.condition ?? []).filter((condition) => condition.variable === 'aws:SourceArn'))
    .flatMap((condition) => condition.values ?? []).filter((value) => /:cloudwatch:.*:alarm:/.test(value))
    .map((value) => asSam(value.split(':alarm:')[1]));
  for (const [id, alarm] of alarms) {
    const properties = alarm.Properties ?? {};
    const name = subText(properties.AlarmName) ?? properties.AlarmName;
    if (typeof name !== 'string' || !name.startsWith('${ProjectName}-')) {
      problems.push(`${id}: AlarmName must be !Sub "\${ProjectName}-..." (the deploy role may manage only alarms so named)`);
    } else if (sourceArnPatterns.length && !sourceArnPatterns.some((pattern) => matchesPattern(name, pattern))) {
      problems.push(`${id}: AlarmName ${name} is not one the alarm topic's policy lets publish (${sourceArnPatterns.join(', ')})`);
    }
    const actions = (properties.AlarmActions ?? []).map((action) => subText(action) ?? action);
    if (!actions.includes(expectedArn)) problems.push(`${id}: AlarmActions must be !Sub "${expectedArn}" (Terraform's alarm topic, derived without a parameter)`);
    if (properties.TreatMissingData !== 'notBreaching') problems.push(`${id}: TreatMissingData must be notBreaching (no traffic is not a failure)`);
  }
  if (expectedArn !== SAM_TOPIC_ARN) problems.push(`Terraform's alarm topic is ${expectedArn} in SAM terms, the contract is ${SAM_TOPIC_ARN}`);
  return problems;
}

const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];

/** The metric rows of a dashboard body: [{namespace, metric, dimensions: {name: value}}], or problems. */
function dashboardMetrics(body) {
  const metrics = [];
  const problems = [];
  for (const widget of body.widgets ?? []) {
    if (widget.type !== 'metric') continue;
    const title = widget.properties?.title ?? `widget at ${widget.x},${widget.y}`;
    if (!widget.properties?.region) problems.push(`dashboard widget "${title}": metric widgets need a region`);
    for (const row of widget.properties?.metrics ?? []) {
      const ids = row.filter((item) => typeof item === 'string');
      if (ids.some((item) => item === '.' || item === '...')) { problems.push(`dashboard widget "${title}": spell metrics out (no "." or "..." shorthand) so they can be checked`); continue; }
      const [namespace, metric, ...pairs] = ids;
      const dimensions = {};
      for (let index = 0; index + 1 < pairs.length; index += 2) dimensions[pairs[index]] = pairs[index + 1];
      metrics.push({ namespace, metric, dimensions });
    }
  }
  return { metrics, problems };
}

/**
 * The dashboard "${ProjectName}-...": its body is valid JSON once !Sub has replaced every ${...} (each of which names
 * a parameter, resource or pseudo parameter) and shows the EMF metrics (namespace = ProjectName, which SAM hands the
 * functions as AWS_EMF_NAMESPACE), both functions' Errors, Throttles and Duration, the API's 4xx, 5xx and latency,
 * the workflow's executions and the pipe's dead-letter queue (by Terraform's queue name).
 */
export async function dashboardComplete(root) {
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const module = await loadTerraformModule(root, 'terraform');
  const resources = template.Resources ?? {};
  const problems = [];
  const globals = template.Globals?.Function?.Environment?.Variables ?? {};
  for (const fn of ['UploadFunction', 'ProcessorFunction']) {
    const namespace = resources[fn]?.Properties?.Environment?.Variables?.AWS_EMF_NAMESPACE ?? globals.AWS_EMF_NAMESPACE;
    if (!isRef(namespace, 'ProjectName')) problems.push(`${fn}: AWS_EMF_NAMESPACE must be !Ref ProjectName (the namespace of the EMF metrics the dashboard and the alarms read)`);
  }
  const dashboards = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Dashboard');
  if (dashboards.length !== 1) return [...problems, `${SAM_TEMPLATE}: expected one AWS::CloudWatch::Dashboard, found ${dashboards.length}`];
  const [id, dashboard] = dashboards[0];
  if (!String(subText(dashboard.Properties?.DashboardName)).startsWith('${ProjectName}-')) problems.push(`${id}: DashboardName must be !Sub "\${ProjectName}-..." (the deploy role may manage only dashboards so named)`);
  const text = subText(dashboard.Properties?.DashboardBody);
  if (typeof text !== 'string') return [...problems, `${id}: DashboardBody must be !Sub with the JSON body`];

  const known = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(resources), ...PSEUDO_PARAMETERS]);
  const placeholders = [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1]);
  for (const name of new Set(placeholders)) {
    if (!known.has(name) && !(name.includes('.') && name.split('.')[0] in resources)) problems.push(`${id}: \${${name}} names no parameter, resource or pseudo parameter (!Sub would fail)`);
  }
  let body;
  try {
    body = JSON.parse(text.replace(/\$\{([^!}][^}]*)\}/g, '<$1>').replaceAll('${!', '${'));
  } catch (error) {
    return [...problems, `${id}: DashboardBody is not JSON after substitution: ${error.message}`];
  }
  const { metrics, problems: rowProblems } = dashboardMetrics(body);
  problems.push(...rowProblems.map((problem) => `${id}: ${problem}`));
  const shows = (namespace, metric, name, values) => metrics.some((row) => row.namespace === namespace && row.metric === metric && values.includes(row.dimensions[name]));
  const functionNames = (fn, suffix) => [`<${fn}>`, `<ProjectName>-${suffix}`];
  const dlq = String(module.resource.aws_sqs_queue?.pipe_dead_letter?.name ?? '').replaceAll('${var.project_name}', '<ProjectName>');
  const expected = [
    ...Object.entries(EMF_METRICS).flatMap(([fn, names]) => names.map((metric) => ['<ProjectName>', metric, 'Function', [fn]])),
    ...['Errors', 'Throttles', 'Duration'].flatMap((metric) => [['AWS/Lambda', metric, 'FunctionName', functionNames('UploadFunction', 'upload')],
      ['AWS/Lambda', metric, 'FunctionName', functionNames('ProcessorFunction', 'processor')]]),
    ...['4xx', '5xx', 'Latency'].map((metric) => ['AWS/ApiGateway', metric, 'ApiId', ['<HttpApi>']]),
    ...['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((metric) => ['AWS/States', metric, 'StateMachineArn', ['<StateMachineArn>']]),
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', [dlq]],
  ];
  for (const [namespace, metric, name, values] of expected) {
    if (!shows(namespace, metric, name, values)) problems.push(`${id}: the dashboard does not show ${namespace} ${metric} with ${name} = ${values.join(' or ')}`);
  }
  return problems;
}

// ---------- logs ----------

/**
 * The pipe logs at level ERROR, without execution data (stream records carry file names and comments), to a log
 * group with retention; its role may write logs only to that log group (CreateLogStream and PutLogEvents).
 */
export async function pipeLogsConfigured(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const pipes = Object.entries(module.resource.aws_pipes_pipe ?? {});
  if (pipes.length !== 1) return [`expected one aws_pipes_pipe, found ${pipes.length}`];
  const [name, pipe] = pipes[0];
  const problems = [];
  const logging = pipe.log_configuration?.[0];
  if (!logging) return [`aws_pipes_pipe.${name}: no log_configuration (the pipe's delivery errors would be invisible)`];
  if (logging.level !== 'ERROR') problems.push(`aws_pipes_pipe.${name}: log_configuration level must be "ERROR", is ${JSON.stringify(logging.level)}`);
  if ((logging.include_execution_data ?? []).length) problems.push(`aws_pipes_pipe.${name}: include_execution_data must stay unset: stream records carry file names and comments`);
  const groupName = referenced(logging.cloudwatch_logs_log_destination?.[0]?.log_group_arn, 'aws_cloudwatch_log_group');
  const group = groupName && module.resource.aws_cloudwatch_log_group?.[groupName];
  if (!group) return [...problems, `aws_pipes_pipe.${name}: cloudwatch_logs_log_destination must be an aws_cloudwatch_log_group of this module (.arn)`];
  if (group.retention_in_days !== '${var.log_retention_days}') problems.push(`aws_cloudwatch_log_group.${groupName}: retention_in_days must be var.log_retention_days`);

  const roleName = referenced(pipe.role_arn, 'aws_iam_role');
  const rolePolicies = Object.entries(module.resource.aws_iam_role_policy ?? {}).filter(([, policy]) => policy.role === `\${aws_iam_role.${roleName}.id}`);
  const attachments = Object.values(module.resource.aws_iam_role_policy_attachment ?? {}).filter((attachment) => String(attachment.role).includes(`aws_iam_role.${roleName}.`));
  if (attachments.length) problems.push(`aws_iam_role.${roleName} has managed policies attached: its log permissions cannot be checked`);
  const groupArn = `\${aws_cloudwatch_log_group.${groupName}.arn}`;
  const allowed = [groupArn, `${groupArn}:*`];
  const logStatements = rolePolicies.flatMap(([policyName, policy]) => (documentStatements(module, policy.policy) ?? [])
    .map((statement) => ({ policyName, statement })))
    .filter(({ statement }) => (statement.actions ?? []).some((action) => /^(logs:|\*$)/.test(action)));
  const granted = new Set(logStatements.flatMap(({ statement }) => statement.actions));
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    if (!granted.has(action)) problems.push(`aws_iam_role.${roleName} (the pipe's role) needs ${action} on ${groupArn}`);
  }
  for (const { policyName, statement } of logStatements) {
    const extra = (statement.resources ?? []).filter((resource) => !allowed.includes(resource));
    if (extra.length || !(statement.resources ?? []).length) problems.push(`aws_iam_role_policy.${policyName}: the pipe's role may write logs only to ${allowed.join(' / ')}, not ${JSON.stringify(extra.length ? extra : statement.resources)}`);
    const other = statement.actions.filter((action) => !['logs:CreateLogStream', 'logs:PutLogEvents'].includes(action));
    if (other.length) problems.push(`aws_iam_role_policy.${policyName}: the pipe's role needs only logs:CreateLogStream and logs:PutLogEvents, not ${other.join(', ')}`);
  }
  return problems;
}

/** The workflow logs to CloudWatch (not OFF) and never its execution data: inputs and outputs carry file names. */
export async function workflowLogsWithoutData(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const problems = [];
  for (const [name, machine] of Object.entries(module.resource.aws_sfn_state_machine ?? {})) {
    const logging = machine.logging_configuration?.[0];
    if (!logging || !['ALL', 'ERROR', 'FATAL'].includes(logging.level)) problems.push(`aws_sfn_state_machine.${name}: logging_configuration level must be ALL, ERROR or FATAL`);
    if (logging?.include_execution_data !== false) problems.push(`aws_sfn_state_machine.${name}: include_execution_data must be false (execution data carries file names and comments)`);
  }
  return problems;
}

// ---------- the deploy role ----------

/**
 * The deploy role may manage the SAM stack's alarms and dashboard, and nothing else of CloudWatch: a policy document
 * github_deploy_monitoring whose statements name only "<project_name>-" alarms and dashboards, one of the role's
 * policies (local.github_deploy_policy_documents, which the role's aws_iam_role_policy attaches when
 * create_github_oidc is true and the output deploy_role_policy_documents lists for a role made by hand); every SAM
 * alarm and dashboard name falls under those patterns.
 */
export async function deployRoleMonitoringScoped(root) {
  const module = await loadTerraformModule(root, 'terraform');
  const document = module.data.aws_iam_policy_document?.github_deploy_monitoring;
  if (!document) return ['terraform/github_oidc.tf: data "aws_iam_policy_document" "github_deploy_monitoring" is missing (CloudFormation needs it for the SAM alarms and dashboard)'];
  const problems = [];
  const granted = Object.fromEntries(Object.keys(DEPLOY_MONITORING).map((kind) => [kind, new Set()]));
  for (const statement of document.statement ?? []) {
    if ((statement.effect ?? 'Allow') !== 'Allow') continue;
    const where = `github_deploy_monitoring statement ${statement.sid ?? '(no sid)'}`;
    for (const resource of statement.resources ?? []) {
      const kind = Object.keys(DEPLOY_MONITORING).find((candidate) => DEPLOY_MONITORING[candidate].pattern === resource);
      if (!kind) { problems.push(`${where}: resource ${resource} is not a project alarm or dashboard (${Object.values(DEPLOY_MONITORING).map((entry) => entry.pattern).join(', ')})`); continue; }
      for (const action of statement.actions ?? []) {
        if (!DEPLOY_MONITORING[kind].actions.includes(action)) problems.push(`${where}: ${action} is not needed on ${kind}s`);
        granted[kind].add(action);
      }
    }
    if (!(statement.resources ?? []).length) problems.push(`${where}: names no resources`);
  }
  for (const [kind, { actions, pattern }] of Object.entries(DEPLOY_MONITORING)) {
    for (const action of actions) if (!granted[kind].has(action)) problems.push(`github_deploy_monitoring must allow ${action} on ${pattern}`);
  }
  const policies = Object.values(module.locals.github_deploy_policy_documents ?? {});
  if (!policies.includes('${data.aws_iam_policy_document.github_deploy_monitoring.json}')) problems.push('local.github_deploy_policy_documents (the deploy role\'s policies) must list github_deploy_monitoring');
  const attached = Object.values(module.resource.aws_iam_role_policy ?? {}).find((policy) => /local\.github_deploy_policy_documents/.test(String(policy.for_each)));
  if (!attached || !/aws_iam_role\.github_deploy\[0\]/.test(String(attached.role)) || !/var\.create_github_oidc/.test(String(attached.for_each)) || attached.policy !== '${each.value}') {
    problems.push('an aws_iam_role_policy (for_each on local.github_deploy_policy_documents when var.create_github_oidc) must attach each of them to aws_iam_role.github_deploy[0]');
  }
  if (module.output.deploy_role_policy_documents?.value !== '${local.github_deploy_policy_documents}') problems.push('output "deploy_role_policy_documents" must be local.github_deploy_policy_documents (for roles created by hand)');

  const template = loadCfnYaml(root, SAM_TEMPLATE);
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const kind = { 'AWS::CloudWatch::Alarm': 'alarm', 'AWS::CloudWatch::Dashboard': 'dashboard' }[resource.Type];
    if (!kind) continue;
    const name = subText(resource.Properties?.[kind === 'alarm' ? 'AlarmName' : 'DashboardName']);
    const pattern = asSam(DEPLOY_MONITORING[kind].pattern.split(kind === 'alarm' ? ':alarm:' : ':dashboard/')[1]);
    if (typeof name !== 'string' || !matchesPattern(name, pattern)) problems.push(`${id}: its name ${name ?? '(generated)'} is outside the deploy role's ${kind} permissions (${pattern})`);
  }
  return problems;
}

// ---------- the README ----------

/**
 * The README's "Operating it in AWS" section (after "Using the deployed application") names every alarm of both
 * stacks, the dashboard, the log groups and the alarm_email variable, and says the subscription must be confirmed.
 */
export async function operationsDocumented(root) {
  const readme = read(root, 'README.md');
  const section = markdownSection(readme, /Operating it in AWS/);
  if (section === null) return ['README.md has no section "Operating it in AWS"'];
  const problems = [];
  const headings = readme.split('\n').filter((line) => /^#{1,6}\s/.test(line));
  const using = headings.findIndex((line) => /Using the deployed application/.test(line));
  const operating = headings.findIndex((line) => /Operating it in AWS/.test(line));
  if (using < 0 || operating < using) problems.push('README.md: "Operating it in AWS" must come after "Using the deployed application"');
  const module = await loadTerraformModule(root, 'terraform');
  const template = loadCfnYaml(root, SAM_TEMPLATE);
  const suffix = (name) => String(name).replace(/^\$\{(var\.project_name|ProjectName)\}-/, '');
  const names = [
    ...terraformAlarms(module).filter((alarm) => !alarm.opaque).map((alarm) => suffix(alarm.body.alarm_name)),
    ...Object.values(template.Resources ?? {}).filter((resource) => ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard'].includes(resource.Type))
      .map((resource) => suffix(subText(resource.Properties?.AlarmName ?? resource.Properties?.DashboardName))),
  ];
  for (const name of names) if (!section.includes(`-${name}`)) problems.push(`README.md "Operating it in AWS" does not name alarm or dashboard "-${name}"`);
  const logGroups = [...Object.values(module.resource.aws_cloudwatch_log_group ?? {}).map((group) => group.name),
    ...Object.values(template.Resources ?? {}).filter((resource) => resource.Type === 'AWS::Logs::LogGroup').map((resource) => subText(resource.Properties?.LogGroupName))];
  for (const group of logGroups) {
    // The project name may be spelled any way (<PROJECT_NAME>, s3-dynamo-pipe-app, ...): what is around it must match.
    const [before, after = ''] = String(group).split(/\$\{(?:var\.project_name|ProjectName)\}/);
    if (!new RegExp(`${escapeRegExp(before)}[^\\s\`]*${escapeRegExp(after)}`).test(section)) problems.push(`README.md "Operating it in AWS" does not say where the logs ${group} are`);
  }
  if (!/alarm_email/.test(section)) problems.push('README.md "Operating it in AWS" must explain the alarm_email variable');
  if (!/confirm/i.test(section)) problems.push('README.md "Operating it in AWS" must say that the SNS e-mail subscription must be confirmed');
  return problems;
}

/** Every monitoring check, by name, for the broken-copy tests. */
export const MONITORING_CHECKS = {
  alarmTopicConfigured, terraformAlarmsComplete, samAlarmsComplete, dashboardComplete, pipeLogsConfigured,
  workflowLogsWithoutData, deployRoleMonitoringScoped, operationsDocumented,
};
