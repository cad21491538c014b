terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

# Hospital information system account: Paris.
provider "aws" {
  region = "eu-west-3"
}

# Disaster recovery account of the group's US IT contractor.
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
