# Teleconsultation platform of the "MedVisio" start-up, one deployment per market.
# This root deploys the UK market; the location comes from terraform.tfvars.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.14"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "location" {
  type        = string
  description = "Azure location of the whole platform"
  default     = "francecentral"
}

variable "market" {
  type    = string
  default = "fr"
}

module "platform" {
  source = "./modules/platform"

  market   = var.market
  location = var.location
}

output "recordings_account" {
  value = module.platform.recordings_account_name
}
