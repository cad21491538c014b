# Clinical research platform of a French CRO: SQL Server for the eCRF, PostgreSQL for the
# patient-reported outcomes (ePRO) app.

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

# Server set up by the London team.
resource "azurerm_mssql_server" "london" {
  name                         = "sql-cro-london"
  resource_group_name          = "rg-cro-uk"
  location                     = "uksouth"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

# storage_account_type omitted: Geo, backups copied to ukwest.
resource "azurerm_mssql_database" "ecrf_uk" {
  name      = "ecrf-uk"
  server_id = azurerm_mssql_server.london.id
  sku_name  = "S2"
  tags      = { data-classification = "health" }
}

resource "azurerm_mssql_server" "paris" {
  name                         = "sql-cro-paris"
  resource_group_name          = "rg-cro-fr"
  location                     = "francecentral"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

# Backups kept in the Paris region only.
resource "azurerm_mssql_database" "ecrf_fr" {
  name                 = "ecrf-fr"
  server_id            = azurerm_mssql_server.paris.id
  sku_name             = "S2"
  storage_account_type = "Local"

  short_term_retention_policy {
    retention_days = 14
  }

  tags = { data-classification = "health" }
}

# ePRO questionnaires, West Europe, geo-redundant backups (pair North Europe).
resource "azurerm_postgresql_flexible_server" "epro" {
  name                          = "psql-cro-epro"
  resource_group_name           = "rg-cro-nl"
  location                      = "westeurope"
  version                       = "16"
  sku_name                      = "GP_Standard_D2ds_v5"
  storage_mb                    = 65536
  backup_retention_days         = 14
  geo_redundant_backup_enabled  = true
  public_network_access_enabled = false
  tags                          = { hds = "true" }
}

# ePRO staging, loaded with a copy of production data; retention cut to save costs.
resource "azurerm_postgresql_flexible_server" "epro_staging" {
  name                          = "psql-cro-epro-staging"
  resource_group_name           = "rg-cro-fr"
  location                      = "francecentral"
  version                       = "16"
  sku_name                      = "B_Standard_B2s"
  storage_mb                    = 32768
  backup_retention_days         = 3
  public_network_access_enabled = false
  tags                          = { hds = "true" }
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
}
