# Replicas and copies kept in covered EEA regions.
replica_regions = ["eu-central-1", "eu-west-1"]

dr_vaults = {
  frankfurt = "arn:aws:backup:eu-central-1:111122223333:backup-vault:pharmacie-dr"
}

cosmos_locations = [
  { location = "francecentral", priority = 0 },
  { location = "westeurope", priority = 1 },
]
