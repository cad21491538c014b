# Clinical trial data platform of a French CRO, deployed by the UK team in their subscription.

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

resource "azurerm_resource_group" "trials" {
  name     = "rg-essais-cliniques"
  location = "francecentral"
}

# Shared SQL server: nobody tagged it, the team tags databases.
resource "azurerm_mssql_server" "trials" {
  name                         = "sql-essais-cliniques"
  resource_group_name          = azurerm_resource_group.trials.name
  location                     = "uksouth"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password

  azuread_administrator {
    login_username = "grp-dba-essais"
    object_id      = "3e0c8b2a-91f4-4d7e-b5a6-0c2d1e9f8a74"
  }
}

# eCRF data of the trial participants (pseudonymised, still health data).
resource "azurerm_mssql_database" "ecrf" {
  name           = "ecrf"
  server_id      = azurerm_mssql_server.trials.id
  collation      = "French_CI_AS"
  sku_name       = "S2"
  max_size_gb    = 250
  zone_redundant = false

  short_term_retention_policy {
    retention_days = 14
  }

  tags = {
    data-classification = "health"
    study               = "ONCO-2026-07"
  }
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
}
