# The one statement every resource policy of the project starts from: any request that did not arrive over TLS is
# denied, whoever sends it (AWS doc "Security best practices for Amazon S3": enforce encryption of data in transit;
# the same condition key works for SQS and SNS).
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["${var.service}:*"]
    resources = var.resources
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
