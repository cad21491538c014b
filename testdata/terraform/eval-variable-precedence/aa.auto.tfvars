# Written by the CI job "deploy-staging": staging runs in Frankfurt.
region = "eu-central-1"
