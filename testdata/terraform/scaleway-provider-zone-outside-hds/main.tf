# Teleconsultation recordings on Scaleway. The team moved its default zone to Amsterdam for
# a latency test and kept region = "fr-par": every zonal resource that sets no zone of its
# own now lands in nl-ams-1, outside the zones where Scaleway documents HDS Instances and
# Block Storage, while regional resources stay in fr-par.

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
  zone   = "nl-ams-1"
}

# Zonal, no zone: nl-ams-1.
resource "scaleway_instance_server" "recorder" {
  type  = "PRO2-S"
  image = "debian_bookworm"
  tags  = ["teleconsultation", "data-classification=health"]
}

# Zonal, no zone: nl-ams-1.
resource "scaleway_block_volume" "recordings" {
  iops       = 5000
  size_in_gb = 200
  tags       = ["teleconsultation", "data-classification=health"]
}

# Zonal, zone set on the resource: fr-par-3, fine.
resource "scaleway_block_volume" "recordings_paris" {
  iops       = 5000
  size_in_gb = 200
  zone       = "fr-par-3"
  tags       = ["teleconsultation", "data-classification=health"]
}

# Regional, no region: fr-par from the provider, not nl-ams from its zone.
resource "scaleway_rdb_instance" "appointments" {
  name               = "teleconsultation-rdv"
  node_type          = "DB-PRO2-XXS"
  engine             = "PostgreSQL-16"
  is_ha_cluster      = true
  backup_same_region = true
  user_name          = "rdv"
  password           = var.rdb_password
  tags               = ["teleconsultation", "hds=true"]
}

variable "rdb_password" {
  type      = string
  sensitive = true
}
