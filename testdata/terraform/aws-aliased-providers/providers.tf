terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# Primary region: Paris.
provider "aws" {
  region = "eu-west-3"
}

# DR copy for the imaging archive.
provider "aws" {
  alias  = "frankfurt"
  region = "eu-central-1"
}

# Legacy account used by the UK research partnership.
provider "aws" {
  alias  = "london"
  region = "eu-west-2"
}
