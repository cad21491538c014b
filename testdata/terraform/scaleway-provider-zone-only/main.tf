# Laboratory results platform on Scaleway, Warsaw. The provider block sets a zone only.
# Zonal resources take it. Regional ones do not: the Scaleway provider gives them its
# default region (SCW_DEFAULT_REGION, the scw configuration profile, else fr-par), never the
# region of the zone, so their region cannot be read from this configuration.

terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.50"
    }
  }
}

provider "scaleway" {
  zone = "pl-waw-1"
}

# Zonal: pl-waw-1.
resource "scaleway_instance_server" "lims" {
  type  = "PRO2-S"
  image = "debian_bookworm"
  tags  = ["lims", "hds=true"]
}

# Regional, no region here nor on the provider: unknown.
resource "scaleway_rdb_instance" "results" {
  name               = "lims-results"
  node_type          = "DB-PRO2-XXS"
  engine             = "PostgreSQL-16"
  is_ha_cluster      = true
  backup_same_region = true
  user_name          = "lims"
  password           = var.rdb_password
  tags               = ["lims", "hds=true"]
}

# Regional, region on the resource: placed.
resource "scaleway_rdb_instance" "results_paris" {
  name               = "lims-results-paris"
  region             = "fr-par"
  node_type          = "DB-PRO2-XXS"
  engine             = "PostgreSQL-16"
  is_ha_cluster      = true
  backup_same_region = true
  user_name          = "lims"
  password           = var.rdb_password
  tags               = ["lims", "hds=true"]
}

variable "rdb_password" {
  type      = string
  sensitive = true
}
