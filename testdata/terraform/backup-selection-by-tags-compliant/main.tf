# Patient record (DPI) of a group of clinics, in Paris, backed up by tag with a copy in
# Frankfurt. A second plan backs up the product analytics (no health data) to the US
# analytics account: its ARN pattern and its condition leave the health data out.

resource "aws_db_instance" "dpi" {
  identifier                  = "dpi-cliniques"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 200
  storage_encrypted           = true
  username                    = "dpi"
  manage_master_user_password = true
  backup_retention_period     = 14

  tags = {
    hds         = "true"
    environment = "production"
  }
}

# Appointments: no point-in-time recovery, AWS Backup covers the table through its tag.
resource "aws_dynamodb_table" "appointments" {
  name         = "dpi-rendez-vous"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "rdv_id"

  attribute {
    name = "rdv_id"
    type = "S"
  }

  tags = {
    hds         = "true"
    environment = "production"
  }
}

# Page views of the patient portal, without personal data.
resource "aws_dynamodb_table" "analytics" {
  name         = "analytics-events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "event_id"

  attribute {
    name = "event_id"
    type = "S"
  }

  tags = {
    environment = "production"
  }
}

resource "aws_backup_vault" "paris" {
  name = "dpi-paris"
}

resource "aws_backup_plan" "daily" {
  name = "dpi-daily"

  rule {
    rule_name         = "daily-35d"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 2 * * ? *)"

    lifecycle {
      delete_after = 35
    }

    copy_action {
      destination_vault_arn = "arn:aws:backup:eu-central-1:111122223333:backup-vault:dpi-dr"

      lifecycle {
        delete_after = 35
      }
    }
  }
}

resource "aws_backup_selection" "hds" {
  name         = "dpi-hds"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.daily.id

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "aws:ResourceTag/hds"
    value = "true"
  }
}

resource "aws_backup_vault" "analytics" {
  name = "analytics"
}

resource "aws_backup_plan" "analytics" {
  name = "analytics-daily"

  rule {
    rule_name         = "daily-7d"
    target_vault_name = aws_backup_vault.analytics.name
    schedule          = "cron(0 5 * * ? *)"

    lifecycle {
      delete_after = 7
    }

    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:444455556666:backup-vault:analytics"
    }
  }
}

# The analytics tables, by name.
resource "aws_backup_selection" "analytics_tables" {
  name         = "analytics-tables"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.analytics.id
  resources    = ["arn:aws:dynamodb:*:*:table/analytics-*"]
}

# And whatever the staging environment runs.
resource "aws_backup_selection" "staging" {
  name         = "analytics-staging"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.analytics.id
  resources    = ["*"]

  condition {
    string_equals {
      key   = "aws:ResourceTag/environment"
      value = "staging"
    }
  }
}
