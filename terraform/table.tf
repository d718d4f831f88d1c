# The file metadata table. Keys, attribute definitions, billing mode and stream settings come from the shared schema
# definitions/table.json (CreateTable shape, also used by the local cloud), so the two can never disagree.

resource "aws_dynamodb_table" "files" {
  name = "${var.project_name}-files"

  # On-demand capacity (PAY_PER_REQUEST in the schema): no capacity planning, pay per request.
  billing_mode = local.table_definition.BillingMode
  hash_key     = one([for key in local.table_definition.KeySchema : key.AttributeName if key.KeyType == "HASH"])
  range_key    = one([for key in local.table_definition.KeySchema : key.AttributeName if key.KeyType == "RANGE"])

  dynamic "attribute" {
    for_each = local.table_definition.AttributeDefinitions
    content {
      name = attribute.value.AttributeName
      type = attribute.value.AttributeType
    }
  }

  # The stream feeds the EventBridge Pipe; NEW_IMAGE gives the processor the inserted item.
  stream_enabled   = local.table_definition.StreamSpecification.StreamEnabled
  stream_view_type = local.table_definition.StreamSpecification.StreamViewType

  point_in_time_recovery {
    enabled = true
  }

  # Encrypted at rest with the AWS managed key (aws/dynamodb); no key policy to maintain.
  server_side_encryption {
    enabled = true
  }
}
