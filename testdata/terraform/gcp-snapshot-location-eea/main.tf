# Imaging archive (PACS) of a radiology group on Compute Engine, Paris region.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
  }
}

provider "google" {
  project = "radiologie-pacs-prod"
  region  = "europe-west9"
  zone    = "europe-west9-a"
}

resource "google_compute_disk" "pacs" {
  name = "pacs-data"
  type = "pd-ssd"
  zone = "europe-west9-a"
  size = 4096

  labels = {
    hds = "true"
  }
}

# Snapshot before the PACS upgrade, kept in the EU multi-region.
resource "google_compute_snapshot" "pacs_before_upgrade" {
  name              = "pacs-data-before-v8"
  source_disk       = google_compute_disk.pacs.id
  storage_locations = ["eu"]
}

# Nightly snapshot schedule, stored in the Paris region.
resource "google_compute_resource_policy" "nightly" {
  name   = "pacs-nightly"
  region = "europe-west9"

  snapshot_schedule_policy {
    schedule {
      daily_schedule {
        days_in_cycle = 1
        start_time    = "02:00"
      }
    }
    retention_policy {
      max_retention_days = 14
    }
    snapshot_properties {
      storage_locations = ["europe-west9"]
    }
  }
}

resource "google_compute_disk_resource_policy_attachment" "pacs_nightly" {
  name = google_compute_resource_policy.nightly.name
  disk = google_compute_disk.pacs.name
  zone = "europe-west9-a"
}
