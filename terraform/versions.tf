# Terraform and provider versions, and the AWS provider itself.
# The AWS provider range starts at 5.81 (the first release where the OIDC provider's thumbprint_list is optional;
# aws_pipes_pipe and aws_cloudfront_origin_access_control are older) and admits the 6.x series. The time provider
# gives time_sleep, which waits for IAM and the new table stream to propagate before the pipe is created (pipe.tf).

terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.81.0, < 7.0.0"
    }
    time = {
      source  = "hashicorp/time"
      version = ">= 0.9.0, < 1.0.0"
    }
  }
}

provider "aws" {
  region = var.region

  # Every taggable resource carries these tags, so the whole stack can be found (and costed) by project.
  default_tags {
    tags = merge(var.tags, {
      Project   = var.project_name
      ManagedBy = "terraform"
    })
  }
}
