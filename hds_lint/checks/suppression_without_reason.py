"""HDS032 suppression-without-reason: a suppression with no reason (checked in suppress.py)."""

from __future__ import annotations

from hds_lint.checks.base import RuleMeta

META = RuleMeta(
    id="HDS032",
    slug="suppression-without-reason",
    name="SuppressionWithoutReason",
    title="An inline suppression gives no reason",
    level="warning",
    summary=(
        'Reports an inline suppression without reason="..." when the configuration requires one '
        "(suppressions.require_reason, true by default). The suppression still applies."
    ),
    why=(
        "Hosting health data outside HDS scope is a decision someone must be able to justify to an "
        "auditor and the data protection officer; a silenced finding with no recorded reason is not."
    ),
    bad_example='# hds-lint: ignore=HDS004\nresource "aws_s3_bucket" "scans" {}',
    good_example='# hds-lint: ignore=HDS004 reason="region set by the CI pipeline per hospital, see ADR-12"\n'
    'resource "aws_s3_bucket" "scans" {}',
    fix='Add reason="..." saying why the finding is accepted and who decided (a ticket helps).',
    security_severity=None,
    tags=("hds", "suppression"),
)
