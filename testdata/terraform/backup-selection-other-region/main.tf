provider "aws" {
  region = "eu-west-3"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_db_instance" "dpi" {
  identifier              = "chu-dpi"
  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  allocated_storage       = 100
  backup_retention_period = 35
  tags                    = { hds = "true" }
}
resource "aws_backup_vault" "us" {
  provider = aws.us
  name     = "us"
}
resource "aws_backup_plan" "us" {
  provider = aws.us
  name     = "us"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.us.name
    schedule          = "cron(0 2 * * ? *)"
  }
}
resource "aws_backup_selection" "us" {
  provider     = aws.us
  name         = "all"
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"
  plan_id      = aws_backup_plan.us.id
  resources    = ["*"]
}
