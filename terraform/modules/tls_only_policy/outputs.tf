output "json" {
  description = "The policy document (JSON) with the DenyInsecureTransport statement, for source_policy_documents or a resource policy."
  value       = data.aws_iam_policy_document.this.json
}
