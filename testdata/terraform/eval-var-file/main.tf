# Remote monitoring platform (télésurveillance) for heart-failure patients: connected scales and
# blood-pressure cuffs push readings to an ingestion queue, stored in DynamoDB and archived in S3.
#
# One root module, one tfvars file per environment:
#   terraform plan -var-file=envs/staging.tfvars   (not in this folder)
#   terraform plan -var-file=prod.tfvars

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project = "telesurveillance-ic"
      env     = var.environment
    }
  }
}

variable "region" {
  type        = string
  description = "AWS region of the platform"
  default     = "eu-west-3"
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "archive_retention_days" {
  type    = number
  default = 3650
}

resource "aws_dynamodb_table" "readings" {
  name         = "ic-readings-${var.environment}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "patient_id"
  range_key    = "measured_at"

  attribute {
    name = "patient_id"
    type = "S"
  }

  attribute {
    name = "measured_at"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "readings_archive" {
  bucket = "ic-readings-archive-${var.environment}"

  tags = {
    hds = "true"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "readings_archive" {
  bucket = aws_s3_bucket.readings_archive.id

  rule {
    id     = "expire-old-readings"
    status = "Enabled"

    filter {}

    expiration {
      days = var.archive_retention_days
    }
  }
}

# Alerting for the on-call nurses: only device ids and alert codes, no health data.
resource "aws_sns_topic" "device_alerts" {
  name = "ic-device-alerts-${var.environment}"
}
