# Storage accounts of a European telemedicine group, one per country team.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "6b1f0e3c-2a4d-4c8e-9f1a-7d2b3c4e5f60"
}

# Consultation recordings of the UK team, geo-redundant.
resource "azurerm_storage_account" "recordings_uk" {
  name                     = "teleconsultrecuk"
  resource_group_name      = "rg-telemed-uk"
  location                 = "uksouth"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  tags                     = { data-classification = "health" }
}

# Dutch team: West Europe, geo-redundant to North Europe (both covered).
resource "azurerm_storage_account" "recordings_nl" {
  name                     = "teleconsultrecnl"
  resource_group_name      = "rg-telemed-nl"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  tags                     = { data-classification = "health" }
}

# French team: France Central, read-access geo-redundant to France South (both covered).
resource "azurerm_storage_account" "recordings_fr" {
  name                     = "teleconsultrecfr"
  resource_group_name      = "rg-telemed-fr"
  location                 = "francecentral"
  account_tier             = "Standard"
  account_replication_type = "RAGRS"
  tags                     = { data-classification = "health" }
}

# German team: Frankfurt, geo-redundant to Berlin; Azure's HDS offering names neither.
resource "azurerm_storage_account" "recordings_de" {
  name                     = "teleconsultrecde"
  resource_group_name      = "rg-telemed-de"
  location                 = "germanywestcentral"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  tags                     = { data-classification = "health" }
}

# Polish team: Poland Central has no paired region, yet GRS was requested.
resource "azurerm_storage_account" "recordings_pl" {
  name                     = "teleconsultrecpl"
  resource_group_name      = "rg-telemed-pl"
  location                 = "polandcentral"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  tags                     = { data-classification = "health" }
}

# UK marketing site assets: no health data, so GRS to ukwest is acceptable here.
resource "azurerm_storage_account" "website_uk" {
  name                     = "telemedwebuk"
  resource_group_name      = "rg-telemed-uk"
  location                 = "uksouth"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  tags                     = { data-classification = "public" }
}
