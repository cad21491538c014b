# Prescription PDFs generated for patients: health data, Paris.
resource "aws_s3_bucket" "prescriptions" {
  bucket = "pharmacie-ordonnances"

  tags = {
    data-classification = "health"
  }
}

# Public drug leaflets (no patient data), served worldwide from the US account.
resource "aws_s3_bucket" "leaflets" {
  provider = aws.virginia
  bucket   = "pharmacie-notices-publiques"
}

# The renderer reads leaflets and writes prescriptions: it only refers to the buckets by name,
# it is not a copy of their data (no relation in relations.yaml).
resource "aws_lambda_function" "renderer" {
  provider      = aws.virginia
  function_name = "ordonnance-renderer"
  role          = "arn:aws:iam::111122223333:role/ordonnance-renderer"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "renderer.zip"

  environment {
    variables = {
      LEAFLETS_BUCKET      = aws_s3_bucket.leaflets.id
      PRESCRIPTIONS_BUCKET = aws_s3_bucket.prescriptions.id
    }
  }
}

# Read access to the prescriptions for the pharmacists' app: a policy, not a copy.
resource "aws_iam_policy" "read_prescriptions" {
  provider = aws.virginia
  name     = "read-prescriptions"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${aws_s3_bucket.prescriptions.arn}/*"]
    }]
  })
}

# Blocks public access on the prescriptions bucket: configuration of the bucket, not a copy.
resource "aws_s3_bucket_public_access_block" "prescriptions" {
  bucket                  = aws_s3_bucket.prescriptions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# CI artefacts, untagged and unrelated to any health resource.
resource "aws_s3_bucket" "ci_artifacts" {
  provider = aws.virginia
  bucket   = "pharmacie-ci-artifacts"
}
