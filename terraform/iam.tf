# IAM pieces shared by several roles: the trust policies of the service roles, and the CloudWatch Logs
# vended-delivery actions that Step Functions and API Gateway access logging need (with the scope of each).

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
