# Pre-production, refreshed every night from a copy of prod (real patient records).
env = "preprod"
