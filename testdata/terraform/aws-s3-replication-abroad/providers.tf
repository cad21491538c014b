terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# Imaging archive account: Paris.
provider "aws" {
  region = "eu-west-3"
}

# Disaster recovery account of the group's US parent company.
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
