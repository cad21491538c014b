# Remote monitoring (télésurveillance) of diabetic patients: glucose readings in DynamoDB.

# Raw readings from the sensors. No point-in-time recovery, no AWS Backup selection.
resource "aws_dynamodb_table" "readings" {
  name         = "glycemie-mesures"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "patient_id"
  range_key    = "measured_at"

  attribute {
    name = "patient_id"
    type = "S"
  }

  attribute {
    name = "measured_at"
    type = "S"
  }

  tags = {
    data-classification = "health"
  }
}

# Alerts sent to the care team. PITR is on, but the table was made global for the
# US support centre.
resource "aws_dynamodb_table" "alerts" {
  name             = "glycemie-alertes"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "alert_id"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "alert_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  replica {
    region_name = "eu-central-1"
  }

  replica {
    region_name = "us-west-2"
  }

  tags = {
    hds = "true"
  }
}

# Treatment plans: backed up by AWS Backup (daily, 35 days, Paris vault).
resource "aws_dynamodb_table" "treatments" {
  name         = "glycemie-traitements"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "patient_id"

  attribute {
    name = "patient_id"
    type = "S"
  }

  tags = {
    data-classification = "health"
  }
}

resource "aws_backup_vault" "paris" {
  name = "telesurveillance-paris"
}

resource "aws_backup_plan" "daily" {
  name = "telesurveillance-daily"

  rule {
    rule_name         = "daily-35d"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 3 * * ? *)"

    lifecycle {
      delete_after = 35
    }
  }
}

resource "aws_backup_selection" "treatments" {
  name         = "telesurveillance-traitements"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.daily.id
  resources    = [aws_dynamodb_table.treatments.arn]
}
