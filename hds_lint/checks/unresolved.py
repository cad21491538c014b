"""HDS004 unresolved-location: where a health-data resource runs cannot be determined statically."""

from __future__ import annotations

from collections.abc import Iterator

from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.model import Finding

META = RuleMeta(
    id="HDS004",
    slug="unresolved-location",
    name="UnresolvedLocation",
    title="Provider, region or classification cannot be determined statically",
    level="warning",
    summary=(
        "Reports a resource whose HDS compliance cannot be verified from the code: a region "
        "or location given by an expression hds-lint cannot evaluate, a provider configuration "
        "with no region, a Kubernetes workload that pins no region, a region name that more "
        "than one provider uses with different verdicts, or tags that may or may not mark "
        "health data on a resource that would then be out of scope."
    ),
    why=(
        "A linter that passes what it cannot see gives false assurance: HDS requires the "
        "hosting locations to be known and stated in the contract (Public Health Code art. "
        "R.1111-11) and inside the EEA (HDS requirement 28). An unknown is reported, never "
        "silently passed or failed."
    ),
    bad_example=(
        'provider "aws" {\n  region = var.region # no value hds-lint can read\n}\n\n'
        'resource "aws_s3_bucket" "scans" {\n  tags = { hds = "true" }\n}'
    ),
    good_example=(
        'provider "aws" {\n  region = "eu-west-3"\n}\n\n'
        'resource "aws_s3_bucket" "scans" {\n  tags = { hds = "true" }\n}'
    ),
    fix=(
        "Give the value hds-lint could not read: a variable's value with --var, --var-file, a "
        "terraform.tfvars file or TF_VAR_name, or scan the plan (terraform show -json); pin "
        "Kubernetes workloads with a nodeSelector on topology.kubernetes.io/region and a node "
        "label that names the provider."
    ),
    security_severity="4.0",
    precision="medium",
)


def check(subject: Subject) -> Iterator[Finding]:
    provider = subject.provider
    if provider is not None and provider.status != "certified":
        return  # HDS001 is definite whatever the region
    for reason, origin in subject.placement.unresolved:
        yield subject.finding(
            META,
            f"{subject.resource.address} holds health data, but where it is hosted cannot be "
            f"determined: {reason}. Make the location explicit so it can be verified.",
            origin=origin,
        )
