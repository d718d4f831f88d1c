# Inputs of the private_bucket module.

variable "name" {
  description = "Globally unique bucket name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be a valid S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the bucket while it still holds objects."
  type        = bool
  default     = false
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object version is kept before S3 removes it."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "prefix_expirations" {
  description = "Prefixes whose objects are short-lived: each object under `prefix` expires `days` after its creation, its noncurrent versions one day later."
  type = list(object({
    prefix = string
    days   = number
  }))
  default = []

  validation {
    condition = alltrue([
      for e in var.prefix_expirations : can(regex("^[a-z0-9-]+/$", e.prefix)) && e.days >= 1 && floor(e.days) == e.days
    ])
    error_message = "Each prefix must be lowercase letters, digits or hyphens ending in /, with whole days of at least 1."
  }
}

variable "policy_documents" {
  description = "Extra bucket policy documents (JSON, e.g. from aws_iam_policy_document) merged with the TLS-only statement."
  type        = list(string)
  default     = []
}
