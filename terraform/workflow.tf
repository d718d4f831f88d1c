# The Step Functions (Standard) workflow that processes each batch of stream records, from the shared ASL file
# definitions/processing.asl.json (also run by the local cloud). Its role may invoke only the processor function
# (by the name SAM gives it, so this can be applied before SAM) and update items only in the files table.

# Execution history beyond the console: every state transition, without execution data (no file names in logs).
resource "aws_cloudwatch_log_group" "workflow" {
  name              = "/aws/vendedlogs/states/${var.project_name}-processing"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "workflow" {
  name               = "${var.project_name}-workflow"
  description        = "Step Functions execution role of ${var.project_name}-processing"
  assume_role_policy = data.aws_iam_policy_document.service_assume["states.amazonaws.com"].json
}

# Data actions: the processor function and the table, by exact ARN.
data "aws_iam_policy_document" "workflow_tasks" {
  statement {
    sid       = "InvokeProcessor"
    actions   = ["lambda:InvokeFunction"]
    resources = [local.processor_function_arn]
  }

  statement {
    sid       = "MarkItemsFailed"
    actions   = ["dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.files.arn]
  }
}

resource "aws_iam_role_policy" "workflow_tasks" {
  name   = "tasks"
  role   = aws_iam_role.workflow.id
  policy = data.aws_iam_policy_document.workflow_tasks.json
}

# Step Functions delivers logs through CloudWatch Logs vended log deliveries (iam.tf, with the scope of each action).
resource "aws_iam_role_policy" "workflow_logging" {
  name   = "logging"
  role   = aws_iam_role.workflow.id
  policy = data.aws_iam_policy_document.log_delivery.json
}

# The workflow itself: invoke the processor with the batch, retry, mark the batch FAILED when retries run out.
resource "aws_sfn_state_machine" "processing" {
  name     = "${var.project_name}-processing"
  type     = "STANDARD"
  role_arn = aws_iam_role.workflow.arn

  definition = templatefile("${path.module}/definitions/processing.asl.json", {
    processor_function_arn = local.processor_function_arn
    table_name             = aws_dynamodb_table.files.name
  })

  # ALL rather than ERROR: ERROR logs only failure events, so an operator sees neither the steps around a failure
  # (when the execution started, how long each attempt ran before the retry) nor that the other executions
  # finished. ALL records every execution's states and timings, searchable across executions in Logs Insights, for
  # a dozen small events per file. include_execution_data stays false: no inputs or outputs (file names, comments).
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.workflow.arn}:*"
    include_execution_data = false
    level                  = "ALL"
  }

  # Step Functions checks the role's logging permissions when the state machine is created.
  depends_on = [aws_iam_role_policy.workflow_logging, aws_iam_role_policy.workflow_tasks]
}
