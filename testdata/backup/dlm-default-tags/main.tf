provider "aws" {
  region = "eu-west-3"
  default_tags {
    tags = { snapshot = "daily" }
  }
}
resource "aws_ebs_volume" "pacs" {
  availability_zone = "eu-west-3a"
  size              = 500
  tags              = { hds = "true" }
}
resource "aws_dlm_lifecycle_policy" "daily" {
  description        = "daily"
  execution_role_arn = "arn:aws:iam::111111111111:role/dlm"
  policy_details {
    resource_types = ["VOLUME"]
    target_tags    = { snapshot = "daily" }
    schedule {
      name = "daily"
      create_rule {
        interval = 24
      }
      retain_rule {
        count = 14
      }
      cross_region_copy_rule {
        target    = "us-east-1"
        encrypted = true
        retain_rule {
          interval      = 14
          interval_unit = "DAYS"
        }
      }
    }
  }
}
