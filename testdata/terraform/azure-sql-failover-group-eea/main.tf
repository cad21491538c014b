# Electronic health record of a private hospital group, SQL Server on Azure, with a failover
# group for business continuity.

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
  subscription_id = "0c7d3f52-8e1a-4b6c-9d2e-5f4a3b2c1d0e"
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
}

resource "azurerm_mssql_server" "primary" {
  name                         = "sql-dpi-paris"
  resource_group_name          = "rg-dpi-fr"
  location                     = "francecentral"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

resource "azurerm_mssql_database" "dpi" {
  name                 = "dpi"
  server_id            = azurerm_mssql_server.primary.id
  sku_name             = "BC_Gen5_8"
  storage_account_type = "Zone"

  short_term_retention_policy {
    retention_days = 14
  }

  tags = {
    data-classification = "health"
  }
}

# Partner server in West Europe (Netherlands): the failover group
# creates a geo-secondary of every listed database on it.
resource "azurerm_mssql_server" "secondary" {
  name                         = "sql-dpi-dr"
  resource_group_name          = "rg-dpi-dr"
  location                     = "westeurope"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

resource "azurerm_mssql_failover_group" "dpi" {
  name      = "fog-dpi"
  server_id = azurerm_mssql_server.primary.id
  databases = [azurerm_mssql_database.dpi.id]

  partner_server {
    id = azurerm_mssql_server.secondary.id
  }

  read_write_endpoint_failover_policy {
    mode          = "Automatic"
    grace_minutes = 60
  }
}
