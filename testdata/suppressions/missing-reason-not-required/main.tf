# Pharmacy stock and dispensing records, Azure. The Swiss warehouse database was accepted by
# the DPO, but whoever wrote the suppression did not say why.

provider "azurerm" {
  features {}
}

# hds-lint: ignore=HDS002
resource "azurerm_mssql_server" "dispensing_ch" {
  name                         = "sql-dispensing-ch"
  resource_group_name          = "rg-pharmacy-ch"
  location                     = "switzerlandnorth"
  version                      = "12.0"
  administrator_login          = "dispensing"
  administrator_login_password = var.sql_password

  tags = {
    data-classification = "health"
  }
}

resource "azurerm_storage_account" "prescriptions" {
  name                     = "stpharmaprescr01"
  resource_group_name      = "rg-pharmacy-ch"
  location                 = "switzerlandwest" # hds-lint: ignore=HDS002 reason=""
  account_tier             = "Standard"
  account_replication_type = "ZRS"

  tags = {
    hds = "true"
  }
}

variable "sql_password" {
  type      = string
  sensitive = true
}
