# The permissions boundary of the SAM functions' roles (sam/template.yaml, Globals.Function.PermissionsBoundary).
# The deploy role may create and change roles only with this boundary attached, so a deployment can never grant a
# function more than this: the objects and items of this stack, and the functions' own log groups.

data "aws_iam_policy_document" "function_boundary" {
  # Files (uploads/) and unfinished presigned uploads (pending/); DeleteObjectVersion lets a deleted file go with
  # every version of it.
  statement {
    sid = "UploadedObjects"
    actions = [
      "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${module.storage_bucket.arn}/uploads/*", "${module.storage_bucket.arn}/pending/*"]
  }

  # ListBucket lets a missing object answer 404 instead of 403 (the processor records it as a permanent failure);
  # ListBucketVersions and GetBucketVersioning find every version of a file being deleted.
  statement {
    sid       = "ListUploadedObjects"
    actions   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning"]
    resources = [module.storage_bucket.arn]
  }

  statement {
    sid       = "FileItems"
    actions   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.files.arn]
  }

  statement {
    sid       = "FunctionLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/${var.project_name}-*:*"]
  }
}

resource "aws_iam_policy" "function_boundary" {
  name        = "${var.project_name}-function-boundary"
  description = "Permissions boundary of the ${var.project_name} Lambda function roles created by SAM"
  policy      = data.aws_iam_policy_document.function_boundary.json
}
