# Teleradiology network: managed PostgreSQL on OVHcloud Public Cloud Databases.

terraform {
  required_providers {
    ovh = {
      source  = "ovh/ovh"
      version = "~> 1.0"
    }
  }
}

provider "ovh" {
  endpoint = "ovh-eu"
}

# Reading requests from the partner hospitals in Asia, deployed in Singapore.
resource "ovh_cloud_project_database" "asia_requests" {
  service_name = var.ovh_project
  description  = "telerad-demandes-asie"
  engine       = "postgresql"
  version      = "16"
  plan         = "business"
  flavor       = "b3-8"

  nodes {
    region = "SGP"
  }

  nodes {
    region = "SGP"
  }
}

# Radiology reports, Gravelines; backups go by default to Strasbourg (France).
resource "ovh_cloud_project_database" "reports" {
  service_name = var.ovh_project
  description  = "telerad-comptes-rendus"
  engine       = "postgresql"
  version      = "16"
  plan         = "business"
  flavor       = "b3-8"

  nodes {
    region = "GRA"
  }

  nodes {
    region = "GRA"
  }
}

# Image index, Gravelines, with a second backup copy in Beauharnois (Canada) on purpose
# "to be far from the primary".
resource "ovh_cloud_project_database" "image_index" {
  service_name   = var.ovh_project
  description    = "telerad-index-images"
  engine         = "postgresql"
  version        = "16"
  plan           = "business"
  flavor         = "b3-8"
  backup_regions = ["GRA", "BHS"]

  nodes {
    region = "GRA"
  }

  nodes {
    region = "GRA"
  }
}

variable "ovh_project" {
  type    = string
  default = "0123456789abcdef0123456789abcdef"
}
