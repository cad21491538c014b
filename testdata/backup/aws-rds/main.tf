# Emergency department (urgences) databases of a regional hospital group, Paris region.

# Triage records. Backups were switched off "temporarily" during the migration.
resource "aws_db_instance" "triage" {
  identifier              = "urgences-triage"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.m6g.large"
  allocated_storage       = 200
  storage_encrypted       = true
  username                = "triage"
  password                = var.db_password
  backup_retention_period = 0

  tags = {
    data-classification = "health"
    service             = "urgences"
  }
}

# Imaging reports. Nobody set a retention: the RDS API keeps 1 day of backups.
resource "aws_db_instance" "imaging" {
  identifier        = "urgences-imagerie"
  engine            = "mysql"
  engine_version    = "8.0.39"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  storage_encrypted = true
  username          = "imagerie"
  password          = var.db_password

  tags = {
    hds = "true"
  }
}

# Patient records: two weeks of automated backups, Paris.
resource "aws_db_instance" "records" {
  identifier              = "urgences-dossiers"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.r6g.xlarge"
  allocated_storage       = 500
  storage_encrypted       = true
  multi_az                = true
  username                = "dossiers"
  password                = var.db_password
  backup_retention_period = 14
  backup_window           = "01:00-02:00"

  tags = {
    data-classification = "health"
    service             = "urgences"
  }
}

# Staff rota: no health data, no backup needed by this policy.
resource "aws_db_instance" "rota" {
  identifier              = "urgences-planning"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 20
  username                = "planning"
  password                = var.db_password
  backup_retention_period = 0

  tags = {
    data-classification = "internal"
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}
