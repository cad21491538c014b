# Hospital analytics: a data warehouse of stays and diagnoses, and a session cache for the
# patient portal.

# Warehouse of hospital stays (PMSI extracts), Paris. Snapshots are copied to
# N. Virginia "for disaster recovery", as the group's US template did.
resource "aws_redshift_cluster" "stays" {
  cluster_identifier                  = "pmsi-sejours"
  database_name                       = "sejours"
  master_username                     = "analyste"
  manage_master_password              = true
  node_type                           = "ra3.xlplus"
  cluster_type                        = "multi-node"
  number_of_nodes                     = 2
  encrypted                           = true
  automated_snapshot_retention_period = 14

  snapshot_copy {
    destination_region = "us-east-1"
    retention_period   = 7
  }

  tags = {
    data-classification = "health"
  }
}

# Warehouse of lab results, Paris, snapshots copied to Frankfurt.
resource "aws_redshift_cluster" "labs" {
  cluster_identifier                  = "biologie-resultats"
  database_name                       = "biologie"
  master_username                     = "analyste"
  manage_master_password              = true
  node_type                           = "ra3.xlplus"
  cluster_type                        = "multi-node"
  number_of_nodes                     = 2
  encrypted                           = true
  automated_snapshot_retention_period = 14

  snapshot_copy {
    destination_region = "eu-central-1"
    retention_period   = 7
  }

  tags = {
    data-classification = "health"
  }
}

# Patient portal sessions, which cache appointment details and prescriptions.
# snapshot_retention_limit is omitted: ElastiCache takes no snapshots by default.
resource "aws_elasticache_replication_group" "portal_sessions" {
  replication_group_id       = "portail-sessions"
  description                = "Patient portal sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true

  tags = {
    hds = "true"
  }
}

# Same cache for the practitioners' portal, with a week of daily snapshots.
resource "aws_elasticache_replication_group" "pro_sessions" {
  replication_group_id       = "portail-pro-sessions"
  description                = "Practitioners portal sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  snapshot_retention_limit   = 7
  snapshot_window            = "02:00-03:00"

  tags = {
    hds = "true"
  }
}
