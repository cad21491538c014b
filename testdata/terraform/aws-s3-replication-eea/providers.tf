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

# Disaster recovery account: Frankfurt.
provider "aws" {
  alias  = "frankfurt"
  region = "eu-central-1"
}
