# Default values for local runs; CI passes -var region=... per hospital.
# hds-lint does not read values from here in this version.
region   = "eu-west-3"
location = "francecentral"
