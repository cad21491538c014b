# Laboratory information system (SIL) of the Hôpital Saint-Roch: PostgreSQL on RDS, plus EBS
# volumes for the analyser middleware VMs. Optional cross-region read replica for reporting.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.50"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

# Reporting replica, in the BI team's account in Virginia. Disabled until the DPO signs off.
provider "aws" {
  alias  = "reporting"
  region = "us-east-1"
}

variable "enable_replica" {
  type        = bool
  description = "Create the cross-region reporting replica"
  default     = true
}

variable "middleware_zones" {
  type        = list(string)
  description = "Zones of the analyser middleware image volumes"
  default     = ["eu-west-3a", "eu-west-3b"]
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  sil_tags = {
    data-classification = "health"
    application         = "sil"
  }
}

resource "aws_db_instance" "sil" {
  identifier              = "sil-saint-roch"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.m6g.large"
  allocated_storage       = 200
  storage_encrypted       = true
  multi_az                = true
  username                = "sil_admin"
  password                = var.db_password
  backup_retention_period = 35
  tags                    = local.sil_tags
}

resource "aws_db_instance" "sil_reporting_replica" {
  count    = var.enable_replica ? 1 : 0
  provider = aws.reporting

  identifier          = "sil-saint-roch-reporting"
  replicate_source_db = aws_db_instance.sil.arn
  instance_class      = "db.m6g.large"
  storage_encrypted   = true
  tags                = merge(local.sil_tags, { role = "reporting" })
}

# Result buffers of the analyser middleware (one VM per zone).
resource "aws_ebs_volume" "middleware_buffer" {
  count = 2

  # Second zone copied from the vendor's reference architecture (US). See INC-4471.
  availability_zone = element(["eu-west-3a", "us-east-1a"], count.index)
  size              = 100
  type              = "gp3"
  encrypted         = true
  tags              = merge(local.sil_tags, { Name = "sil-middleware-${count.index}" })
}

# Scratch volume for the middleware OS images: no patient data.
resource "aws_ebs_volume" "middleware_images" {
  count = length(var.middleware_zones)

  availability_zone = var.middleware_zones[count.index]
  size              = 30
  tags              = { Name = "sil-middleware-images-${count.index}" }
}
