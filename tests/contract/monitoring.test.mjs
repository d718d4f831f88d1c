// Operating the deployed system: the alarm topic, both stacks' alarms, the dashboard, the pipe's and the
// workflow's logs, the deploy role's monitoring permissions and the README's operator section. Each check passes on
// the checkout, reports a hand-broken copy, and passes on an unbroken copy (so the failures come from the breakage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT, replaceIn, testBrokenCopies } from './lib/copies.mjs';
import { MONITORING_CHECKS } from './lib/monitoring-checks.mjs';

const ON_CHECKOUT = {
  alarmTopicConfigured: 'the SNS topic <project>-alarms: not aws/sns-encrypted, CloudWatch-only publish policy, optional e-mail, output',
  terraformAlarmsComplete: 'Terraform alarms on the pipe DLQ, failed and timed-out executions and ProcessingFailed notify the topic',
  samAlarmsComplete: 'SAM alarms on both functions\' Errors and Throttles and the API\'s 5xx, named ${ProjectName}-..., notify the topic',
  dashboardComplete: 'the dashboard body is JSON after !Sub and shows the EMF, Lambda, API, workflow and DLQ metrics',
  pipeLogsConfigured: 'the pipe logs errors without execution data to a log group only its role may write',
  workflowLogsWithoutData: 'the workflow logs without execution data',
  deployRoleMonitoringScoped: 'the deploy role manages only <project>- alarms and dashboards, attached and listed like its other policies',
  operationsDocumented: 'the README says what each alarm means, where the dashboard and logs are, and how to get e-mails',
};

for (const [check, title] of Object.entries(ON_CHECKOUT)) {
  test(`${check}: ${title}`, async () => {
    assert.deepEqual(await MONITORING_CHECKS[check](REPO_ROOT), []);
  });
}

const CASES = [
  {
    name: 'the alarm topic renamed (the SAM template\'s derived ARN would point nowhere)',
    check: 'alarmTopicConfigured', expect: /-alarms/,
    replace: ['terraform/monitoring.tf', 'alarm_topic_name = "${var.project_name}-alarms"', 'alarm_topic_name = "${var.project_name}-alerts"'],
  },
  {
    name: 'the alarm topic encrypted with the AWS managed key',
    check: 'alarmTopicConfigured', expect: /alias\/aws\/sns/,
    replace: ['terraform/monitoring.tf', '  name = local.alarm_topic_name\n', '  name              = local.alarm_topic_name\n  kms_master_key_id = "alias/aws/sns"\n'],
  },
  {
    name: 'the topic policy without the alarm ARN condition',
    check: 'alarmTopicConfigured', expect: /aws:SourceArn/,
    replace: ['terraform/monitoring.tf', 'variable = "aws:SourceArn"', 'variable = "aws:SourceVpc"'],
  },
  {
    name: 'an e-mail subscription that always exists',
    check: 'alarmTopicConfigured', expect: /count on var\.alarm_email/,
    replace: ['terraform/monitoring.tf', '  count = var.alarm_email == null ? 0 : 1\n\n', ''],
  },
  {
    name: 'no alarm on timed-out executions',
    check: 'terraformAlarmsComplete', expect: /ExecutionsTimedOut/,
    replace: ['terraform/monitoring.tf', 'metric_name = "ExecutionsTimedOut"', 'metric_name = "ExecutionsSucceeded"'],
  },
  {
    name: 'the dead-letter alarm on another queue',
    check: 'terraformAlarmsComplete', expect: /dead-letter queue/,
    replace: ['terraform/monitoring.tf', 'QueueName = aws_sqs_queue.pipe_dead_letter.name', 'QueueName = "${var.project_name}-other"'],
  },
  {
    name: 'Terraform alarms that notify nobody',
    check: 'terraformAlarmsComplete', expect: /alarm_actions must notify/,
    replace: ['terraform/monitoring.tf', '  alarm_actions       = [aws_sns_topic.alarms.arn]\n', ''],
  },
  {
    name: 'Terraform alarms firing when there is no data',
    check: 'terraformAlarmsComplete', expect: /notBreaching/,
    replace: ['terraform/monitoring.tf', 'treat_missing_data  = "notBreaching"', 'treat_missing_data  = "breaching"'],
  },
  {
    name: 'no alarm on the processor\'s throttles',
    check: 'samAlarmsComplete', expect: /ProcessorFunction Throttles/,
    replace: ['sam/template.yaml', 'MetricName: Throttles\n      Dimensions:\n        - Name: FunctionName\n          Value: !Ref ProcessorFunction',
      'MetricName: Invocations\n      Dimensions:\n        - Name: FunctionName\n          Value: !Ref ProcessorFunction'],
  },
  {
    name: 'a SAM alarm name outside the project prefix',
    check: 'samAlarmsComplete', expect: /Api5xxAlarm: AlarmName/,
    replace: ['sam/template.yaml', 'AlarmName: !Sub "${ProjectName}-api-5xx"', 'AlarmName: !Sub "api-5xx-${ProjectName}"'],
  },
  {
    name: 'a SAM alarm notifying a topic Terraform does not create',
    check: 'samAlarmsComplete', expect: /UploadErrorsAlarm: AlarmActions/,
    replace: ['sam/template.yaml', '      AlarmActions:\n        - !Sub "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-alarms"',
      '      AlarmActions:\n        - !Sub "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-alerts"'],
  },
  {
    name: 'a dashboard body that is not JSON (trailing comma)',
    check: 'dashboardComplete', expect: /not JSON after substitution/,
    replace: ['sam/template.yaml', '{"stat": "p99", "label": "p99"}]\n', '{"stat": "p99", "label": "p99"}],\n'],
  },
  {
    name: 'a dashboard placeholder that names nothing',
    check: 'dashboardComplete', expect: /\$\{ProcessorFn\} names no parameter/,
    replace: ['sam/template.yaml', '"FunctionName", "${ProcessorFunction}", {"label": "processor errors"}', '"FunctionName", "${ProcessorFn}", {"label": "processor errors"}'],
  },
  {
    name: 'the dashboard without processing latency',
    check: 'dashboardComplete', expect: /ProcessingLatency/,
    edit: (root) => {
      for (const stat of ['p50', 'p99', 'Maximum']) replaceIn(root, 'sam/template.yaml', `"ProcessingLatency", "Function", "processor", {"stat": "${stat}"`, `"ProcessingTime", "Function", "processor", {"stat": "${stat}"`);
    },
  },
  {
    name: 'the dead-letter queue renamed in Terraform only',
    check: 'dashboardComplete', expect: /ApproximateNumberOfMessagesVisible/,
    replace: ['terraform/pipe.tf', 'name                      = "${var.project_name}-pipe-dead-letter"', 'name                      = "${var.project_name}-pipe-dlq"'],
  },
  {
    name: 'the functions\' EMF namespace no longer the project name',
    check: 'dashboardComplete', expect: /AWS_EMF_NAMESPACE/,
    replace: ['sam/template.yaml', 'AWS_EMF_NAMESPACE: !Ref ProjectName', 'AWS_EMF_NAMESPACE: FileUploads'],
  },
  {
    name: 'the pipe logging every event',
    check: 'pipeLogsConfigured', expect: /level must be "ERROR"/,
    replace: ['terraform/pipe.tf', 'level = "ERROR"', 'level = "TRACE"'],
  },
  {
    name: 'the pipe logging its records (file names, comments)',
    check: 'pipeLogsConfigured', expect: /include_execution_data/,
    replace: ['terraform/pipe.tf', '    level = "ERROR"\n', '    level                  = "ERROR"\n    include_execution_data = ["ALL"]\n'],
  },
  {
    name: 'the pipe\'s role allowed to write every log group',
    check: 'pipeLogsConfigured', expect: /may write logs only to/,
    replace: ['terraform/pipe.tf', 'resources = [aws_cloudwatch_log_group.pipe.arn, "${aws_cloudwatch_log_group.pipe.arn}:*"]',
      'resources = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"]'],
  },
  {
    name: 'the workflow logging execution data',
    check: 'workflowLogsWithoutData', expect: /include_execution_data must be false/,
    replace: ['terraform/workflow.tf', 'include_execution_data = false', 'include_execution_data = true'],
  },
  {
    name: 'the deploy role allowed every dashboard',
    check: 'deployRoleMonitoringScoped', expect: /resource \* is not a project alarm or dashboard/,
    replace: ['terraform/github_oidc.tf', 'resources = ["arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.project_name}-*"]', 'resources = ["*"]'],
  },
  {
    name: 'the monitoring policy missing from the deploy role\'s policies',
    check: 'deployRoleMonitoringScoped', expect: /github_deploy_policy_documents/,
    replace: ['terraform/github_oidc.tf', '    monitoring          = data.aws_iam_policy_document.github_deploy_monitoring.json\n', ''],
  },
  {
    name: 'a SAM dashboard named outside the deploy role\'s permissions',
    check: 'deployRoleMonitoringScoped', expect: /OperationsDashboard: its name/,
    replace: ['sam/template.yaml', 'DashboardName: !Sub "${ProjectName}-operations"', 'DashboardName: !Sub "operations-${ProjectName}"'],
  },
  {
    name: 'the README without the operator section',
    check: 'operationsDocumented', expect: /Operating it in AWS/,
    replace: ['README.md', '## Operating it in AWS\n', '## Running it\n'],
  },
  {
    name: 'an alarm the README does not explain',
    check: 'operationsDocumented', expect: /-api-5xx/,
    replace: ['README.md', '| `<PROJECT_NAME>-api-5xx` |', '| API errors |'],
  },
];

testBrokenCopies(CASES, MONITORING_CHECKS);

test('every monitoring check has a broken copy that fails it', () => {
  const broken = new Set(CASES.map((entry) => entry.check));
  assert.deepEqual(Object.keys(MONITORING_CHECKS).filter((check) => !broken.has(check)), []);
});
