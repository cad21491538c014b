# Connected medical devices: Cosmos DB for device telemetry, Recovery Services vaults for the
# VMs of the device gateway.

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

# Pacemaker telemetry. A read region was added in East US for the manufacturer's support team.
resource "azurerm_cosmosdb_account" "telemetry" {
  name                = "cosmos-dm-telemetrie"
  location            = "francecentral"
  resource_group_name = "rg-dm-fr"
  offer_type          = "Standard"
  kind                = "GlobalDocumentDB"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "francecentral"
    failover_priority = 0
  }

  geo_location {
    location          = "eastus"
    failover_priority = 1
  }

  tags = { data-classification = "health" }
}

# Vault of the UK gateway VMs: storage_mode_type omitted (GeoRedundant, pair ukwest).
resource "azurerm_recovery_services_vault" "gateway_uk" {
  name                = "rsv-dm-gateway-uk"
  location            = "uksouth"
  resource_group_name = "rg-dm-uk"
  sku                 = "Standard"
  soft_delete_enabled = true
  tags                = { hds = "true" }
}

# Vault of the Paris gateway VMs: locally redundant, stays in France Central.
resource "azurerm_recovery_services_vault" "gateway_fr" {
  name                = "rsv-dm-gateway-fr"
  location            = "francecentral"
  resource_group_name = "rg-dm-fr"
  sku                 = "Standard"
  storage_mode_type   = "LocallyRedundant"
  soft_delete_enabled = true
  tags                = { hds = "true" }
}
