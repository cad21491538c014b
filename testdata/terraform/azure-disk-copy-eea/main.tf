# PACS server of a radiology practice: its data disk, a snapshot and a cloned disk made for a
# migration rehearsal by the integrator.

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
  subscription_id = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
}

resource "azurerm_managed_disk" "pacs" {
  name                 = "disk-pacs-data"
  resource_group_name  = "rg-pacs-fr"
  location             = "francecentral"
  storage_account_type = "Premium_ZRS"
  create_option        = "Empty"
  disk_size_gb         = 2048

  tags = {
    data-classification = "health"
    application         = "pacs"
  }
}

resource "azurerm_data_protection_backup_vault" "pacs" {
  name                = "bvault-pacs"
  resource_group_name = "rg-pacs-fr"
  location            = "francecentral"
  datastore_type      = "VaultStore"
  redundancy          = "LocallyRedundant"
}

resource "azurerm_data_protection_backup_policy_disk" "daily" {
  name                            = "pacs-daily"
  vault_id                        = azurerm_data_protection_backup_vault.pacs.id
  backup_repeating_time_intervals = ["R/2026-01-01T02:00:00+00:00/P1D"]
  default_retention_duration      = "P14D"
}

resource "azurerm_data_protection_backup_instance_disk" "pacs" {
  name                         = "bi-pacs-data"
  location                     = "francecentral"
  vault_id                     = azurerm_data_protection_backup_vault.pacs.id
  disk_id                      = azurerm_managed_disk.pacs.id
  snapshot_resource_group_name = "rg-pacs-fr"
  backup_policy_id             = azurerm_data_protection_backup_policy_disk.daily.id
}

# Snapshot taken in the PACS region before the migration rehearsal.
resource "azurerm_snapshot" "pacs_rehearsal" {
  name                = "snap-pacs-rehearsal"
  resource_group_name = "rg-pacs-rehearsal"
  location            = "francecentral"
  create_option       = "Copy"
  source_uri          = azurerm_managed_disk.pacs.id
}

# Disk cloned from the PACS disk for the rehearsal VM.
resource "azurerm_managed_disk" "pacs_clone" {
  name                 = "disk-pacs-clone"
  resource_group_name  = "rg-pacs-rehearsal"
  location             = "westeurope"
  storage_account_type = "Premium_LRS"
  create_option        = "Copy"
  source_resource_id   = azurerm_managed_disk.pacs.id
  disk_size_gb         = 2048
}
