terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

# Document management account of the hospital: Paris.
provider "aws" {
  region = "eu-west-3"
}

# Account of the group's US IT contractor.
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
