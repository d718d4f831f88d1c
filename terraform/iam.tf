# IAM pieces shared by several roles: the trust policies of the service roles, and the CloudWatch Logs
# vended-delivery actions that Step Functions and API Gateway access logging need.

locals {
  # These management actions do not support resource-level permissions: AWS documents them with Resource "*".
  log_delivery_actions = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
  ]
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
