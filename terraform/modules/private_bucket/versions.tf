# The provider the private_bucket module uses (the root module configures it and pins Terraform's version and the
# provider's range).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.81.0"
    }
  }
}
