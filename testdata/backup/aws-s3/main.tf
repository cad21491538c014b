# Medical imaging (PACS) archive of a radiology practice network.

# DICOM studies. Versioning is managed by its own resource, as the AWS provider v4+ wants.
resource "aws_s3_bucket" "studies" {
  bucket = "radiologie-etudes-dicom"

  tags = {
    data-classification = "health"
    app                 = "pacs"
  }
}

resource "aws_s3_bucket_versioning" "studies" {
  bucket = aws_s3_bucket.studies.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "studies" {
  bucket = aws_s3_bucket.studies.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# Signed radiology reports (PDF). Created in a hurry: no versioning, no replication,
# no AWS Backup: an overwritten or deleted report cannot be restored.
resource "aws_s3_bucket" "reports" {
  bucket = "radiologie-comptes-rendus"

  tags = {
    hds = "true"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# Public website assets: no health data.
resource "aws_s3_bucket" "website" {
  bucket = "radiologie-site-public"

  tags = {
    data-classification = "public"
  }
}
