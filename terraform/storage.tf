# The storage bucket for uploaded files (separate from the frontend bucket) and the bucket for SAM's packaged
# artifacts. Both are private, encrypted, TLS-only and versioned (modules/private_bucket); the storage bucket also
# answers browser CORS for the site origin.

# Uploaded files, written by the upload function under uploads/<ownerId>/<fileId>. Unfinished presigned uploads
# keep their record (file name, comment) and a single PUT's staged object under pending/<ownerId>/; the upload API
# refuses them after their deadline (PRESIGNED_UPLOAD_DEADLINE, default 24 h) and this lifecycle removes them after
# unfinished_upload_days. Their multipart parts go with the abort-incomplete-multipart-uploads rule (1 day).
module "storage_bucket" {
  source = "./modules/private_bucket"

  name                    = local.storage_bucket_name
  force_destroy           = var.force_destroy_buckets
  noncurrent_version_days = 30
  prefix_expirations      = [{ prefix = "pending/", days = var.unfinished_upload_days }]
}

# Browsers may PUT (presigned or multipart parts), GET and HEAD from the site origin only; multipart needs ETag.
resource "aws_s3_bucket_cors_configuration" "storage" {
  bucket = module.storage_bucket.id

  cors_rule {
    allowed_methods = ["PUT", "GET", "HEAD"]
    allowed_origins = local.allowed_web_origins
    allowed_headers = ["content-type", "content-md5", "x-amz-*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

# Function zips and transformed templates uploaded by `sam deploy --s3-bucket` (kept: rollbacks need the previous ones).
module "artifacts_bucket" {
  source = "./modules/private_bucket"

  name                    = local.artifacts_bucket_name
  force_destroy           = var.force_destroy_buckets
  noncurrent_version_days = 1
  # No expiry of current objects: a CloudFormation rollback re-deploys the previous function.zip, however old.
}
