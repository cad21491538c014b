# Platform layer: resource group, the consultation database and the recordings storage.

variable "market" {
  type = string
}

variable "location" {
  type = string
}

variable "db_admin_password" {
  type      = string
  sensitive = true
  default   = null
}

resource "azurerm_resource_group" "platform" {
  name     = "rg-medvisio-${var.market}"
  location = var.location
}

# Appointments, consultation notes and prescriptions.
resource "azurerm_postgresql_flexible_server" "consultations" {
  name                   = "psql-medvisio-${var.market}"
  resource_group_name    = azurerm_resource_group.platform.name
  location               = var.location
  version                = "16"
  sku_name               = "GP_Standard_D2ds_v5"
  storage_mb             = 65536
  backup_retention_days  = 35
  administrator_login    = "medvisio"
  administrator_password = var.db_admin_password

  tags = {
    data_classification = "health"
  }
}

# Video recordings of the consultations (kept 20 years, like the medical record).
module "storage" {
  source = "../storage"

  name_prefix         = "stmedvisio${var.market}"
  resource_group_name = azurerm_resource_group.platform.name
  location            = var.location
}

output "recordings_account_name" {
  value = module.storage.account_name
}
