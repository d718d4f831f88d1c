# TFLint settings for terraform/ (run by the static job of .github/workflows/ci.yml: tflint --init && tflint).

config {
  # Lint the local module (modules/private_bucket) together with the root module.
  call_module_type = "local"
}

# The recommended rules (unused declarations, typed variables, pinned providers, ...) plus documentation, naming
# and comment style. The root module has no main.tf by design (one file per concern), so the standard module
# structure rule stays off.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_comment_syntax" {
  enabled = true
}

plugin "aws" {
  enabled = true
  version = "0.40.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
