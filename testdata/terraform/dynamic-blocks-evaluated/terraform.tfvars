# A replica for the pharmacovigilance team in Frankfurt, and one for the US call centre.
replica_regions = ["eu-central-1", "us-east-1"]

dr_vaults = {
  frankfurt = "arn:aws:backup:eu-central-1:111122223333:backup-vault:pharmacie-dr"
  oregon    = "arn:aws:backup:us-west-2:111122223333:backup-vault:pharmacie-archive"
}

cosmos_locations = [
  { location = "francecentral", priority = 0 },
  { location = "eastus2", priority = 1 },
]
