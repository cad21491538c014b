# Patient record (DPI) of a group of clinics, in Paris. Backups are assigned by tag, as the
# AWS Backup documentation recommends: whatever is tagged hds = "true" is backed up daily,
# and a copy goes to a second vault for disaster recovery.

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
    hds     = "true"
    archive = "weekly"
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
    hds = "true"
  }
}

# Access log of the record, left out of the plan by not_resources (an archive job was to
# replace it), and without point-in-time recovery.
resource "aws_dynamodb_table" "access_log" {
  name         = "dpi-journal-acces"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "event_id"

  attribute {
    name = "event_id"
    type = "S"
  }

  tags = {
    hds = "true"
  }
}

# Staging table of the nightly HL7 imports, opted out of backups with backup = "none".
resource "aws_dynamodb_table" "imports" {
  name         = "dpi-imports-hl7"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "message_id"

  attribute {
    name = "message_id"
    type = "S"
  }

  tags = {
    hds    = "true"
    backup = "none"
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

    # Disaster-recovery vault in the group's US account.
    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:111122223333:backup-vault:dpi-dr"

      lifecycle {
        delete_after = 35
      }
    }
  }
}

resource "aws_backup_selection" "hds" {
  name          = "dpi-hds"
  iam_role_arn  = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id       = aws_backup_plan.daily.id
  resources     = ["*"]
  not_resources = ["arn:aws:dynamodb:*:*:table/dpi-journal-acces"]

  condition {
    string_equals {
      key   = "aws:ResourceTag/hds"
      value = "true"
    }
    string_not_equals {
      key   = "aws:ResourceTag/backup"
      value = "none"
    }
  }
}

# Weekly archive of what is tagged archive = "weekly", kept a year in Oregon.
resource "aws_backup_plan" "weekly" {
  name = "dpi-weekly"

  rule {
    rule_name         = "weekly-1y"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 4 ? * SUN *)"

    lifecycle {
      delete_after = 365
    }

    copy_action {
      destination_vault_arn = "arn:aws:backup:us-west-2:111122223333:backup-vault:dpi-archive"
    }
  }
}

resource "aws_backup_selection" "weekly" {
  name         = "dpi-weekly"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.weekly.id

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "archive"
    value = "weekly"
  }
}
