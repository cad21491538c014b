terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

# Shared-services account in the US (public assets, tooling).
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
