# e-santé start-up: remote monitoring of cardiac patients (télésurveillance).

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = "cardio-telesurveillance-prod"
  region  = "europe-west9"
}

resource "google_sql_database_instance" "monitoring" {
  name             = "telesurveillance-pg"
  database_version = "POSTGRES_16"
  region           = "europe-west9"

  settings {
    tier              = "db-custom-4-15360"
    availability_type = "REGIONAL"

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }

    user_labels = {
      data-classification = "health"
    }
  }

  deletion_protection = true
}

# ECG recordings, EU multi-region (excludes London and Zurich).
resource "google_storage_bucket" "ecg_recordings" {
  name                        = "cardio-ecg-recordings-eu"
  location                    = "EU"
  uniform_bucket_level_access = true

  labels = {
    data-classification = "health"
  }
}

# Created by the US data science contractor for model training.
resource "google_storage_bucket" "training_exports" {
  name                        = "cardio-ml-training-exports"
  location                    = "US"
  uniform_bucket_level_access = true

  labels = {
    data-classification = "health"
    team                = "data-science"
  }
}

resource "google_compute_disk" "ingest_buffer" {
  name = "ecg-ingest-buffer"
  type = "pd-balanced"
  zone = "europe-west9-a"
  size = 200

  labels = {
    hds = "true"
  }
}

# Swiss partner clinic asked for a local copy. Zurich is outside the EEA.
resource "google_compute_disk" "partner_clinic_cache" {
  name = "partner-clinic-cache"
  type = "pd-ssd"
  zone = "europe-west6-b"
  size = 100

  labels = {
    health-data = "true"
  }
}

# Uses the provider region (europe-west9).
resource "google_redis_instance" "session_cache" {
  name           = "patient-session-cache"
  memory_size_gb = 1
  tier           = "STANDARD_HA"

  labels = {
    data-classification = "health"
  }
}

# Public documentation site: not health data.
resource "google_storage_bucket" "docs_site" {
  name     = "cardio-docs-site"
  location = "US"
}
