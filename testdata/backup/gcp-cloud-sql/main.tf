# Hospital pharmacy: prescriptions and dispensing on Cloud SQL, Paris region.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = "chu-pharmacie-prod"
  region  = "europe-west9"
}

# Dispensing records: no backup_configuration block, so no automated backups.
resource "google_sql_database_instance" "dispensing" {
  name             = "pharmacie-dispensation"
  database_version = "POSTGRES_16"
  region           = "europe-west9"

  settings {
    tier              = "db-custom-2-7680"
    availability_type = "REGIONAL"

    user_labels = {
      data-classification = "health"
    }
  }

  deletion_protection = true
}

# Prescriptions: backups on, but stored in the "us" multi-region (copied from a US template).
resource "google_sql_database_instance" "prescriptions" {
  name             = "pharmacie-prescriptions"
  database_version = "POSTGRES_16"
  region           = "europe-west9"

  settings {
    tier              = "db-custom-4-15360"
    availability_type = "REGIONAL"

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      location                       = "us"

      backup_retention_settings {
        retained_backups = 30
      }
    }

    user_labels = {
      data-classification = "health"
    }
  }

  deletion_protection = true
}

# Stock management with patient-named preparations: backups kept in Paris.
resource "google_sql_database_instance" "preparations" {
  name             = "pharmacie-preparations"
  database_version = "POSTGRES_16"
  region           = "europe-west9"

  settings {
    tier              = "db-custom-2-7680"
    availability_type = "REGIONAL"

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      location                       = "europe-west9"
    }

    user_labels = {
      hds = "true"
    }
  }

  deletion_protection = true
}
