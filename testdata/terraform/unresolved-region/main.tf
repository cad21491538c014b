# Reusable stack for the regional hospital group (GHT): one workspace per hospital.
# The Azure location has a local default in terraform.tfvars; the AWS region has none on
# purpose: CI must pass -var region=... per hospital, so a local run fails loudly instead of
# silently landing in a default region.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "azurerm" {
  features {}
}

variable "region" {
  type        = string
  description = "AWS region of the hospital workspace (no default: set by CI per hospital)"
}

variable "location" {
  type        = string
  description = "Azure location of the hospital workspace"
}

resource "aws_s3_bucket" "lab_reports" {
  bucket = "ght-lab-reports"

  tags = {
    data-classification = "health"
  }
}

# Not health data: Terraform plan artefacts.
resource "aws_s3_bucket" "plans" {
  bucket = "ght-terraform-plans"
}

resource "azurerm_resource_group" "ght" {
  name     = "rg-ght-teleconsultation"
  location = "francecentral"
}

# Consultation recordings and attachments.
resource "azurerm_storage_account" "teleconsultation" {
  name                     = "stghtteleconsult01"
  resource_group_name      = azurerm_resource_group.ght.name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  min_tls_version          = "TLS1_2"

  tags = {
    hds = "true"
  }
}

# The shared imaging resource group is owned by the GHT network team and created outside
# this stack; we only look it up and put the archive next to it.
data "azurerm_resource_group" "imaging" {
  name = "rg-ght-imaging-shared"
}

# Imaging archive of the hospital, in the shared imaging resource group.
resource "azurerm_storage_account" "imaging_archive" {
  name                     = "stghtimagingarch01"
  resource_group_name      = data.azurerm_resource_group.imaging.name
  location                 = data.azurerm_resource_group.imaging.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_2"

  tags = {
    data-classification = "health"
    application         = "pacs"
  }
}
