# Outputs of the private_bucket module.

output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.bucket
}

output "arn" {
  description = "Bucket ARN (arn:<partition>:s3:::<name>)."
  value       = aws_s3_bucket.this.arn
}

output "regional_domain_name" {
  description = "Regional domain name (<name>.s3.<region>.amazonaws.com): the CloudFront OAC origin and the host of presigned URLs."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}
