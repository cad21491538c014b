# Hosting partner on 3DS Outscale: PACS for a private radiology group.
# eu-west-2 (Paris) is under the HDS certificate; the US account is for the demo only.

terraform {
  required_providers {
    outscale = {
      source  = "outscale/outscale"
      version = "~> 1.0"
    }
  }
}

provider "outscale" {
  access_key_id = var.access_key_id
  secret_key_id = var.secret_key_id
  region        = "eu-west-2"
}

provider "outscale" {
  alias         = "us_demo"
  access_key_id = var.us_access_key_id
  secret_key_id = var.us_secret_key_id
  region        = "us-east-2"
}

resource "outscale_vm" "pacs" {
  image_id     = var.pacs_image_id
  vm_type      = "tinav6.c8r32p1"
  keypair_name = "pacs-admin"

  tags {
    key   = "Name"
    value = "pacs-imaging-01"
  }

  tags {
    key   = "hds"
    value = "true"
  }
}

resource "outscale_volume" "pacs_studies" {
  subregion_name = "eu-west-2a"
  size           = 2000
  volume_type    = "io1"
  iops           = 10000

  tags {
    key   = "data-classification"
    value = "health"
  }
}

# Demo for a US prospect, restored from a production snapshot (patients not anonymised).
resource "outscale_volume" "demo_studies" {
  provider       = outscale.us_demo
  subregion_name = "us-east-2a"
  size           = 500
  volume_type    = "gp2"

  tags {
    key   = "data-classification"
    value = "health"
  }
}

resource "outscale_vm" "demo_viewer" {
  provider     = outscale.us_demo
  image_id     = var.pacs_image_id
  vm_type      = "tinav6.c4r8p1"
  keypair_name = "demo"

  tags {
    key   = "hds"
    value = "true"
  }
}

# Landing page for the demo, no patient data.
resource "outscale_vm" "demo_web" {
  provider = outscale.us_demo
  image_id = "ami-bb490c7e"
  vm_type  = "tinav6.c1r1p1"
}

variable "access_key_id" { type = string }
variable "secret_key_id" { type = string }
variable "us_access_key_id" { type = string }
variable "us_secret_key_id" { type = string }
variable "pacs_image_id" { type = string }
