# Billing and claims (tiers payant) stack. Inline suppressions were copied from the sandbox
# repository, where they are allowed; here the configuration turns them off.

provider "aws" {
  region = "eu-central-2"
}

# hds-lint: ignore=HDS002 reason="sandbox exception, SBX-12"
resource "aws_db_instance" "claims" {
  identifier     = "claims-db"
  engine         = "postgres"
  instance_class = "db.m6g.large"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "claim_attachments" { # hds-lint: ignore=HDS002 reason="sandbox" expires=2020-01-31
  bucket = "claims-attachments"

  tags = {
    data-classification = "health"
  }
}

# hds-lint: ignroe=HDS002
resource "aws_sqs_queue" "claim_events" {
  name = "claim-events"

  tags = {
    hds = "true"
  }
}

# hds-lint: ignore=HDS002 reason="no health data in invoices"
resource "aws_s3_bucket" "invoices" {
  bucket = "claims-invoices"
}
