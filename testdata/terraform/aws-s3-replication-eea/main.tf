# PACS archive written before the S3 resources were split (AWS provider v3 style), still in
# use: versioning and replication are blocks of the bucket itself.
resource "aws_s3_bucket" "pacs" {
  bucket = "chu-pacs-archive"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = "arn:aws:iam::111122223333:role/s3-replication-pacs"

    rules {
      id     = "dr-copy"
      status = "Enabled"

      destination {
        bucket        = aws_s3_bucket.dr.arn
        storage_class = "STANDARD_IA"
      }
    }
  }

  tags = {
    data-classification = "health"
    application         = "pacs"
  }
}

# DR copy: untagged, in the Frankfurt DR account.
resource "aws_s3_bucket" "dr" {
  provider = aws.frankfurt
  bucket   = "chu-pacs-archive-dr"

  versioning {
    enabled = true
  }
}
