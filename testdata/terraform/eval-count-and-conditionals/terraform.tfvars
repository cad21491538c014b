# The DPO has not approved the reporting replica yet (US account): keep it off.
enable_replica = false
