# IAM pieces shared by several roles: the trust policies of the service roles, and the CloudWatch Logs
# vended-delivery policy that Step Functions execution logs (the workflow's role) and API Gateway access logs (the
# deploy role, which creates the HTTP API's stage) need.

locals {
  # CloudWatch Logs vended log deliveries (Step Functions execution logs, HTTP API access logs): these management
  # actions do not support resource-level permissions, so AWS documents them with Resource "*".
  log_delivery_actions = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
  ]

  # The delivery also reads log groups and adds the account's log resource policy that lets the delivery service
  # write to them. AWS documents these on this account's and region's CloudWatch Logs resources only
  # ("Logs sent to CloudWatch Logs", User permissions), never on "*".
  log_resource_policy_actions = [
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
  ]
  log_resource_policy_scope = "arn:${local.partition}:logs:${var.region}:${local.account_id}:*"
}

# Vended log deliveries: the delivery actions on "*" (they have no resource-level permissions), the log groups and the
# account's log resource policy in this account and region only.
data "aws_iam_policy_document" "log_delivery" {
  statement {
    sid       = "DeliverVendedLogs"
    actions   = local.log_delivery_actions
    resources = ["*"]
  }

  statement {
    sid       = "AllowDeliveryToLogGroups"
    actions   = local.log_resource_policy_actions
    resources = [local.log_resource_policy_scope]
  }
}

# Trust policies of the service roles, by service principal; only this account's resources may assume them.
data "aws_iam_policy_document" "service_assume" {
  for_each = toset(["pipes.amazonaws.com", "states.amazonaws.com"])

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.key]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}
