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
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

resource "azurerm_resource_group" "dpi" {
  name     = "rg-dossier-patient-prod"
  location = "francecentral"

  tags = {
    hds = "true"
  }
}

# Main DPI database, France Central (spelled as in the portal).
resource "azurerm_postgresql_flexible_server" "dpi" {
  name                   = "psql-dossier-patient-prod"
  resource_group_name    = azurerm_resource_group.dpi.name
  location               = "France Central"
  version                = "16"
  sku_name               = "GP_Standard_D4ds_v5"
  storage_mb             = 131072
  backup_retention_days  = 35
  administrator_login    = "dpiadmin"
  administrator_password = var.pg_admin_password

  tags = {
    Data-Classification = "Health"
    owner               = "dsi"
  }
}

# Lab results exchange with the German partner laboratory.
resource "azurerm_storage_account" "lab_results" {
  name                     = "stlabresultsde01"
  resource_group_name      = azurerm_resource_group.dpi.name
  location                 = "germanywestcentral"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  min_tls_version          = "TLS1_2"

  tags = {
    HDS = "TRUE"
  }
}

# Analytics workspace copied from the UK subsidiary template.
resource "azurerm_mssql_server" "analytics" {
  name                         = "sql-patient-analytics-uk"
  resource_group_name          = azurerm_resource_group.dpi.name
  location                     = "uksouth"
  version                      = "12.0"
  administrator_login          = "analytics"
  administrator_login_password = var.sql_admin_password

  tags = {
    data_classification = "HEALTH"
  }
}

# Build agents: no health data.
resource "azurerm_storage_account" "ci_cache" {
  name                     = "stcicacheuk01"
  resource_group_name      = azurerm_resource_group.dpi.name
  location                 = "uksouth"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  tags = {
    data-classification = "internal"
  }
}

variable "pg_admin_password" {
  type      = string
  sensitive = true
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
}
