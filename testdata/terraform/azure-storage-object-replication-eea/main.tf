# Medical imaging exports of a radiology network, kept in blob storage and replicated to a
# second account for the AI vendor's model training.

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
  subscription_id = "3e8a1c2d-4b5f-4a6e-8c7d-9e0f1a2b3c4d"
}

resource "azurerm_storage_account" "imaging" {
  name                     = "stimagingweu"
  resource_group_name      = "rg-imaging-weu"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "ZRS"

  blob_properties {
    versioning_enabled  = true
    change_feed_enabled = true
  }

  tags = {
    hds = "true"
  }
}

resource "azurerm_storage_container" "exports" {
  name                  = "dicom-exports"
  storage_account_id    = azurerm_storage_account.imaging.id
  container_access_type = "private"
}

# The vendor's account, in its EU tenant (North Europe, Ireland).
resource "azurerm_storage_account" "vendor" {
  name                     = "staivendoreu"
  resource_group_name      = "rg-ai-vendor"
  location                 = "northeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  blob_properties {
    versioning_enabled = true
  }
}

resource "azurerm_storage_container" "training" {
  name                  = "training-set"
  storage_account_id    = azurerm_storage_account.vendor.id
  container_access_type = "private"
}

resource "azurerm_storage_object_replication" "to_vendor" {
  source_storage_account_id      = azurerm_storage_account.imaging.id
  destination_storage_account_id = azurerm_storage_account.vendor.id

  rules {
    source_container_name      = azurerm_storage_container.exports.name
    destination_container_name = azurerm_storage_container.training.name
    copy_blobs_created_after   = "Everything"
  }
}
