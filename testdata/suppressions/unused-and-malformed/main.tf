# Patient portal, provider region us-west-2 (copied from the US pilot). Every suppression in
# this file is mistyped or stale: none of them may silence anything.

provider "aws" {
  region = "us-west-2"
}

# hds-lint: ignroe=HDS002 reason="pilot data only, DPO-2026-03"
resource "aws_db_instance" "portal" {
  identifier     = "portal-db"
  engine         = "postgres"
  instance_class = "db.t4g.medium"

  tags = {
    data-classification = "health"
  }
}

# hds-lint: ignore=HDS999 reason="pilot data only, DPO-2026-03"
resource "aws_s3_bucket" "documents" {
  bucket = "portal-patient-documents"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "messages" { # hds-lint: ignore=HDS002 reason="pilot" expires=2026-13-01
  bucket = "portal-patient-messages"

  tags = {
    hds = "true"
  }
}

# hds-lint: ignore=HDS002 reason="pilot data only" owner=bob
resource "aws_dynamodb_table" "appointments" {
  name         = "portal-appointments"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  tags = {
    data-classification = "health"
  }
}

# Static assets, no health data: nothing to suppress here.
# hds-lint: ignore=HDS002 reason="public assets"
resource "aws_s3_bucket" "assets" {
  bucket = "portal-static-assets"
}
