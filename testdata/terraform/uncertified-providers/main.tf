# Hosting partner "MedOps": staging environment on low-cost clouds.
# Staging was seeded with a copy of production patient data (ticket OPS-311).

terraform {
  required_providers {
    hcloud = {
      source  = "hetznercloud/hcloud"
      version = "~> 1.48"
    }
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = "~> 2.40"
    }
  }
}

provider "hcloud" {
  token = var.hcloud_token
}

provider "digitalocean" {
  token = var.do_token
}

resource "hcloud_server" "rdv_staging" {
  name        = "prise-rdv-staging-01"
  server_type = "cx32"
  image       = "debian-12"
  location    = "fsn1"

  labels = {
    env                 = "staging"
    data-classification = "health"
  }
}

resource "hcloud_volume" "rdv_staging_data" {
  name      = "prise-rdv-staging-data"
  size      = 100
  location  = "fsn1"
  format    = "ext4"
  automount = false

  labels = {
    hds = "true"
  }
}

resource "digitalocean_database_cluster" "patients_staging" {
  name       = "patients-staging"
  engine     = "pg"
  version    = "16"
  size       = "db-s-2vcpu-4gb"
  region     = "fra1"
  node_count = 1
  tags       = ["staging", "hds=true"]
}

# Monitoring only: Prometheus + Grafana, no patient data.
resource "hcloud_server" "monitoring" {
  name        = "monitoring-01"
  server_type = "cx22"
  image       = "debian-12"
  location    = "nbg1"

  labels = {
    env = "staging"
  }
}

resource "digitalocean_droplet" "bastion" {
  name   = "bastion-staging"
  image  = "ubuntu-24-04-x64"
  size   = "s-1vcpu-1gb"
  region = "fra1"
  tags   = ["staging", "bastion"]
}

variable "hcloud_token" {
  type      = string
  sensitive = true
}

variable "do_token" {
  type      = string
  sensitive = true
}
