# Pharmacy stock and prescriptions on Google Cloud. Both provider configurations name a
# zone and no region. The Google provider places a regional resource that sets no region
# in the region of the provider's zone, so the region is known; zonal ones take the zone.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = "pharmacie-prod"
  zone    = "europe-west9-b"
}

# Used by the analytics team in the US.
provider "google" {
  alias   = "analytics"
  project = "pharmacie-analytics"
  zone    = "us-east1-b"
}

# Regional, no region: europe-west9 (Paris), from the zone.
resource "google_sql_database_instance" "prescriptions" {
  name             = "pharmacie-ordonnances"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    backup_configuration {
      enabled = true
    }

    user_labels = {
      data-classification = "health"
    }
  }
}

# Zonal, no zone: europe-west9-b.
resource "google_compute_disk" "dispensing_logs" {
  name = "dispensing-logs"
  type = "pd-balanced"
  size = 100

  labels = {
    data-classification = "health"
  }
}

# Regional, no region: us-east1, from the analytics provider's zone.
resource "google_sql_database_instance" "prescriptions_analytics" {
  provider         = google.analytics
  name             = "pharmacie-ordonnances-analytics"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    backup_configuration {
      enabled = true
    }

    user_labels = {
      data-classification = "health"
    }
  }
}
