# Teleconsultation start-up: first MVP stack, copied from the US pilot account.
# TODO(infra): move to eu-west-3 before onboarding French clinics.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "teleconsultation" {
  identifier          = "teleconsultation-db"
  engine              = "postgres"
  engine_version      = "15.7"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  storage_encrypted   = true
  username            = "teleconsult"
  password            = var.db_password
  skip_final_snapshot = false

  tags = {
    data-classification = "health"
    service             = "teleconsultation"
  }
}

# Video call recordings (consent-based) and shared prescriptions.
resource "aws_s3_bucket" "recordings" {
  bucket = "teleconsult-recordings-mvp"

  tags = {
    data-classification = "health"
    service             = "teleconsultation"
  }
}

resource "aws_ebs_volume" "transcoder_cache" {
  availability_zone = "us-east-1a"
  size              = 200
  type              = "gp3"
  encrypted         = true

  tags = {
    hds = "true"
  }
}

# Marketing site assets: no patient data, not HDS scope.
resource "aws_s3_bucket" "website" {
  bucket = "teleconsult-website-assets"

  tags = {
    data-classification = "public"
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/teleconsultation/api"
  retention_in_days = 30
}

variable "db_password" {
  type      = string
  sensitive = true
}
