variable "service" {
  description = "The IAM service prefix whose actions the statement denies over plain HTTP, e.g. \"s3\" or \"sqs\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.service))
    error_message = "service must be an IAM service prefix such as s3 or sqs."
  }
}

variable "resources" {
  description = "ARNs (and ARN patterns such as \"<bucket-arn>/*\") the statement covers."
  type        = list(string)

  validation {
    condition     = length(var.resources) > 0
    error_message = "resources must name at least one ARN."
  }
}
