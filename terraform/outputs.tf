# Outputs. The first eight keep the original project's names: their values become the GitHub secrets of the deploy
# workflow (see the README's deployment section). The rest are what a manual `sam deploy` and the page need.

output "s3_bucket_name" {
  description = "Storage bucket for uploaded files (GitHub secret S3_BUCKET_NAME)."
  value       = module.storage_bucket.id
}

output "dynamodb_table_name" {
  description = "File metadata table (GitHub secret DYNAMODB_TABLE_NAME)."
  value       = aws_dynamodb_table.files.name
}

output "cognito_user_pool_id" {
  description = "Cognito user pool id (GitHub secret COGNITO_USER_POOL_ID)."
  value       = aws_cognito_user_pool.this.id
}

output "cognito_app_client_id" {
  description = "Public Cognito app client id, no secret; ID and access tokens last 60 minutes, refresh tokens 30 days (GitHub secret COGNITO_APP_CLIENT_ID)."
  value       = aws_cognito_user_pool_client.web.id
}

output "sfn_state_machine_arn" {
  description = "ARN of the processing state machine (GitHub secret STATE_MACHINE_ARN)."
  value       = aws_sfn_state_machine.processing.arn
}

output "frontend_s3_bucket_name" {
  description = "Bucket holding the web page (GitHub secret FRONTEND_S3_BUCKET_NAME)."
  value       = module.frontend_bucket.id
}

output "frontend_cloudfront_distribution_id" {
  description = "CloudFront distribution serving the page (GitHub secret FRONTEND_CLOUDFRONT_ID)."
  value       = aws_cloudfront_distribution.frontend.id
}

output "frontend_cloudfront_domain_name" {
  description = "Domain name of the page: open https://<this value> in a browser."
  value       = aws_cloudfront_distribution.frontend.domain_name
}

output "aws_region" {
  description = "Region of the stack (GitHub secret AWS_REGION)."
  value       = var.region
}

output "project_name" {
  description = "Name prefix of every resource (GitHub secret PROJECT_NAME)."
  value       = var.project_name
}

output "web_origin" {
  description = "Origin of the page (https://<distribution domain>): the SAM parameter WebOrigin, allowed by the API's CORS."
  value       = local.web_origin
}

output "processor_function_name" {
  description = "Name the SAM stack must give the processor function (the state machine may invoke only this one)."
  value       = local.processor_function_name
}

output "sam_stack_name" {
  description = "Name of the SAM stack (the deploy role may manage only this stack)."
  value       = local.sam_stack_name
}

output "sam_artifacts_bucket_name" {
  description = "Bucket for `sam deploy --s3-bucket` (the deploy workflow derives the same name from PROJECT_NAME and the account id)."
  value       = module.artifacts_bucket.id
}

output "function_permissions_boundary_arn" {
  description = "Permissions boundary of the SAM function roles: the SAM parameter FunctionPermissionsBoundaryArn."
  value       = aws_iam_policy.function_boundary.arn
}

output "pipe_dead_letter_queue_url" {
  description = "SQS queue receiving stream records the pipe could not deliver to the state machine."
  value       = aws_sqs_queue.pipe_dead_letter.url
}

output "alarm_topic_arn" {
  description = "SNS topic that every alarm of both stacks notifies (<project_name>-alarms): subscribe to it, or set alarm_email."
  value       = aws_sns_topic.alarms.arn
}

output "github_deploy_role_arn" {
  description = "ARN of the GitHub Actions deploy role (GitHub secret AWS_ROLE_TO_ASSUME); null unless create_github_oidc is true."
  value       = one(aws_iam_role.github_deploy[*].arn)
}

output "deploy_role_policy_documents" {
  description = "The deploy role's inline policies (JSON by name), for creating the AWS_ROLE_TO_ASSUME role by hand instead of with create_github_oidc."
  value       = local.github_deploy_policy_documents
}
