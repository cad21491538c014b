# Appointment booking (prise de rendez-vous), production, Paris region.
provider "aws" {
  region = "eu-west-3"
}

resource "aws_db_instance" "appointments" {
  identifier     = "rdv-appointments"
  engine         = "postgres"
  instance_class = "db.m6g.large"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "referral_letters" {
  bucket = "rdv-referral-letters"

  tags = {
    data-classification = "health"
  }
}

# Mirror of the letters for the Canadian partner clinic.
resource "aws_s3_bucket" "referral_letters_ca" {
  bucket = "rdv-referral-letters-ca"
  region = "ca-central-1"

  tags = {
    data-classification = "health"
  }
}
