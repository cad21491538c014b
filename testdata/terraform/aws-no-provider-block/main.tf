# Shared module-like folder used by the "pharmacie" team. The provider is configured
# by the calling root module, which is not in this repository, so the region is unknown here.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

resource "aws_dynamodb_table" "prescriptions" {
  name         = "pharmacie-prescriptions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "prescription_id"
  range_key    = "patient_id"

  attribute {
    name = "prescription_id"
    type = "S"
  }

  attribute {
    name = "patient_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  tags = {
    Data_Classification = "health"
  }
}

resource "aws_sqs_queue" "dispensing_events" {
  name                      = "pharmacie-dispensing-events"
  message_retention_seconds = 86400
}
