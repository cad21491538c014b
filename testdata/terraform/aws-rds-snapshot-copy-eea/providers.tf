terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# Hospital information system account: Paris.
provider "aws" {
  region = "eu-west-3"
}
