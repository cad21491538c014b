# Genomics start-up: sequencing results from partner labs land in one S3 bucket per site,
# and each partner hospital of the rare-disease network gets its own Azure storage.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.2"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.20"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

provider "azurerm" {
  features {}
}

locals {
  # Sequencing sites and the AWS region their raw data is written to.
  # virginia: the US sequencing partner, added for the 2025 collaboration.
  sequencing_sites = {
    paris     = "eu-west-3"
    frankfurt = "eu-central-1"
    virginia  = "us-east-1"
  }

  genomics_tags = {
    data-classification = "health"
    domain              = "genomics"
  }
}

# Raw sequencing output (FASTQ/BAM), one bucket per site, in the site's region
# (AWS provider v6: per-resource region).
resource "aws_s3_bucket" "sequencing_raw" {
  for_each = local.sequencing_sites

  region = each.value
  bucket = "gx-sequencing-raw-${each.key}"
  tags   = merge(local.genomics_tags, { site = each.key })
}

# Variant calls (VCF) per site, same regions.
resource "aws_s3_bucket" "variant_calls" {
  for_each = toset(keys(local.sequencing_sites))

  region = lookup(local.sequencing_sites, each.key)
  bucket = "gx-variant-calls-${each.key}"
  tags   = local.genomics_tags
}

# Partner hospitals of the rare-disease network. Strasbourg shares infrastructure with the
# Freiburg university hospital under the cross-border agreement.
variable "hospitals" {
  type = map(object({
    location = string
    finess   = string
  }))
  default = {
    lyon = {
      location = "francecentral"
      finess   = "690781810"
    }
    marseille = {
      location = "francesouth"
      finess   = "130786049"
    }
    strasbourg = {
      location = "germanywestcentral"
      finess   = "670780055"
    }
  }
}

module "site" {
  source   = "./modules/hospital-site"
  for_each = var.hospitals

  hospital = each.key
  location = each.value.location
  finess   = each.value.finess
}
