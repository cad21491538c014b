provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "lab_reports" {
  bucket = "lab-reports"

  tags = {
    data-classification = "health"
  }
}
