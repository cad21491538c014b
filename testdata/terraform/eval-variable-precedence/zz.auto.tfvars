# Left over from the load-test campaign with the US load-testing vendor.
# TODO(ops): delete this file, it overrides everything else.
region = "us-east-2"
