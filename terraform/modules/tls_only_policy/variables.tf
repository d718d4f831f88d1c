variable "service" {
  description = "The IAM service prefix whose actions the statement denies over plain HTTP: \"s3\", \"sqs\" or \"sns\", the services whose resource policies this statement is written for (main.tf)."
  type        = string

  validation {
    condition     = contains(["s3", "sqs", "sns"], var.service)
    error_message = "service must be s3, sqs or sns."
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
