# The Cognito user pool the page signs in against, and its public app client (no secret: it runs in a browser).
# Users are created by an administrator (console or `aws cognito-idp admin-create-user`); there is no self sign-up.

resource "aws_cognito_user_pool" "this" {
  name = "${var.project_name}-users"

  # Users sign in with their e-mail address.
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 7
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }
}

# Public client for the page: USER_PASSWORD_AUTH and SRP sign-in, refresh tokens.
# Token validity: ID and access tokens 60 minutes, refresh tokens 30 days.
resource "aws_cognito_user_pool_client" "web" {
  name         = "${var.project_name}-web"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret = false
  explicit_auth_flows = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
  ]

  id_token_validity      = 60
  access_token_validity  = 60
  refresh_token_validity = 30
  token_validity_units {
    id_token      = "minutes"
    access_token  = "minutes"
    refresh_token = "days"
  }

  # Sign-in failures do not reveal whether a user exists; signed-out refresh tokens can be revoked.
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}
