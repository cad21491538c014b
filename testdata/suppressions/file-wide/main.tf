# Shared stack of the regional hospital group: one workspace per hospital, the region is
# passed by the deployment pipeline (-var region=eu-west-3), never defaulted.
# hds-lint: ignore-file=HDS004 reason="region set per hospital by the pipeline, checked in CI (INFRA-311)"

provider "aws" {
  region = var.region
}

variable "region" {
  type        = string
  description = "AWS region of the hospital workspace"
}

resource "aws_s3_bucket" "lab_reports" {
  bucket = "ght-lab-reports"

  tags = {
    data-classification = "health"
  }
}

resource "aws_db_instance" "admissions" {
  identifier     = "ght-admissions"
  engine         = "postgres"
  instance_class = "db.m6g.large"

  tags = {
    data-classification = "health"
  }
}
