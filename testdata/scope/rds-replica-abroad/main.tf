# Patient portal database (appointments, consultation notes, lab results).
resource "aws_db_instance" "main" {
  identifier                  = "portail-patient-db"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.r6g.large"
  allocated_storage           = 200
  storage_encrypted           = true
  multi_az                    = true
  username                    = "portail"
  manage_master_user_password = true
  backup_retention_period     = 35
  skip_final_snapshot         = false

  tags = {
    data-classification = "health"
    application         = "portail-patient"
  }
}

# Cross-region read replica for the contractor's BI dashboards.
# Nobody tagged it: the data it holds is the same as the primary's.
resource "aws_db_instance" "reporting_replica" {
  provider            = aws.virginia
  identifier          = "portail-patient-reporting"
  replicate_source_db = aws_db_instance.main.arn
  instance_class      = "db.r6g.large"
  storage_encrypted   = true
  kms_key_id          = "arn:aws:kms:us-east-1:111122223333:key/9f0c2a52-reporting"
  skip_final_snapshot = true
  publicly_accessible = false

  tags = {
    application = "portail-patient-bi"
  }
}

# Manual snapshot taken before the PostgreSQL 16 upgrade, kept in Paris.
resource "aws_db_snapshot" "before_upgrade" {
  db_instance_identifier = aws_db_instance.main.identifier
  db_snapshot_identifier = "portail-patient-before-pg16"
}
