# Medical records store: one bucket for documents, one DynamoDB table indexing them by patient.
# The caller decides the AWS account/region through its provider configuration.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, e.g. chu-records-primary"
}

variable "tags" {
  type        = map(string)
  description = "Tags applied to every resource (must carry the data classification)"
  default     = {}
}

resource "aws_s3_bucket" "documents" {
  bucket = "${var.name_prefix}-documents"
  tags   = var.tags
}

resource "aws_s3_bucket_versioning" "documents" {
  bucket = aws_s3_bucket.documents.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_dynamodb_table" "index" {
  name         = "${var.name_prefix}-index"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "patient_id"
  range_key    = "document_id"

  attribute {
    name = "patient_id"
    type = "S"
  }

  attribute {
    name = "document_id"
    type = "S"
  }

  tags = merge(var.tags, { component = "index" })
}

output "bucket_name" {
  value = aws_s3_bucket.documents.bucket
}

output "bucket_arn" {
  value = aws_s3_bucket.documents.arn
}

output "tags" {
  description = "Tags as applied, for resources the caller attaches to this store"
  value       = var.tags
}
