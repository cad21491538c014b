# Teleconsultation: migration of the video archive out of London, tracked in MIG-88.
# The UK mirror exception was granted until the end of the migration; the other one has a
# later deadline agreed with the DPO.

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "teleconsult" {
  name     = "rg-teleconsult-prod"
  location = "francecentral"
}

# hds-lint: ignore=HDS002 reason="UK subsidiary patients, DPO-2026-21" expires=2099-12-31
resource "azurerm_storage_account" "uk_patients" {
  name                     = "stteleconsultuk01"
  resource_group_name      = azurerm_resource_group.teleconsult.name
  location                 = "uksouth"
  account_tier             = "Standard"
  account_replication_type = "ZRS"

  tags = {
    data-classification = "health"
  }
}

# hds-lint: ignore=HDS002 reason="video archive, migration MIG-88 to francecentral" expires=2020-06-30
resource "azurerm_storage_account" "video_archive" {
  name                     = "stteleconsultvideo01"
  resource_group_name      = azurerm_resource_group.teleconsult.name
  location                 = "ukwest"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  tags = {
    data-classification = "health"
  }
}
