provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "workspace"
  region = var.workspace_region
}

provider "hcloud" {}

variable "workspace_region" {
  type = string
}

resource "aws_db_instance" "staging_patients" {
  identifier     = "staging-patients"
  engine         = "postgres"
  instance_class = "db.t4g.medium"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "workspace_exports" {
  provider = aws.workspace
  bucket   = "staging-workspace-exports"

  tags = {
    data-classification = "health"
  }
}

resource "hcloud_volume" "build_cache" {
  name     = "staging-build-cache"
  size     = 100
  location = "fsn1"

  labels = {
    hds = "true"
  }
}
