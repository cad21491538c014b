# Hospital imaging AI on Google Cloud. The provider block names a Belgian region and,
# by mistake, a London zone (europe-west2 is outside the EEA).

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = "imagerie-ia-prod"
  region  = "europe-west1"
  zone    = "europe-west2-b"
}

# Zonal, no zone: the provider zone, London.
resource "google_compute_instance" "inference" {
  name         = "imaging-inference"
  machine_type = "n2-standard-8"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }

  labels = {
    hds = "true"
  }
}

# Zonal, zone on the resource: europe-west1-c, fine.
resource "google_compute_disk" "studies" {
  name = "imaging-studies"
  type = "pd-ssd"
  zone = "europe-west1-c"
  size = 500

  labels = {
    hds = "true"
  }
}

# Regional, no region: the provider region, europe-west1 (St. Ghislain), fine.
resource "google_sql_database_instance" "reports" {
  name             = "imaging-reports"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    backup_configuration {
      enabled = true
    }

    user_labels = {
      hds = "true"
    }
  }
}

# Has both region and zone arguments and hds-lint's catalog does not say which default it
# takes: with the provider's region and zone in different regions, its location is unknown.
resource "google_dataflow_job" "anonymise" {
  name              = "anonymise-studies"
  template_gcs_path = "gs://imagerie-ia-templates/anonymise"
  temp_gcs_location = "gs://imagerie-ia-tmp/dataflow"

  labels = {
    hds = "true"
  }
}
