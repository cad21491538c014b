# Nursing home group: resident care records on Scaleway Managed Databases, Paris.

terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.50"
    }
  }
}

provider "scaleway" {
  region = "fr-par"
  zone   = "fr-par-1"
}

# Care plans. backup_same_region omitted: the daily logical backups are stored in
# another Scaleway region, which Scaleway does not name.
resource "scaleway_rdb_instance" "care_plans" {
  name          = "ehpad-plans-de-soins"
  node_type     = "DB-PRO2-XXS"
  engine        = "PostgreSQL-16"
  is_ha_cluster = true
  user_name     = "soins"
  password      = var.rdb_password
  tags          = ["ehpad", "data-classification=health"]
}

# Medication administration log. Backups switched off to save storage costs.
resource "scaleway_rdb_instance" "medication" {
  name           = "ehpad-administration-medicaments"
  node_type      = "DB-PRO2-XXS"
  engine         = "PostgreSQL-16"
  is_ha_cluster  = true
  disable_backup = true
  user_name      = "medicaments"
  password       = var.rdb_password
  tags           = ["ehpad", "hds=true"]
}

# Resident files: backups kept in fr-par for two weeks.
resource "scaleway_rdb_instance" "residents" {
  name                      = "ehpad-dossiers-residents"
  node_type                 = "DB-PRO2-XXS"
  engine                    = "PostgreSQL-16"
  is_ha_cluster             = true
  disable_backup            = false
  backup_same_region        = true
  backup_schedule_frequency = 24
  backup_schedule_retention = 14
  user_name                 = "residents"
  password                  = var.rdb_password
  tags                      = ["ehpad", "data-classification=health"]
}

variable "rdb_password" {
  type      = string
  sensitive = true
}
