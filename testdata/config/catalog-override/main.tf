# Lab results exchange with the German partner laboratory, and its Swedish backup copy.
provider "azurerm" {
  features {}
}

resource "azurerm_storage_account" "lab_results" {
  name                     = "stlabresultsde01"
  resource_group_name      = "rg-lab-exchange"
  location                 = "germanywestcentral"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  min_tls_version          = "TLS1_2"

  tags = {
    data-classification = "health"
  }
}

# Not in the contract annex: coverage still unknown.
resource "azurerm_storage_account" "lab_results_backup" {
  name                     = "stlabresultsse01"
  resource_group_name      = "rg-lab-exchange"
  location                 = "Sweden Central"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_2"

  tags = {
    data-classification = "health"
  }
}
