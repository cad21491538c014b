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

# Second region for backup copies, chosen for its price by the previous hosting partner.
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
