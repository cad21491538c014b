# Research data warehouse fed by partner hospitals. Both exceptions below follow the same
# DPO decision and list every rule the decision covers, by ID and by slug.

provider "aws" {
  region = "us-east-2"
}

provider "azurerm" {
  features {}
}

data "azurerm_resource_group" "partner" {
  name = "rg-partner-chu-shared"
}

# hds-lint: ignore=HDS002,unresolved-location reason="pseudonymised cohort, DPO decision 2026-07"
resource "aws_s3_bucket" "cohort_extracts" {
  bucket = "research-cohort-extracts"

  tags = {
    data-classification = "health"
  }
}

// hds-lint: ignore=HDS002,unresolved-location reason="partner CHU storage, DPO decision 2026-07"
resource "azurerm_storage_account" "partner_drop" {
  name                     = "stresearchpartner01"
  resource_group_name      = data.azurerm_resource_group.partner.name
  location                 = data.azurerm_resource_group.partner.location
  account_tier             = "Standard"
  account_replication_type = "GRS"

  tags = {
    hds = "true"
  }
}

# Not covered by the decision: reported.
resource "aws_s3_bucket" "raw_imports" {
  bucket = "research-raw-imports"

  tags = {
    data-classification = "health"
  }
}
