# Emergency CT scans sent to the night-time teleradiology provider's bucket, named by its ARN
# because it lives in the provider's own AWS account.
resource "aws_s3_bucket" "urgences_ct" {
  bucket = "chu-urgences-ct"

  tags = {
    hds = "true"
  }
}

resource "aws_s3_bucket_versioning" "urgences_ct" {
  bucket = aws_s3_bucket.urgences_ct.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "teleradiology" {
  depends_on = [aws_s3_bucket_versioning.urgences_ct]

  role   = "arn:aws:iam::111122223333:role/s3-replication-teleradiology"
  bucket = aws_s3_bucket.urgences_ct.id

  rule {
    id     = "night-reads"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket  = "arn:aws:s3:::teleradiologie-partner-inbox"
      account = "444455556666"
    }
  }
}
