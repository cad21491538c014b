terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

# Imaging archive account: Paris.
provider "aws" {
  region = "eu-west-3"
}

# Disaster recovery account opened by the group's US parent company.
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
