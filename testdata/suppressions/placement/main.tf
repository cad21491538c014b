# Clinical trial platform run for a US sponsor. The DPO accepted the sponsor's hosting for
# pseudonymised trial data (decision DPO-2026-14); each exception is written next to the resource.

provider "aws" {
  region = "us-east-1"
}

provider "azurerm" {
  features {}
}

# hds-lint: ignore=HDS002 reason="pseudonymised trial data, sponsor hosting accepted (DPO-2026-14)"
resource "aws_db_instance" "trial_ecrf" {
  identifier     = "trial-ecrf"
  engine         = "postgres"
  instance_class = "db.t4g.medium"

  tags = {
    data-classification = "health"
  }
}

resource "aws_s3_bucket" "trial_exports" { # hds-lint: ignore=region-out-of-scope reason="sponsor exports, DPO-2026-14"
  bucket = "trial-exports-sponsor"

  tags = {
    data-classification = "health"
  }
}

resource "azurerm_storage_account" "uk_site_mirror" {
  name                     = "sttrialukmirror01"
  resource_group_name      = "rg-trial-uk"
  location                 = "uksouth" # hds-lint: ignore=HDS002 reason="UK investigator site copy, DPO-2026-14"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  tags = {
    hds = "true"
  }
}

# Wrong rule: the audit bucket has a region problem, not an unresolved one.
# hds-lint: ignore=HDS004 reason="region set by the sponsor pipeline"
resource "aws_s3_bucket" "trial_audit" {
  bucket = "trial-audit-logs"

  tags = {
    data-classification = "health"
  }
}
