# E-prescription service: where copies go is generated from variables with dynamic blocks.

resource "aws_dynamodb_table" "prescriptions" {
  name             = "ordonnances"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "prescription_id"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "prescription_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  dynamic "replica" {
    for_each = toset(var.replica_regions)
    content {
      region_name = replica.value
    }
  }

  tags = {
    hds = "true"
  }
}

resource "aws_db_instance" "pharmacy" {
  identifier                  = "pharmacie"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_encrypted           = true
  username                    = "pharmacie"
  manage_master_user_password = true
  backup_retention_period     = 14

  tags = {
    hds = "true"
  }
}

resource "aws_backup_vault" "paris" {
  name = "pharmacie-paris"
}

resource "aws_backup_plan" "pharmacy" {
  name = "pharmacie-daily"

  rule {
    rule_name         = "daily-35d"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 2 * * ? *)"

    lifecycle {
      delete_after = 35
    }

    dynamic "copy_action" {
      for_each = var.dr_vaults
      iterator = vault
      content {
        destination_vault_arn = vault.value
      }
    }
  }
}

resource "aws_backup_selection" "pharmacy" {
  name         = "pharmacie"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.pharmacy.id
  resources    = [aws_db_instance.pharmacy.arn]
}

resource "azurerm_resource_group" "care" {
  name     = "rg-parcours-de-soins"
  location = "francecentral"
}

# Care pathways, replicated where var.cosmos_locations says.
resource "azurerm_cosmosdb_account" "care" {
  name                = "cosmos-parcours-de-soins"
  location            = "francecentral"
  resource_group_name = azurerm_resource_group.care.name
  offer_type          = "Standard"

  consistency_policy {
    consistency_level = "Session"
  }

  dynamic "geo_location" {
    for_each = var.cosmos_locations
    content {
      location          = geo_location.value.location
      failover_priority = geo_location.value.priority
    }
  }

  tags = {
    hds = "true"
  }
}
