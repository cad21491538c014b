# Storage for consultation recordings, with a separate account for access logs.

variable "name_prefix" {
  type = string
}

variable "resource_group_name" {
  type = string
}

variable "location" {
  type = string
}

resource "azurerm_storage_account" "recordings" {
  name                            = "${var.name_prefix}rec"
  resource_group_name             = var.resource_group_name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false

  tags = {
    health-data = "true"
  }
}

# Access logs of the recordings account (no recording content).
resource "azurerm_storage_account" "access_logs" {
  name                     = "${var.name_prefix}logs"
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

output "account_name" {
  value = azurerm_storage_account.recordings.name
}
