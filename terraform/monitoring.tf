# What tells an operator that something went wrong: the SNS topic that every alarm of both stacks notifies, and
# the alarms on what Terraform owns (the pipe's dead-letter queue, the workflow, the processor's failures). The SAM
# stack alarms on its own functions and API and owns the dashboard (sam/template.yaml).
#
# The topic's name "<project_name>-alarms" is a cross-stack contract: the SAM template derives its ARN with
# !Sub "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-alarms", so the deploy workflow
# needs no new secret or parameter.

locals {
  alarm_topic_name = "${var.project_name}-alarms"

  # The processor's embedded metric format (EMF) namespace: SAM sets AWS_EMF_NAMESPACE to ProjectName.
  emf_namespace = var.project_name

  # Alarms on what Terraform owns, by name ("<project_name>-<key>"). None of these happens in normal operation, so
  # each fires on the first occurrence (Maximum or Sum > 0 over five minutes).
  terraform_alarms = {
    "pipe-dead-letter" = {
      description = "Stream records the pipe could not hand to the workflow after its retries are in the dead-letter queue: their files stay UPLOADED."
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      statistic   = "Maximum"
      dimensions  = { QueueName = aws_sqs_queue.pipe_dead_letter.name }
    }
    "workflow-failed" = {
      description = "Processing executions failed: the processor failed on every retry and the workflow marked the batch's files FAILED."
      namespace   = "AWS/States"
      metric_name = "ExecutionsFailed"
      statistic   = "Sum"
      dimensions  = { StateMachineArn = aws_sfn_state_machine.processing.arn }
    }
    "workflow-timed-out" = {
      description = "Processing executions timed out: their files may stay PROCESSING."
      namespace   = "AWS/States"
      metric_name = "ExecutionsTimedOut"
      statistic   = "Sum"
      dimensions  = { StateMachineArn = aws_sfn_state_machine.processing.arn }
    }
    "processing-failed" = {
      description = "The processor recorded files as FAILED (object missing, size or checksum mismatch): metric ProcessingFailed of the processor."
      namespace   = local.emf_namespace
      metric_name = "ProcessingFailed"
      statistic   = "Sum"
      dimensions  = { Function = "processor" }
    }
  }
}

# Not encrypted at rest: CloudWatch cannot publish to a topic encrypted with the AWS managed key aws/sns, and a
# customer managed key (a monthly charge and a key policy for cloudwatch.amazonaws.com) would protect only what
# alarm notifications carry: alarm names, states, thresholds and metric values, never file names, comments or users.
resource "aws_sns_topic" "alarms" {
  name = local.alarm_topic_name
}

# Only CloudWatch alarms of this account and region named "<project_name>-..." (both stacks' alarms) may publish.
data "aws_iam_policy_document" "alarm_topic" {
  statement {
    sid       = "PublishProjectAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${var.project_name}-*"]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

# Optional: one e-mail address notified of every alarm. SNS sends it a confirmation message first; nothing is
# delivered until the link in it is followed.
resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Notified when an alarm fires and again when it clears. Missing data is not breaching: these metrics are only
# published while something happens (the EMF metric, the workflow's executions) or the queue is active.
resource "aws_cloudwatch_metric_alarm" "terraform_owned" {
  for_each = local.terraform_alarms

  alarm_name          = "${var.project_name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
