# Storage for one partner hospital: shared case files for the multidisciplinary meetings
# (RCP) of the rare-disease network.

variable "hospital" {
  type = string
}

variable "location" {
  type        = string
  description = "Azure location of the hospital's resources"
}

variable "finess" {
  type        = string
  description = "FINESS number of the hospital"
}

resource "azurerm_resource_group" "site" {
  name     = "rg-rare-disease-${var.hospital}"
  location = var.location
}

resource "azurerm_storage_account" "case_files" {
  name                     = "strd${var.hospital}cases"
  resource_group_name      = azurerm_resource_group.site.name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  min_tls_version          = "TLS1_2"

  tags = {
    data-classification = "health"
    finess              = var.finess
  }
}
