# A private S3 bucket as every bucket of this project needs it: Block Public Access, bucket-owner-enforced
# ownership (no ACLs), SSE-S3 default encryption, versioning, a bucket policy that denies every request not sent
# over TLS (plus any statements the caller adds), and a lifecycle that aborts incomplete multipart uploads, removes
# old versions and delete markers left without versions, and optionally empties prefixes of short-lived objects.

resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy
}

# Access: no public access and no ACLs; the bucket policy denies every request not sent over TLS, plus what the
# caller adds.

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

module "tls_only" {
  source    = "../tls_only_policy"
  service   = "s3"
  resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = concat([module.tls_only.json], var.policy_documents)
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # A policy applied before Block Public Access could be judged public and rejected.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Contents: encrypted at rest, versioned, and versions, parts and short-lived objects removed in time.

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  # Incomplete multipart uploads are billed until aborted.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Replaced and deleted versions go after noncurrent_version_days; a delete marker whose versions are all gone
  # ("expired object delete marker") goes with them instead of staying for ever.
  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    expiration {
      expired_object_delete_marker = true
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
  }

  # Short-lived prefixes: current objects expire after `days` (S3 counts from creation and acts at the next
  # midnight UTC, so between `days` and `days` + 1 days), their noncurrent versions a day later.
  dynamic "rule" {
    for_each = var.prefix_expirations
    content {
      id     = "expire-${trimsuffix(rule.value.prefix, "/")}"
      status = "Enabled"
      filter {
        prefix = rule.value.prefix
      }
      expiration {
        days = rule.value.days
      }
      noncurrent_version_expiration {
        noncurrent_days = 1
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
