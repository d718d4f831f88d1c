# Input variables. Every one has a type, a description and, where only some values make sense, a validation
# with a readable message. The defaults deploy a working stack; only the GitHub OIDC switch needs a repository.

variable "project_name" {
  description = "Name prefix of every resource, and the PROJECT_NAME GitHub secret. The SAM stack derives its function names from the same value (\"<project_name>-processor\")."
  type        = string
  default     = "s3-dynamo-pipe-app"

  validation {
    # 3-32 characters keeps every derived bucket name ("<project>-frontend-<12-digit account>") within S3's 63.
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project_name))
    error_message = "project_name must be 3 to 32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "region" {
  description = "AWS region for every resource (the AWS_REGION GitHub secret), e.g. \"ap-northeast-1\". A region of the commercial partition (aws): the stack uses CloudFront and the arn:aws: Step Functions integrations, which GovCloud and China do not offer in that form."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]+$", var.region)) && !startswith(var.region, "cn-")
    error_message = "region must be a region code of the commercial AWS partition such as \"us-east-1\" or \"ap-northeast-1\" (GovCloud, ISO and China regions are not supported)."
  }
}

variable "additional_web_origins" {
  description = "Origins, besides the CloudFront distribution's own https:// origin, that may call the storage bucket from a browser (CORS), e.g. [\"http://localhost:3000\"] while developing the page. Scheme and host only, no path or trailing slash."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.additional_web_origins : can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$", origin))])
    error_message = "Each additional_web_origins entry must be an origin such as \"https://app.example.com\" or \"http://localhost:3000\": scheme and host (and port), without path or trailing slash."
  }
}

variable "log_retention_days" {
  description = "Days that CloudWatch keeps the state machine's and the pipe's logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class of the frontend distribution: PriceClass_100 (North America and Europe, cheapest), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "force_destroy_buckets" {
  description = "Let `terraform destroy` delete the storage, frontend and artifact buckets even when they still hold objects (all versions). Leave false unless you are tearing down a test stack: uploaded files are lost."
  type        = bool
  default     = false
}

variable "create_github_oidc" {
  description = "Create the IAM role that the GitHub Actions deploy workflow assumes by OIDC (its ARN is the AWS_ROLE_TO_ASSUME secret). When false, create that role by hand as the README describes."
  type        = bool
  default     = false
}

variable "github_repository" {
  description = "The GitHub repository (\"owner/name\") whose workflows may assume the deploy role. Required when create_github_oidc is true."
  type        = string
  default     = ""

  validation {
    condition     = var.github_repository == "" || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like \"owner/name\" (letters, digits, '.', '_' and '-')."
  }
}

variable "github_branch" {
  description = "The branch whose workflow runs may assume the deploy role (the deploy workflow runs on pushes to it)."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch))
    error_message = "github_branch must be a branch name such as \"main\"."
  }
}

variable "github_oidc_provider_arn" {
  description = "ARN of an existing IAM OIDC provider for token.actions.githubusercontent.com (an account can hold only one). Null creates the provider; only used when create_github_oidc is true."
  type        = string
  default     = null

  validation {
    condition     = var.github_oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.github_oidc_provider_arn))
    error_message = "github_oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com OIDC provider, e.g. \"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\"."
  }
}

variable "http_api_id" {
  description = "Id of the HTTP API that the SAM stack created (stack output ApiId, e.g. \"a1b2c3d4e5\"). Null before the first deploy, when the deploy role may manage every HTTP API of the region so that it can create it; set it after the first deploy and apply again to limit the deploy role to this project's API."
  type        = string
  default     = null

  validation {
    condition     = var.http_api_id == null || can(regex("^[a-z0-9]{10}$", var.http_api_id))
    error_message = "http_api_id must be an API Gateway API id: 10 lowercase letters and digits, e.g. \"a1b2c3d4e5\" (sam/template.yaml output ApiId)."
  }
}

variable "alarm_email" {
  description = "E-mail address notified of every alarm (SNS topic <project_name>-alarms), e.g. \"ops@example.com\". SNS first sends it a confirmation message: nothing is delivered until its link is followed. Null: no subscription (subscribe to the topic yourself)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be one e-mail address such as \"ops@example.com\", or null for no subscription."
  }
}

variable "tags" {
  description = "Extra tags for every resource (added to Project and ManagedBy through the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "unfinished_upload_days" {
  description = "Days after which the storage bucket's lifecycle removes what an unfinished presigned upload left under pending/ (its record with file name and comment, a single PUT's object). Keep it at least the upload API's deadline (PRESIGNED_UPLOAD_DEADLINE, default 24 h = 1 day)."
  type        = number
  default     = 1

  validation {
    condition     = var.unfinished_upload_days >= 1 && floor(var.unfinished_upload_days) == var.unfinished_upload_days
    error_message = "unfinished_upload_days must be a whole number of days, at least 1."
  }
}
