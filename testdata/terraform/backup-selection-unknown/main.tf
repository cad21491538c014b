# Teleconsultation platform in Paris. The backup policy is shared by several products, which
# pass the tag that marks what it backs up; this root module was scanned without it.

variable "backup_tag_value" {
  type        = string
  description = "Value of the `backup` tag the shared plan selects (daily, weekly, ...)."
}

resource "aws_db_instance" "teleconsultation" {
  identifier                  = "teleconsultation"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_encrypted           = true
  username                    = "tlc"
  manage_master_user_password = true
  backup_retention_period     = 14

  tags = {
    hds    = "true"
    backup = "daily"
  }
}

# Video session index, no point-in-time recovery: the shared plan is meant to cover it.
resource "aws_dynamodb_table" "sessions" {
  name         = "teleconsultation-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  tags = {
    hds    = "true"
    backup = "daily"
  }
}

resource "aws_backup_vault" "paris" {
  name = "teleconsultation-paris"
}

resource "aws_backup_plan" "shared" {
  name = "shared-daily"

  rule {
    rule_name         = "daily-35d"
    target_vault_name = aws_backup_vault.paris.name
    schedule          = "cron(0 2 * * ? *)"

    lifecycle {
      delete_after = 35
    }

    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:111122223333:backup-vault:shared-dr"
    }
  }
}

resource "aws_backup_selection" "shared" {
  name         = "shared-by-tag"
  iam_role_arn = "arn:aws:iam::111122223333:role/aws-backup-service"
  plan_id      = aws_backup_plan.shared.id
  resources    = ["*"]

  condition {
    string_equals {
      key   = "aws:ResourceTag/backup"
      value = var.backup_tag_value
    }
  }
}
