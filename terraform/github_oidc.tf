# Optional (create_github_oidc = true): the GitHub OIDC identity provider and the role the deploy workflow assumes
# (its ARN is the AWS_ROLE_TO_ASSUME secret). Only workflow runs of var.github_repository on var.github_branch may
# assume it. It may deploy the SAM stack "<project_name>-backend" (CloudFormation executes with the caller's
# permissions, so the role also manages that stack's functions, their roles (IAM path /<project_name>/, always
# with the function permissions boundary), log groups and HTTP API), sync the frontend bucket and invalidate the
# distribution.

locals {
  github_oidc_provider_arn = var.create_github_oidc ? coalesce(var.github_oidc_provider_arn, one(aws_iam_openid_connect_provider.github[*].arn)) : null

  sam_stack_arn          = "arn:${local.partition}:cloudformation:${var.region}:${local.account_id}:stack/${local.sam_stack_name}/*"
  sam_function_arns      = ["arn:${local.partition}:lambda:${var.region}:${local.account_id}:function:${local.upload_function_name}", local.processor_function_arn]
  sam_function_roles_arn = "arn:${local.partition}:iam::${local.account_id}:role/${var.project_name}/*"
  sam_log_group_arns = [
    "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/${var.project_name}-*",
    "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/apigateway/${var.project_name}-*",
  ]
}

# GitHub's OIDC issuer; AWS verifies its certificate itself, so no thumbprint is pinned.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc && var.github_oidc_provider_arn == null ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "github_deploy_assume" {
  count = var.create_github_oidc ? 1 : 0

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:ref:refs/heads/${var.github_branch}"]
    }
  }
}

resource "aws_iam_role" "github_deploy" {
  count = var.create_github_oidc ? 1 : 0

  name                 = "${var.project_name}-github-deploy"
  description          = "Assumed by GitHub Actions (${var.github_repository}, ${var.github_branch}) to deploy ${var.project_name}"
  assume_role_policy   = data.aws_iam_policy_document.github_deploy_assume[0].json
  max_session_duration = 3600

  lifecycle {
    precondition {
      condition     = var.github_repository != ""
      error_message = "create_github_oidc = true needs github_repository (\"owner/name\") so that only that repository's workflows can assume the deploy role."
    }
  }
}

# sam deploy: the stack's change sets, the SAM transform, and the packaged artifacts.
data "aws_iam_policy_document" "github_deploy_sam" {
  statement {
    sid = "ManageSamStack"
    actions = [
      "cloudformation:CreateChangeSet",
      "cloudformation:DescribeChangeSet",
      "cloudformation:ExecuteChangeSet",
      "cloudformation:DeleteChangeSet",
      "cloudformation:DeleteStack",
      "cloudformation:DescribeStacks",
      "cloudformation:DescribeStackEvents",
      "cloudformation:DescribeStackResource",
      "cloudformation:DescribeStackResources",
      "cloudformation:GetTemplate",
      "cloudformation:GetTemplateSummary",
      "cloudformation:ListStackResources",
    ]
    resources = [
      local.sam_stack_arn,
      "arn:${local.partition}:cloudformation:${var.region}:${local.account_id}:changeSet/samcli-deploy*/*",
    ]
  }

  statement {
    sid       = "UseSamTransform"
    actions   = ["cloudformation:CreateChangeSet"]
    resources = ["arn:${local.partition}:cloudformation:${var.region}:aws:transform/Serverless-2016-10-31"]
  }

  # Template checks that name no stack; read-only.
  statement {
    sid       = "ValidateTemplates"
    actions   = ["cloudformation:ValidateTemplate", "cloudformation:GetTemplateSummary"]
    resources = ["*"]
  }

  statement {
    sid       = "ListArtifactsBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [module.artifacts_bucket.arn]
  }

  statement {
    sid       = "ReadWriteArtifacts"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.artifacts_bucket.arn}/*"]
  }
}

# What CloudFormation does on the role's behalf for the SAM stack: the two functions, their roles (always under
# the function boundary), their log groups and the HTTP API.
data "aws_iam_policy_document" "github_deploy_stack_resources" {
  statement {
    sid = "ManageFunctions"
    actions = [
      "lambda:CreateFunction",
      "lambda:DeleteFunction",
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:GetFunctionRecursionConfig",
      "lambda:GetRuntimeManagementConfig",
      "lambda:GetPolicy",
      "lambda:ListTags",
      "lambda:ListVersionsByFunction",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:PutFunctionRecursionConfig",
      "lambda:PutRuntimeManagementConfig",
      "lambda:TagResource",
      "lambda:UntagResource",
      "lambda:AddPermission",
      "lambda:RemovePermission",
    ]
    resources = local.sam_function_arns
  }

  statement {
    sid = "ManageFunctionRolesUnderBoundary"
    actions = [
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
    ]
    resources = [local.sam_function_roles_arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.function_boundary.arn]
    }
  }

  statement {
    sid = "ReadAndRemoveFunctionRoles"
    actions = [
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:DeleteRole",
    ]
    resources = [local.sam_function_roles_arn]
  }

  statement {
    sid       = "PassFunctionRolesToLambda"
    actions   = ["iam:PassRole"]
    resources = [local.sam_function_roles_arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }

  statement {
    sid = "ManageLogGroups"
    actions = [
      "logs:CreateLogGroup",
      "logs:DeleteLogGroup",
      "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
      "logs:TagLogGroup",
      "logs:UntagLogGroup",
      "logs:ListTagsForResource",
      "logs:ListTagsLogGroup",
    ]
    resources = concat(local.sam_log_group_arns, [for arn in local.sam_log_group_arns : "${arn}:*"])
  }

  # Log group lookups and API Gateway access-log deliveries do not support resource-level permissions.
  statement {
    sid       = "DescribeLogsAndDeliverAccessLogs"
    actions   = local.log_delivery_actions
    resources = ["*"]
  }

  # HTTP API (API Gateway v2) resources have no name-based ARNs; this is every HTTP API of the region.
  statement {
    sid     = "ManageHttpApi"
    actions = ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"]
    resources = [
      "arn:${local.partition}:apigateway:${var.region}::/apis",
      "arn:${local.partition}:apigateway:${var.region}::/apis/*",
      "arn:${local.partition}:apigateway:${var.region}::/tags/*",
    ]
  }
}

# The page: sync the frontend bucket, read the distribution's domain, invalidate its cache.
data "aws_iam_policy_document" "github_deploy_frontend" {
  statement {
    sid       = "ListFrontendBucket"
    actions   = ["s3:ListBucket"]
    resources = [module.frontend_bucket.arn]
  }

  statement {
    sid       = "SyncFrontendObjects"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]
    resources = ["${module.frontend_bucket.arn}/*"]
  }

  statement {
    sid       = "InvalidateDistribution"
    actions   = ["cloudfront:GetDistribution", "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
    resources = [aws_cloudfront_distribution.frontend.arn]
  }
}

resource "aws_iam_role_policy" "github_deploy_sam" {
  count = var.create_github_oidc ? 1 : 0

  name   = "sam-deploy"
  role   = aws_iam_role.github_deploy[0].id
  policy = data.aws_iam_policy_document.github_deploy_sam.json
}

resource "aws_iam_role_policy" "github_deploy_stack_resources" {
  count = var.create_github_oidc ? 1 : 0

  name   = "sam-stack-resources"
  role   = aws_iam_role.github_deploy[0].id
  policy = data.aws_iam_policy_document.github_deploy_stack_resources.json
}

resource "aws_iam_role_policy" "github_deploy_frontend" {
  count = var.create_github_oidc ? 1 : 0

  name   = "frontend"
  role   = aws_iam_role.github_deploy[0].id
  policy = data.aws_iam_policy_document.github_deploy_frontend.json
}

# The SAM stack's alarms and operations dashboard, which CloudFormation creates, updates and deletes with the
# role's permissions. Every action here supports resource-level permissions (Service Authorization Reference), so
# both statements name only alarms and dashboards whose names start with "<project_name>-".
data "aws_iam_policy_document" "github_deploy_monitoring" {
  # CloudFormation puts, reads back, tags and deletes the stack's alarms (functions' Errors and Throttles, API 5xx).
  statement {
    sid = "ManageStackAlarms"
    actions = [
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:DeleteAlarms",
      "cloudwatch:TagResource",
      "cloudwatch:UntagResource",
      "cloudwatch:ListTagsForResource",
    ]
    resources = ["arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${var.project_name}-*"]
  }

  # CloudFormation puts, reads back and deletes the operations dashboard (dashboards are global: no region).
  statement {
    sid       = "ManageStackDashboard"
    actions   = ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"]
    resources = ["arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.project_name}-*"]
  }
}

resource "aws_iam_role_policy" "github_deploy_monitoring" {
  count = var.create_github_oidc ? 1 : 0

  name   = "monitoring"
  role   = aws_iam_role.github_deploy[0].id
  policy = data.aws_iam_policy_document.github_deploy_monitoring.json
}
