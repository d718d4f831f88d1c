# The static page: a private bucket served only through CloudFront with Origin Access Control (OAC).
# CloudFront redirects HTTP to HTTPS and adds the security headers (CSP, HSTS, nosniff, no framing).

# The page's files (index.html, app.js, config.js, ...), uploaded by the deploy workflow with `aws s3 sync`.
module "frontend_bucket" {
  source = "./modules/private_bucket"

  name                    = local.frontend_bucket_name
  force_destroy           = var.force_destroy_buckets
  noncurrent_version_days = 7
  policy_documents        = [data.aws_iam_policy_document.frontend_bucket_cloudfront.json]
}

# Only this distribution (AWS:SourceArn), signing through its OAC, may read the page's objects.
data "aws_iam_policy_document" "frontend_bucket_cloudfront" {
  statement {
    sid       = "AllowCloudFrontOriginAccessControl"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${module.frontend_bucket.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.frontend.arn]
    }
  }
}

# CloudFront signs every origin request (SigV4), so the bucket needs no public access.
resource "aws_cloudfront_origin_access_control" "frontend" {
  name                              = "${var.project_name}-frontend"
  description                       = "CloudFront access to the ${var.project_name} frontend bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# AWS managed cache policy: honours the objects' Cache-Control (deploy.yml uploads the page's files with no-cache).
data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

# Security headers for every response. The CSP allows only the page's own scripts and styles (and compiling
# WebAssembly, 'wasm-unsafe-eval', for the page's SHA-256 library; never JavaScript eval), and connections to
# the HTTP API (execute-api in this region: SAM creates the API after Terraform, so its id is not known here),
# Cognito's regional endpoint and the storage bucket's regional host (presigned uploads and downloads, see
# local.storage_bucket_origin).
resource "aws_cloudfront_response_headers_policy" "frontend" {
  name    = "${var.project_name}-security-headers"
  comment = "CSP, HSTS, nosniff, no framing for the ${var.project_name} page"

  security_headers_config {
    content_security_policy {
      override = true
      content_security_policy = join("; ", [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' https://*.execute-api.${var.region}.amazonaws.com ${local.cognito_endpoint} ${local.storage_bucket_origin}",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
      ])
    }

    strict_transport_security {
      override                   = true
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = false
    }

    content_type_options {
      override = true
    }

    frame_options {
      override     = true
      frame_option = "DENY"
    }

    referrer_policy {
      override        = true
      referrer_policy = "no-referrer"
    }
  }
}

# The distribution serving the page from the bucket's regional domain name (required for OAC), HTTPS only.
resource "aws_cloudfront_distribution" "frontend" {
  enabled             = true
  comment             = "${var.project_name} web page"
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.cloudfront_price_class

  origin {
    origin_id                = "frontend-bucket"
    domain_name              = module.frontend_bucket.regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.frontend.id
  }

  default_cache_behavior {
    target_origin_id           = "frontend-bucket"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.frontend.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # The default *.cloudfront.net certificate; a custom domain would add aliases and an ACM certificate.
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
