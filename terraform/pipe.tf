# The EventBridge Pipe from the table's stream to the workflow: INSERT records only (definitions/pipe-filter.json,
# also used by the local cloud), one record per execution, bounded retries and a dead-letter queue so that a
# poison record cannot block its shard. Standard workflows are started FIRE_AND_FORGET.

# Records the pipe could not hand to the workflow after its retries (kept 14 days, encrypted with SSE-SQS).
resource "aws_sqs_queue" "pipe_dead_letter" {
  name                      = "${var.project_name}-pipe-dead-letter"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

# Only TLS requests may reach the dead-letter queue.
module "pipe_dead_letter_tls_only" {
  source    = "./modules/tls_only_policy"
  service   = "sqs"
  resources = [aws_sqs_queue.pipe_dead_letter.arn]
}

resource "aws_sqs_queue_policy" "pipe_dead_letter" {
  queue_url = aws_sqs_queue.pipe_dead_letter.id
  policy    = module.pipe_dead_letter_tls_only.json
}

# The pipe's own log: errors only (a record it could not deliver, a failed StartExecution), without execution data
# (the stream records carry file names and comments, which must never reach logs).
resource "aws_cloudwatch_log_group" "pipe" {
  name              = "/aws/vendedlogs/pipes/${var.project_name}-files-inserted"
  retention_in_days = var.log_retention_days
}

# Pipes write their log records with the pipe's execution role: log streams and events in that log group only.
data "aws_iam_policy_document" "pipe_logging" {
  statement {
    sid       = "WritePipeLog"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_group.pipe.arn, "${aws_cloudwatch_log_group.pipe.arn}:*"]
  }
}

resource "aws_iam_role_policy" "pipe_logging" {
  name   = "logging"
  role   = aws_iam_role.pipe.id
  policy = data.aws_iam_policy_document.pipe_logging.json
}

resource "aws_iam_role" "pipe" {
  name               = "${var.project_name}-pipe"
  description        = "EventBridge Pipes execution role of ${var.project_name}-files-inserted"
  assume_role_policy = data.aws_iam_policy_document.service_assume["pipes.amazonaws.com"].json
}

# The source stream, the target state machine and the dead-letter queue, by exact ARN.
data "aws_iam_policy_document" "pipe" {
  statement {
    sid = "ReadTableStream"
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
      "dynamodb:ListStreams",
    ]
    resources = [aws_dynamodb_table.files.stream_arn]
  }

  statement {
    sid       = "StartWorkflow"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.processing.arn]
  }

  statement {
    sid       = "SendToDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.pipe_dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "pipe" {
  name   = "source-target-dead-letter"
  role   = aws_iam_role.pipe.id
  policy = data.aws_iam_policy_document.pipe.json

  # The pipe depends on this policy; created after the logging one, it makes the pipe wait for both.
  depends_on = [aws_iam_role_policy.pipe_logging]
}

# Creating the pipe right after its role policy and a new table stream fails with "Cannot access stream ... ensure
# the customer role can perform actions on source stream" until IAM and the stream have propagated
# (terraform-provider-aws#40572; waits of more than 90 s are reported to be enough). The pipe depends on this wait;
# a new stream or a changed role policy (the triggers) replaces it, so the pipe's re-creation waits again.
resource "time_sleep" "pipe_source_propagation" {
  create_duration = "120s"

  triggers = {
    stream_arn  = aws_dynamodb_table.files.stream_arn
    role_arn    = aws_iam_role.pipe.arn
    role_policy = aws_iam_role_policy.pipe.policy
  }
}

# The pipe: table stream -> INSERT filter -> state machine.
resource "aws_pipes_pipe" "files_inserted" {
  name        = "${var.project_name}-files-inserted"
  description = "Starts ${var.project_name}-processing for every file inserted into ${aws_dynamodb_table.files.name}"
  role_arn    = aws_iam_role.pipe.arn
  source      = aws_dynamodb_table.files.stream_arn
  target      = aws_sfn_state_machine.processing.arn

  source_parameters {
    dynamodb_stream_parameters {
      # TRIM_HORIZON: items inserted between the table's creation and the pipe's first poll are processed too
      # (LATEST would skip them). A re-created pipe replays up to 24 h of stream records; the processor is
      # idempotent (conditional status updates), so a replayed INSERT changes nothing.
      starting_position             = "TRIM_HORIZON"
      batch_size                    = 1
      maximum_retry_attempts        = 10
      maximum_record_age_in_seconds = 86400
      dead_letter_config {
        arn = aws_sqs_queue.pipe_dead_letter.arn
      }
    }

    filter_criteria {
      filter {
        # Normalised through jsondecode/jsonencode so formatting changes in the file cause no diff.
        pattern = jsonencode(jsondecode(file("${path.module}/definitions/pipe-filter.json")))
      }
    }
  }

  log_configuration {
    level = "ERROR"
    cloudwatch_logs_log_destination {
      log_group_arn = aws_cloudwatch_log_group.pipe.arn
    }
  }

  target_parameters {
    # Each record reshaped to what processing needs (definitions/pipe-target-input.template, also used by the local
    # pipe): keys and the attributes the processor checks, without the comment. The execution input is kept in the
    # workflow's history for 90 days after the execution ends (docs/operations.md, "What is kept, and for how long").
    input_template = file("${path.module}/definitions/pipe-target-input.template")

    step_function_state_machine_parameters {
      invocation_type = "FIRE_AND_FORGET"
    }
  }

  # The pipe validates its role and source on creation: wait until both have propagated (see time_sleep above).
  depends_on = [aws_iam_role_policy.pipe, time_sleep.pipe_source_propagation]
}
