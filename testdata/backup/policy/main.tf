# Maternity ward: pregnancy follow-up records.

# Two weeks of backups: fine by the 7-day default, short of the hospital's 30-day policy.
resource "aws_db_instance" "pregnancy_followup" {
  identifier              = "maternite-suivi-grossesse"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  storage_encrypted       = true
  username                = "maternite"
  password                = var.db_password
  backup_retention_period = 14

  tags = {
    data-classification = "health"
  }
}

# Birth registry: 35 days of backups (the RDS maximum), above the policy.
resource "aws_db_instance" "births" {
  identifier              = "maternite-naissances"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  storage_encrypted       = true
  username                = "naissances"
  password                = var.db_password
  backup_retention_period = 35

  tags = {
    data-classification = "health"
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}
