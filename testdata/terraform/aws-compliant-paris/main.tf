# Dossier patient informatisé (DPI) - production storage.
# Everything holding patient data stays in Paris (eu-west-3), see ADR-0007.

resource "aws_db_instance" "patient_records" {
  identifier              = "dossier-patient-prod"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.m6g.large"
  allocated_storage       = 200
  max_allocated_storage   = 1000
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.dpi.arn
  db_name                 = "dpi"
  username                = "dpi_admin"
  manage_master_user_password = true
  multi_az                = true
  backup_retention_period = 35
  deletion_protection     = true
  db_subnet_group_name    = aws_db_subnet_group.dpi.name

  tags = {
    Name                = "dossier-patient-prod"
    data-classification = "health"
    owner               = "dsi-chu"
  }
}

resource "aws_db_subnet_group" "dpi" {
  name       = "dossier-patient-prod"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
}

resource "aws_kms_key" "dpi" {
  description         = "CMK for the DPI database and documents"
  enable_key_rotation = true
}

# Scanned documents attached to the patient record (comptes rendus, ordonnances).
resource "aws_s3_bucket" "patient_documents" {
  bucket = "chu-dossier-patient-documents-prod"

  tags = {
    data-classification = "health"
    owner               = "dsi-chu"
  }
}

resource "aws_s3_bucket_versioning" "patient_documents" {
  bucket = aws_s3_bucket.patient_documents.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "patient_documents" {
  bucket                  = aws_s3_bucket.patient_documents.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Scratch volume of the HL7 integration engine (messages in transit).
resource "aws_ebs_volume" "hl7_spool" {
  availability_zone = "eu-west-3a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.dpi.arn

  tags = {
    Name                = "hl7-spool"
    data-classification = "health"
  }
}

# Daily snapshots of the spool volume, kept two weeks, in Paris.
resource "aws_backup_vault" "dpi" {
  name = "dpi-paris"
}

resource "aws_backup_plan" "dpi" {
  name = "dpi-daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.dpi.name
    schedule          = "cron(0 3 * * ? *)"

    lifecycle {
      delete_after = 14
    }
  }
}

resource "aws_backup_selection" "hl7_spool" {
  name         = "hl7-spool"
  plan_id      = aws_backup_plan.dpi.id
  iam_role_arn = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"
  resources    = [aws_ebs_volume.hl7_spool.arn]
}
