terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  backend "s3" {
    bucket = "chu-tfstate-prod"
    key    = "dossier-patient/prod.tfstate"
    region = "eu-west-3"
  }
}

# Paris only: AWS eu-west-3 is in the HDS certificate scope.
provider "aws" {
  region = "eu-west-3"
}
