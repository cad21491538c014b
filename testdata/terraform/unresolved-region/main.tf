# Reusable stack for the regional hospital group (GHT): one workspace per hospital.
# Region and location come from the pipeline (-var), so they are unknown statically.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "azurerm" {
  features {}
}

variable "region" {
  type        = string
  description = "AWS region of the hospital workspace"
}

variable "location" {
  type        = string
  description = "Azure location of the hospital workspace"
}

resource "aws_s3_bucket" "lab_reports" {
  bucket = "ght-lab-reports"

  tags = {
    data-classification = "health"
  }
}

# Not health data: Terraform plan artefacts.
resource "aws_s3_bucket" "plans" {
  bucket = "ght-terraform-plans"
}

resource "azurerm_resource_group" "ght" {
  name     = "rg-ght-teleconsultation"
  location = "francecentral"
}

# Consultation recordings and attachments.
resource "azurerm_storage_account" "teleconsultation" {
  name                     = "stghtteleconsult01"
  resource_group_name      = azurerm_resource_group.ght.name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  min_tls_version          = "TLS1_2"

  tags = {
    hds = "true"
  }
}
