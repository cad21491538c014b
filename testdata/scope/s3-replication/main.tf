# DICOM studies of the radiology department, replicated for disaster recovery.
resource "aws_s3_bucket" "dicom" {
  bucket = "clinique-dicom-archive"

  tags = {
    data-classification = "health"
    application         = "pacs"
  }
}

resource "aws_s3_bucket_versioning" "dicom" {
  bucket = aws_s3_bucket.dicom.id
  versioning_configuration {
    status = "Enabled"
  }
}

# DR copy: untagged, in the parent company's US account.
resource "aws_s3_bucket" "dicom_dr" {
  provider = aws.virginia
  bucket   = "clinique-dicom-archive-dr"
}

resource "aws_s3_bucket_versioning" "dicom_dr" {
  provider = aws.virginia
  bucket   = aws_s3_bucket.dicom_dr.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Replication is configured on the source bucket, so with the Paris provider.
resource "aws_s3_bucket_replication_configuration" "dicom_to_dr" {
  depends_on = [aws_s3_bucket_versioning.dicom]

  role   = "arn:aws:iam::111122223333:role/s3-replication-dicom"
  bucket = aws_s3_bucket.dicom.id

  rule {
    id     = "dr-copy"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.dicom_dr.arn
      storage_class = "STANDARD_IA"
    }
  }
}
