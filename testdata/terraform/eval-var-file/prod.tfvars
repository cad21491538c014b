# Production. Copied from the US pilot with the device manufacturer; the region was never
# switched back to Paris.
environment            = "prod"
region                 = "us-east-1"
archive_retention_days = 7300
