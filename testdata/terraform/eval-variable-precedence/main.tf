# Appointment booking service of the "Clinique du Parc" start-up (online booking for GPs and
# specialists). Patients' booking notes can carry symptoms, so both buckets hold health data.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = var.region
}

# Paris by default; terraform.tfvars moves the team sandbox to Ireland. The *.auto.tfvars files
# are dropped in by the CI job of each environment (see ci/README.md).
variable "region" {
  type        = string
  description = "AWS region of the booking service"
  default     = "eu-west-3"
}

# Where the nightly exports for the regional health agency (ARS) are written. Nobody
# overrides it: it stays on the default.
variable "export_region" {
  type        = string
  description = "AWS region of the ARS export bucket"
  default     = "eu-west-3"
}

provider "aws" {
  alias  = "exports"
  region = var.export_region
}

resource "aws_s3_bucket" "booking_notes" {
  bucket = "cdp-booking-notes"

  tags = {
    data-classification = "health"
    service             = "booking"
  }
}

resource "aws_s3_bucket_versioning" "booking_notes" {
  bucket = aws_s3_bucket.booking_notes.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "ars_exports" {
  provider = aws.exports
  bucket   = "cdp-ars-exports"

  tags = {
    data-classification = "health"
    service             = "exports"
  }
}

# Front-end assets: public, no patient data.
resource "aws_s3_bucket" "web_assets" {
  bucket = "cdp-booking-web-assets"

  tags = {
    data-classification = "public"
  }
}
