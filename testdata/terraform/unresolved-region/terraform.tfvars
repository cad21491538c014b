# Default values for local runs. The AWS region is deliberately absent: CI passes
# -var region=... per hospital.
location = "francecentral"
