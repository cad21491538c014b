# PACS imaging archive (DICOM studies) for the radiology department.

resource "aws_s3_bucket" "pacs_imaging" {
  bucket = "chu-pacs-imaging-archive"

  tags = {
    data-classification = "health"
    application         = "pacs"
  }
}

# Cross-region replica for disaster recovery, Frankfurt (covered by the certificate).
resource "aws_s3_bucket" "pacs_imaging_replica" {
  provider = aws.frankfurt
  bucket   = "chu-pacs-imaging-archive-dr"

  tags = {
    data-classification = "health"
    application         = "pacs"
    role                = "replica"
  }
}

# Pseudonymised extract shared with the London research team.
# Still re-identifiable: classified as health data by the DPO.
resource "aws_s3_bucket" "research_extract" {
  provider = aws.london
  bucket   = "chu-imaging-research-extract-uk"

  tags = {
    data-classification = "health"
    application         = "research"
  }
}

# Test of the new Madrid region for the teleradiology night shift.
resource "aws_efs_file_system" "teleradiology_cache" {
  region         = "eu-south-2"
  creation_token = "teleradiology-cache"
  encrypted      = true

  tags = {
    hds = "true"
  }
}

# Build artefacts of the DICOM viewer, no patient data.
resource "aws_s3_bucket" "viewer_builds" {
  provider = aws.london
  bucket   = "chu-dicom-viewer-builds"
}
