# Legacy radiology information system (RIS) server, lifted and shifted from the clinic's
# data centre. The instance is tagged; the data disk, pasted from the US sister clinic's stack,
# is not (AWS would refuse the attachment across regions at apply time; the linter says it first).

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

resource "aws_instance" "ris" {
  ami               = "ami-0a8e7b2f0c41d9e35"
  instance_type     = "m6i.xlarge"
  availability_zone = "eu-west-3a"
  subnet_id         = "subnet-0c1f5e2d9a7b3e481"

  root_block_device {
    volume_size = 50
    encrypted   = true
  }

  tags = {
    Name                = "ris-prod-01"
    data-classification = "health"
  }
}

# Data disk holding the RIS database files: created in the wrong zone.
resource "aws_ebs_volume" "ris_data" {
  availability_zone = "us-east-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true

  tags = {
    Name = "ris-prod-01-data"
  }
}

resource "aws_volume_attachment" "ris_data" {
  device_name = "/dev/sdf"
  instance_id = aws_instance.ris.id
  volume_id   = aws_ebs_volume.ris_data.id
}
