# Scanned medical records (courriers, comptes rendus) served to the document management system.
resource "aws_efs_file_system" "docs" {
  creation_token   = "chu-ged-documents"
  encrypted        = true
  performance_mode = "generalPurpose"

  tags = {
    Name                = "chu-ged-documents"
    data-classification = "health"
  }
}

resource "aws_efs_backup_policy" "docs" {
  file_system_id = aws_efs_file_system.docs.id

  backup_policy {
    status = "ENABLED"
  }
}

# Replica for the disaster recovery plan: EFS creates the read-only replica in us-east-1.
resource "aws_efs_replication_configuration" "docs_dr" {
  source_file_system_id = aws_efs_file_system.docs.id

  destination {
    region = "us-east-1"
  }
}

# Radiology reports, tagged too, replicated as One Zone storage in a US zone.
resource "aws_efs_file_system" "reports" {
  creation_token = "chu-radiologie-cr"
  encrypted      = true

  tags = {
    Name = "chu-radiologie-cr"
    hds  = "true"
  }
}

resource "aws_efs_backup_policy" "reports" {
  file_system_id = aws_efs_file_system.reports.id

  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_replication_configuration" "reports_dr" {
  source_file_system_id = aws_efs_file_system.reports.id

  destination {
    availability_zone_name = "us-east-1b"
  }
}

# Pathology slides replicated into an existing file system of the contractor's account.
resource "aws_efs_file_system" "pathology" {
  creation_token = "chu-anapath"
  encrypted      = true

  tags = {
    Name = "chu-anapath"
    hds  = "true"
  }
}

resource "aws_efs_backup_policy" "pathology" {
  file_system_id = aws_efs_file_system.pathology.id

  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_file_system" "pathology_replica" {
  provider       = aws.virginia
  creation_token = "chu-anapath-replica"
  encrypted      = true

  protection {
    replication_overwrite = "DISABLED"
  }
}

resource "aws_efs_replication_configuration" "pathology_dr" {
  source_file_system_id = aws_efs_file_system.pathology.id

  destination {
    file_system_id = aws_efs_file_system.pathology_replica.id
    region         = "us-east-1"
  }
}
