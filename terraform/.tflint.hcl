# TFLint settings for terraform/ (run by the static job of .github/workflows/ci.yml: tflint --init && tflint).

config {
  # Lint the local module (modules/private_bucket) together with the root module.
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}

plugin "aws" {
  enabled = true
  version = "0.40.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
