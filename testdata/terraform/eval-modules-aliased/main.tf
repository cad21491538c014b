# CHU records platform: primary store in Paris, disaster-recovery copy.
# The DR copy was pointed at the London account inherited from the former UK subsidiary,
# which is outside the EEA since Brexit (ticket SEC-2291).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

provider "aws" {
  alias  = "london"
  region = "eu-west-2"
}

locals {
  records_tags = {
    data-classification = "health"
    application         = "dossier-medical"
  }
}

# Primary store: no providers map, inherits the default (Paris) provider.
module "primary" {
  source = "./modules/records"

  name_prefix = "chu-records-primary"
  tags        = local.records_tags
}

# Disaster-recovery store.
module "dr" {
  source = "./modules/records"
  providers = {
    aws = aws.london
  }

  name_prefix = "chu-records-dr"
  tags        = merge(local.records_tags, { role = "dr" })
}

# Ad-hoc queries over the primary store, in Paris; results written next to the documents.
resource "aws_athena_workgroup" "records_queries" {
  name = "chu-records-queries"

  configuration {
    result_configuration {
      output_location = "s3://${module.primary.bucket_name}/athena-results/"
    }
  }

  tags = module.primary.tags
}

# Same for the DR store, run by the DR team in their account.
resource "aws_athena_workgroup" "dr_queries" {
  provider = aws.london
  name     = "chu-records-dr-queries"

  configuration {
    result_configuration {
      output_location = "s3://${module.dr.bucket_name}/athena-results/"
    }
  }

  tags = module.dr.tags
}
