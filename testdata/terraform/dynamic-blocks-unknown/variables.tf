variable "replica_regions" {
  type        = list(string)
  description = "Regions of the prescriptions table's replicas."
}

variable "dr_vaults" {
  type        = map(string)
  description = "Vaults that receive a copy of every pharmacy backup, by name."
}

variable "cosmos_locations" {
  type = list(object({
    location = string
    priority = number
  }))
  description = "Where the care-pathway account is replicated, the first one being the write region."
}
