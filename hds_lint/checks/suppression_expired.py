"""HDS030 suppression-expired: an inline suppression past its expiry date (checked in suppress.py)."""

from __future__ import annotations

from hds_lint.checks.base import RuleMeta

META = RuleMeta(
    id="HDS030",
    slug="suppression-expired",
    name="SuppressionExpired",
    title="An inline suppression is past its expiry date",
    level="warning",
    summary=(
        "Reports an inline suppression whose expires= date has passed. It no longer suppresses: "
        "the finding it silenced is reported again."
    ),
    why=(
        "An accepted deviation from HDS hosting rules is a risk decision with a review date; past "
        "that date the decision must be taken again (HDS referential v2: the ISMS covers every "
        "means used to handle health data, and its risk treatment is reviewed)."
    ),
    bad_example=(
        'resource "aws_s3_bucket" "export" { # hds-lint: ignore=HDS002 reason="migration" expires=2025-01-31\n'
        '  tags = { hds = "true" }\n'
        "}"
    ),
    good_example=(
        'resource "aws_s3_bucket" "export" { # hds-lint: ignore=HDS002 reason="migration, SEC-42" expires=2027-03-31\n'
        '  tags = { hds = "true" }\n'
        "}"
    ),
    fix="Fix the finding it silenced, or renew the decision with a new expires= date and reason.",
    security_severity="5.0",
    tags=("security", "hds", "suppression"),
)
