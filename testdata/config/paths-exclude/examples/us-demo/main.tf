# Demo stack for the public docs: shows the module with US defaults. Never deployed.
provider "aws" {
  region = "us-east-1"
}

resource "aws_db_instance" "demo" {
  identifier     = "demo-appointments"
  engine         = "postgres"
  instance_class = "db.t4g.micro"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "demo_letters" {
  bucket = "demo-referral-letters"

  tags = {
    hds = "true"
  }
}
