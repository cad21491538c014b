# Plateforme de prise de rendez-vous - Scaleway HDS contract (fr-par).

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

# HDS bucket: SSE-C encryption is done by the application, no lifecycle rules.
resource "scaleway_object_bucket" "dossiers" {
  name = "rdv-dossiers-patients"

  versioning {
    enabled = true
  }

  tags = {
    data-classification = "health"
    app                 = "prise-rdv"
  }
}

# Copy for the Amsterdam team (nl-ams is not in the HDS object storage scope).
resource "scaleway_object_bucket" "dossiers_ams" {
  name   = "rdv-dossiers-patients-ams"
  region = "nl-ams"

  tags = {
    data-classification = "health"
  }
}

# Temporary uploads (scanned referral letters) cleaned after 30 days.
resource "scaleway_object_bucket" "uploads" {
  name = "rdv-uploads-patients"

  lifecycle_rule {
    id      = "purge-uploads"
    enabled = true

    expiration {
      days = 30
    }
  }

  tags = {
    hds = "true"
  }
}

resource "scaleway_rdb_instance" "rdv" {
  name           = "rdv-postgres"
  node_type      = "DB-PRO2-XXS"
  engine         = "PostgreSQL-16"
  is_ha_cluster  = true
  disable_backup = false
  user_name      = "rdv"
  password       = var.rdb_password
  tags           = ["prise-rdv", "data-classification=health"]
}

resource "scaleway_instance_server" "api" {
  name  = "rdv-api-01"
  type  = "PRO2-S"
  image = "debian_bookworm"
  zone  = "fr-par-2"
  tags  = ["prise-rdv", "hds:true"]
}

resource "scaleway_block_volume" "api_data" {
  name       = "rdv-api-data"
  iops       = 5000
  size_in_gb = 50
  zone       = "fr-par-2"
  tags       = ["prise-rdv", "data-classification=health"]
}

# Warm standby volume restored in Amsterdam during the 2025 incident, never removed.
resource "scaleway_block_volume" "api_data_standby" {
  name       = "rdv-api-data-standby"
  iops       = 5000
  size_in_gb = 50
  zone       = "nl-ams-1"
  tags       = ["prise-rdv", "data-classification=health"]
}

# Static front-end, public content only.
resource "scaleway_object_bucket" "front" {
  name   = "rdv-front-static"
  region = "nl-ams"
}

variable "rdb_password" {
  type      = string
  sensitive = true
}
