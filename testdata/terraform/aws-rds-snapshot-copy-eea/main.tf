# Electronic health record of the hospital group (PostgreSQL on RDS).
resource "aws_db_instance" "dpi" {
  identifier                  = "chu-dpi"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.r6g.xlarge"
  allocated_storage           = 500
  storage_encrypted           = true
  multi_az                    = true
  username                    = "dpi"
  manage_master_user_password = true
  backup_retention_period     = 14
  skip_final_snapshot         = false

  tags = {
    hds         = "true"
    application = "dpi"
  }
}

resource "aws_db_snapshot" "dpi_monthly" {
  db_instance_identifier = aws_db_instance.dpi.identifier
  db_snapshot_identifier = "chu-dpi-2026-11"
}

# Off-site copy in Frankfurt, as the DR plan requires.
resource "aws_db_snapshot_copy" "dpi_offsite" {
  source_db_snapshot_identifier = aws_db_snapshot.dpi_monthly.db_snapshot_arn
  target_db_snapshot_identifier = "chu-dpi-2026-11-offsite"
  destination_region            = "eu-central-1"
  kms_key_id                    = "arn:aws:kms:eu-central-1:111122223333:key/5d2c7e1a-dr"
  copy_tags                     = true
}

# Provider v6: the copy made in Frankfurt through the resource's own region.
resource "aws_db_snapshot_copy" "dpi_frankfurt" {
  region                        = "eu-central-1"
  source_db_snapshot_identifier = aws_db_snapshot.dpi_monthly.db_snapshot_arn
  target_db_snapshot_identifier = "chu-dpi-2026-11-fra"
  kms_key_id                    = "arn:aws:kms:eu-central-1:111122223333:key/5d2c7e1a-dr"
}

# Laboratory results (Aurora PostgreSQL) and its monthly snapshot.
resource "aws_rds_cluster" "sil" {
  cluster_identifier          = "chu-sil"
  engine                      = "aurora-postgresql"
  engine_version              = "16.4"
  master_username             = "sil"
  manage_master_user_password = true
  storage_encrypted           = true
  backup_retention_period     = 14
  skip_final_snapshot         = false

  tags = {
    hds         = "true"
    application = "sil"
  }
}

resource "aws_db_cluster_snapshot" "sil_monthly" {
  db_cluster_identifier          = aws_rds_cluster.sil.cluster_identifier
  db_cluster_snapshot_identifier = "chu-sil-2026-11"
}

resource "aws_rds_cluster_snapshot_copy" "sil_offsite" {
  source_db_cluster_snapshot_identifier = aws_db_cluster_snapshot.sil_monthly.db_cluster_snapshot_arn
  target_db_cluster_snapshot_identifier = "chu-sil-2026-11-offsite"
  destination_region                    = "eu-west-1"
  kms_key_id                            = "arn:aws:kms:eu-west-1:111122223333:key/5d2c7e1a-dr"
}
