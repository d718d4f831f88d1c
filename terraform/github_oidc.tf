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
  # The deploy role's API Gateway scope: this project's HTTP API once its id is known (var.http_api_id), else every
  # HTTP API of the region (the first deploy creates the API, and v2 child resources cannot be scoped by tag).
  http_api_arns = var.http_api_id == null ? [
    "arn:${local.partition}:apigateway:${var.region}::/apis",
    "arn:${local.partition}:apigateway:${var.region}::/apis/*",
    "arn:${local.partition}:apigateway:${var.region}::/tags/*",
    ] : [
    "arn:${local.partition}:apigateway:${var.region}::/apis/${var.http_api_id}",
    "arn:${local.partition}:apigateway:${var.region}::/apis/${var.http_api_id}/*",
    # TagResource names the tagged resource's URL-encoded ARN, which contains the API id.
    "arn:${local.partition}:apigateway:${var.region}::/tags/*${var.http_api_id}*",
  ]

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

# sam deploy: the stack's change sets, the SAM transform, and the packaged artifacts. Every action carries the reason
# it is needed; the contract checks (tests/contract) hold each one to having a reason.
data "aws_iam_policy_document" "github_deploy_sam" {
  statement {
    sid = "ManageSamStack"
    actions = [
      "cloudformation:CreateChangeSet",        # sam deploy proposes every change as a change set
      "cloudformation:DescribeChangeSet",      # sam deploy shows the change set and waits for it
      "cloudformation:ExecuteChangeSet",       # sam deploy applies it (confirm_changeset = false in CI)
      "cloudformation:DeleteChangeSet",        # sam deploy removes an empty change set
      "cloudformation:DescribeStacks",         # sam deploy and the workflow read the stack's status and outputs
      "cloudformation:DescribeStackEvents",    # sam deploy prints progress and failure reasons
      "cloudformation:DescribeStackResource",  # sam deploy resolves resources of the existing stack
      "cloudformation:DescribeStackResources", # the same, for all of them
      "cloudformation:GetTemplate",            # sam deploy compares with the deployed template
      "cloudformation:GetTemplateSummary",     # sam deploy reads the parameters and capabilities
      "cloudformation:ListStackResources",     # sam delete finds what to remove
    ]
    resources = [
      local.sam_stack_arn,
      "arn:${local.partition}:cloudformation:${var.region}:${local.account_id}:changeSet/samcli-deploy*/*",
    ]
  }

  statement {
    sid       = "UseSamTransform"
    actions   = ["cloudformation:CreateChangeSet"] # the template's Transform: AWS::Serverless-2016-10-31
    resources = ["arn:${local.partition}:cloudformation:${var.region}:aws:transform/Serverless-2016-10-31"]
  }

  # Template checks that name no stack; read-only.
  statement {
    sid = "ValidateTemplates"
    actions = [
      "cloudformation:ValidateTemplate",   # sam validate
      "cloudformation:GetTemplateSummary", # sam deploy, before the stack exists
    ]
    resources = ["*"]
  }

  statement {
    sid = "ListArtifactsBucket"
    actions = [
      "s3:ListBucket",        # sam deploy skips artifacts that are already uploaded
      "s3:GetBucketLocation", # sam deploy checks the bucket's region
    ]
    resources = [module.artifacts_bucket.arn]
  }

  statement {
    sid = "ReadWriteArtifacts"
    actions = [
      "s3:PutObject",        # sam deploy uploads function.zip files and the transformed template
      "s3:GetObject",        # CloudFormation reads them with the caller's permissions
      "s3:GetObjectVersion", # the same, for a versioned bucket
    ]
    resources = ["${module.artifacts_bucket.arn}/*"]
  }
}

# What CloudFormation does on the role's behalf for the SAM stack: the two functions, their roles (always under
# the function boundary), their log groups and the HTTP API.
data "aws_iam_policy_document" "github_deploy_stack_resources" {
  # HTTP API access logs are a vended log delivery (iam.tf): the delivery actions, the log groups and the account's
  # log resource policy of this account and region.
  source_policy_documents = [data.aws_iam_policy_document.log_delivery.json]

  statement {
    sid = "ManageFunctions"
    actions = [
      "lambda:CreateFunction",               # first deploy
      "lambda:DeleteFunction",               # sam delete, or a function removed from the template
      "lambda:GetFunction",                  # CloudFormation reads the function before and after each change
      "lambda:GetFunctionConfiguration",     # the same, for configuration updates
      "lambda:GetFunctionCodeSigningConfig", # read by CloudFormation's AWS::Lambda::Function handler
      "lambda:GetFunctionRecursionConfig",   # the same
      "lambda:GetRuntimeManagementConfig",   # the same
      "lambda:GetFunctionScalingConfig",     # the same
      "lambda:GetPolicy",                    # reads the processor's resource policy (ProcessorInvokePermission)
      "lambda:ListTags",                     # reads the functions' tags
      "lambda:ListVersionsByFunction",       # CloudFormation checks published versions before deleting
      "lambda:UpdateFunctionCode",           # every deploy of new native binaries
      "lambda:UpdateFunctionConfiguration",  # environment, memory and timeout changes
      "lambda:PutFunctionRecursionConfig",   # written by the handler on create
      "lambda:PutRuntimeManagementConfig",   # written by the handler on create
      "lambda:TagResource",                  # SAM tags every function (lambda:createdBy)
      "lambda:UntagResource",                # tag changes
      "lambda:RemovePermission",             # replaces or removes a resource-policy statement
    ]
    resources = local.sam_function_arns
  }

  # Resource-policy statements only for the two services that invoke the functions, never for an account or "*".
  statement {
    sid       = "LetApiGatewayAndStepFunctionsInvoke"
    actions   = ["lambda:AddPermission"] # the API's routes invoke the upload function, the state machine the processor
    resources = local.sam_function_arns
    condition {
      test     = "StringEquals"
      variable = "lambda:Principal"
      values   = ["apigateway.amazonaws.com", "states.amazonaws.com"]
    }
  }

  statement {
    sid = "ManageFunctionRolesUnderBoundary"
    actions = [
      "iam:CreateRole",                 # SAM creates one execution role per function
      "iam:PutRolePolicy",              # the functions' inline policies (Policies: in the template)
      "iam:DeleteRolePolicy",           # policy changes and sam delete
      "iam:AttachRolePolicy",           # SAM attaches AWSLambdaBasicExecutionRole
      "iam:DetachRolePolicy",           # policy changes and sam delete
      "iam:PutRolePermissionsBoundary", # the boundary itself (PermissionsBoundary in Globals)
    ]
    resources = [local.sam_function_roles_arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.function_boundary.arn]
    }
  }

  # No iam:UpdateAssumeRolePolicy: the functions' trust policies never change (SAM writes lambda.amazonaws.com), and
  # the permission would let a compromised workflow make a function role assumable from another account.
  statement {
    sid = "ReadAndRemoveFunctionRoles"
    actions = [
      "iam:GetRole",                  # CloudFormation reads each role before and after changes
      "iam:GetRolePolicy",            # reads the inline policies
      "iam:ListRolePolicies",         # sam delete finds inline policies to remove
      "iam:ListAttachedRolePolicies", # sam delete finds managed policies to detach
      "iam:TagRole",                  # SAM tags every role (lambda:createdBy)
      "iam:UntagRole",                # tag changes
      "iam:DeleteRole",               # sam delete
    ]
    resources = [local.sam_function_roles_arn]
  }

  statement {
    sid       = "PassFunctionRolesToLambda"
    actions   = ["iam:PassRole"] # CreateFunction hands each function its role
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
      "logs:CreateLogGroup",             # the functions' and the API's log groups (with retention)
      "logs:DeleteLogGroup",             # sam delete
      "logs:PutRetentionPolicy",         # LogRetentionDays
      "logs:DeleteRetentionPolicy",      # retention changes
      "logs:TagResource",                # CloudFormation tags the log groups with the stack's tags
      "logs:UntagResource",              # tag changes
      "logs:TagLogGroup",                # the older tagging API, still called by the handler
      "logs:UntagLogGroup",              # the same
      "logs:ListTagsForResource",        # reads the tags
      "logs:ListTagsLogGroup",           # the older API of the same
      "logs:GetDataProtectionPolicy",    # the log group handler reads it (none is set)
      "logs:DeleteDataProtectionPolicy", # and clears it on delete
    ]
    resources = concat(local.sam_log_group_arns, [for arn in local.sam_log_group_arns : "${arn}:*"])
  }

  # The HTTP API (API Gateway v2). Its id exists only after the first deploy, and API Gateway v2 does not carry an
  # API's tags to its routes and integrations, so before var.http_api_id is set the role may manage the region's
  # HTTP APIs (needed to create ours); once it is set, only that API, its children and their tags.
  statement {
    sid = "ManageHttpApi"
    actions = [
      "apigateway:GET",    # CloudFormation reads the API, its routes, integrations, authorizer and stage
      "apigateway:POST",   # creates them (and the API itself on the first deploy)
      "apigateway:PUT",    # replaces settings such as the CORS configuration
      "apigateway:PATCH",  # updates them
      "apigateway:DELETE", # removes them (sam delete, routes dropped from the template)
    ]
    resources = local.http_api_arns
  }
}

# The page: sync the frontend bucket, read the distribution's domain, invalidate its cache.
data "aws_iam_policy_document" "github_deploy_frontend" {
  statement {
    sid       = "ListFrontendBucket"
    actions   = ["s3:ListBucket"] # aws s3 sync --delete compares the bucket with web/
    resources = [module.frontend_bucket.arn]
  }

  statement {
    sid = "SyncFrontendObjects"
    actions = [
      "s3:PutObject",    # uploads the page's files
      "s3:DeleteObject", # --delete removes files that left web/
    ]
    resources = ["${module.frontend_bucket.arn}/*"]
  }

  statement {
    sid = "InvalidateDistribution"
    actions = [
      "cloudfront:GetDistribution",    # the workflow reads the page's domain (the WebOrigin parameter)
      "cloudfront:CreateInvalidation", # serves the new page at once
    ]
    resources = [aws_cloudfront_distribution.frontend.arn]
  }
}

# The SAM stack's alarms and operations dashboard, which CloudFormation creates, updates and deletes with the
# role's permissions. Every action here supports resource-level permissions (Service Authorization Reference), so
# both statements name only alarms and dashboards whose names start with "<project_name>-".
data "aws_iam_policy_document" "github_deploy_monitoring" {
  # CloudFormation puts, reads back, tags and deletes the stack's alarms (functions' Errors and Throttles, API 5xx).
  statement {
    sid = "ManageStackAlarms"
    actions = [
      "cloudwatch:PutMetricAlarm",      # creates and updates each alarm
      "cloudwatch:DescribeAlarms",      # CloudFormation reads an alarm back after each change
      "cloudwatch:DeleteAlarms",        # an alarm removed from the template, and sam delete
      "cloudwatch:TagResource",         # CloudFormation tags the alarms with the stack's tags
      "cloudwatch:UntagResource",       # tag changes
      "cloudwatch:ListTagsForResource", # reads the tags
    ]
    resources = ["arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${var.project_name}-*"]
  }

  # CloudFormation puts, reads back and deletes the operations dashboard (dashboards are global: no region).
  statement {
    sid = "ManageStackDashboard"
    actions = [
      "cloudwatch:PutDashboard",        # creates and updates the dashboard
      "cloudwatch:GetDashboard",        # CloudFormation reads it back
      "cloudwatch:DeleteDashboards",    # sam delete
      "cloudwatch:TagResource",         # the dashboard handler tags it with the stack's tags
      "cloudwatch:UntagResource",       # tag changes
      "cloudwatch:ListTagsForResource", # the handler reads the tags back
    ]
    resources = ["arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.project_name}-*"]
  }

  # Read-only: the alarm handler's DescribeAlarms is reported to be authorised on every alarm of the region.
  statement {
    sid       = "ListAlarms"
    actions   = ["cloudwatch:DescribeAlarms"] # CloudFormation looks up an alarm before and after each change
    resources = ["arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:*"]
  }
}

# The deploy role's inline policies, by name (also the output deploy_role_policy_documents, for a role made by hand).
locals {
  github_deploy_policy_documents = {
    sam-deploy          = data.aws_iam_policy_document.github_deploy_sam.json
    sam-stack-resources = data.aws_iam_policy_document.github_deploy_stack_resources.json
    frontend            = data.aws_iam_policy_document.github_deploy_frontend.json
    monitoring          = data.aws_iam_policy_document.github_deploy_monitoring.json
  }
}

resource "aws_iam_role_policy" "github_deploy" {
  for_each = var.create_github_oidc ? local.github_deploy_policy_documents : {}

  name   = each.key
  role   = aws_iam_role.github_deploy[0].id
  policy = each.value
}

# Each policy had a resource of its own before: deployments made then keep their policies (no delete and re-create).
moved {
  from = aws_iam_role_policy.github_deploy_sam[0]
  to   = aws_iam_role_policy.github_deploy["sam-deploy"]
}

moved {
  from = aws_iam_role_policy.github_deploy_stack_resources[0]
  to   = aws_iam_role_policy.github_deploy["sam-stack-resources"]
}

moved {
  from = aws_iam_role_policy.github_deploy_frontend[0]
  to   = aws_iam_role_policy.github_deploy["frontend"]
}

moved {
  from = aws_iam_role_policy.github_deploy_monitoring[0]
  to   = aws_iam_role_policy.github_deploy["monitoring"]
}
