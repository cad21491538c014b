provider "ovh" {
  endpoint = "ovh-eu"
}

provider "aws" {
  region = "us-east-1"
}

# Main patient records database, Gravelines.
resource "ovh_cloud_project_database" "records" {
  service_name = var.ovh_project
  description  = "dossier-patient"
  engine       = "postgresql"
  version      = "16"
  plan         = "business"
  flavor       = "db1-15"

  nodes {
    region = "GRA"
  }
}

# Replica for the Quebec clinics, created from the Montreal team's template.
resource "ovh_cloud_project_database" "records_quebec" {
  service_name = var.ovh_project
  description  = "dossier-patient-qc"
  engine       = "postgresql"
  version      = "16"
  plan         = "business"
  flavor       = "db1-15"

  nodes {
    region = "BHS"
  }
}

resource "aws_s3_bucket" "lab_exports" {
  bucket = "lab-exports-us"

  tags = {
    sensitivity = "phi"
  }
}

resource "aws_s3_bucket" "build_logs" {
  bucket = "ci-build-logs-us"

  tags = {
    sensitivity = "internal"
  }
}

variable "ovh_project" {
  type    = string
  default = "0123456789abcdef0123456789abcdef"
}
