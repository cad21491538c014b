# Laboratory results database (LIMS).
resource "aws_db_instance" "main" {
  identifier              = "lims-results"
  engine                  = "mysql"
  engine_version          = "8.0.39"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  storage_encrypted       = true
  username                = "lims"
  password                = var.db_password
  backup_retention_period = 7

  tags = {
    hds  = "true"
    team = "biologie"
  }
}

# Primary vault, Paris.
resource "aws_backup_vault" "paris" {
  name        = "lims-backups-paris"
  kms_key_arn = "arn:aws:kms:eu-west-3:111122223333:key/0b5e7d1c-lims"
}

# Copy vault for regional disasters, in the US account.
resource "aws_backup_vault" "virginia" {
  provider = aws.virginia
  name     = "lims-backups-dr"
}

resource "aws_backup_plan" "lims" {
  name = "lims-daily"

  rule {
    rule_name         = "daily-35d"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 2 * * ? *)"

    lifecycle {
      delete_after = 35
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.virginia.arn

      lifecycle {
        delete_after = 90
      }
    }
  }
}

resource "aws_backup_selection" "lims" {
  name         = "lims-database"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.lims.id
  resources    = [aws_db_instance.main.arn]
}

variable "db_password" {
  type      = string
  sensitive = true
}
