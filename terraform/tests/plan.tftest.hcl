# Plans the whole configuration against a mocked AWS provider (no account, no credentials; Terraform >= 1.7) and
# checks what the offline parsers cannot: the shared definitions files evaluate into the resources, names follow the
# cross-stack contract with SAM, and the GitHub OIDC switch behaves.

# time_sleep (pipe.tf) would really wait two minutes in every run; mocked, it is created at once.
mock_provider "time" {}

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  # The mock invents strings; IAM documents must still be JSON for the resources that embed them.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/s3-dynamo-pipe-app-files"
      stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/s3-dynamo-pipe-app-files/stream/2026-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mocked"
    }
  }

  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/mocked"
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:mocked"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:mocked"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/mocked"
    }
  }

  mock_resource "aws_sfn_state_machine" {
    defaults = {
      arn = "arn:aws:states:us-east-1:123456789012:stateMachine:mocked"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mocked"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:us-east-1:123456789012:s3-dynamo-pipe-app-alarms"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn         = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
      domain_name = "d111111abcdef8.cloudfront.net"
    }
  }
}

variables {
  region = "us-east-1"
}

run "defaults" {
  command = apply

  assert {
    condition     = aws_dynamodb_table.files.hash_key == "ownerId" && aws_dynamodb_table.files.range_key == "fileId"
    error_message = "The table keys must come from definitions/table.json."
  }

  assert {
    condition     = aws_dynamodb_table.files.stream_enabled && aws_dynamodb_table.files.stream_view_type == "NEW_IMAGE"
    error_message = "The table stream must be enabled with NEW_IMAGE."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.processing.definition).States.ProcessRecords.Parameters.FunctionName == "arn:aws:lambda:us-east-1:123456789012:function:s3-dynamo-pipe-app-processor"
    error_message = "The state machine must invoke the function SAM names <project_name>-processor."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.processing.definition).States.RecordFailures.ItemProcessor.States.MarkFailed.Parameters.TableName == "s3-dynamo-pipe-app-files"
    error_message = "The ASL's table_name placeholder must be filled with the table name."
  }

  assert {
    condition = jsondecode(one(one(aws_pipes_pipe.files_inserted.source_parameters[0].filter_criteria).filter).pattern) == {
      eventName = ["INSERT"]
      dynamodb  = { Keys = { ownerId = { S = [{ anything-but = { prefix = "usage#" } }] } } }
    }
    error_message = "The pipe must filter with definitions/pipe-filter.json: INSERTs of file items only, never of a usage#<sub> item."
  }

  assert {
    condition     = aws_pipes_pipe.files_inserted.target_parameters[0].step_function_state_machine_parameters[0].invocation_type == "FIRE_AND_FORGET"
    error_message = "A Standard state machine must be started FIRE_AND_FORGET."
  }

  assert {
    condition     = aws_pipes_pipe.files_inserted.source_parameters[0].dynamodb_stream_parameters[0].starting_position == "TRIM_HORIZON"
    error_message = "The pipe must start at TRIM_HORIZON: items inserted before its first poll must be processed."
  }

  assert {
    condition     = strcontains(aws_cloudfront_response_headers_policy.frontend.security_headers_config[0].content_security_policy[0].content_security_policy, " https://s3-dynamo-pipe-app-uploads-123456789012.s3.us-east-1.amazonaws.com")
    error_message = "In us-east-1 the CSP connect-src must allow the storage bucket's regional host, the one the upload function presigns for."
  }

  assert {
    condition     = output.web_origin == "https://d111111abcdef8.cloudfront.net"
    error_message = "web_origin must be the distribution's https origin."
  }

  assert {
    condition     = output.s3_bucket_name == "s3-dynamo-pipe-app-uploads-123456789012" && output.sam_artifacts_bucket_name == "s3-dynamo-pipe-app-artifacts-123456789012"
    error_message = "Bucket names must be <project>-<role>-<account id> (the deploy workflow derives the artifacts bucket this way)."
  }

  assert {
    condition     = output.github_deploy_role_arn == null && length(aws_iam_openid_connect_provider.github) == 0 && length(aws_iam_role_policy.github_deploy) == 0
    error_message = "No GitHub OIDC resources unless create_github_oidc is true."
  }
}

run "github_oidc" {
  command = apply

  variables {
    create_github_oidc = true
    github_repository  = "example-org/example-repo"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1 && length(aws_iam_role.github_deploy) == 1
    error_message = "create_github_oidc must create the provider and the deploy role."
  }

  assert {
    condition     = keys(aws_iam_role_policy.github_deploy) == keys(output.deploy_role_policy_documents)
    error_message = "The deploy role must hold exactly the policies that deploy_role_policy_documents lists for a role made by hand."
  }
}

run "github_oidc_existing_provider" {
  command = apply

  variables {
    create_github_oidc       = true
    github_repository        = "example-org/example-repo"
    github_oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && local.github_oidc_provider_arn == var.github_oidc_provider_arn
    error_message = "An existing OIDC provider must be reused, not created again: the deploy role trusts that one."
  }
}

run "github_oidc_needs_repository" {
  command = plan

  variables {
    create_github_oidc = true
  }

  expect_failures = [aws_iam_role.github_deploy]
}

run "rejects_a_region_outside_the_commercial_partition" {
  command = plan

  variables {
    region = "us-gov-west-1"
  }

  expect_failures = [var.region]
}

run "rejects_bad_project_name" {
  command = plan

  variables {
    project_name = "Bad_Name"
  }

  expect_failures = [var.project_name]
}

run "presigned_host_in_another_region" {
  command = plan

  variables {
    region = "ap-northeast-1"
  }

  assert {
    condition     = strcontains(aws_cloudfront_response_headers_policy.frontend.security_headers_config[0].content_security_policy[0].content_security_policy, " https://s3-dynamo-pipe-app-uploads-123456789012.s3.ap-northeast-1.amazonaws.com")
    error_message = "The CSP connect-src must allow the storage bucket's host in the stack's region."
  }
}

run "deploy_role_scoped_to_the_http_api" {
  command = plan

  variables {
    create_github_oidc = true
    github_repository  = "example-org/example-repo"
    http_api_id        = "a1b2c3d4e5"
  }

  assert {
    condition     = local.http_api_arns == ["arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5", "arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5/*", "arn:aws:apigateway:us-east-1::/tags/*a1b2c3d4e5*"]
    error_message = "With http_api_id set, the deploy role may manage only that HTTP API."
  }
}
run "monitoring" {
  command = apply

  assert {
    condition     = aws_sns_topic.alarms.name == "s3-dynamo-pipe-app-alarms"
    error_message = "The alarm topic must be <project_name>-alarms (sam/template.yaml derives its ARN from that name)."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == 0
    error_message = "No e-mail subscription unless alarm_email is set."
  }

  assert {
    condition     = alltrue([for alarm in aws_cloudwatch_metric_alarm.terraform_owned : startswith(alarm.alarm_name, "s3-dynamo-pipe-app-") && contains(tolist(alarm.alarm_actions), output.alarm_topic_arn)])
    error_message = "Every alarm must be named <project_name>-... and notify the alarm topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.terraform_owned["pipe-dead-letter"].dimensions.QueueName == "s3-dynamo-pipe-app-pipe-dead-letter"
    error_message = "The dead-letter alarm must watch the pipe's dead-letter queue."
  }

  assert {
    condition     = aws_pipes_pipe.files_inserted.log_configuration[0].level == "ERROR" && aws_sfn_state_machine.processing.logging_configuration[0].include_execution_data == false
    error_message = "The pipe logs errors; the workflow never logs execution data."
  }
}

run "alarm_email" {
  command = apply

  variables {
    alarm_email = "ops@example.com"
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == 1 && aws_sns_topic_subscription.alarm_email[0].protocol == "email"
    error_message = "alarm_email must subscribe that address to the alarm topic."
  }
}

run "rejects_bad_alarm_email" {
  command = plan

  variables {
    alarm_email = "not an address"
  }

  expect_failures = [var.alarm_email]
}
