"""Terraform fragments the tests share."""

# A bucket holding health data needs a backup (HDS010): versioning is the simplest one.
VERSIONING = "  versioning {\n    enabled = true\n  }\n"
