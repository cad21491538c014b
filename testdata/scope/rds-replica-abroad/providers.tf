terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

# Production account of the patient portal: Paris.
provider "aws" {
  region = "eu-west-3"
}

# Added by the US managed-services contractor for a "read-only reporting copy".
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
