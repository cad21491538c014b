# Radiology archive (PACS) on Scaleway, Paris. The provider block is the one of the
# Scaleway provider documentation: a default region for regional resources and a default
# zone for zonal ones. Nothing sets its own location.

terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.50"
    }
  }
}

provider "scaleway" {
  zone   = "fr-par-2"
  region = "fr-par"
}

# Zonal: takes zone = "fr-par-2", an HDS zone for Instances.
resource "scaleway_instance_server" "pacs" {
  type  = "POP2-4C-16G"
  image = "ubuntu_noble"
  tags  = ["hds=true"]
}

# Zonal: the image store, in fr-par-2 beside the server (HDS Block Storage: fr-par-1..3).
resource "scaleway_block_volume" "images" {
  iops       = 5000
  size_in_gb = 500
  tags       = ["hds=true"]
}

resource "scaleway_block_snapshot" "images_nightly" {
  volume_id = scaleway_block_volume.images.id
  tags      = ["hds=true"]
}

# Regional: takes region = "fr-par" (HDS Object Storage: fr-par).
resource "scaleway_object_bucket" "reports" {
  name = "pacs-radiology-reports"

  versioning {
    enabled = true
  }

  tags = {
    hds = "true"
  }
}

# Regional: fr-par, backups kept there.
resource "scaleway_rdb_instance" "worklist" {
  name               = "pacs-worklist"
  node_type          = "DB-PRO2-XXS"
  engine             = "PostgreSQL-16"
  is_ha_cluster      = true
  backup_same_region = true
  user_name          = "pacs"
  password           = var.rdb_password
  tags               = ["pacs", "hds=true"]
}

variable "rdb_password" {
  type      = string
  sensitive = true
}
