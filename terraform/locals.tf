# Names and ARNs shared by several files, including the cross-stack contract with the SAM application:
# SAM names its functions "<project_name>-processor" and "<project_name>-upload", and its stack
# "<project_name>-backend", so Terraform can grant access to them before they exist (Terraform is applied first).

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # The shared table schema (CreateTable shape), also read by the local cloud.
  table_definition = jsondecode(file("${path.module}/definitions/table.json"))

  # Cross-stack contract with sam/template.yaml (FunctionName: !Sub "${ProjectName}-processor").
  processor_function_name = "${var.project_name}-processor"
  processor_function_arn  = "arn:${local.partition}:lambda:${var.region}:${local.account_id}:function:${local.processor_function_name}"
  upload_function_name    = "${var.project_name}-upload"
  sam_stack_name          = "${var.project_name}-backend"

  # Bucket names are global: the account id keeps them unique without random suffixes.
  storage_bucket_name   = "${var.project_name}-uploads-${local.account_id}"
  frontend_bucket_name  = "${var.project_name}-frontend-${local.account_id}"
  artifacts_bucket_name = "${var.project_name}-artifacts-${local.account_id}"

  # The page is served from the distribution's own domain; browsers send this exact origin.
  web_origin          = "https://${aws_cloudfront_distribution.frontend.domain_name}"
  allowed_web_origins = concat([local.web_origin], var.additional_web_origins)

  cognito_endpoint = "https://cognito-idp.${var.region}.amazonaws.com"

  # The host of every presigned URL the upload function hands out: the bucket's regional virtual-hosted endpoint in
  # every region, us-east-1 included (the function's SDK is told to sign for it with AWS_S3_US_EAST_1_REGIONAL_ENDPOINT
  # = regional in sam/template.yaml; by default it would sign for the legacy global host <bucket>.s3.amazonaws.com).
  # The page's CSP connect-src allows exactly this origin.
  storage_bucket_origin = "https://${local.storage_bucket_name}.s3.${var.region}.${data.aws_partition.current.dns_suffix}"
}
